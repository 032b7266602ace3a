// Owns PROCESIO's ProcessTimeSpanFilterType (API.md §4.7): the UTC interval each history filter
// names. LastMonth, LastQuarter and LastYear are the previous calendar month, quarter and year.

export const TimeSpan = {
  LastHour: 1,
  Last24Hours: 2,
  Last3Days: 3,
  Last7Days: 4,
  Last30Days: 5,
  ThisMonth: 6,
  ThisQuarter: 7,
  ThisYear: 8,
  LastMonth: 9,
  LastQuarter: 10,
  Last3Months: 11,
  Last6Months: 12,
  LastYear: 13,
  CertainMonth: 14,
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const utc = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

/** [from, to) of a filter at `now`; null when the filter or month is not valid. */
export function timeSpan(
  filter: number,
  now: Date,
  monthFilter?: string,
): { from: Date; to: Date } | null {
  const t = now.getTime();
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const quarter = month - (month % 3);
  const end = new Date(t + 1);
  switch (filter) {
    case TimeSpan.LastHour:
      return { from: new Date(t - HOUR), to: end };
    case TimeSpan.Last24Hours:
      return { from: new Date(t - DAY), to: end };
    case TimeSpan.Last3Days:
      return { from: new Date(t - 3 * DAY), to: end };
    case TimeSpan.Last7Days:
      return { from: new Date(t - 7 * DAY), to: end };
    case TimeSpan.Last30Days:
      return { from: new Date(t - 30 * DAY), to: end };
    case TimeSpan.ThisMonth:
      return { from: utc(year, month), to: end };
    case TimeSpan.ThisQuarter:
      return { from: utc(year, quarter), to: end };
    case TimeSpan.ThisYear:
      return { from: utc(year, 0), to: end };
    case TimeSpan.LastMonth:
      return { from: utc(year, month - 1), to: utc(year, month) };
    case TimeSpan.LastQuarter:
      return { from: utc(year, quarter - 3), to: utc(year, quarter) };
    case TimeSpan.Last3Months:
      return { from: utc(year, month - 3), to: end };
    case TimeSpan.Last6Months:
      return { from: utc(year, month - 6), to: end };
    case TimeSpan.LastYear:
      return { from: utc(year - 1, 0), to: utc(year, 0) };
    case TimeSpan.CertainMonth: {
      const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(monthFilter?.trim() ?? '');
      if (!match) return null;
      const y = Number(match[1]);
      const m = Number(match[2]) - 1;
      return { from: utc(y, m), to: utc(y, m + 1) };
    }
    default:
      return null;
  }
}
