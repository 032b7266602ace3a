// Schemas shared by every area: the PROCESIO error body, the pagination envelope, GUIDs.
import { Type } from '@sinclair/typebox';

export const ErrorItem = Type.Object({
  statusCode: Type.Integer({ description: 'PROCESIO error code (not the HTTP status).' }),
  value: Type.String({ description: 'Message.' }),
  target: Type.String({ description: 'The offending field, entity or label.' }),
});

export const ErrorBody = Type.Array(ErrorItem, { description: 'PROCESIO error body.' });

/** Responses every authenticated route may give besides its success. */
export const AUTH_ERRORS = { 401: ErrorBody, 403: ErrorBody } as const;

export const Guid = Type.String({
  format: 'uuid',
  description: 'GUID (any case in, lower case out).',
});

export const Message = Type.Object({ message: Type.String() });

/** Security requirements as PROCESIO's Swagger names them. */
type SecurityRequirement = Record<string, string[]>;
export const PRINCIPAL_SECURITY: SecurityRequirement[] = [
  { Bearer: [] },
  { KeyName: [], KeyValue: [] },
];
export const USER_SECURITY: SecurityRequirement[] = [{ Bearer: [] }];
