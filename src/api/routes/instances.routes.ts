// Instances (API.md §4): publish, launch, run (sync or async), status, output, stop and the
// instance lists of a process.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { roleAllows } from '../../domain/identity.js';
import { SluiceError, invalidInput } from '../../errors/catalogue.js';
import { ActionStatus } from '../../engine/statuses.js';
import type { ExecutablePlan } from '../../flow/plan.js';
import type { ActionRunRecord, InstanceRecord } from '../../ports/instance.store.js';
import type { Caller, InstanceService } from '../../services/instance.service.js';
import { Page, PageQuery, pageEnvelope, pageRequest, pageWindow } from '../pagination.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const SECURITY = {
  security: { auth: 'principal', workspace: true, body: ['json', 'form', 'other'] },
} as const;
const TAGS = ['Instances'];

const SyncQuery = Type.Object({
  runSynchronous: Type.Optional(Type.Boolean()),
  secondsTimeOut: Type.Optional(Type.Integer()),
  debugMode: Type.Optional(Type.Boolean()),
  flowTemplateId: Type.Optional(Type.String()),
});
type SyncQuery = Static<typeof SyncQuery>;

const RunBody = Type.Object({
  payload: Type.Optional(Type.Unknown()),
  connectionId: Type.Optional(Type.Unknown()),
});
const LaunchBody = Type.Object({
  flowTemplateId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  processId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  connectionId: Type.Optional(Type.Unknown()),
});
const StatusQuery = Type.Object({
  flowTemplateId: Type.Optional(Type.String()),
  isArchived: Type.Optional(Type.Boolean()),
  getActions: Type.Optional(Type.Boolean()),
  getVariables: Type.Optional(Type.Boolean()),
  getInternalVariables: Type.Optional(Type.Boolean()),
  addExtras: Type.Optional(Type.Boolean()),
});
type StatusQuery = Static<typeof StatusQuery>;
const ListQuery = Type.Object({
  ...PageQuery.properties,
  filterStatus: Type.Optional(Type.Array(Type.Integer())),
});

const Envelope = Type.Object({
  instanceId: Type.String(),
  status: Type.Integer(),
  variable: Type.Record(Type.String(), Type.Unknown()),
  error: Type.Array(Type.Unknown()),
});
const InstanceRow = Type.Object({}, { additionalProperties: true });

function caller(request: FastifyRequest): Caller {
  return {
    workspaceId: request.workspaceContext!.workspace.id,
    userId: request.principal!.user.id,
  };
}

function mayRun(request: FastifyRequest): void {
  if (!roleAllows(request.workspaceContext!.role, 'create'))
    throw new SluiceError('FORBIDDEN', 'role', { value: 'Unauthorized user.' });
}

/** The instance document (§4.6): variables carry their run-time value in `defaultValue`. */
function instanceDocument(
  instance: InstanceRecord,
  plan: ExecutablePlan,
  runs: ActionRunRecord[],
  options: {
    actions: boolean;
    variables: boolean;
    internal: boolean;
    extras: boolean;
    workspaceName: string | null;
  },
) {
  const variables = [...plan.variables.values()]
    .filter(
      (v) =>
        ((v.orientation === 10 || v.orientation === 30) && options.variables) ||
        ((v.orientation === 20 || v.orientation === 40) && options.internal),
    )
    .map((v) => ({
      id: v.id,
      contextId: null,
      name: v.name,
      dataType: v.type.dataTypeId,
      type: v.orientation,
      isList: v.type.isList,
      isError: v.isError,
      isRequired: v.isRequired,
      defaultValue: instance.variables[v.id] ?? null,
    }));
  const latest = new Map<string, ActionRunRecord>();
  for (const run of runs) {
    const seen = latest.get(run.actionId);
    if (!seen || seen.startedOn <= run.startedOn) latest.set(run.actionId, run);
  }
  const actions = [...plan.nodes.values()].map((node) => {
    const run = latest.get(node.id);
    const error = run?.error as { message?: string } | null | undefined;
    return {
      id: node.id,
      flowId: instance.id,
      templateId: node.templateId,
      parentId: node.forEachId,
      actionName: node.name,
      status: run?.status ?? ActionStatus.None,
      errorMessage: error?.message ?? null,
      isDisabled: node.disabled,
      // Sluice additions: the timing and attempts of the action's latest record (a For Each
      // body action's latest item); null for an action that has not run.
      startedOn: run?.startedOn.toISOString() ?? null,
      finishedOn: run?.finishedOn?.toISOString() ?? null,
      attempts: run?.attempts ?? null,
    };
  });
  const extras = options.extras
    ? {
        firstName: null,
        lastName: null,
        workspaceName: options.workspaceName,
        formName: null,
        webhookName: instance.trigger.kind === 'webhook' ? instance.trigger.name : null,
        scheduleName: instance.trigger.kind === 'schedule' ? instance.trigger.name : null,
      }
    : {};
  return {
    id: instance.id,
    parentId: instance.processId,
    status: instance.status,
    title: instance.title,
    description: null,
    isValid: true,
    active: true,
    timeout: plan.timeout,
    currentActionId: instance.currentActionId,
    debugMode: false,
    isNotification: false,
    canvasData: null,
    customResponse: null,
    dataRetention: null,
    webhooks: [],
    parentFlow: instance.parentInstanceId
      ? {
          parentId: instance.parentInstanceId,
          flowTemplateId: null,
          actionId: instance.parentActionId,
        }
      : null,
    workspaceId: instance.workspaceId,
    createdBy: null,
    createdById: instance.createdById,
    createdOn: instance.createdOn.toISOString(),
    updatedBy: null,
    updatedById: instance.createdById,
    updatedOn: instance.updatedOn.toISOString(),
    timeConsumed: instance.timeConsumed,
    actionsConsumed: instance.actionsConsumed,
    version: instance.version,
    variables,
    ...(options.actions ? { actions } : {}),
    ...extras,
  };
}

