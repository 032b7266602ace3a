// Schedule routes (API.md §8): `/api/Schedules` list, read, create, replace, delete, duplicate,
// enable/disable, validate-crontab, notification settings, Sluice's fire log, and the schedules of
// one process (`/api/Projects/{id}/restricted/schedules`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Caller } from '../../services/process.service.js';
import type {
  CrontabBody as CrontabInput,
  NotificationBody as NotificationInput,
  ScheduleBody as ScheduleInput,
  ScheduleService,
} from '../../services/schedule.service.js';
import { Page, PageQuery, pageEnvelope, pageRequest, pageWindow } from '../pagination.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';
import {
  CrontabAnswer,
  CrontabBody,
  NotificationAnswer,
  NotificationBody,
  Schedule,
  ScheduleBody,
  ScheduleRun,
} from '../schemas/schedules.schemas.js';

const TAGS = ['Schedules'];
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };
const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;

const IdParams = Type.Object({ scheduleId: Type.String({ description: 'Schedule id (GUID).' }) });
const ProcessParams = Type.Object({ id: Type.String({ description: 'Process id (GUID).' }) });
const StatusQuery = Type.Object({
  enable: Type.Boolean({ description: 'true enables, false disables.' }),
});
type PageQueryValue = Static<typeof PageQuery>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

export function registerScheduleRoutes(
  app: FastifyInstance,
  deps: { schedules: ScheduleService },
): void {
  const { schedules } = deps;

  const listed = async (
    request: FastifyRequest,
    query: PageQueryValue,
    processId: string | null,
  ) => {
    const page = pageRequest(query);
    const { total, items } = await schedules.list(caller(request), {
      search: page.search,
      processId,
      ...pageWindow(page),
    });
    return pageEnvelope(page, total, items);
  };

  app.get<{ Querystring: PageQueryValue }>(
    '/api/Schedules',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Schedules of the workspace by name, with their process’s name',
        security: PRINCIPAL_SECURITY,
        querystring: PageQuery,
        response: { 200: Page(Schedule), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => listed(request, request.query, null),
  );

  app.get<{ Params: Static<typeof ProcessParams>; Querystring: PageQueryValue }>(
    '/api/Projects/:id/restricted/schedules',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Schedules that start this process',
        security: PRINCIPAL_SECURITY,
        params: ProcessParams,
        querystring: PageQuery,
        response: { 200: Page(Schedule), ...Errors },
      },
    },
    async (request) => listed(request, request.query, request.params.id),
  );

  app.post<{ Body: CrontabInput }>(
    '/api/Schedules/validate-crontab',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Describe a CRON expression and list its next occurrences (UTC)',
        security: PRINCIPAL_SECURITY,
        body: CrontabBody,
        response: { 200: CrontabAnswer, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => schedules.validateCrontab(request.body),
  );

  app.post<{ Body: NotificationInput }>(
    '/api/Schedules/notifications',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Set who is mailed after the schedule’s runs (`id` = the schedule)',
        security: PRINCIPAL_SECURITY,
        body: NotificationBody,
        response: { 200: NotificationAnswer, ...Errors },
      },
    },
    async (request) => schedules.setNotification(caller(request), request.body),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/Schedules/notifications/:scheduleId',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The notification settings of a schedule',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: NotificationAnswer, ...Errors },
      },
    },
    async (request) => schedules.notification(caller(request), request.params.scheduleId),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/Schedules/:scheduleId',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'A schedule',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Schedule, ...Errors },
      },
    },
    async (request) => schedules.get(caller(request), request.params.scheduleId),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: PageQueryValue }>(
    '/api/Schedules/:scheduleId/runs',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The fire log of a schedule, newest first: instances started and fires skipped',
        description:
          'Sluice addition. Each due time appears once: `started` with its instance, or ' +
          '`skipped` with the reason (inactive, invalid, inputs, missing). `lagMs` = firedOn − dueOn.',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(ScheduleRun), ...Errors },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { total, items } = await schedules.runs(
        caller(request),
        request.params.scheduleId,
        pageWindow(page),
      );
      return pageEnvelope(page, total, items);
    },
  );

  app.post<{ Body: ScheduleInput }>(
    '/api/Schedules',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Create a schedule; it starts enabled',
        security: PRINCIPAL_SECURITY,
        body: ScheduleBody,
        response: { 200: Schedule, ...Errors },
      },
    },
    async (request) => schedules.create(caller(request), request.body),
  );

  app.put<{ Body: ScheduleInput }>(
    '/api/Schedules',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Replace a schedule (by `id`); its enabled status is kept',
        security: PRINCIPAL_SECURITY,
        body: ScheduleBody,
        response: { 200: Schedule, ...Errors },
      },
    },
    async (request) => schedules.update(caller(request), request.body),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/Schedules/:scheduleId',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a schedule; answers "Deleted schedule with id <id>"',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Type.String(), ...Errors },
      },
    },
    async (request, reply) => {
      const message = await schedules.delete(caller(request), request.params.scheduleId);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(message));
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/Schedules/:scheduleId/duplicate',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Copy a schedule: "<name> (copy)", disabled so it does not fire twice',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Schedule, ...Errors },
      },
    },
    async (request) => schedules.duplicate(caller(request), request.params.scheduleId),
  );

  app.patch<{ Params: Static<typeof IdParams>; Querystring: Static<typeof StatusQuery> }>(
    '/api/Schedules/:scheduleId/status',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Enable (`enable=true`) or disable a schedule; answers the schedule',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        querystring: StatusQuery,
        response: { 200: Schedule, ...Errors },
      },
    },
    async (request) =>
      schedules.setStatus(caller(request), request.params.scheduleId, request.query.enable),
  );
}
