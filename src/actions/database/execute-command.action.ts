// Owns Execute Command under PROCESIO's two templates: a statement that changes rows, answered by
// the number of rows it inserted, updated or deleted. The current template binds `@name`
// parameters from its "Parameters config tab"; V1 takes the command as it is.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { sqlAction, type SqlActionIds } from './sql-statement.js';

export const EXECUTE_COMMAND_IDS = {
  Template: 'a1625da6-c093-4695-a97c-3c3d9a9b0cae',
  Credential: '5f75a4fd-d0f5-4ac1-8257-467e50e7292e',
  Statement: '824575f6-7652-4bc2-8186-63b32c92cc22',
  Parameters: '0acb249e-8b21-4bfd-946c-1e65e26baa68',
  Timeout: '2be309c6-9144-4b27-a722-fbc9c89735c2',
  Output: 'e6ffaa2d-2c32-412d-a9d4-b1038ece9d38',
} as const satisfies SqlActionIds;

export const EXECUTE_COMMAND_V1_IDS = {
  Template: 'c2760ff2-cd9e-49b4-b751-c05c88e06dac',
  Credential: '6701cb8b-3bde-4c7e-a45d-c37eaeff5e3d',
  Statement: '53896b0d-73a6-412f-9e67-224ca1daae7c',
  Timeout: 'f3452b3a-2c10-40df-9d34-2d2779dc6ed6',
  Output: 'f3452b3a-2c10-40df-9d34-2d2779dc6ed7',
} as const satisfies SqlActionIds;

export const executeCommandAction = sqlAction({
  ids: EXECUTE_COMMAND_IDS,
  name: 'Execute Command',
  credentialLabel: 'Select Database Server',
  statementLabel: 'Command',
  statementType: DataTypeIds.String,
  timeoutLabel: 'Time Out',
  timeoutLimits: { min: 60, max: 1800 },
  output: 'affectedRows',
  outputType: DataTypeIds.Integer,
});

export const executeCommandV1Action = sqlAction({
  ids: EXECUTE_COMMAND_V1_IDS,
  name: 'Execute Command V1',
  credentialLabel: 'Select SQL credentials',
  statementLabel: 'Command',
  statementType: DataTypeIds.Object,
  timeoutLabel: 'Timeout',
  timeoutDefault: '100',
  output: 'affectedRows',
  // PROCESIO types V1's count as Object.
  outputType: DataTypeIds.Object,
});
