// Owns Execute Query under PROCESIO's three templates: the current one binds `@name` parameters
// from its "Parameters config tab"; V2 and V1 take the query as it is (V1 has no time limit
// setting). All answer the rows as a list of objects.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { sqlAction, type SqlActionIds } from './sql-statement.js';

export const EXECUTE_QUERY_IDS = {
  Template: '76470756-6dbd-4ab2-a4bf-88b47ed381ba',
  Credential: 'f96ff811-572f-084a-8cac-a74a2c2e365f',
  Statement: '11350a1d-4139-d942-adcb-a2c2c52e5e22',
  Parameters: '73416282-bcfe-4934-9e40-a39f2bb33d2d',
  Timeout: '9ce93b2d-5226-4228-a64d-3693c8d3e0e3',
  Output: '8aa02e91-1a1e-a44a-b09b-6965d67da04d',
} as const satisfies SqlActionIds;

export const EXECUTE_QUERY_V2_IDS = {
  Template: 'a9f851c2-e0ba-4fee-9a06-5445ba000001',
  Credential: 'a9f851c2-e0ba-4fee-9a06-5445bc000011',
  Statement: 'a9f851c2-e0ba-4fee-9a06-5445bc000014',
  Timeout: 'a9f851c2-e0ba-4fee-9a06-5445bc000015',
  Output: 'a9f851c2-e0ba-4fee-9a06-5445bc000013',
} as const satisfies SqlActionIds;

export const EXECUTE_QUERY_V1_IDS = {
  Template: '574a2ab1-4d24-4d6c-9483-f61597a6d5ff',
  Credential: 'a9d217b3-6a3c-44c5-81ff-581c860fb560',
  Statement: '487bcfdb-67fd-49c0-bf02-0fb614dbb800',
  Output: '459b4db8-25f1-4903-9be8-3239312e93e6',
} as const satisfies SqlActionIds;

const rows = { output: 'rows', outputType: DataTypeIds.Object } as const;

export const executeQueryAction = sqlAction({
  ids: EXECUTE_QUERY_IDS,
  name: 'Execute Query',
  credentialLabel: 'Select Database Server',
  statementLabel: 'Query',
  statementType: DataTypeIds.Object,
  timeoutLabel: 'Time Out',
  timeoutLimits: { min: 60, max: 1800 },
  ...rows,
});

export const executeQueryV2Action = sqlAction({
  ids: EXECUTE_QUERY_V2_IDS,
  name: 'Execute Query V2',
  credentialLabel: 'Select Database Server',
  statementLabel: 'Query',
  statementType: DataTypeIds.Object,
  timeoutLabel: 'Timeout',
  timeoutDefault: '100',
  ...rows,
});

export const executeQueryV1Action = sqlAction({
  ids: EXECUTE_QUERY_V1_IDS,
  name: 'Execute Query V1',
  credentialLabel: 'Select SQL credentials',
  statementLabel: 'Query',
  statementType: DataTypeIds.Object,
  ...rows,
});
