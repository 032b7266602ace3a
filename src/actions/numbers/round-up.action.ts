// Owns the number Round Up action: a number rounded towards +∞ at a count of decimals (0–15):
// 2.71 → 2.8 and -2.79 → -2.7 at one decimal.
import { roundingAction } from './number-values.js';

export const ROUND_UP_IDS = {
  Template: 'fd306f76-1ea2-418e-a5e1-1214ebd39738',
  Number: 'f62b4e88-875f-4e16-9e19-6d315af1d3d8',
  Result: 'c89d8b9c-371c-49e0-be73-05a9d2c1c47b',
  Digits: '0a4edbde-b2f2-4440-baf9-f0214fee29f5',
} as const;

export const roundUpAction = roundingAction(ROUND_UP_IDS, 'Round Up', 'up');
