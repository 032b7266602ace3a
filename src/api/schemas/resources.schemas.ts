// Schemas of the usage analytics routes (API.md §11).
import { Type } from '@sinclair/typebox';
import { Guid } from './common.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const RangeQuery = Type.Object({
  startDate: Type.Optional(
    Type.String({ description: 'ISO-8601; instances created from then on. Default: 30 days ago.' }),
  ),
  endDate: Type.Optional(
    Type.String({
      description: 'ISO-8601, exclusive (a date alone includes that day). Default: now.',
    }),
  ),
});

export const PagedRangeQuery = Type.Object({
  ...RangeQuery.properties,
  pageNumber: Type.Optional(Type.Integer()),
  pageItemCount: Type.Optional(Type.Integer()),
  searchName: Type.Optional(Type.String()),
});

export const Usage = Type.Object({
  subscriptionType: Type.String(),
  price: Type.Number(),
  time: Type.Object({
    consumed: Type.Number({ description: 'Action time in this workspace, ms.' }),
    masterConsumed: Type.Number({
      description: 'Action time in every workspace of the caller, ms.',
    }),
    canExceedPaidTime: Type.Boolean(),
    limit: Type.Object({ soft: Type.Null(), hard: Type.Null() }),
    notifyThreshold: Type.Null(),
  }),
  average: Type.Object({
    platform: Type.Object({
      total: Type.Number({ description: 'Mean ms per platform action execution.' }),
      internal: Type.Number({ description: 'Actions without network I/O.' }),
      external: Type.Number({
        description: 'Integration actions (Call API, e-mail, SQL, files…).',
      }),
    }),
    custom: Type.Number({ description: 'Mean ms per custom action execution.' }),
  }),
  expirationDate: Type.Null(),
  autoRenewable: Type.Boolean(),
});

export const ProcessRow = Type.Object({
  processId: Guid,
  processName: Type.String(),
  totalRuns: Type.Integer(),
  successfulRuns: Type.Integer({ description: 'Status 50.' }),
  failedRuns: Type.Integer({ description: 'Status 40.' }),
  stoppedRuns: Type.Integer({ description: 'Status 6.' }),
  runningRuns: Type.Integer({ description: 'Not yet terminal.' }),
  actionsConsumed: Type.Integer(),
  totalTime: Type.Number({ description: 'Action time, ms.' }),
  meanDuration: NullableNumber,
  p95Duration: NullableNumber,
  lastRunOn: NullableString,
});

export const ProcessActionRow = Type.Object({
  processId: Guid,
  actionId: Guid,
  actionName: NullableString,
  templateId: NullableString,
  totalRuns: Type.Integer(),
  failedRuns: Type.Integer(),
  totalTime: Type.Number(),
  actionExecutionTime: Type.Number({ description: 'Mean ms per execution.' }),
});

export const InstanceActionRow = Type.Object({
  instanceId: Guid,
  actionId: Guid,
  actionName: NullableString,
  totalRuns: Type.Integer(),
  totalTime: Type.Number(),
  actionExecutionTime: Type.Number(),
});

export const UserRow = Type.Object({
  userId: Type.Union([Guid, Type.Null()]),
  userName: NullableString,
  firstName: NullableString,
  lastName: NullableString,
  totalRuns: Type.Integer(),
  successfulRuns: Type.Integer(),
  failedRuns: Type.Integer(),
  actionsConsumed: Type.Integer(),
  totalTime: Type.Number(),
});
