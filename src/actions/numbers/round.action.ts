// Owns the number Round action: a number rounded to a count of decimals (0–15), halves away from
// zero (2.5 → 3, -2.5 → -3), as people round by hand; .NET's default banker's rounding is not
// what a flow author expects.
import { roundingAction } from './number-values.js';

export const ROUND_IDS = {
  Template: 'ab2a42b0-e9d2-4be7-89ae-570f6a6b34f2',
  Digits: 'da0fe32d-a226-4f37-be74-f58f33c5b404',
  Result: 'd2c7f581-f56d-41ba-9beb-7cd4fbb3a84c',
  Number: 'f99dc396-d6be-429e-b982-37328e5cd777',
} as const;

export const roundAction = roundingAction(ROUND_IDS, 'Round', 'nearest');
