// Usage analytics (API.md §11): `/api/Resources/used` and the per-process, per-action, per-instance
// and per-user figures, over a range of instance creation dates.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AnalyticsService } from '../../services/analytics.service.js';
import type { Caller } from '../../services/process.service.js';
import { Page, pageInMemory, pageRequest } from '../pagination.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';
import {
  InstanceActionRow,
  PagedRangeQuery,
  ProcessActionRow,
  ProcessRow,
  RangeQuery,
  Usage,
  UserRow,
} from '../schemas/resources.schemas.js';

const TAGS = ['Resources'];
const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
const IdParams = Type.Object({ id: Type.String({ description: 'GUID.' }) });
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };

type RangeRequest = FastifyRequest<{ Querystring: Static<typeof RangeQuery> }>;
type PagedRequest = FastifyRequest<{ Querystring: Static<typeof PagedRangeQuery> }>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

export function registerResourceRoutes(
  app: FastifyInstance,
  deps: { analytics: AnalyticsService },
): void {
  const { analytics } = deps;
  const rangeOf = (request: RangeRequest | PagedRequest) =>
    analytics.range(request.query.startDate, request.query.endDate);

  app.get(
    '/api/Resources/used',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Usage of the workspace: action time and mean times per action execution',
        security: PRINCIPAL_SECURITY,
        querystring: RangeQuery,
        response: { 200: Usage, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request: RangeRequest) => analytics.usage(caller(request), rangeOf(request)),
  );

  app.get(
    '/api/Resources/analytics/processes',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Runs, outcomes, durations and actions consumed per process (paged by name)',
        security: PRINCIPAL_SECURITY,
        querystring: PagedRangeQuery,
        response: { 200: Page(ProcessRow), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request: PagedRequest) => {
      const who = caller(request);
      const range = rangeOf(request);
      const page = pageInMemory(
        await analytics.processes(who, range),
        pageRequest(request.query),
        (row) => row.processName,
        (row) => row.processId,
      );
      return { ...page, pageItems: await analytics.withPercentiles(who, range, page.pageItems) };
    },
  );

  app.get(
    '/api/Resources/analytics/processes/:id/details',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Executions, failures and times per action of one process',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(ProcessActionRow), ...Errors },
      },
    },
    async (
      request: FastifyRequest<{
        Params: Static<typeof IdParams>;
        Querystring: Static<typeof RangeQuery>;
      }>,
    ) => analytics.processDetails(caller(request), request.params.id, rangeOf(request)),
  );

  app.get(
    '/api/Resources/analytics/instances/:id/details',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Executions and times per action of one instance (a bare array)',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Type.Array(InstanceActionRow), ...Errors },
      },
    },
    async (request: FastifyRequest<{ Params: Static<typeof IdParams> }>) =>
      analytics.instanceDetails(caller(request), request.params.id),
  );

  app.get(
    '/api/Resources/analytics/users',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Runs and actions consumed per user who started them (paged by user name)',
        security: PRINCIPAL_SECURITY,
        querystring: PagedRangeQuery,
        response: { 200: Page(UserRow), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request: PagedRequest) =>
      pageInMemory(
        await analytics.users(caller(request), rangeOf(request)),
        pageRequest(request.query),
        (row) => row.userName ?? '',
        (row) => row.userId ?? '',
      ),
  );
}
