// The usage page (API.md §11): over a date range, runs per day stacked by outcome, run duration
// percentiles per process, the busiest processes and users, and the workspace's action time.
// Charts are inline SVG. The per-process figures come from the analytics routes; the daily counts
// and the p50/p90/p99 durations are computed here from the processes' instance lists, which the
// API pages newest first, so loading stops at the first instance older than the range.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api';
import { Async, ErrorBox, Field, Loading, PageHeader, formatDate, useApi } from '../../ui';
import { DataTable, formatDuration, type Page } from './common';
import './resources.css';

interface Usage {
  time: { consumed: number; masterConsumed: number };
  average: { platform: { total: number; internal: number; external: number }; custom: number };
}

interface ProcessRow {
  processId: string;
  processName: string;
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  stoppedRuns: number;
  runningRuns: number;
  actionsConsumed: number;
  totalTime: number;
  meanDuration: number | null;
  p95Duration: number | null;
  lastRunOn: string | null;
}

interface UserRow {
  userId: string | null;
  userName: string | null;
  firstName: string | null;
  lastName: string | null;
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  actionsConsumed: number;
  totalTime: number;
}

interface InstanceRow {
  id: string;
  parentId: string;
  createdOn: string;
  status: number;
  /** Launch to finish, ms; null until the instance is finished. */
  totalTimeConsumed: number | null;
}

// --- the date range ------------------------------------------------------------------------------

