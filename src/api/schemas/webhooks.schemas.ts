// Schemas of the webhook routes (API.md §5.1): the WebhookDto as it is sent and answered.
import { Type } from '@sinclair/typebox';
import { Guid } from './common.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableBoolean = Type.Union([Type.Boolean(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const ResponseConfigRequest = Type.Union([
  Type.Object({
    configType: Type.Optional(NullableInteger),
    config: Type.Optional(Type.Unknown()),
  }),
  Type.Null(),
]);

const DedupeRequest = Type.Union([
  Type.Object({
    source: Type.Optional(NullableInteger),
    path: Type.Optional(NullableString),
    windowSeconds: Type.Optional(NullableInteger),
  }),
  Type.Null(),
]);

export const WebhookRequest = Type.Object(
  {
    id: Type.Optional(NullableString),
    name: Type.Optional(NullableString),
    payloadIsList: Type.Optional(NullableBoolean),
    hasHeader: Type.Optional(NullableBoolean),
    hasQuery: Type.Optional(NullableBoolean),
    dataModelId: Type.Optional(NullableString),
    type: Type.Optional(NullableInteger),
    definition: Type.Optional(Type.Unknown({ description: 'The sample payload, verbatim.' })),
    isEdited: Type.Optional(NullableBoolean),
    dataModel: Type.Optional(Type.Unknown({ description: 'Designer data, stored verbatim.' })),
    customResponseConfig: Type.Optional(ResponseConfigRequest),
    dedupe: Type.Optional(DedupeRequest),
  },
  {
    description:
      'A webhook: `name` (≤ 32 characters, unique in the workspace), `type` AUTO 0 / MANUAL 1, ' +
      '`customResponseConfig {configType: StaticJson 1 | Javascript 2 | JsonPath 3, config}`, ' +
      'and Sluice’s `dedupe {source: 1 header | 2 body, path, windowSeconds}` (null = off). ' +
      'On PUT, fields left out keep their stored values.',
  },
);

export const WebhookDto = Type.Object({
  id: Guid,
  name: Type.String(),
  payloadIsList: Type.Boolean(),
  hasHeader: Type.Boolean(),
  hasQuery: Type.Boolean(),
  dataModelId: Type.Union([Guid, Type.Null()]),
  type: Type.Integer({ description: 'AUTO 0, MANUAL 1.' }),
  definition: Type.Unknown(),
  isEdited: Type.Boolean(),
  dataModel: Type.Unknown(),
  customResponseConfig: Type.Union([
    Type.Object({ configType: Type.Integer(), config: Type.Unknown() }),
    Type.Null(),
  ]),
  dedupe: Type.Union([
    Type.Object({
      source: Type.Integer({ description: '1 header, 2 body (JSONPath).' }),
      path: Type.String(),
      windowSeconds: Type.Integer(),
    }),
    Type.Null(),
  ]),
  workspaceId: Guid,
  createdBy: NullableString,
  createdById: Type.Union([Guid, Type.Null()]),
  createdOn: DateTime,
  updatedBy: NullableString,
  updatedById: Type.Union([Guid, Type.Null()]),
  updatedOn: DateTime,
});

export const ProcessReference = Type.Object({
  id: Guid,
  title: Type.String(),
  workspaceId: Guid,
});

export const WebhookIdParams = Type.Object({
  id: Type.String({ description: 'Webhook id (GUID).' }),
});

export const LaunchParams = Type.Object({
  webhookId: Type.String({ description: 'Webhook id (GUID).' }),
});
