import { describe, expect, it } from 'vitest';
import { roundTo } from './number-values.js';

describe('roundTo', () => {
  it('rounds the decimal a number prints as, without binary error', () => {
    expect(roundTo(1.005, 2, 'nearest')).toBe(1.01);
    expect(roundTo(1.255, 2, 'nearest')).toBe(1.26);
    expect(roundTo(0.1 + 0.2, 1, 'nearest')).toBe(0.3);
    expect(roundTo(1e-7, 8, 'nearest')).toBe(1e-7);
    expect(roundTo(1.5e21, 2, 'nearest')).toBe(1.5e21);
  });

  it('rounds halves away from zero, down towards −∞ and up towards +∞', () => {
    expect([2.5, -2.5, 0.5, -0.4].map((n) => roundTo(n, 0, 'nearest'))).toEqual([3, -3, 1, 0]);
    expect([2.79, -2.71].map((n) => roundTo(n, 1, 'down'))).toEqual([2.7, -2.8]);
    expect([2.71, -2.79].map((n) => roundTo(n, 1, 'up'))).toEqual([2.8, -2.7]);
    expect(Object.is(roundTo(-0.4, 0, 'nearest'), 0)).toBe(true);
  });
});
