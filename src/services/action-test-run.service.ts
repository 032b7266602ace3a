// Owns testing one action on its own (API.md §9.4): the request is bound like a one-action
// process (its placeholders read the test's variables, whose values are the test values), the
// action runs in the background under the same per-action time limit and services as in a
// process, and the result is kept one hour. Files for a test are uploaded first; they and the
// files the action makes live under the test's id, readable and downloadable by its workspace.
import type { Readable } from 'node:stream';
import {
  ActionError,
  type ActionDefinition,
  type ActionFailure,
  type ActionServices,
} from '../actions/action.js';
import type { ActionRegistry } from '../actions/registry.js';
import { checkValue } from '../domain/data-types/check-value.js';
import { DataTypeIds, type DataTypeResolver } from '../domain/data-types/types.js';
import { roleAllows } from '../domain/identity.js';
import { isGuid, newId, normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import { compileFlow } from '../flow/compile.js';
import type { FlowRequestDto, ParameterDto, VariableDto } from '../flow/flow.schema.js';
import type { PlanNode, PlanVariable } from '../flow/plan.js';
import {
  attributeChain,
  resolveAttributePath,
  resolveBoundValue,
  writeReference,
  type VariableReference,
} from '../flow/placeholders.js';
import {
  CONTROL_TEMPLATE_IDS,
  SettingDirections,
  type TemplateCatalog,
} from '../flow/template-catalog.js';
import type { FileValue } from '../files/file-value.js';
import type { ActionStore, ActionTestFileRecord, ActionTestRecord } from '../ports/action.store.js';
import { BlobTooLargeError, isValidBlobKey, type BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { TickTask } from '../scheduler/ticker.js';
import type { ActionCatalogueService } from './action-catalogue.service.js';
import { flowFilePath, parseFlowPath } from './file.service.js';
import type { Caller } from './process.service.js';

/** The process segment of every test file's path: tests are not processes (Sluice's range). */
export const ACTION_TEST_PROCESS_ID = '5a1ce0a0-7e57-4000-8000-000000000001';
/** How long results and uploads are kept (API.md §9.4). */
export const ACTION_TEST_LIFETIME_MS = 60 * 60 * 1000;

/** ActionStatus values a test answers with. */
export const TestStatus = { Running: 10, Done: 40, Error: 90 } as const;

/** PROCESIO's OutputTarget for a value the action produced. */
const OUTPUT_TARGET_VALUE = 1;
const CLEANUP_EVERY_MS = 60_000;
const CLEANUP_BATCH = 100;
/** A running test older than its time limit plus this is reported as interrupted. */
const STALE_GRACE_MS = 60_000;
const MAX_VALUE_DEPTH = 16;

export interface ActionTestInput {
  gid?: string | null | undefined;
  variables?: VariableDto[] | null | undefined;
  testValues?: { variableId: string; value?: unknown; attribute?: unknown }[] | null | undefined;
  action: { gtid: string; parameters?: ParameterDto[] | null | undefined };
}

export interface ActionTestResultDto {
  id: string;
  status: number;
  outputValues: { propertyId: string; outputTarget: number; value: unknown }[];
  variables: { id: string; name: string; value: unknown }[];
  errorMessage: string | null;
  errorCode: string | null;
  startedOn: string;
  finishedOn: string | null;
}

/** The ids of an upload for a test, as the client sent them (headers). */
export interface TestUploadRequest {
  testActionId?: string | undefined;
  variableId?: string | undefined;
  fileId?: string | undefined;
}

export interface IncomingTestFile {
  filename: string;
  mimeType: string;
  content: Readable | AsyncIterable<Uint8Array>;
}

export interface ActionTestDeps {
  catalogue: ActionCatalogueService;
  registry: ActionRegistry;
  store: ActionStore;
  blobs: BlobStore;
  /** Credentials, files and egress for the action, as a process of the workspace gets them. */
  services: (owner: { id: string; processId: string; workspaceId: string }) => ActionServices;
  dataTypes: (workspaceId: string) => Promise<DataTypeResolver>;
  clock: Clock;
  /** The same limit an action has in a process. */
  actionTimeoutMs: number;
  fileLimitBytes: number;
  log: (message: string, fields: Record<string, unknown>) => void;
}

interface PreparedTest {
  id: string;
  workspaceId: string;
  definition: ActionDefinition;
  node: PlanNode;
  variables: ReadonlyMap<string, PlanVariable>;
  values: Record<string, unknown>;
  types: DataTypeResolver;
  startedOn: Date;
}

export class ActionTestRunService {
  private readonly running = new Set<Promise<void>>();
  /** Aborted on close: running tests end (as interrupted) instead of holding the shutdown. */
  private readonly closing = new AbortController();
  private lastCleanup = 0;

  constructor(private readonly deps: ActionTestDeps) {}

  /** `POST /api/Actions/test`: checks and binds the request, starts the run, answers at once. */
  async start(caller: Caller, input: ActionTestInput): Promise<{ id: string; status: number }> {
    this.requireCreate(caller);
    const workspaceId = caller.workspace.workspace.id;
    const id = optionalGuid(input.gid, 'gid') ?? newId();
    const { template, definition } = await this.deps.catalogue.testable(
      workspaceId,
      input.action.gtid,
      'action.gtid',
    );
    const types = await this.deps.dataTypes(workspaceId);
    // A test answers every output in `outputValues`: binding one to a variable is optional.
    const tested = {
      ...template,
      settings: template.settings.map((s) =>
        s.direction === SettingDirections.Output ? { ...s, isRequired: false } : s,
      ),
    };
    const catalog: TemplateCatalog = {
      get: (templateId) =>
        templateId.toLowerCase() === template.id.toLowerCase()
          ? tested
          : this.deps.registry.get(templateId),
    };
    const { node, variables } = this.compile(id, template.id, input, catalog, types);
    const uploads = await this.deps.store.testFiles(workspaceId, id);
    const values = this.testValues(input, variables, types, uploads);

    const startedOn = this.deps.clock.now();
    const started = await this.deps.store.startTest({
      id,
      workspaceId,
      templateId: template.id.toLowerCase(),
      createdById: caller.principal.user.id,
      startedOn,
      expiresOn: new Date(startedOn.getTime() + ACTION_TEST_LIFETIME_MS),
    });
    if (!started) {
      const elsewhere = await this.deps.store.testIdTakenElsewhere(workspaceId, id);
      throw new SluiceError(elsewhere ? 'ACTION_ID_TAKEN' : 'ACTION_TEST_RUNNING', 'gid');
    }
    const run = this.run({
      id,
      workspaceId,
      definition,
      node,
      variables,
      values,
      types,
      startedOn,
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { id, status: TestStatus.Running };
  }

  /** `GET /api/Actions/test/{id}`: the result, or the running state; 404 after an hour. */
  async result(caller: Caller, rawId: string): Promise<ActionTestResultDto> {
    if (!roleAllows(caller.workspace.role, 'read')) throw new SluiceError('FORBIDDEN', 'role');
    const id = normalizeGuid(rawId);
    const test = id ? await this.deps.store.test(caller.workspace.workspace.id, id) : null;
    const now = this.deps.clock.now();
    if (!test || test.expiresOn.getTime() <= now.getTime())
      throw new SluiceError('NOT_FOUND', 'test');
    if (test.status !== TestStatus.Running) return test.result as ActionTestResultDto;
    const overdue = test.startedOn.getTime() + this.deps.actionTimeoutMs + STALE_GRACE_MS;
    // Past its time limit without a result: the server process that ran it stopped first.
    if (now.getTime() > overdue)
      return {
        ...emptyResult(test),
        status: TestStatus.Error,
        errorMessage: 'The test run was interrupted before it finished.',
        errorCode: 'interrupted',
      };
    return emptyResult(test);
  }

  /**
   * `POST /api/File/upload/testAction`: stores the bytes of a File test value before the test
   * runs (headers `testActionId` = the future `gid`, `variableId`, `fileId`). Answers the file id.
   */
  async upload(
    caller: Caller,
    request: TestUploadRequest,
    read: (store: (file: IncomingTestFile) => Promise<string>) => Promise<string>,
  ): Promise<string> {
    this.requireCreate(caller);
    const workspaceId = caller.workspace.workspace.id;
    const testId = requiredGuid(request.testActionId, 'testActionId');
    const variableId = requiredGuid(request.variableId, 'variableId');
    const rawFileId = request.fileId?.trim() ?? '';
    if (rawFileId === '')
      throw invalidInput([{ target: 'fileId', value: 'The fileId header is required.' }]);
    const fileId = normalizeGuid(rawFileId) ?? rawFileId;
    const path = flowFilePath(ACTION_TEST_PROCESS_ID, testId, variableId, fileId);
    if (!isValidBlobKey(path))
      throw invalidInput([
        {
          target: 'fileId',
          value:
            'The file id may hold only letters, digits, ".", "_" and "-", and not start with ".".',
        },
      ]);
    if (await this.deps.store.testIdTakenElsewhere(workspaceId, testId))
      throw new SluiceError('ACTION_ID_TAKEN', 'testActionId');
    const existing = await this.deps.store.test(workspaceId, testId);
    if (existing?.status === TestStatus.Running)
      throw new SluiceError('ACTION_TEST_RUNNING', 'testActionId');
    return read(async (file) => {
      let stored;
      try {
        stored = await this.deps.blobs.put(path, file.content, {
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
        id: fileId,
        path,
        size: stored.size,
        mimeType: file.mimeType,
        hash: stored.sha256,
      };
      await this.deps.store.saveTestFile({
        testId,
        workspaceId,
        variableId,
        fileId,
        value,
        expiresOn: new Date(this.deps.clock.now().getTime() + ACTION_TEST_LIFETIME_MS),
      });
      return fileId;
    });
  }

  /**
   * What `GET /api/File/download` finds under a test's id: its uploads, variables and outputs
   * (null when the workspace has no such test).
   */
  async fileHolder(
    workspaceId: string,
    holderId: string,
  ): Promise<{ processId: string; variables: Record<string, unknown> } | null> {
    const test = await this.deps.store.test(workspaceId, holderId);
    const uploads = await this.deps.store.testFiles(workspaceId, holderId);
    if (!test && uploads.length === 0) return null;
    const variables: Record<string, unknown> = {};
    for (const upload of uploads)
      variables[upload.variableId] = [
        ...((variables[upload.variableId] as unknown[] | undefined) ?? []),
        upload.value,
      ];
    const result = test?.result as ActionTestResultDto | null | undefined;
    for (const variable of result?.variables ?? []) variables[variable.id] = variable.value;
    if (result?.outputValues) variables.outputValues = result.outputValues;
    return { processId: ACTION_TEST_PROCESS_ID, variables };
  }

  /** Deletes expired tests and uploads with their files; returns how many records went. */
  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const tests = await this.deps.store.expiredTests(now, CLEANUP_BATCH);
      for (const test of tests) {
        const paths = new Set<string>();
        for (const upload of await this.deps.store.testFiles(test.workspaceId, test.id))
          collectPaths(upload.value, test.id, paths, 0);
        collectPaths(test.result, test.id, paths, 0);
        for (const path of paths) await this.deps.blobs.delete(path).catch(() => false);
        await this.deps.store.deleteTest(test.id);
        purged += 1;
      }
      if (tests.length < CLEANUP_BATCH) break;
    }
    for (;;) {
      const uploads = await this.deps.store.expiredTestFiles(now, CLEANUP_BATCH);
      for (const upload of uploads) {
        const paths = new Set<string>();
        collectPaths(upload.value, upload.testId, paths, 0);
        for (const path of paths) await this.deps.blobs.delete(path).catch(() => false);
        await this.deps.store.deleteTestFile(upload.testId, upload.variableId, upload.fileId);
        purged += 1;
      }
      if (uploads.length < CLEANUP_BATCH) break;
    }
    return purged;
  }

  /** The periodic clean-up: at most once a minute. */
  readonly task: TickTask = {
    name: 'action-tests',
    run: async (now: Date) => {
      if (now.getTime() - this.lastCleanup < CLEANUP_EVERY_MS) return;
      this.lastCleanup = now.getTime();
      await this.purgeExpired(now);
    },
  };

  /** Interrupts the runs this process started and waits until their results are recorded. */
  async close(): Promise<void> {
    this.closing.abort('server stopping');
    await Promise.allSettled([...this.running]);
  }

  // ----- binding -----

  /** Binds the request as the flow Start → action → Stop; problems answer 400. */
  private compile(
    id: string,
    templateId: string,
    input: ActionTestInput,
    catalog: TemplateCatalog,
    types: DataTypeResolver,
  ): { node: PlanNode; variables: ReadonlyMap<string, PlanVariable> } {
    const [startId, actionId, stopId] = [newId(), newId(), newId()];
    const edge = (sourceId: string, destinationId: string) => ({
      id: newId(),
      sourceId,
      destinationId,
      type: 0 as const,
    });
    const flow: FlowRequestDto = {
      id,
      title: 'Action test',
      variables: input.variables ?? [],
      actions: [
        {
          id: startId,
          templateId: CONTROL_TEMPLATE_IDS.Start,
          ports: [edge(startId, actionId)],
          parameters: [],
        },
        {
          id: actionId,
          templateId,
          ports: [edge(actionId, stopId)],
          parameters: input.action.parameters ?? [],
        },
        { id: stopId, templateId: CONTROL_TEMPLATE_IDS.Stop, ports: [], parameters: [] },
      ],
    };
    const { plan, problems } = compileFlow(flow, catalog, types, { processExists: () => true });
    if (!plan)
      throw invalidInput(
        problems.map((p) => ({
          value: p.value,
          target:
            p.target === actionId
              ? 'action'
              : p.target.startsWith(`${actionId}.`)
                ? `action.parameters.${p.target.slice(actionId.length + 1)}`
                : p.target,
        })),
      );
    return { node: plan.nodes.get(actionId)!, variables: plan.variables };
  }

  /** The variables' starting values: defaults, then the test values written over them. */
  private testValues(
    input: ActionTestInput,
    variables: ReadonlyMap<string, PlanVariable>,
    types: DataTypeResolver,
    uploads: readonly ActionTestFileRecord[],
  ): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const variable of variables.values()) values[variable.id] = variable.defaultValue;
    (input.testValues ?? []).forEach((testValue, index) => {
      const at = `testValues[${index}]`;
      const variableId = normalizeGuid(testValue.variableId ?? '');
      const variable = variableId ? variables.get(variableId) : undefined;
      if (!variable)
        throw invalidInput([
          { target: `${at}.variableId`, value: 'The test value names no variable of the test.' },
        ]);
      const attributeIds = attributeChain(testValue.attribute ?? null);
      if (!attributeIds)
        throw invalidInput([
          { target: `${at}.attribute`, value: 'The attribute path is malformed.' },
        ]);
      const resolved = resolveAttributePath(variable.type, attributeIds, types);
      if ('error' in resolved)
        throw invalidInput([{ target: `${at}.attribute`, value: resolved.error }]);
      const reference: VariableReference = {
        variableId: variable.id,
        path: resolved.path,
        type: resolved.type,
      };
      let value: unknown = testValue.value ?? null;
      if (resolved.type.dataTypeId.toLowerCase() === DataTypeIds.File)
        value = uploadedFiles(value, variable.id, uploads, `${at}.value`);
      else if (resolved.path.length === 0) {
        // Values typed as text by the designer become the variable's type where they fit; one
        // that does not fit is left for the action to refuse, as it would be in a process.
        const checked = checkValue(variable.type, value, types);
        if (checked.ok) value = checked.value;
      }
      values[variable.id] = writeReference(reference, values[variable.id], value);
    });
    return values;
  }

  // ----- running -----

  private async run(test: PreparedTest): Promise<void> {
    const outputValues: ActionTestResultDto['outputValues'] = [];
    let failure: ActionFailure | null = null;
    try {
      const inputs: Record<string, unknown> = {};
      for (const [settingId, parameter] of test.node.parameters) {
        if (parameter.setting?.direction === 3) continue;
        inputs[settingId] = resolveBoundValue(parameter.input, (id) => test.values[id] ?? null);
      }
      const outputs = await this.withTimeout(test.definition, {
        inputs,
        signal: this.closing.signal,
        idempotencyKey: `${test.id}:${test.node.id}:-1`,
        attempt: 1,
        instance: { id: test.id, processId: ACTION_TEST_PROCESS_ID, workspaceId: test.workspaceId },
        log: (message, fields) =>
          this.deps.log(message, { testId: test.id, workspaceId: test.workspaceId, ...fields }),
        ...this.deps.services({
          id: test.id,
          processId: ACTION_TEST_PROCESS_ID,
          workspaceId: test.workspaceId,
        }),
      });
      for (const [settingId, value] of Object.entries(outputs)) {
        outputValues.push({ propertyId: settingId, outputTarget: OUTPUT_TARGET_VALUE, value });
        const output = test.node.parameters.get(settingId.toLowerCase())?.output;
        if (output) this.write(test, output, value);
      }
    } catch (error) {
      failure = failureOf(error);
    }
    const finishedOn = this.deps.clock.now();
    const result: ActionTestResultDto = {
      id: test.id,
      status: failure ? TestStatus.Error : TestStatus.Done,
      outputValues,
      variables: [...test.variables.values()].map((v) => ({
        id: v.id,
        name: v.name,
        value: test.values[v.id] ?? null,
      })),
      errorMessage: failure?.message ?? null,
      errorCode: failure?.type ?? null,
      startedOn: test.startedOn.toISOString(),
      finishedOn: finishedOn.toISOString(),
    };
    try {
      await this.deps.store.finishTest(test.id, {
        status: result.status,
        result,
        finishedOn,
        expiresOn: new Date(finishedOn.getTime() + ACTION_TEST_LIFETIME_MS),
      });
    } catch (error) {
      this.deps.log('recording a test result failed', {
        testId: test.id,
        err: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private write(test: PreparedTest, reference: VariableReference, value: unknown): void {
    const variable = test.variables.get(reference.variableId);
    let converted = value;
    if (variable && reference.path.length === 0 && value !== null && value !== undefined) {
      const checked = checkValue(variable.type, value, test.types);
      if (checked.ok) converted = checked.value;
    }
    test.values[reference.variableId] = writeReference(
      reference,
      test.values[reference.variableId],
      converted,
    );
  }

  /** Aborts the action's signal at the limit and gives up on an action that ignores it. */
  private async withTimeout(
    definition: ActionDefinition,
    context: Parameters<ActionDefinition['execute']>[0],
  ): Promise<Record<string, unknown>> {
    const limit = this.deps.actionTimeoutMs;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort('timeout'), limit);
    const signal = AbortSignal.any([context.signal, timer.signal]);
    try {
      const ended = new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () =>
          reject(
            timer.signal.aborted
              ? ActionError.of(
                  'timeout',
                  `The action did not finish within ${Math.round(limit / 1000)} s.`,
                  { retryable: true },
                )
              : ActionError.of('interrupted', 'The test was interrupted: the server is stopping.'),
          ),
        ),
      );
      return await Promise.race([definition.execute({ ...context, signal }), ended]);
    } finally {
      clearTimeout(handle);
    }
  }

  private requireCreate(caller: Caller): void {
    if (!roleAllows(caller.workspace.role, 'create')) throw new SluiceError('FORBIDDEN', 'role');
  }
}

function emptyResult(test: ActionTestRecord): ActionTestResultDto {
  return {
    id: test.id,
    status: test.status,
    outputValues: [],
    variables: [],
    errorMessage: null,
    errorCode: null,
    startedOn: test.startedOn.toISOString(),
    finishedOn: null,
  };
}

function optionalGuid(value: string | null | undefined, target: string): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const id = normalizeGuid(value);
  if (!id) throw invalidInput([{ target, value: `${target} must be a GUID.` }]);
  return id;
}

function requiredGuid(value: string | undefined, header: string): string {
  const id = optionalGuid(value, header);
  if (!id) throw invalidInput([{ target: header, value: `The ${header} header is required.` }]);
  return id;
}

function failureOf(error: unknown): ActionFailure {
  if (error instanceof ActionError) return error.failure;
  return {
    type: 'internal',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}

/** Same id: GUIDs in any case, other ids exactly. */
function sameFileId(a: string, b: string): boolean {
  return a === b || (isGuid(a) && isGuid(b) && a.toLowerCase() === b.toLowerCase());
}

/**
 * Replaces the file references in a File test value (a file id, or an object with its `id`) with
 * the files uploaded for the test. A value that already carries a `path` (a file of an instance)
 * is kept as it is, for the action's file access to check.
 */
function uploadedFiles(
  value: unknown,
  variableId: string,
  uploads: readonly ActionTestFileRecord[],
  target: string,
): unknown {
  const one = (item: unknown): unknown => {
    if (item === null || item === undefined || item === '') return null;
    const record =
      typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
    const fileId =
      typeof item === 'string' ? item : typeof record?.id === 'string' ? record.id : null;
    const upload =
      fileId === null
        ? undefined
        : uploads.find((u) => u.variableId === variableId && sameFileId(u.fileId, fileId));
    if (upload) return upload.value;
    if (record && typeof record.path === 'string' && record.path !== '') return item;
    throw invalidInput([
      {
        target,
        value: `No file ${JSON.stringify(fileId ?? '')} was uploaded for this test and variable (POST /api/File/upload/testAction).`,
      },
    ]);
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Blob keys of the file values under `value` that belong to the test. */
function collectPaths(value: unknown, testId: string, into: Set<string>, depth: number): void {
  if (depth > MAX_VALUE_DEPTH || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectPaths(item, testId, into, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.path === 'string') {
    const owner = parseFlowPath(record.path);
    if (owner?.instanceId === testId && isValidBlobKey(record.path)) into.add(record.path);
  }
  for (const nested of Object.values(record)) collectPaths(nested, testId, into, depth + 1);
}
