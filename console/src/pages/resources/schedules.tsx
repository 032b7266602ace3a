// The schedules page (API.md §8): list by process, create and edit every recurrence type (CRON
// with a live validate-crontab preview), enable/disable, duplicate, the fire log and delete.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ApiRequest } from '../../api';
import {
  Async,
  ErrorBox,
  Field,
  Loading,
  PageHeader,
  formatDate,
  useAction,
  useApi,
} from '../../ui';
import {
  BUILT_IN_TYPE_NAMES,
  Badge,
  ConfirmDeleteButton,
  DataTable,
  INPUT_VARIABLE,
  Panel,
  ProcessPicker,
  ResourceForm,
  loadFlow,
  type FlowVariable,
  type Page,
} from './common';
import './resources.css';

// --- the API's shapes ----------------------------------------------------------------------------

interface Recurrence {
  recurrence: number;
  timeZone: string;
  info: string;
  startDate: string;
  isEndDate: boolean;
  endDate: string | null;
  cronExpression?: string;
  every?: number;
  isWeekendExcluded?: boolean;
  weekDays?: number[];
  isOnThe?: boolean;
  onDay?: number | null;
  onThe?: number[] | null;
  month?: number;
}

interface Notification {
  emailList: string;
  isEnabled: boolean;
  onSuccess: boolean;
  onFail: boolean;
}

interface Schedule {
  id: string;
  name: string;
  description: string | null;
  status: boolean;
  targetProcess: string;
  processName: string | null;
  processInputs: { id: string; value: unknown }[];
  notification: Notification;
  recurrence: Recurrence;
  catchUpPolicy: number;
  nextRunOn: string | null;
  lastFire: {
    dueOn: string;
    firedOn: string;
    instanceId: string | null;
    skippedReason: string | null;
  } | null;
}

interface ScheduleRun {
  dueOn: string;
  firedOn: string;
  outcome: string;
  instanceId: string | null;
  skippedReason: string | null;
  detail: string | null;
  lagMs: number;
}

interface CrontabAnswer {
  description: string;
  nextOccurrences: string[];
}

// --- recurrence types and their labels -----------------------------------------------------------

const RecurrenceType = {
  Once: 1,
  Minutes: 2,
  Hours: 3,
  Daily: 4,
  Weekly: 5,
  Monthly: 6,
  Yearly: 7,
  Cron: 8,
} as const;

const RECURRENCE_LABELS: [number, string][] = [
  [RecurrenceType.Once, 'Once'],
  [RecurrenceType.Minutes, 'Every N minutes'],
  [RecurrenceType.Hours, 'Every N hours'],
  [RecurrenceType.Daily, 'Daily'],
  [RecurrenceType.Weekly, 'Weekly'],
  [RecurrenceType.Monthly, 'Monthly'],
  [RecurrenceType.Yearly, 'Yearly'],
  [RecurrenceType.Cron, 'CRON expression'],
];

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
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
const ORDINALS: [number, string][] = [
  [1, 'first'],
  [2, 'second'],
  [3, 'third'],
  [4, 'fourth'],
  [5, 'last'],
];
const CATCH_UP_POLICIES: [number, string][] = [
  [0, 'Skip missed fires'],
  [1, 'Run once for all missed fires'],
  [2, 'Run every missed fire (at most 100)'],
];

// --- wall-clock time in a zone -------------------------------------------------------------------
// The API takes `startDate` as an instant; for calendar types its local time of day in `timeZone`
// is the time the schedule fires. The form therefore edits wall-clock time in the schedule's zone
// and converts, so "09:00 Europe/Bucharest" means 09:00 there whatever the browser's zone is.

function wallParts(instant: number, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

function zoneOffsetMs(instant: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallParts(instant, timeZone);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - (instant - (instant % 1000));
}

/** "2026-01-05T09:00" in `timeZone` → ISO instant (UTC). */
function wallToIso(wall: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!match) return wall;
  const [, y, mo, d, h, mi] = match.map(Number);
  const naive = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  const guess = naive - zoneOffsetMs(naive, timeZone);
  return new Date(naive - zoneOffsetMs(guess, timeZone)).toISOString();
}

