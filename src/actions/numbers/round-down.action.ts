// Owns the number Round Down action: a number rounded towards −∞ at a count of decimals (0–15):
// 2.79 → 2.7 and -2.71 → -2.8 at one decimal.
import { roundingAction } from './number-values.js';

export const ROUND_DOWN_IDS = {
  Template: '3b7c6be3-2c5c-47ea-83e6-4c87f8c79b18',
  Result: 'c510ff44-a37e-414b-9780-5cccbe09bdb6',
  Number: '41d1c762-5d70-4b0d-99c0-faf4472374db',
  Digits: 'dcf179d8-11a2-4912-ab90-65ebf8a7bfc2',
} as const;

export const roundDownAction = roundingAction(ROUND_DOWN_IDS, 'Round Down', 'down');
