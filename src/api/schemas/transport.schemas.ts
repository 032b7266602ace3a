// Schemas of the bundle routes (API.md §13.1).
import { Type } from '@sinclair/typebox';

const IdList = Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()]));
const Flag = Type.Optional(Type.String({ description: 'true or false, in any case.' }));

export const ExportEntitiesRequest = Type.Object(
  {
    dataModelIds: IdList,
    flowIds: IdList,
    credentialIds: IdList,
    webhookIds: IdList,
    documentIds: IdList,
    formIds: IdList,
    dataStoreIds: IdList,
    exportSensitiveData: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  {
    description:
      'The entities to export by id; what they use (data models, webhooks, credentials, called ' +
      'flows) comes along. Documents, forms and data stores are not supported and left out.',
  },
);

export const ExportHeaders = Type.Object({
  exportDataTypes: Flag,
  exportFlows: Flag,
  exportCredentials: Flag,
  exportWebhooks: Flag,
  exportSensitiveData: Flag,
  exportPassword: Type.Optional(
    Type.String({ description: 'At least 12 characters; seals secrets when they are exported.' }),
  ),
});

export const ImportHeaders = Type.Object({
  overrideData: Flag,
  importDataTypes: Flag,
  importFlows: Flag,
  importCredentials: Flag,
  importWebhooks: Flag,
  importDocuments: Flag,
  importForms: Flag,
  importDataStores: Flag,
  importPassword: Type.Optional(Type.String({ description: 'Opens sealed secret values.' })),
});

const Count = Type.Integer();

export const ImportAnswer = Type.Object({
  imported: Type.Object({
    dataTypes: Count,
    credentials: Count,
    webhooks: Count,
    flows: Count,
  }),
  skipped: Type.Array(
    Type.Object({
      type: Type.String(),
      id: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
    }),
  ),
  idMap: Type.Record(Type.String(), Type.String(), {
    description: 'Ids another workspace holds, and the ids they got here.',
  }),
});