/** ISO instant → "2026-01-05T09:00" as the wall clock reads in `timeZone`. */
function isoToWall(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return '';
  const [y, mo, d, h, mi] = wallParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${y}-${two(mo!)}-${two(d!)}T${two(h!)}:${two(mi!)}`;
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (!isKnownZone(timeZone)) return date.toISOString();
  return date.toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
}

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ALL_ZONES: string[] = (() => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', BROWSER_ZONE];
})();

// --- the form's draft ----------------------------------------------------------------------------

interface RecurrenceDraft {
  type: number;
  /** Wall-clock start in `timeZone`, as a datetime-local value. */
  start: string;
  timeZone: string;
  hasEnd: boolean;
  end: string;
  every: number;
  weekendExcluded: boolean;
  weekDays: number[];
  isOnThe: boolean;
  onDay: number;
  ordinal: number;
  weekday: number;
  month: number;
  cron: string;
}

interface ScheduleDraft {
  id?: string;
  name: string;
  description: string;
  targetProcess: string;
  /** Raw text per input variable id; empty = not given (the variable's default applies). */
  inputs: Record<string, string>;
  recurrence: RecurrenceDraft;
  catchUpPolicy: number;
  notification: Notification;
}

function nextQuarterHour(): string {
  const now = Date.now();
  const quarter = 15 * 60_000;
  return isoToWall(new Date(Math.ceil(now / quarter) * quarter).toISOString(), BROWSER_ZONE);
}

function emptyDraft(processId: string): ScheduleDraft {
  return {
    name: '',
    description: '',
    targetProcess: processId,
    inputs: {},
    recurrence: {
      type: RecurrenceType.Cron,
      start: nextQuarterHour(),
      timeZone: BROWSER_ZONE,
      hasEnd: false,
      end: '',
      every: 1,
      weekendExcluded: false,
      weekDays: [1],
      isOnThe: false,
      onDay: 1,
      ordinal: 1,
      weekday: 1,
      month: 1,
      cron: '0 9 * * 1-5',
    },
    catchUpPolicy: 1,
    notification: { emailList: '', isEnabled: false, onSuccess: false, onFail: true },
  };
}

function draftOf(schedule: Schedule): ScheduleDraft {
  const r = schedule.recurrence;
  const zone = r.timeZone || 'UTC';
  const start = new Date(r.startDate);
  return {
    id: schedule.id,
    name: schedule.name,
    description: schedule.description ?? '',
    targetProcess: schedule.targetProcess,
    inputs: Object.fromEntries(
      schedule.processInputs.map((input) => [
        input.id,
        typeof input.value === 'string' ? input.value : JSON.stringify(input.value),
      ]),
    ),
    recurrence: {
      type: r.recurrence,
      start: isoToWall(r.startDate, zone),
      timeZone: zone,
      hasEnd: r.isEndDate,
      end: isoToWall(r.endDate, zone),
      every: r.every && r.every > 0 ? r.every : 1,
      weekendExcluded: r.isWeekendExcluded ?? false,
      weekDays: r.weekDays?.length ? r.weekDays : [1],
      isOnThe: r.isOnThe ?? false,
      onDay: r.onDay ?? 1,
      ordinal: r.onThe?.[0] ?? 1,
      weekday: r.onThe?.[1] ?? 1,
      month: r.month ?? start.getUTCMonth() + 1,
      cron: r.cronExpression ?? '',
    },
    catchUpPolicy: schedule.catchUpPolicy,
    notification: { ...schedule.notification },
  };
}

/** The recurrence block of API.md §8.3: only the fields of the chosen type (CRON refuses others). */
function recurrenceBody(draft: RecurrenceDraft): Record<string, unknown> {
  const zone = draft.timeZone.trim() || 'UTC';
  const toIso = (wall: string) => (isKnownZone(zone) ? wallToIso(wall, zone) : wall);
  const body: Record<string, unknown> = {
    recurrence: draft.type,
    timeZone: zone,
    startDate: draft.start ? toIso(draft.start) : null,
    isEndDate: draft.hasEnd,
    endDate: draft.hasEnd && draft.end ? toIso(draft.end) : null,
  };
  switch (draft.type) {
    case RecurrenceType.Cron:
      body.cronExpression = draft.cron.trim();
      break;
    case RecurrenceType.Minutes:
    case RecurrenceType.Hours:
    case RecurrenceType.Daily:
      body.every = draft.every;
      body.isWeekendExcluded = draft.weekendExcluded;
      break;
    case RecurrenceType.Weekly:
      body.every = draft.every;
      body.weekDays = [...draft.weekDays].sort((a, b) => a - b);
      break;
    case RecurrenceType.Monthly:
    case RecurrenceType.Yearly:
      body.every = draft.every;
      body.isOnThe = draft.isOnThe;
      if (draft.isOnThe) body.onThe = [draft.ordinal, draft.weekday];
      else body.onDay = draft.onDay;
      if (draft.type === RecurrenceType.Yearly) body.month = draft.month;
      break;
  }
  return body;
}

/** Types whose values travel as JSON rather than as typed text. */
function takesJson(variable: FlowVariable): boolean {
  const name = BUILT_IN_TYPE_NAMES[variable.dataType.toLowerCase()];
  return Boolean(variable.isList) || !name || ['Json', 'Object', 'File'].includes(name);
}

/** Turns the typed text of each input into the value the API checks (API.md §4.2, §6.2). */
function inputValues(
  draft: ScheduleDraft,
  variables: FlowVariable[],
): { id: string; value: unknown }[] {
  const values: { id: string; value: unknown }[] = [];
  for (const variable of variables) {
    const raw = draft.inputs[variable.id]?.trim() ?? '';
    if (raw === '') continue;
    if (!takesJson(variable)) {
      values.push({ id: variable.id, value: raw });
      continue;
    }
    try {
      values.push({ id: variable.id, value: JSON.parse(raw) });
    } catch {
      throw new Error(`Input "${variable.name}" must be JSON (e.g. {"key": "value"} or [1, 2]).`);
    }
  }
  return values;
}

// --- pieces of the form --------------------------------------------------------------------------

/** Describes a CRON expression and its next fires, asking the server as the user types. */
function CronPreview({ expression, timeZone }: { expression: string; timeZone: string }) {
  const [answer, setAnswer] = useState<CrontabAnswer | undefined>();
  const [error, setError] = useState<unknown>();
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!expression.trim()) {
      setAnswer(undefined);
      setError(undefined);
      return;
    }
    let current = true;
    setChecking(true);
    // Waits for a pause in typing so each keystroke does not cost a request.
    const timer = setTimeout(() => {
      api<CrontabAnswer>('/api/Schedules/validate-crontab', {
        body: { cronExpression: expression.trim(), timeZone: timeZone.trim() || 'UTC', count: 5 },
      }).then(
        (result) => {
          if (!current) return;
          setAnswer(result);
          setError(undefined);
          setChecking(false);
        },
        (failure: unknown) => {
          if (!current) return;
          setAnswer(undefined);
          setError(failure);
          setChecking(false);
        },
      );
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [expression, timeZone]);
  return (
    <div class="res-cron-preview" data-testid="cron-preview" aria-live="polite">
      {checking && <span class="res-muted">Checking…</span>}
      <ErrorBox error={error} />
      {answer && !checking && (
        <>
          <p class="res-cron-description" data-testid="cron-description">
            {answer.description}
          </p>
          <p class="res-muted">Next fires ({timeZone || 'UTC'}):</p>
          <ol class="res-occurrences">
            {answer.nextOccurrences.map((when) => (
              <li key={when}>{formatInZone(when, timeZone || 'UTC')}</li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function RecurrenceFields({
  draft,
  onChange,
}: {
  draft: RecurrenceDraft;
  onChange: (next: RecurrenceDraft) => void;
}) {
  const set = (patch: Partial<RecurrenceDraft>) => onChange({ ...draft, ...patch });
  const usesEvery = draft.type !== RecurrenceType.Once && draft.type !== RecurrenceType.Cron;
  const everyUnit: Record<number, string> = {
    [RecurrenceType.Minutes]: 'minutes',
    [RecurrenceType.Hours]: 'hours',
    [RecurrenceType.Daily]: 'days',
    [RecurrenceType.Weekly]: 'weeks',
    [RecurrenceType.Monthly]: 'months',
    [RecurrenceType.Yearly]: 'years',
  };
  const zoneKnown = isKnownZone(draft.timeZone.trim() || 'UTC');
  return (
    <fieldset class="res-fieldset">
      <legend>Recurrence</legend>
      <div class="res-row">
        <Field label="Repeat">
          <select
            value={String(draft.type)}
            onChange={(event) => set({ type: Number(event.currentTarget.value) })}
          >
            {RECURRENCE_LABELS.map(([value, label]) => (
              <option key={value} value={String(value)}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Time zone">
          <input
            list="schedule-time-zones"
            value={draft.timeZone}
            required={draft.type === RecurrenceType.Cron}
            onInput={(event) => set({ timeZone: event.currentTarget.value })}
          />
        </Field>
        <datalist id="schedule-time-zones">
          {ALL_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>
      <p class="res-hint">Dates and times below are wall-clock times in this time zone.</p>
      {!zoneKnown && (
        <p class="error" role="alert">
          Unknown time zone: use an IANA name such as Europe/Bucharest.
        </p>
      )}

      {draft.type === RecurrenceType.Cron && (
        <>
          <Field label="CRON expression">
            <input
              class="res-mono"
              value={draft.cron}
              placeholder="minute hour day-of-month month day-of-week"
              required
              onInput={(event) => set({ cron: event.currentTarget.value })}
            />
          </Field>
          <p class="res-hint">
            Five fields: minute, hour, day of month, month, day of week. <code>L</code>,{' '}
            <code>W</code>, <code>#</code> and names (<code>MON</code>, <code>JAN</code>) are
            accepted.
          </p>
          <CronPreview expression={draft.cron} timeZone={draft.timeZone} />
        </>
      )}

      <div class="res-row">
        <Field
          label={
            draft.type === RecurrenceType.Once
              ? 'Run at'
              : draft.type === RecurrenceType.Cron
                ? 'Not before'
                : 'Starts (first fire and time of day)'
          }
        >
          <input
            type="datetime-local"
            value={draft.start}
            required
            onInput={(event) => set({ start: event.currentTarget.value })}
          />
        </Field>
        {usesEvery && (
          <Field label={`Every (${everyUnit[draft.type]})`}>
            <input
              type="number"
              min={1}
              value={draft.every}
              onInput={(event) => set({ every: Number(event.currentTarget.value) || 1 })}
            />
          </Field>
        )}
      </div>

      {(draft.type === RecurrenceType.Minutes ||
        draft.type === RecurrenceType.Hours ||
        draft.type === RecurrenceType.Daily) && (
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.weekendExcluded}
            onChange={(event) => set({ weekendExcluded: event.currentTarget.checked })}
          />
          Skip Saturdays and Sundays
        </label>
      )}

      {draft.type === RecurrenceType.Weekly && (
        <fieldset class="res-fieldset res-inline" aria-label="On these days">
          <legend>On these days</legend>
          {WEEKDAYS.map((day, index) => (
            <label key={day} class="res-check">
              <input
                type="checkbox"
                checked={draft.weekDays.includes(index)}
                onChange={(event) =>
                  set({
                    weekDays: event.currentTarget.checked
                      ? [...draft.weekDays, index]
                      : draft.weekDays.filter((d) => d !== index),
                  })
                }
              />
              {day.slice(0, 3)}
            </label>
          ))}
        </fieldset>
      )}

      {(draft.type === RecurrenceType.Monthly || draft.type === RecurrenceType.Yearly) && (
        <div class="res-row">
          {draft.type === RecurrenceType.Yearly && (
            <Field label="Month">
              <select
                value={String(draft.month)}
                onChange={(event) => set({ month: Number(event.currentTarget.value) })}
              >
                {MONTHS.map((name, index) => (
                  <option key={name} value={String(index + 1)}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Day rule">
            <select
              value={draft.isOnThe ? 'onThe' : 'onDay'}
              onChange={(event) => set({ isOnThe: event.currentTarget.value === 'onThe' })}
            >
              <option value="onDay">On day number</option>
              <option value="onThe">On the … weekday</option>
            </select>
          </Field>
          {draft.isOnThe ? (
            <>
              <Field label="Which">
                <select
                  value={String(draft.ordinal)}
                  onChange={(event) => set({ ordinal: Number(event.currentTarget.value) })}
                >
                  {ORDINALS.map(([value, label]) => (
                    <option key={value} value={String(value)}>
                      {label}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Weekday">
                <select
                  value={String(draft.weekday)}
                  onChange={(event) => set({ weekday: Number(event.currentTarget.value) })}
                >
                  {WEEKDAYS.map((day, index) => (
                    <option key={day} value={String(index)}>
                      {day}
                    </option>
                  ))}
                </select>
              </Field>
            </>
          ) : (
            <Field label="Day of month">
              <input
                type="number"
                min={1}
                max={31}
                value={draft.onDay}
                onInput={(event) => set({ onDay: Number(event.currentTarget.value) || 1 })}
              />
            </Field>
          )}
        </div>
      )}

      {draft.type !== RecurrenceType.Once && (
        <div class="res-row">
          <label class="res-check">
            <input
              type="checkbox"
              checked={draft.hasEnd}
              onChange={(event) => set({ hasEnd: event.currentTarget.checked })}
            />
            Ends
          </label>
          {draft.hasEnd && (
            <Field label="End date">
              <input
                type="datetime-local"
                value={draft.end}
                required
                onInput={(event) => set({ end: event.currentTarget.value })}
              />
            </Field>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** One field per input variable of the target process; empty fields take the variable's default. */
function ProcessInputs({
  processId,
  values,
  onChange,
  onVariables,
}: {
  processId: string;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  onVariables: (variables: FlowVariable[]) => void;
}) {
  const [state, setState] = useState<{ variables?: FlowVariable[]; error?: unknown }>({});
  useEffect(() => {
    let current = true;
    setState({});
    loadFlow(processId).then(
      (flow) => {
        if (!current) return;
        const inputs = (flow.variables ?? []).filter((v) => v.type === INPUT_VARIABLE);
        setState({ variables: inputs });
        onVariables(inputs);
      },
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
    // Reloads only when the process changes; `onVariables` is a new function on every render.
  }, [processId]);
  if (state.error !== undefined) return <ErrorBox error={state.error} />;
  if (!state.variables) return <Loading label="Loading the process's inputs…" />;
  if (state.variables.length === 0) return <p class="res-muted">This process takes no input.</p>;
  return (
    <fieldset class="res-fieldset">
      <legend>Process inputs</legend>
      <p class="res-hint">Leave a field empty to use the variable's default value.</p>
      {state.variables.map((variable) => {
        const typeName = BUILT_IN_TYPE_NAMES[variable.dataType.toLowerCase()] ?? 'data model';
        const label = `${variable.name} (${typeName}${variable.isList ? ' list' : ''}${
          variable.isRequired ? ', required' : ''
        })`;
        const value = values[variable.id] ?? '';
        const update = (text: string) => onChange({ ...values, [variable.id]: text });
        return (
          <Field key={variable.id} label={label}>
            {takesJson(variable) ? (
              <textarea
                class="res-mono"
                rows={3}
                value={value}
                placeholder="JSON"
                onInput={(event) => update(event.currentTarget.value)}
              />
            ) : typeName === 'Boolean' ? (
              <select value={value} onChange={(event) => update(event.currentTarget.value)}>
                <option value="">(default)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input value={value} onInput={(event) => update(event.currentTarget.value)} />
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}

function ScheduleForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: ScheduleDraft;
  onSaved: (schedule: Schedule) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [variables, setVariables] = useState<FlowVariable[]>([]);
  const set = (patch: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const editing = Boolean(draft.id);

  const submit = async () => {
    const body = {
      ...(draft.id ? { id: draft.id } : {}),
      name: draft.name.trim(),
      description: draft.description,
      targetProcess: draft.targetProcess,
      processInputs: inputValues(draft, variables),
      recurrence: recurrenceBody(draft.recurrence),
      catchUpPolicy: draft.catchUpPolicy,
      notification: draft.notification,
    };
    const saved = await api<Schedule>('/api/Schedules', {
      method: editing ? 'PUT' : 'POST',
      body,
    });
    onSaved(saved);
  };

  return (
    <ResourceForm
      testId="schedule-form"
      submitLabel={editing ? 'Save schedule' : 'Create schedule'}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div class="res-row">
        <Field label="Name">
          <input
            value={draft.name}
            required
            onInput={(event) => set({ name: event.currentTarget.value })}
          />
        </Field>
        <ProcessPicker
          label="Target process"
          value={draft.targetProcess}
          required
          onChange={(targetProcess) => set({ targetProcess, inputs: {} })}
        />
      </div>
      <Field label="Description">
        <input
          value={draft.description}
          onInput={(event) => set({ description: event.currentTarget.value })}
        />
      </Field>
      {draft.targetProcess && (
        <ProcessInputs
          processId={draft.targetProcess}
          values={draft.inputs}
          onChange={(inputs) => set({ inputs })}
          onVariables={setVariables}
        />
      )}
      <RecurrenceFields draft={draft.recurrence} onChange={(recurrence) => set({ recurrence })} />
      <fieldset class="res-fieldset">
        <legend>After downtime and after runs</legend>
        <Field label="Missed fires">
          <select
            value={String(draft.catchUpPolicy)}
            onChange={(event) => set({ catchUpPolicy: Number(event.currentTarget.value) })}
          >
            {CATCH_UP_POLICIES.map(([value, label]) => (
              <option key={value} value={String(value)}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.notification.isEnabled}
            onChange={(event) =>
              set({
                notification: { ...draft.notification, isEnabled: event.currentTarget.checked },
              })
            }
          />
          E-mail a notification after runs
        </label>
        {draft.notification.isEnabled && (
          <div class="res-row">
            <Field label="E-mail addresses (separated by , or ;)">
              <input
                value={draft.notification.emailList}
                onInput={(event) =>
                  set({
                    notification: { ...draft.notification, emailList: event.currentTarget.value },
                  })
                }
              />
            </Field>
            <label class="res-check">
              <input
                type="checkbox"
                checked={draft.notification.onSuccess}
                onChange={(event) =>
                  set({
                    notification: { ...draft.notification, onSuccess: event.currentTarget.checked },
                  })
                }
              />
              On success
            </label>
            <label class="res-check">
              <input
                type="checkbox"
                checked={draft.notification.onFail}
                onChange={(event) =>
                  set({
                    notification: { ...draft.notification, onFail: event.currentTarget.checked },
                  })
                }
              />
              On failure or skip
            </label>
          </div>
        )}
      </fieldset>
    </ResourceForm>
  );
}

function FireLog({ schedule }: { schedule: Schedule }) {
  const runs = useApi<Page<ScheduleRun>>(`/api/Schedules/${schedule.id}/runs`, {
    pageItemCount: 20,
  });
  return (
    <Async state={runs}>
      {(page) => (
        <DataTable
          testId="schedule-runs"
          rows={page.pageItems}
          rowKey={(run) => run.dueOn}
          empty="This schedule has not fired yet."
          caption={`Last ${page.pageItems.length} of ${page.totalItemCount} fires`}
          columns={[
            { header: 'Due', cell: (run) => formatDate(run.dueOn) },
            { header: 'Fired', cell: (run) => formatDate(run.firedOn) },
            { header: 'Lag', class: 'num', cell: (run) => `${run.lagMs} ms` },
            {
              header: 'Outcome',
              cell: (run) =>
                run.outcome === 'started' ? (
                  <Badge tone="ok">started</Badge>
                ) : (
                  <Badge tone="bad">{`skipped: ${run.skippedReason ?? 'unknown'}`}</Badge>
                ),
            },
            {
              header: 'Instance or detail',
              cell: (run) => <span class="res-mono">{run.instanceId ?? run.detail ?? '—'}</span>,
            },
          ]}
        />
      )}
    </Async>
  );
}

function EnabledToggle({ schedule, onChanged }: { schedule: Schedule; onChanged: () => void }) {
  // Shows the new state at once and falls back to the stored one if the server refuses.
  const [enabled, setEnabled] = useState(schedule.status);
  useEffect(() => setEnabled(schedule.status), [schedule.status]);
  const toggle = useAction(async (enable: boolean) => {
    setEnabled(enable);
    try {
      await api(`/api/Schedules/${schedule.id}/status`, { method: 'PATCH', query: { enable } });
    } catch (error) {
      setEnabled(!enable);
      throw error;
    }
    onChanged();
  });
  return (
    <span>
      <label class="res-check">
        <input
          type="checkbox"
          checked={enabled}
          disabled={toggle.busy}
          aria-label={`Enabled: ${schedule.name}`}
          onChange={(event) => void toggle.invoke(event.currentTarget.checked)}
        />
        {enabled ? 'on' : 'off'}
      </label>
      <ErrorBox error={toggle.error} />
    </span>
  );
}

type Editing = { mode: 'create' } | { mode: 'edit'; schedule: Schedule } | null;

export function SchedulesPage() {
  const [processFilter, setProcessFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [logOf, setLogOf] = useState<Schedule | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const query: ApiRequest['query'] = { pageItemCount: 0 };
  const schedules = useApi<Page<Schedule>>(
    processFilter ? `/api/Projects/${processFilter}/restricted/schedules` : '/api/Schedules',
    query,
  );
  const duplicate = useAction(async (schedule: Schedule) => {
    const copy = await api<Schedule>(`/api/Schedules/${schedule.id}/duplicate`, {
      method: 'POST',
    });
    setNotice(`Created "${copy.name}", disabled until you enable it.`);
    schedules.reload();
  });
  const initial = useMemo(
    () =>
      editing?.mode === 'edit'
        ? draftOf(editing.schedule)
        : editing?.mode === 'create'
          ? emptyDraft(processFilter)
          : null,
    [editing, processFilter],
  );

  return (
    <div class="res-page" data-testid="schedules-page">
      <PageHeader title="Schedules">
        <button
          type="button"
          class="primary"
          onClick={() => {
            setNotice(null);
            setEditing({ mode: 'create' });
          }}
        >
          New schedule
        </button>
      </PageHeader>
      <div class="res-toolbar">
        <ProcessPicker
          label="Process"
          anyLabel="All processes"
          value={processFilter}
          onChange={setProcessFilter}
        />
      </div>
      {notice && (
        <p class="res-notice" role="status">
          {notice}
        </p>
      )}
      {editing && initial && (
        <Panel
          title={
            editing.mode === 'edit' ? `Edit schedule "${editing.schedule.name}"` : 'New schedule'
          }
          onClose={() => setEditing(null)}
        >
          <ScheduleForm
            key={editing.mode === 'edit' ? editing.schedule.id : 'new'}
            initial={initial}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              setNotice(
                `Saved "${saved.name}". ${
                  saved.nextRunOn
                    ? `Next run: ${formatDate(saved.nextRunOn)}.`
                    : 'It has no further run.'
                }`,
              );
              schedules.reload();
            }}
          />
        </Panel>
      )}
      <ErrorBox error={duplicate.error} />
      <Async state={schedules}>
        {(page) => (
          <DataTable
            testId="schedules-table"
            rows={page.pageItems}
            rowKey={(s) => s.id}
            empty={
              processFilter ? 'No schedule starts this process.' : 'No schedule in this workspace.'
            }
            columns={[
              { header: 'Name', cell: (s) => <strong>{s.name}</strong> },
              { header: 'Process', cell: (s) => s.processName ?? s.targetProcess },
              {
                header: 'Recurrence',
                cell: (s) => (
                  <span>
                    {s.recurrence.info}
                    <span class="res-muted"> ({s.recurrence.timeZone})</span>
                  </span>
                ),
              },
              {
                header: 'Enabled',
                cell: (s) => <EnabledToggle schedule={s} onChanged={schedules.reload} />,
              },
              {
                header: 'Next run',
                cell: (s) => (s.status ? formatDate(s.nextRunOn) : '—'),
              },
              {
                header: 'Last fire',
                cell: (s) =>
                  s.lastFire ? (
                    <span>
                      {formatDate(s.lastFire.firedOn)}
                      {s.lastFire.skippedReason && (
                        <Badge tone="bad">{`skipped: ${s.lastFire.skippedReason}`}</Badge>
                      )}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                header: 'Actions',
                cell: (s) => (
                  <span class="res-actions">
                    <button
                      type="button"
                      aria-label={`Edit ${s.name}`}
                      onClick={() => {
                        setNotice(null);
                        setEditing({ mode: 'edit', schedule: s });
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      aria-label={`Duplicate ${s.name}`}
                      disabled={duplicate.busy}
                      onClick={() => void duplicate.invoke(s)}
                    >
                      Duplicate
                    </button>
                    <button
                      type="button"
                      aria-label={`Fire log of ${s.name}`}
                      aria-pressed={logOf?.id === s.id}
                      onClick={() => setLogOf(logOf?.id === s.id ? null : s)}
                    >
                      Fire log
                    </button>
                    <ConfirmDeleteButton
                      what={`schedule "${s.name}"`}
                      onConfirm={async () => {
                        await api(`/api/Schedules/${s.id}`, { method: 'DELETE' });
                        if (logOf?.id === s.id) setLogOf(null);
                        if (editing?.mode === 'edit' && editing.schedule.id === s.id)
                          setEditing(null);
                        schedules.reload();
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        )}
      </Async>
      {logOf && (
        <Panel title={`Fire log of "${logOf.name}"`} onClose={() => setLogOf(null)}>
          <FireLog key={logOf.id} schedule={logOf} />
        </Panel>
      )}
    </div>
  );
}
