// Owns schedules as the API sees them (API.md §8): create, replace, read, list, delete, duplicate,
// enable and disable, notification settings, the fire log, validate-crontab, and the bytes of
// File inputs a schedule passes to its runs. Firing lives in src/scheduler/schedule-firer.ts.
// Nothing is half-written: a schedule is stored only once its recurrence and inputs are valid.
import type { Readable } from 'node:stream';
import { roleAllows, type Permission } from '../domain/identity.js';
import { isGuid, newId, normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { FileValue } from '../files/file-value.js';
import { BlobTooLargeError, isValidBlobKey, type BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type {
  LastFire,
  ScheduleChange,
  ScheduleContent,
  ScheduleFireRecord,
  ScheduleInput,
  ScheduleNotification,
  ScheduleRecord,
  ScheduleStore,
} from '../ports/schedule.store.js';
import { describeCron } from '../schedules/describe.js';
import { describeRecurrence } from '../schedules/describe.js';
import { CronSyntaxError, parseCron } from '../schedules/cron.js';
import { canonicalZone } from '../schedules/local-time.js';
import {
  FireTimes,
  RecurrenceType,
  parseApiDate,
  readRecurrence,
  recurrenceDocument,
  type RecurrenceInput,
} from '../schedules/recurrence.js';
import { flowFilePath, parseFlowPath } from './file.service.js';
import type { InstanceService } from './instance.service.js';
import type { Caller } from './process.service.js';

/** What a catch-up after downtime does with missed fires (API.md §8.2). */
export const CatchUpPolicy = { Skip: 0, RunOnce: 1, RunAll: 2 } as const;

const NAME_MAX = 200;
const CRONTAB_DEFAULT_COUNT = 5;
const CRONTAB_MAX_COUNT = 20;
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const EMAIL = /^[^\s@,;]+@[^\s@,;]+$/;

export interface NotificationBody {
  id?: string | null;
  emailList?: string | null;
  isEnabled?: boolean | null;
  onSuccess?: boolean | null;
  onFail?: boolean | null;
}

/** A schedule as a client sends it (POST without id, PUT with id). */
export interface ScheduleBody {
  id?: string | null;
  name?: string | null;
  description?: string | null;
  status?: boolean | null;
  targetProcess?: string | null;
  processInputs?: { id?: string | null; value?: unknown }[] | null;
  notification?: NotificationBody | null;
  recurrence?: RecurrenceInput | null;
  catchUpPolicy?: number | null;
}

export interface ScheduleView {
  id: string;
  name: string;
  description: string | null;
  status: boolean;
  targetProcess: string;
  processName: string | null;
  processInputs: ScheduleInput[];
  notification: ScheduleNotification;
  recurrence: Record<string, unknown>;
  catchUpPolicy: number;
  nextRunOn: string | null;
  lastFire: {
    dueOn: string;
    firedOn: string;
    instanceId: string | null;
    skippedReason: string | null;
  } | null;
  workspaceId: string;
  createdBy: string | null;
  createdById: string | null;
  createdOn: string;
  updatedBy: string | null;
  updatedById: string | null;
  updatedOn: string;
}

export interface ScheduleRunView {
  dueOn: string;
  firedOn: string;
  outcome: string;
  instanceId: string | null;
  skippedReason: string | null;
  detail: string | null;
  lagMs: number;
}

export interface CrontabBody {
  cronExpression?: string | null;
  timeZone?: string | null;
  count?: number | null;
  startDate?: string | null;
  endDate?: string | null;
}

/** The ids of an upload for a schedule's File input (headers). */
export interface ScheduleUploadRequest {
  scheduleId?: string | undefined;
  variableId?: string | undefined;
  fileId?: string | undefined;
}

export interface ScheduleUploadTarget {
  scheduleId: string;
  workspaceId: string;
  variableId: string;
  fileId: string;
  path: string;
}

export interface IncomingScheduleFile {
  filename: string;
  mimeType: string;
  content: Readable | AsyncIterable<Uint8Array>;
}

const notFound = () => new SluiceError('NOT_FOUND', 'schedules');

const NO_NOTIFICATION: ScheduleNotification = {
  emailList: '',
  isEnabled: false,
  onSuccess: false,
  onFail: false,
};

function isFileEntry(value: unknown): value is { id: string; path?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

function entriesOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** File ids compare as GUIDs (any case) when they are GUIDs, else exactly. */
function sameFileId(a: string, b: string): boolean {
  return a === b || (isGuid(a) && isGuid(b) && a.toLowerCase() === b.toLowerCase());
}

/** Paths of the bytes a schedule holds itself (uploaded for it), in its inputs. */
export function scheduleFilePaths(scheduleId: string, inputs: ScheduleInput[]): string[] {
  const paths: string[] = [];
  for (const input of inputs)
    for (const entry of entriesOf(input.value))
      if (isFileEntry(entry) && typeof entry.path === 'string') {
        const owner = parseFlowPath(entry.path);
        if (owner?.instanceId === scheduleId && isValidBlobKey(entry.path)) paths.push(entry.path);
      }
  return paths;
}

export class ScheduleService {
  constructor(
    private readonly deps: {
      store: ScheduleStore;
      instances: Pick<InstanceService, 'checkKeptInputs'>;
      blobs: BlobStore;
      clock: Clock;
      fileLimitBytes: number;
    },
  ) {}

  get fileLimitBytes(): number {
    return this.deps.fileLimitBytes;
  }

  async list(
    caller: Caller,
    query: {
      search: string | null;
      processId?: string | null;
      offset: number;
      limit: number | null;
    },
  ): Promise<{ total: number; items: ScheduleView[] }> {
    this.require(caller, 'read');
    const processId =
      query.processId === undefined || query.processId === null
        ? null
        : normalizeGuid(query.processId);
    if (query.processId && !processId) throw new SluiceError('NOT_FOUND', 'flow');
    const { total, items } = await this.deps.store.list(this.workspaceOf(caller), {
      search: query.search,
      processId,
      offset: query.offset,
      limit: query.limit,
    });
    return { total, items: items.map(view) };
  }

  async get(caller: Caller, rawId: string): Promise<ScheduleView> {
    this.require(caller, 'read');
    return view(await this.load(caller, rawId));
  }

  /** Stores a new schedule; it starts enabled whatever `status` says (PROCESIO behaviour). */
  async create(caller: Caller, body: ScheduleBody): Promise<ScheduleView> {
    this.require(caller, 'create');
    const workspaceId = this.workspaceOf(caller);
    const rawId = body.id?.trim() ?? '';
    let id = newId();
    if (rawId !== '' && rawId !== EMPTY_GUID) {
      const given = normalizeGuid(rawId);
      if (!given) throw invalidInput([{ target: 'id', value: 'The id must be a GUID.' }]);
      id = given;
    }
    const content = await this.content(workspaceId, body, null, true);
    const created = await this.deps.store.create({
      ...content,
      id,
      workspaceId,
      enabled: true,
      change: this.change(caller),
    });
    if (!created)
      throw invalidInput([{ target: 'id', value: 'A schedule with this id already exists.' }]);
    return view((await this.deps.store.get(workspaceId, id))!);
  }

  /** Full replace; `status` is changed only with PATCH …/status. */
  async update(caller: Caller, body: ScheduleBody): Promise<ScheduleView> {
    this.require(caller, 'update');
    const id = normalizeGuid(body.id ?? '');
    if (!id) throw invalidInput([{ target: 'id', value: 'The id of the schedule is required.' }]);
    const workspaceId = this.workspaceOf(caller);
    const current = await this.deps.store.get(workspaceId, id);
    if (!current) throw notFound();
    const content = await this.content(workspaceId, body, current, current.enabled);
    const updated = await this.deps.store.update(workspaceId, id, content, this.change(caller));
    if (!updated) throw notFound();
    await this.deleteFiles(
      dropped(
        scheduleFilePaths(id, current.processInputs),
        scheduleFilePaths(id, content.processInputs),
      ),
    );
    return view(updated);
  }

  async delete(caller: Caller, rawId: string): Promise<string> {
    this.require(caller, 'delete');
    const schedule = await this.load(caller, rawId);
    if (!(await this.deps.store.delete(schedule.workspaceId, schedule.id))) throw notFound();
    await this.deleteFiles(scheduleFilePaths(schedule.id, schedule.processInputs));
    return `Deleted schedule with id ${schedule.id}`;
  }

  /** A disabled copy named "<name> (copy)", its uploaded files copied too. */
  async duplicate(caller: Caller, rawId: string): Promise<ScheduleView> {
    this.require(caller, 'create');
    const original = await this.load(caller, rawId);
    const id = newId();
    const copied: string[] = [];
    try {
      const inputs = await this.copyInputs(original, id, copied);
      const created = await this.deps.store.create({
        id,
        workspaceId: original.workspaceId,
        name: `${original.name} (copy)`,
        description: original.description,
        processId: original.processId,
        processInputs: inputs,
        notification: original.notification,
        recurrence: original.recurrence,
        catchUpPolicy: original.catchUpPolicy,
        enabled: false,
        nextFireOn: null,
        change: this.change(caller),
      });
      if (!created) throw new Error(`generated schedule id ${id} is already taken`);
    } catch (error) {
      await this.deleteFiles(copied);
      throw error;
    }
    return view((await this.deps.store.get(original.workspaceId, id))!);
  }

  /** Enabling starts from now: fires missed while disabled are not caught up. */
  async setStatus(caller: Caller, rawId: string, enable: boolean): Promise<ScheduleView> {
    this.require(caller, 'update');
    const schedule = await this.load(caller, rawId);
    const next = enable ? this.firstFire(schedule.recurrence) : null;
    const updated = await this.deps.store.setEnabled(
      schedule.workspaceId,
      schedule.id,
      enable,
      next,
      this.change(caller),
    );
    if (!updated) throw notFound();
    return view(updated);
  }

  async notification(caller: Caller, rawId: string): Promise<NotificationBody> {
    this.require(caller, 'read');
    const schedule = await this.load(caller, rawId);
    return { id: schedule.id, ...(schedule.notification ?? NO_NOTIFICATION) };
  }

  async setNotification(caller: Caller, body: NotificationBody): Promise<NotificationBody> {
    this.require(caller, 'update');
    const schedule = await this.load(caller, body.id ?? '');
    const problems: { target: string; value: string }[] = [];
    const notification = readNotification(body, '', problems);
    if (problems.length > 0) throw invalidInput(problems);
    const updated = await this.deps.store.setNotification(
      schedule.workspaceId,
      schedule.id,
      notification,
      this.change(caller),
    );
    if (!updated) throw notFound();
    return { id: schedule.id, ...notification };
  }

  /** The fire log, newest first: started instances and recorded skips, with their lag. */
  async runs(
    caller: Caller,
    rawId: string,
    page: { offset: number; limit: number | null },
  ): Promise<{ total: number; items: ScheduleRunView[] }> {
    this.require(caller, 'read');
    const schedule = await this.load(caller, rawId);
    const { total, items } = await this.deps.store.fires(schedule.id, page.offset, page.limit);
    return { total, items: items.map(runView) };
  }

  /** `POST /api/Schedules/validate-crontab` (API.md §8.4). */
  validateCrontab(body: CrontabBody): { description: string; nextOccurrences: string[] } {
    const problems: { target: string; value: string }[] = [];
    let description = '';
    let cron = null;
    try {
      cron = parseCron(body.cronExpression ?? '');
      description = describeCron(cron);
    } catch (error) {
      if (!(error instanceof CronSyntaxError)) throw error;
      problems.push({ target: 'cronExpression', value: error.message });
    }
    let timeZone = 'UTC';
    if (body.timeZone && body.timeZone.trim() !== '') {
      const zone = canonicalZone(body.timeZone);
      if (!zone)
        problems.push({
          target: 'timeZone',
          value: `Unknown time zone "${body.timeZone}" (use an IANA name).`,
        });
      else timeZone = zone;
    }
    const count = body.count ?? CRONTAB_DEFAULT_COUNT;
    if (!Number.isInteger(count) || count < 1 || count > CRONTAB_MAX_COUNT)
      problems.push({ target: 'count', value: `count must be 1 to ${CRONTAB_MAX_COUNT}.` });
    const start = body.startDate ? parseApiDate(body.startDate) : this.deps.clock.now();
    if (!start)
      problems.push({ target: 'startDate', value: 'startDate must be an ISO-8601 date.' });
    const end = body.endDate ? parseApiDate(body.endDate) : null;
    if (body.endDate && !end)
      problems.push({ target: 'endDate', value: 'endDate must be an ISO-8601 date.' });
    if (problems.length > 0 || !cron || !start) throw invalidInput(problems);
    const result = readRecurrence({
      recurrence: RecurrenceType.Cron,
      cronExpression: cron.source,
      timeZone,
      startDate: start.toISOString(),
      isEndDate: end !== null,
      endDate: end?.toISOString() ?? null,
    });
    if (!result.ok) throw invalidInput(result.problems.map(withoutRecurrencePrefix));
    const times = new FireTimes(result.recurrence);
    const nextOccurrences: string[] = [];
    for (let at = times.firstFrom(start); at && nextOccurrences.length < count; at = times.next(at))
      nextOccurrences.push(at.toISOString());
    return { description, nextOccurrences };
  }

  /**
   * Checks a File-input upload's ids before any byte is read (API.md §4.8): the schedule (404),
   * the variable (a File input of the target process, else UPLOAD_ACTION_NOT_FOUND) and the file
   * id (an id in that input's value, else FILE_NOT_FOUND).
   */
  async prepareUpload(
    caller: Caller,
    request: ScheduleUploadRequest,
  ): Promise<ScheduleUploadTarget> {
    this.require(caller, 'update');
    const scheduleId = requiredHeader(request.scheduleId, 'scheduleId');
    const variableHeader = requiredHeader(request.variableId, 'variableId');
    const fileHeader = requiredHeader(request.fileId, 'fileId');
    const schedule = await this.load(caller, scheduleId);
    const variableId = normalizeGuid(variableHeader);
    const input = variableId ? schedule.processInputs.find((i) => i.id === variableId) : undefined;
    // The process may have changed since the schedule was saved: its current version decides.
    const checked = await this.deps.instances
      .checkKeptInputs(schedule.workspaceId, schedule.processId, schedule.processInputs)
      .catch(() => null);
    const isFileInput =
      variableId !== null && (checked?.checked ? checked.fileInputs.has(variableId) : !!input);
    if (!variableId || !isFileInput) throw new SluiceError('UPLOAD_ACTION_NOT_FOUND', 'variableId');
    const entry = entriesOf(input?.value).find(
      (e): e is { id: string } => isFileEntry(e) && sameFileId(e.id, fileHeader),
    );
    if (!entry) throw new SluiceError('UPLOAD_FILE_NOT_FOUND', 'fileId');
    const path = flowFilePath(schedule.processId, schedule.id, variableId, entry.id);
    if (!isValidBlobKey(path))
      throw invalidInput([
        {
          target: 'fileId',
          value:
            'The file id may hold only letters, digits, ".", "_" and "-", and not start with ".".',
        },
      ]);
    return {
      scheduleId: schedule.id,
      workspaceId: schedule.workspaceId,
      variableId,
      fileId: entry.id,
      path,
    };
  }

  /**
   * Streams the bytes into the blob store, then records them in the schedule's input with a
   * compare-and-set on its revision (re-read on a conflict, so concurrent uploads keep each
   * other's values). A first upload whose record cannot be written leaves no bytes behind.
   */
  async storeUpload(target: ScheduleUploadTarget, file: IncomingScheduleFile): Promise<string> {
    const replaces = await this.deps.blobs.exists(target.path);
    let stored;
    try {
      stored = await this.deps.blobs.put(target.path, file.content, {
        maxBytes: this.deps.fileLimitBytes,
      });
    } catch (error) {
      if (error instanceof BlobTooLargeError)
        throw new SluiceError('FILE_TOO_LARGE', 'package', {
          value: `The file is larger than the limit of ${this.deps.fileLimitBytes} bytes.`,
        });
      throw error;
    }
    const value: FileValue = {
      name: file.filename,
      id: target.fileId,
      path: target.path,
      size: stored.size,
      mimeType: file.mimeType,
      hash: stored.sha256,
    };
    try {
      await this.recordUpload(target, value);
    } catch (error) {
      if (!replaces) await this.deps.blobs.delete(target.path).catch(() => false);
      throw error;
    }
    return target.fileId;
  }

  private async recordUpload(target: ScheduleUploadTarget, value: FileValue): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const schedule = await this.deps.store.get(target.workspaceId, target.scheduleId);
      if (!schedule) throw notFound();
      let found = false;
      const inputs = schedule.processInputs.map((input) => {
        if (input.id !== target.variableId) return input;
        const replace = (entry: unknown): unknown => {
          if (!isFileEntry(entry) || !sameFileId(entry.id, target.fileId)) return entry;
          found = true;
          const earlier = (entry as { name?: unknown }).name;
          // A part without a file name keeps the name the schedule gave.
          return { ...value, name: value.name || (typeof earlier === 'string' ? earlier : '') };
        };
        return {
          id: input.id,
          value: Array.isArray(input.value) ? input.value.map(replace) : replace(input.value),
        };
      });
      if (!found) throw new SluiceError('UPLOAD_FILE_NOT_FOUND', 'fileId');
      if (
        await this.deps.store.updateInputs(
          target.workspaceId,
          target.scheduleId,
          schedule.revision,
          inputs,
        )
      )
        return;
    }
    throw invalidInput([
      { target: 'scheduleId', value: 'The schedule kept changing during the upload; try again.' },
    ]);
  }

  /** What `GET /api/File/download` finds under a schedule's id: the files of its inputs. */
  async fileHolder(
    workspaceId: string,
    holderId: string,
  ): Promise<{ processId: string; variables: Record<string, unknown> } | null> {
    const id = normalizeGuid(holderId);
    const schedule = id ? await this.deps.store.get(workspaceId, id) : null;
    if (!schedule) return null;
    const variables: Record<string, unknown> = {};
    for (const input of schedule.processInputs) variables[input.id] = input.value;
    return { processId: schedule.processId, variables };
  }

  /** A deleted process takes its schedules (and their files) with it (API.md §3.1). */
  async deleteOfProcess(workspaceId: string, processId: string): Promise<void> {
    const removed = await this.deps.store.deleteOfProcess(workspaceId, processId);
    for (const schedule of removed)
      await this.deleteFiles(scheduleFilePaths(schedule.id, schedule.processInputs));
  }

  /** Checks a body and turns it into what the store keeps; every problem is reported at once. */
  private async content(
    workspaceId: string,
    body: ScheduleBody,
    current: ScheduleRecord | null,
    enabled: boolean,
  ): Promise<ScheduleContent> {
    const problems: { target: string; value: string }[] = [];
    const name = body.name?.trim() ?? '';
    if (name === '') problems.push({ target: 'name', value: 'The name is required.' });
    else if (name.length > NAME_MAX)
      problems.push({ target: 'name', value: `The name is longer than ${NAME_MAX} characters.` });
    const processId = normalizeGuid(body.targetProcess ?? '');
    if (!processId)
      problems.push({
        target: 'targetProcess',
        value: 'targetProcess must be a process id (GUID).',
      });
    const recurrence = readRecurrence(body.recurrence);
    if (!recurrence.ok) problems.push(...recurrence.problems);
    const policy = body.catchUpPolicy ?? CatchUpPolicy.RunOnce;
    if (!Number.isInteger(policy) || policy < 0 || policy > 2)
      problems.push({
        target: 'catchUpPolicy',
        value: 'catchUpPolicy must be 0 (Skip), 1 (RunOnce) or 2 (RunAll).',
      });
    const notification = body.notification
      ? readNotification(body.notification, 'notification.', problems)
      : (current?.notification ?? null);
    const given: ScheduleInput[] = [];
    for (const [i, entry] of (body.processInputs ?? []).entries()) {
      const id = normalizeGuid(entry.id ?? '');
      if (!id)
        problems.push({
          target: `processInputs[${i}].id`,
          value: 'Each process input names its INPUT variable by id (GUID).',
        });
      else given.push({ id, value: entry.value ?? null });
    }
    if (problems.length > 0 || !processId || !recurrence.ok) throw invalidInput(problems);

    const checked = await this.deps.instances
      .checkKeptInputs(workspaceId, processId, given)
      .catch((error: unknown) => {
        if (error instanceof SluiceError)
          throw invalidInput(
            error.items.map((item) => ({
              target: `processInputs.${item.target}`,
              value: item.value,
            })),
          );
        throw error;
      });
    if (!checked)
      throw invalidInput([
        { target: 'schedules', value: 'The target process does not exist in this workspace.' },
      ]);
    const sameProcess = current?.processId === processId;
    const processInputs = given
      .map((input): ScheduleInput => {
        if (!checked.checked)
          return { id: input.id, value: withoutForeignPaths(input.value, current?.id ?? null) };
        const value = checked.values[input.id];
        if (!checked.fileInputs.has(input.id)) return { id: input.id, value };
        // An uploaded file stays while the input keeps its id (clients send back what they read).
        const stored = sameProcess
          ? current.processInputs.find((i) => i.id === input.id)?.value
          : undefined;
        const keep = (entry: unknown): unknown => {
          if (!isFileEntry(entry)) return entry;
          const kept = entriesOf(stored).find(
            (s) =>
              isFileEntry(s) &&
              sameFileId(s.id, entry.id) &&
              typeof s.path === 'string' &&
              s.path !== '',
          );
          return kept ?? entry;
        };
        return { id: input.id, value: Array.isArray(value) ? value.map(keep) : keep(value) };
      })
      .filter((input) => !checked.checked || input.id in checked.values);

    const rule = recurrence.recurrence;
    const info = rule.info ?? describeRecurrence(rule);
    const document = recurrenceDocument(rule, info);
    return {
      name,
      description: body.description ?? null,
      processId,
      processInputs,
      notification,
      recurrence: document,
      catchUpPolicy: policy,
      nextFireOn: enabled ? new FireTimes(rule).firstFrom(this.deps.clock.now()) : null,
    };
  }

  private firstFire(document: Record<string, unknown>): Date | null {
    const result = readRecurrence(document as RecurrenceInput);
    return result.ok ? new FireTimes(result.recurrence).firstFrom(this.deps.clock.now()) : null;
  }

  /** The inputs of a copy: its own copies of the original's uploaded files. */
  private async copyInputs(
    original: ScheduleRecord,
    copyId: string,
    copied: string[],
  ): Promise<ScheduleInput[]> {
    const out: ScheduleInput[] = [];
    for (const input of original.processInputs) {
      const copyEntry = async (entry: unknown): Promise<unknown> => {
        if (!isFileEntry(entry) || typeof entry.path !== 'string') return entry;
        const owner = parseFlowPath(entry.path);
        if (owner?.instanceId !== original.id || !isValidBlobKey(entry.path)) return entry;
        const path = flowFilePath(original.processId, copyId, input.id, entry.id);
        const opened = await this.deps.blobs.open(entry.path);
        if (!opened) return { ...entry, path: '', size: 0, mimeType: '', hash: '' };
        await this.deps.blobs.put(path, opened.stream);
        copied.push(path);
        return { ...entry, path };
      };
      const value = Array.isArray(input.value)
        ? await Promise.all(input.value.map(copyEntry))
        : await copyEntry(input.value);
      out.push({ id: input.id, value });
    }
    return out;
  }

  private async deleteFiles(paths: string[]): Promise<void> {
    for (const path of paths) await this.deps.blobs.delete(path).catch(() => false);
  }

  private async load(caller: Caller, rawId: string): Promise<ScheduleRecord> {
    const id = normalizeGuid(rawId);
    const schedule = id ? await this.deps.store.get(this.workspaceOf(caller), id) : null;
    if (!schedule) throw notFound();
    return schedule;
  }

  private workspaceOf(caller: Caller): string {
    return caller.workspace.workspace.id;
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): ScheduleChange {
    const { user } = caller.principal;
    return { at: this.deps.clock.now(), userId: user.id, userName: user.userName };
  }
}

function requiredHeader(value: string | undefined, header: string): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '')
    throw invalidInput([{ target: header, value: `The ${header} header is required.` }]);
  return trimmed;
}