/** A local calendar day as `YYYY-MM-DD` (what `<input type="date">` reads and writes). */
function dayKey(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

function localMidnight(key: string): Date {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
}

function addDays(key: string, days: number): string {
  const date = localMidnight(key);
  date.setDate(date.getDate() + days);
  return dayKey(date);
}

interface Range {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

function lastDays(days: number): Range {
  const today = dayKey(new Date());
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The API's bounds: local midnights, the end exclusive (the day after the last one). */
function rangeQuery(range: Range): { startDate: string; endDate: string } {
  return {
    startDate: localMidnight(range.from).toISOString(),
    endDate: localMidnight(addDays(range.to, 1)).toISOString(),
  };
}

function daysOf(range: Range): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to && days.length < 731; day = addDays(day, 1))
    days.push(day);
  return days;
}

const PRESETS: [number, string][] = [
  [1, 'Today'],
  [7, 'Last 7 days'],
  [30, 'Last 30 days'],
  [90, 'Last 90 days'],
];

// --- instances of the range ----------------------------------------------------------------------

const INSTANCE_PAGE = 200;
/** Enough for the charts' shape; a process with more runs in the range is sampled (newest first). */
const MAX_INSTANCES_PER_PROCESS = 5000;

async function instancesInRange(
  processId: string,
  from: number,
  to: number,
): Promise<{ rows: InstanceRow[]; truncated: boolean }> {
  const rows: InstanceRow[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await api<Page<InstanceRow>>(`/api/Projects/${processId}/instances`, {
      query: { pageNumber, pageItemCount: INSTANCE_PAGE },
    });
    let older = false;
    for (const row of page.pageItems) {
      const created = new Date(row.createdOn).getTime();
      if (created < from) older = true;
      else if (created < to) rows.push(row);
    }
    if (older || page.pageItems.length < INSTANCE_PAGE) return { rows, truncated: false };
    if (rows.length >= MAX_INSTANCES_PER_PROCESS) return { rows, truncated: true };
  }
}

interface RangeInstances {
  rows?: InstanceRow[];
  truncated?: boolean;
  error?: unknown;
}

function useRangeInstances(processes: ProcessRow[] | undefined, range: Range): RangeInstances {
  const [state, setState] = useState<RangeInstances>({});
  const ids = (processes ?? []).filter((p) => p.totalRuns > 0).map((p) => p.processId);
  const key = `${range.from}/${range.to}/${ids.join(',')}`;
  useEffect(() => {
    if (!processes) return;
    let current = true;
    setState({});
    const { startDate, endDate } = rangeQuery(range);
    const from = new Date(startDate).getTime();
    const to = new Date(endDate).getTime();
    Promise.all(ids.map((id) => instancesInRange(id, from, to))).then(
      (results) =>
        current &&
        setState({
          rows: results.flatMap((r) => r.rows),
          truncated: results.some((r) => r.truncated),
        }),
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
    // `key` names everything the load depends on; the arrays themselves are new on every render.
  }, [key, processes === undefined]);
  return state;
}

// --- figures -------------------------------------------------------------------------------------

const OUTCOMES = [
  { key: 'succeeded', label: 'Succeeded', color: '#2e7d32', statuses: [50] },
  { key: 'failed', label: 'Failed', color: '#c62828', statuses: [40] },
  { key: 'stopped', label: 'Stopped', color: '#8d8d8d', statuses: [6] },
  { key: 'unfinished', label: 'Running or waiting', color: '#1565c0', statuses: [] as number[] },
] as const;
type Outcome = (typeof OUTCOMES)[number]['key'];

function outcomeOf(status: number): Outcome {
  return (
    OUTCOMES.find((o) => (o.statuses as readonly number[]).includes(status))?.key ?? 'unfinished'
  );
}

/** Nearest-rank percentile, as the server computes p95. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** The smallest 1, 2 or 5 × 10^k at or above `value`: a round top for an axis. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** An axis for counts: whole-number ticks, about four of them, the top one at or above `max`. */
function countAxis(max: number): { top: number; ticks: number[] } {
  const step = Math.max(1, niceCeiling(Math.max(1, max) / 4));
  const top = Math.max(step, Math.ceil(Math.max(1, max) / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return { top, ticks };
}

// --- charts --------------------------------------------------------------------------------------

function Legend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul class="res-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span class="res-swatch" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function RunsPerDayChart({ rows, range }: { rows: InstanceRow[]; range: Range }) {
  const days = daysOf(range);
  const counts = new Map<string, Record<Outcome, number>>(
    days.map((day) => [day, { succeeded: 0, failed: 0, stopped: 0, unfinished: 0 }]),
  );
  for (const row of rows) {
    const day = counts.get(dayKey(new Date(row.createdOn)));
    if (day) day[outcomeOf(row.status)]++;
  }
  const totals = days.map((day) => Object.values(counts.get(day)!).reduce((a, b) => a + b, 0));
  const { top, ticks } = countAxis(Math.max(...totals));
  const width = 860;
  const height = 260;
  const margin = { left: 44, right: 12, top: 12, bottom: 34 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, Math.min(40, slot * 0.75));
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(days.length / 12);
  const total = rows.length;
  return (
    <figure class="res-chart" data-testid="runs-per-day-chart">
      <figcaption>Runs per day, by outcome</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Runs per day from ${range.from} to ${range.to}: ${total} runs`}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={y(tick)}
              y2={y(tick)}
              class="res-gridline"
            />
            <text x={margin.left - 6} y={y(tick) + 4} text-anchor="end" class="res-axis">
              {tick}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const x = margin.left + index * slot + (slot - barWidth) / 2;
          let base = 0;
          const dayCounts = counts.get(day)!;
          return (
            <g key={day} data-day={day} data-runs={totals[index]}>
              {OUTCOMES.map((outcome) => {
                const value = dayCounts[outcome.key];
                if (value === 0) return null;
                const top = y(base + value);
                const bottom = y(base);
                base += value;
                return (
                  <rect
                    key={outcome.key}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={Math.max(0.5, bottom - top)}
                    fill={outcome.color}
                    class="res-bar"
                  >
                    <title>{`${day}: ${value} ${outcome.label.toLowerCase()}`}</title>
                  </rect>
                );
              })}
              {index % labelEvery === 0 && (
                <text
                  x={x + barWidth / 2}
                  y={height - margin.bottom + 16}
                  text-anchor="middle"
                  class="res-axis"
                >
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} class="res-baseline" />
      </svg>
      <Legend items={OUTCOMES.map((o) => ({ label: o.label, color: o.color }))} />
    </figure>
  );
}

const PERCENTILES = [
  { label: 'p50', p: 0.5, color: '#90caf9' },
  { label: 'p90', p: 0.9, color: '#1e88e5' },
  { label: 'p99', p: 0.99, color: '#0d47a1' },
];

interface DurationRow {
  name: string;
  runs: number;
  values: (number | null)[];
}

function durationRows(rows: InstanceRow[], processes: ProcessRow[]): DurationRow[] {
  const byProcess = new Map<string, number[]>();
  for (const row of rows) {
    if (row.totalTimeConsumed === null || row.totalTimeConsumed === undefined) continue;
    const list = byProcess.get(row.parentId) ?? [];
    list.push(row.totalTimeConsumed);
    byProcess.set(row.parentId, list);
  }
  const summarise = (name: string, durations: number[]): DurationRow => {
    const sorted = [...durations].sort((a, b) => a - b);
    return { name, runs: sorted.length, values: PERCENTILES.map((q) => percentile(sorted, q.p)) };
  };
  const perProcess = processes
    .filter((p) => (byProcess.get(p.processId)?.length ?? 0) > 0)
    .sort((a, b) => b.totalRuns - a.totalRuns)
    .slice(0, 8)
    .map((p) => summarise(p.processName, byProcess.get(p.processId)!));
  if (perProcess.length <= 1) return perProcess;
  return [summarise('All processes', [...byProcess.values()].flat()), ...perProcess];
}

function DurationChart({ rows }: { rows: DurationRow[] }) {
  const width = 860;
  const labelWidth = 190;
  const valueWidth = 80;
  const barHeight = 14;
  const groupHeight = PERCENTILES.length * barHeight + 16;
  const height = rows.length * groupHeight + 8;
  const top = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const plotWidth = width - labelWidth - valueWidth;
  return (
    <figure class="res-chart" data-testid="duration-chart">
      <figcaption>Run duration percentiles (launch to finish, finished runs)</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Run duration percentiles">
        {rows.map((row, index) => {
          const y0 = 4 + index * groupHeight;
          return (
            <g key={row.name}>
              <text x={labelWidth - 8} y={y0 + groupHeight / 2} text-anchor="end" class="res-axis">
                {row.name.length > 26 ? `${row.name.slice(0, 25)}…` : row.name}
                <title>{`${row.name}: ${row.runs} finished runs`}</title>
              </text>
              {PERCENTILES.map((q, k) => {
                const value = row.values[k] ?? 0;
                const w = Math.max(1, (value / top) * plotWidth);
                const y = y0 + k * barHeight;
                return (
                  <g key={q.label}>
                    <rect
                      x={labelWidth}
                      y={y}
                      width={w}
                      height={barHeight - 2}
                      fill={q.color}
                      class="res-bar"
                    >
                      <title>{`${row.name} ${q.label}: ${formatDuration(value)}`}</title>
                    </rect>
                    <text x={labelWidth + w + 6} y={y + barHeight - 4} class="res-axis res-small">
                      {`${q.label} ${formatDuration(value)}`}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Legend items={PERCENTILES.map((q) => ({ label: q.label, color: q.color }))} />
    </figure>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="res-tile" data-testid={testId}>
      <span class="res-tile-value">{value}</span>
      <span class="res-tile-label">{label}</span>
    </div>
  );
}

// --- the page ------------------------------------------------------------------------------------

export function UsagePage() {
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const rangeError =
    range.from > range.to ? 'The first day must not be after the last day.' : undefined;
  const query = useMemo(() => rangeQuery(range), [range]);
  // An inverted range asks nothing: the server would only refuse it.
  const when = (path: string) => (rangeError ? null : path);
  const usage = useApi<Usage>(when('/api/Resources/used'), query);
  const processes = useApi<Page<ProcessRow>>(when('/api/Resources/analytics/processes'), {
    ...query,
    pageItemCount: 0,
  });
  const users = useApi<Page<UserRow>>(when('/api/Resources/analytics/users'), {
    ...query,
    pageItemCount: 0,
  });
  const processRows = processes.data?.pageItems;
  const instances = useRangeInstances(processRows, range);
  const byRuns = [...(processRows ?? [])].sort(
    (a, b) => b.totalRuns - a.totalRuns || a.processName.localeCompare(b.processName),
  );
  const totals = byRuns.reduce(
    (sum, row) => ({
      runs: sum.runs + row.totalRuns,
      succeeded: sum.succeeded + row.successfulRuns,
      failed: sum.failed + row.failedRuns,
      actions: sum.actions + row.actionsConsumed,
    }),
    { runs: 0, succeeded: 0, failed: 0, actions: 0 },
  );

  return (
    <div class="res-page" data-testid="usage-page">
      <PageHeader title="Usage" />
      <div class="res-toolbar" role="group" aria-label="Date range">
        {PRESETS.map(([days, label]) => (
          <button
            key={days}
            type="button"
            aria-pressed={range.from === lastDays(days).from && range.to === lastDays(days).to}
            onClick={() => setRange(lastDays(days))}
          >
            {label}
          </button>
        ))}
        <Field label="From">
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) =>
              e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })
            }
          />
        </Field>
        <Field label="To">
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) =>
              e.currentTarget.value && setRange({ ...range, to: e.currentTarget.value })
            }
          />
        </Field>
      </div>
      {rangeError ? (
        <p class="error" role="alert">
          {rangeError}
        </p>
      ) : (
        <>
          <div class="res-tiles">
            <Tile label="Runs" value={String(totals.runs)} testId="usage-total-runs" />
            <Tile
              label="Succeeded"
              value={totals.runs ? `${Math.round((100 * totals.succeeded) / totals.runs)} %` : '—'}
            />
            <Tile label="Failed" value={String(totals.failed)} />
            <Tile label="Actions executed" value={String(totals.actions)} />
            <Async state={usage}>
              {(u) => (
                <>
                  <Tile label="Action time" value={formatDuration(u.time.consumed)} />
                  <Tile
                    label="Mean per action (internal / external)"
                    value={`${formatDuration(u.average.platform.internal)} / ${formatDuration(
                      u.average.platform.external,
                    )}`}
                  />
                </>
              )}
            </Async>
          </div>

          <section class="res-section">
            {instances.error !== undefined ? (
              <ErrorBox error={instances.error} />
            ) : processes.error !== undefined ? (
              <ErrorBox error={processes.error} />
            ) : !instances.rows || !processRows ? (
              <Loading label="Loading runs…" />
            ) : (
              <>
                {instances.truncated && (
                  <p class="res-hint">
                    Some processes ran more than {MAX_INSTANCES_PER_PROCESS} times in this range;
                    the charts use their newest {MAX_INSTANCES_PER_PROCESS} runs.
                  </p>
                )}
                <RunsPerDayChart rows={instances.rows} range={range} />
                {(() => {
                  const rows = durationRows(instances.rows, processRows);
                  return rows.length > 0 ? (
                    <DurationChart rows={rows} />
                  ) : (
                    <p class="res-empty">No finished run in this range: no durations yet.</p>
                  );
                })()}
              </>
            )}
          </section>

          <section class="res-section">
            <h2>Top processes</h2>
            <Async state={processes}>
              {() => (
                <DataTable
                  testId="usage-processes"
                  rows={byRuns.filter((p) => p.totalRuns > 0)}
                  rowKey={(p) => p.processId}
                  empty="No run in this range."
                  columns={[
                    { header: 'Process', cell: (p) => p.processName },
                    { header: 'Runs', class: 'num', cell: (p) => p.totalRuns },
                    { header: 'Succeeded', class: 'num', cell: (p) => p.successfulRuns },
                    { header: 'Failed', class: 'num', cell: (p) => p.failedRuns },
                    { header: 'Stopped', class: 'num', cell: (p) => p.stoppedRuns },
                    { header: 'Unfinished', class: 'num', cell: (p) => p.runningRuns },
                    { header: 'Actions', class: 'num', cell: (p) => p.actionsConsumed },
                    {
                      header: 'Action time',
                      class: 'num',
                      cell: (p) => formatDuration(p.totalTime),
                    },
                    {
                      header: 'Mean run',
                      class: 'num',
                      cell: (p) => formatDuration(p.meanDuration),
                    },
                    { header: 'p95 run', class: 'num', cell: (p) => formatDuration(p.p95Duration) },
                    { header: 'Last run', cell: (p) => formatDate(p.lastRunOn) },
                  ]}
                />
              )}
            </Async>
          </section>

          <section class="res-section">
            <h2>Runs by user</h2>
            <Async state={users}>
              {(page) => (
                <DataTable
                  testId="usage-users"
                  rows={[...page.pageItems].sort((a, b) => b.totalRuns - a.totalRuns)}
                  rowKey={(u) => u.userId ?? 'unknown'}
                  empty="No run in this range."
                  columns={[
                    {
                      header: 'User',
                      cell: (u) =>
                        [u.firstName, u.lastName].filter(Boolean).join(' ') ||
                        u.userName ||
                        'unknown',
                    },
                    { header: 'Runs', class: 'num', cell: (u) => u.totalRuns },
                    { header: 'Succeeded', class: 'num', cell: (u) => u.successfulRuns },
                    { header: 'Failed', class: 'num', cell: (u) => u.failedRuns },
                    { header: 'Actions', class: 'num', cell: (u) => u.actionsConsumed },
                    {
                      header: 'Action time',
                      class: 'num',
                      cell: (u) => formatDuration(u.totalTime),
                    },
                  ]}
                />
              )}
            </Async>
          </section>
        </>
      )}
    </div>
  );
}
