// Owns when a Delay wakes up (procesio/control-actions.md §2): "wait for" an amount of an
// interval, or "wait until" a date-time; runtime settings, when bound, win over the static value.
import { ActionError } from '../actions/action.js';

const INTERVAL_BY_OPTION: Record<number, string> = {
  1: 'second',
  2: 'minute',
  3: 'hour',
  4: 'day',
  5: 'week',
  6: 'month',
  7: 'year',
};

const INTERVAL_WORDS: [RegExp, string][] = [
  [/^(s|sec|secs|second|seconds|second\(s\))$/, 'second'],
  [/^(m|min|mins|minute|minutes|minute\(s\))$/, 'minute'],
  [/^(h|hr|hrs|hour|hours|hour\(s\))$/, 'hour'],
  [/^(d|day|days|day\(s\))$/, 'day'],
  [/^(w|week|weeks|week\(s\))$/, 'week'],
  [/^(month|months|month\(s\))$/, 'month'],
  [/^(y|year|years|year\(s\))$/, 'year'],
];

function intervalOf(value: unknown): string | null {
  if (typeof value === 'number') return INTERVAL_BY_OPTION[value] ?? null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return INTERVAL_BY_OPTION[Number(trimmed)] ?? null;
  return INTERVAL_WORDS.find(([pattern]) => pattern.test(trimmed))?.[1] ?? null;
}

function add(from: Date, amount: number, interval: string): Date {
  const out = new Date(from.getTime());
  switch (interval) {
    case 'second':
      return new Date(from.getTime() + amount * 1000);
    case 'minute':
      return new Date(from.getTime() + amount * 60_000);
    case 'hour':
      return new Date(from.getTime() + amount * 3_600_000);
    case 'day':
      return new Date(from.getTime() + amount * 86_400_000);
    case 'week':
      return new Date(from.getTime() + amount * 7 * 86_400_000);
    case 'month':
      out.setUTCMonth(out.getUTCMonth() + amount);
      return out;
    default:
      out.setUTCFullYear(out.getUTCFullYear() + amount);
      return out;
  }
}

function parseObject(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      return parseObject(JSON.parse(value));
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

function dateOf(value: unknown): Date {
  const date = typeof value === 'string' || value instanceof Date ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime()))
    throw ActionError.of('validation', `Delay: "${String(value)}" is not a date-time`);
  return date;
}

function amountOf(value: unknown): number {
  const amount =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(amount) || amount < 0)
    throw ActionError.of(
      'validation',
      `Delay: the amount must be a number ≥ 0, got "${String(value)}"`,
    );
  return amount;
}

export interface DelayInputs {
  type: unknown;
  value: unknown;
  runtimeAmount: unknown;
  runtimeInterval: unknown;
  until: unknown;
}

/** The moment the Delay ends. */
export function delayWakeTime(inputs: DelayInputs, now: Date): Date {
  const mode = String(inputs.type ?? '1').trim() === '2' ? 'until' : 'for';
  if (mode === 'until') {
    if (present(inputs.until)) return dateOf(inputs.until);
    const value = parseObject(inputs.value);
    return dateOf(value ? value.value : inputs.value);
  }
  if (present(inputs.runtimeAmount) || present(inputs.runtimeInterval)) {
    const interval = intervalOf(inputs.runtimeInterval);
    if (!interval)
      throw ActionError.of(
        'validation',
        `Delay: unknown interval "${String(inputs.runtimeInterval)}"`,
      );
    return add(now, amountOf(inputs.runtimeAmount), interval);
  }
  const value = parseObject(inputs.value);
  if (!value) throw ActionError.of('validation', 'Delay: no wait period is configured');
  const interval = intervalOf(value.interval);
  if (!interval)
    throw ActionError.of('validation', `Delay: unknown interval "${String(value.interval)}"`);
  return add(now, amountOf(value.value), interval);
}
