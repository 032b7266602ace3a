// Owns the human label of a recurrence (`info`, API.md §8.3) and of a CRON expression
// (`validate-crontab`'s description): "At 09:00, Monday through Friday".
import { parseCron, type CronExpression } from './cron.js';
import { RecurrenceType, type Recurrence } from './recurrence.js';
import { LocalTime, fieldsOf } from './local-time.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'last'];

const pad = (n: number) => String(n).padStart(2, '0');

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Indexes set in a field, with the field's values (`offset`: index of the first value). */
function selected(values: readonly boolean[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) if (values[v]) out.push(v);
  return out;
}

/** Runs of consecutive values: [1,2,3,5] → [[1,3],[5,5]]. */
function runs(values: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

function rangeWords(values: number[], name: (v: number) => string): string {
  return listOf(
    runs(values).map(([a, b]) =>
      a === b ? name(a) : b === a + 1 ? `${name(a)}, ${name(b)}` : `${name(a)} through ${name(b)}`,
    ),
  );
}

/** A regular step over the whole field (`*\/15`), as its step; else null. */
function stepOf(values: number[], min: number, max: number): number | null {
  if (values.length < 2 || values[0] !== min) return null;
  const step = values[1]! - values[0]!;
  const regular = values.every((v, i) => v === min + i * step);
  return regular && values[values.length - 1]! + step > max ? step : null;
}

function timePart(cron: CronExpression): string {
  const minutes = selected(cron.minutes, 0, 59);
  const hours = selected(cron.hours, 0, 23);
  const everyHour = hours.length === 24;
  const minuteStep = stepOf(minutes, 0, 59);
  if (minutes.length === 60) {
    if (everyHour) return 'Every minute';
    return `Every minute, ${hourWords(hours)}`;
  }
  if (minuteStep !== null && minuteStep > 1) {
    const base = `Every ${minuteStep} minutes`;
    return everyHour ? base : `${base}, ${hourWords(hours)}`;
  }
  if (everyHour) {
    return minutes.length === 1 && minutes[0] === 0
      ? 'Every hour'
      : `At ${listOf(minutes.map(String))} minutes past the hour`;
  }
  if (hours.length * minutes.length <= 6) {
    const times = hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`));
    return `At ${listOf(times)}`;
  }
  return `At ${listOf(minutes.map(String))} minutes past the hour, ${hourWords(hours)}`;
}

function hourWords(hours: number[]): string {
  const step = stepOf(hours, 0, 23);
  if (step !== null && step > 1) return `every ${step} hours`;
  return listOf(runs(hours).map(([a, b]) => `between ${pad(a)}:00 and ${pad(b)}:59`));
}

function dayOfMonthPart(cron: CronExpression): string[] {
  const rule = cron.dayOfMonth;
  const parts: string[] = [];
  const days = [...rule.days].sort((a, b) => a - b);
  if (days.length > 0) parts.push(`on day ${rangeWords(days, String)} of the month`);
  for (const back of rule.fromLast)
    parts.push(
      back === 0 ? 'on the last day of the month' : `${back} days before the last day of the month`,
    );
  for (const n of rule.nearestWeekday) parts.push(`on the weekday nearest day ${n} of the month`);
  if (rule.lastWeekday) parts.push('on the last weekday of the month');
  return parts;
}

function dayOfWeekPart(cron: CronExpression): string[] {
  const rule = cron.dayOfWeek;
  const parts: string[] = [];
  // Monday first reads naturally: "Monday through Friday", "Saturday and Sunday".
  const order = [...rule.weekdays].map((d) => (d + 6) % 7).sort((a, b) => a - b);
  if (order.length > 0) {
    const words = rangeWords(order, (d) => DAY_NAMES[(d + 1) % 7]!);
    parts.push(order.length === 1 ? `only on ${words}` : words);
  }
  for (const d of rule.last) parts.push(`on the last ${DAY_NAMES[d]} of the month`);
  for (const { weekday, n } of rule.nth)
    parts.push(
      `on the ${ORDINALS[n] === 'last' ? 'fifth' : ORDINALS[n]} ${DAY_NAMES[weekday]} of the month`,
    );
  return parts;
}

/** "At 09:00, Monday through Friday" for `0 9 * * 1-5`. */
export function describeCron(expression: string | CronExpression): string {
  const cron = typeof expression === 'string' ? parseCron(expression) : expression;
  const out = [timePart(cron)];
  const days = [
    ...(cron.dayOfMonthRestricted ? dayOfMonthPart(cron) : []),
    ...(cron.dayOfWeekRestricted ? dayOfWeekPart(cron) : []),
  ];
  if (days.length > 0) out.push(days.join(' or '));
  const months = selected(cron.months, 1, 12);
  if (months.length < 12) {
    const words = rangeWords(months, (m) => MONTH_NAMES[m - 1]!);
    out.push(months.length === 1 ? `only in ${words}` : `in ${words}`);
  }
  return out.join(', ');
}

function timeOfDay(r: Recurrence): string {
  const f = fieldsOf(new LocalTime(r.timeZone).toNaive(r.startDate.getTime()));
  return `${pad(f.hour)}:${pad(f.minute)}`;
}

const zoneSuffix = (r: Recurrence) => (r.timeZone === 'UTC' ? ' (UTC)' : ` (${r.timeZone})`);
const plural = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`);

function dayChoice(r: Recurrence): string {
  return r.onThe
    ? `on the ${ORDINALS[r.onThe.ordinal]} ${DAY_NAMES[r.onThe.weekday]}`
    : `on day ${r.onDay}`;
}

/** The label PROCESIO shows for a schedule when the client gives none. */
export function describeRecurrence(r: Recurrence): string {
  const weekdays = r.isWeekendExcluded ? ', Monday through Friday' : '';
  switch (r.type) {
    case RecurrenceType.Once:
      return `Once, on ${r.startDate.toISOString()}`;
    case RecurrenceType.Minutes:
      return `Every ${plural(r.every, 'minute')}${weekdays}`;
    case RecurrenceType.Hours:
      return `Every ${plural(r.every, 'hour')}${weekdays}`;
    case RecurrenceType.Daily:
      return `Every ${plural(r.every, 'day')} at ${timeOfDay(r)}${weekdays}${zoneSuffix(r)}`;
    case RecurrenceType.Weekly: {
      const order = r.weekDays.map((d) => (d + 6) % 7).sort((a, b) => a - b);
      const days = listOf(order.map((d) => DAY_NAMES[(d + 1) % 7]!));
      return `Every ${plural(r.every, 'week')} on ${days} at ${timeOfDay(r)}${zoneSuffix(r)}`;
    }
    case RecurrenceType.Monthly:
      return `Every ${plural(r.every, 'month')} ${dayChoice(r)} at ${timeOfDay(r)}${zoneSuffix(r)}`;
    case RecurrenceType.Yearly:
      return `Every ${plural(r.every, 'year')} in ${MONTH_NAMES[r.month - 1]} ${dayChoice(r)} at ${timeOfDay(r)}${zoneSuffix(r)}`;
    default:
      // As PROCESIO labels it: the zone is a field of its own.
      return describeCron(r.cron!);
  }
}