/**
 * Inputs kept unchecked (the process does not compile yet): a file-like value may only name bytes
 * this schedule holds, so a client cannot point a run at another holder's file.
 */
function withoutForeignPaths(value: unknown, scheduleId: string | null): unknown {
  const clean = (entry: unknown): unknown => {
    if (!isFileEntry(entry) || typeof entry.path !== 'string' || entry.path === '') return entry;
    const owner = parseFlowPath(entry.path);
    return scheduleId !== null && owner?.instanceId === scheduleId ? entry : { ...entry, path: '' };
  };
  return Array.isArray(value) ? value.map(clean) : clean(value);
}

function dropped(before: string[], after: string[]): string[] {
  return before.filter((path) => !after.includes(path));
}

function withoutRecurrencePrefix(problem: { target: string; value: string }) {
  return { target: problem.target.replace(/^recurrence\./, ''), value: problem.value };
}

/** Reads notification settings; `emailList` holds addresses separated by `,` or `;`. */
function readNotification(
  body: NotificationBody,
  prefix: string,
  problems: { target: string; value: string }[],
): ScheduleNotification {
  const emailList = body.emailList?.trim() ?? '';
  const addresses = emailAddresses(emailList);
  const bad = emailList
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter((a) => a !== '' && !EMAIL.test(a));
  if (bad.length > 0)
    problems.push({
      target: `${prefix}emailList`,
      value: `Not an e-mail address: ${bad.map((a) => JSON.stringify(a)).join(', ')}.`,
    });
  const isEnabled = body.isEnabled === true;
  if (isEnabled && addresses.length === 0 && bad.length === 0)
    problems.push({
      target: `${prefix}emailList`,
      value: 'Enabled notifications need at least one e-mail address.',
    });
  return { emailList, isEnabled, onSuccess: body.onSuccess === true, onFail: body.onFail === true };
}