function listRow(instance: InstanceRecord) {
  return {
    id: instance.id,
    parentId: instance.processId,
    title: instance.title,
    formName: null,
    webhookName: instance.trigger.kind === 'webhook' ? instance.trigger.name : null,
    scheduleName: instance.trigger.kind === 'schedule' ? instance.trigger.name : null,
    createdOn: instance.createdOn.toISOString(),
    updatedOn: instance.updatedOn.toISOString(),
    timeConsumed: instance.timeConsumed,
    totalTimeConsumed:
      instance.finishedOn && instance.launchedOn
        ? instance.finishedOn.getTime() - instance.launchedOn.getTime()
        : null,
    actionsConsumed: instance.actionsConsumed,
    status: instance.status,
    currentActionId: instance.currentActionId,
    workspaceId: instance.workspaceId,
    timeout: null,
    version: instance.version,
  };
}

export function registerInstanceRoutes(
  app: FastifyInstance,
  deps: { instances: InstanceService },
): void {
  const service = deps.instances;

  async function answerSync(reply: FastifyReply, instanceId: string, query: SyncQuery) {
    if (!query.runSynchronous) return { instanceId };
    const { envelope, custom } = await service.awaitResult(instanceId, query.secondsTimeOut);
    if (custom)
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(custom.value ?? null));
    return envelope;
  }

  app.post<{ Params: { processId: string }; Querystring: SyncQuery; Body: Static<typeof RunBody> }>(
    '/api/Projects/:processId/run',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Publish and launch in one call; sync with runSynchronous=true',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ processId: Type.String() }),
        querystring: SyncQuery,
        body: RunBody,
        response: { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      mayRun(request);
      if (request.query.runSynchronous && request.query.debugMode)
        throw invalidInput([
          {
            target: 'debugMode',
            value: 'Cannot run a process in sync mode and debug mode at the same time.',
          },
        ]);
      const instance = await service.run(
        caller(request),
        request.params.processId,
        request.body.payload,
        undefined,
        { wait: request.query.runSynchronous === true },
      );
      return answerSync(reply, instance.id, request.query);
    },
  );

  const publish = async (
    request: FastifyRequest<{ Params: { processId: string }; Body: unknown }>,
  ) => {
    mayRun(request);
    const { instance, plan } = await service.publish(
      caller(request),
      request.params.processId,
      request.body ?? {},
    );
    const doc = instanceDocument(instance, plan, [], {
      actions: false,
      variables: true,
      internal: true,
      extras: true,
      workspaceName: request.workspaceContext!.workspace.name,
    });
    return { ...doc, flows: doc };
  };
  for (const method of ['POST', 'GET'] as const) {
    app.route<{ Params: { processId: string }; Body: unknown }>({
      method,
      url: '/api/Projects/:processId/instances/publish',
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary:
          'Create an instance (status 1) with its inputs; body keyed by input name or [{id, value}]',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ processId: Type.String() }),
        response: { 200: InstanceRow, 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS },
      },
      handler: publish,
    });
    app.route<{
      Params: { instanceId: string };
      Querystring: SyncQuery;
      Body: Static<typeof LaunchBody>;
    }>({
      method,
      url: '/api/Projects/instances/:instanceId/launch',
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Start a published instance; sync with runSynchronous=true',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ instanceId: Type.String() }),
        querystring: SyncQuery,
        ...(method === 'POST' ? { body: LaunchBody } : {}),
      },
      handler: async (request, reply) => {
        mayRun(request);
        if (request.query.runSynchronous && request.query.debugMode) {
          return reply
            .code(400)
            .type('application/json; charset=utf-8')
            .send(
              JSON.stringify(
                'Launch failed! Cannot run a process in sync mode and debug mode at the same time.',
              ),
            );
        }
        const body = (request.body ?? {}) as Static<typeof LaunchBody>;
        const processId =
          body.flowTemplateId || body.processId || request.query.flowTemplateId || null;
        const instance = await service.launch(
          caller(request),
          request.params.instanceId,
          processId,
        );
        return answerSync(reply, instance.id, request.query);
      },
    });
  }

  app.get<{ Params: { instanceId: string }; Querystring: StatusQuery }>(
    '/api/Projects/instances/:instanceId/status',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Instance state: the instance document plus status, variable and error',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ instanceId: Type.String() }),
        querystring: StatusQuery,
        response: { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const instance = await service.get(caller(request), request.params.instanceId);
      const flowTemplateId = request.query.flowTemplateId;
      if (flowTemplateId && flowTemplateId.toLowerCase() !== instance.processId)
        throw new SluiceError('INVALID_INPUT', 'flow', {
          value: 'The instance does not belong to this process.',
        });
      const plan = await service.planOf(instance);
      const q = request.query;
      const runs = q.getActions === false ? [] : await service.actionRuns(instance.id);
      const doc = instanceDocument(instance, plan, runs, {
        actions: q.getActions !== false,
        variables: q.getVariables !== false,
        internal: q.getInternalVariables !== false,
        extras: q.addExtras !== false,
        workspaceName: request.workspaceContext!.workspace.name,
      });
      const envelope = service.envelope(instance, plan);
      return { instance: doc, ...envelope };
    },
  );

  app.get<{ Params: { instanceId: string } }>(
    '/api/Projects/instances/:instanceId/output',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The result envelope of an instance',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ instanceId: Type.String() }),
        response: { 200: Type.Object({ instance: Envelope }), 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const instance = await service.get(caller(request), request.params.instanceId);
      return { instance: service.envelope(instance, await service.planOf(instance)) };
    },
  );

  app.post<{ Params: { instanceId: string } }>(
    '/api/Projects/instances/:instanceId/stop',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Stop an instance (status 6)',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ instanceId: Type.String() }),
        response: { 200: Type.String(), 400: Type.String(), 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      mayRun(request);
      await service.stop(caller(request), request.params.instanceId);
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify('Stop process instance is complete.'));
    },
  );

  app.get<{ Params: { processId: string }; Querystring: Static<typeof ListQuery> }>(
    '/api/Projects/:processId/instances',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Instances of a process, newest first',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ processId: Type.String() }),
        querystring: ListQuery,
        response: { 200: Page(InstanceRow), ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { offset, limit } = pageWindow(page);
      const result = await service.list(
        caller(request),
        request.params.processId,
        request.query.filterStatus ?? null,
        offset,
        limit,
      );
      return pageEnvelope(page, result.total, result.items.map(listRow));
    },
  );

  const HistoryQuery = Type.Object({
    ...PageQuery.properties,
    filter: Type.Optional(Type.Integer()),
    monthFilter: Type.Optional(Type.String()),
  });
  app.get<{ Params: { processId: string }; Querystring: Static<typeof HistoryQuery> }>(
    '/api/Projects/:processId/history',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary:
          'Instances of a process created in a time span (filter: 1 last hour … 14 a certain month, default 5 = last 30 days)',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ processId: Type.String() }),
        querystring: HistoryQuery,
        response: { 200: Page(InstanceRow), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { offset, limit } = pageWindow(page);
      const result = await service.history(
        caller(request),
        request.params.processId,
        request.query.filter ?? 5,
        request.query.monthFilter,
        offset,
        limit,
      );
      return pageEnvelope(page, result.total, result.items.map(listRow));
    },
  );

  app.get<{ Params: { processId: string }; Querystring: { filterStatus?: number[] } }>(
    '/api/Projects/:processId/instances/count',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'How many instances a process has',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ processId: Type.String() }),
        querystring: Type.Object({ filterStatus: Type.Optional(Type.Array(Type.Integer())) }),
        response: { 200: Type.Integer(), ...AUTH_ERRORS },
      },
    },
    async (request) => {
      return service.count(
        caller(request),
        request.params.processId,
        request.query.filterStatus ?? null,
      );
    },
  );
}