export function emailAddresses(emailList: string): string[] {
  return emailList
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter((a) => EMAIL.test(a));
}

function lastFireView(last: LastFire | null): ScheduleView['lastFire'] {
  return last
    ? {
        dueOn: last.dueOn.toISOString(),
        firedOn: last.firedOn.toISOString(),
        instanceId: last.instanceId,
        skippedReason: last.skippedReason,
      }
    : null;
}

function view(s: ScheduleRecord): ScheduleView {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    status: s.enabled,
    targetProcess: s.processId,
    processName: s.processName,
    processInputs: s.processInputs,
    notification: s.notification ?? NO_NOTIFICATION,
    recurrence: s.recurrence,
    catchUpPolicy: s.catchUpPolicy,
    nextRunOn: s.nextFireOn?.toISOString() ?? null,
    lastFire: lastFireView(s.lastFire),
    workspaceId: s.workspaceId,
    createdBy: s.createdBy,
    createdById: s.createdById,
    createdOn: s.createdOn.toISOString(),
    updatedBy: s.updatedBy,
    updatedById: s.updatedById,
    updatedOn: s.updatedOn.toISOString(),
  };
}

function runView(f: ScheduleFireRecord): ScheduleRunView {
  return {
    dueOn: f.dueOn.toISOString(),
    firedOn: f.firedOn.toISOString(),
    outcome: f.outcome,
    instanceId: f.instanceId,
    skippedReason: f.reason,
    detail: f.detail,
    lagMs: f.lagMs,
  };
}
