// Owns every error the API can answer with: a stable code, PROCESIO's `statusCode`, the HTTP
// status and the message. One place, so the docs (docs/errors.md) and the handler agree.

export interface ErrorItem {
  statusCode: number;
  value: string;
  target: string;
}

interface ErrorDefinition {
  /** PROCESIO error code sent as `statusCode` in the body. */
  readonly statusCode: number;
  readonly http: number;
  readonly value: string;
}

export const ERRORS = {
  /** No credentials presented on a route that needs a principal. */
  UNAUTHENTICATED: { statusCode: 501, http: 401, value: 'Unauthorized user.' },
  /** Credentials presented but none valid (bad, expired or revoked token; unknown API key). */
  INVALID_CREDENTIALS: { statusCode: 501, http: 403, value: 'Unauthorized user.' },
  /** Workspace missing where required, unknown, or not accessible to the caller. */
  WORKSPACE_UNAUTHORIZED: { statusCode: 501, http: 401, value: 'Unauthorized user.' },
  /** Authenticated but the operation is not allowed to this principal or role. */
  FORBIDDEN: { statusCode: 501, http: 403, value: 'Unauthorized user.' },
  /** Generic invalid input; target = the field. */
  INVALID_INPUT: {
    statusCode: 502,
    http: 400,
    value: 'Invalid request due to missing or incorrect resource parameters.',
  },
  /** An id that does not exist in the selected workspace; target = the entity. */
  NOT_FOUND: { statusCode: 450, http: 404, value: 'Database requested information not found.' },
  /** No route for this method and path. */
  ROUTE_NOT_FOUND: { statusCode: 404, http: 404, value: 'Route not found.' },
  METHOD_NOT_ALLOWED: { statusCode: 405, http: 405, value: 'Method not allowed.' },
  PAYLOAD_TOO_LARGE: { statusCode: 413, http: 413, value: 'Request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, http: 415, value: 'Unsupported media type.' },
  TOO_MANY_REQUESTS: {
    statusCode: 429,
    http: 429,
    value: 'Too many failed login attempts. Try again later.',
  },
  INTERNAL: { statusCode: 500, http: 500, value: 'Internal server error.' },
  /** Old password did not match on password change. */
  OLD_PASSWORD_INCORRECT: { statusCode: 502, http: 400, value: 'Old password is incorrect.' },
  /** Password reset token unknown, used or expired. */
  RESET_TOKEN_INVALID: {
    statusCode: 502,
    http: 400,
    value: 'Password reset token is invalid or expired.',
  },
  /** Password outside the allowed length. */
  PASSWORD_POLICY: {
    statusCode: 502,
    http: 400,
    value: 'Password must be 8 to 128 characters long.',
  },
  /** Publish, run or launch of a process whose activation is off. */
  PROCESS_INACTIVE: { statusCode: 502, http: 400, value: 'Process is inactive.' },
  /** The per-user, per-workspace API key limit is reached. */
  MAX_NR_API_KEYS: { statusCode: 502, http: 400, value: 'MAX_NR_API_KEYS' },
  /** A process with the requested id already exists (in this or any other workspace). */
  PROCESS_ID_TAKEN: { statusCode: 502, http: 400, value: 'A process with this id already exists.' },
  /** Delete refused: other processes call this one as a sub-process; the value names them. */
  PROCESS_IN_USE: {
    statusCode: 502,
    http: 400,
    value: 'The process is called as a sub-process by other processes.',
  },
  /** Download (API.md §4.9): no stored file at that path, or it is not the caller's to read. */
  FILE_NOT_FOUND: { statusCode: 450, http: 404, value: 'FILE_NOT_FOUND' },
  /** Upload (API.md §4.3): the fileId is not an id in the target variable's value. */
  UPLOAD_FILE_NOT_FOUND: { statusCode: 450, http: 400, value: 'FILE_NOT_FOUND' },
  /** Upload (API.md §4.8): the named variable is not a File input of the target. */
  UPLOAD_ACTION_NOT_FOUND: { statusCode: 450, http: 400, value: 'UPLOAD_ACTION_NOT_FOUND' },
  /** A flowTemplateId (processId) that is not the instance's process; target = flow. */
  INSTANCE_PROCESS_MISMATCH: {
    statusCode: 450,
    http: 400,
    value: 'The instance does not belong to this process.',
  },
  /** Upload to an instance that was already launched. */
  INSTANCE_ALREADY_LAUNCHED: {
    statusCode: 502,
    http: 400,
    value: 'Files can be uploaded only before the instance is launched.',
  },
  /** An uploaded file over SLUICE_FILE_LIMIT_BYTES. */
  FILE_TOO_LARGE: { statusCode: 413, http: 413, value: 'The file is too large.' },
  /** Delete refused: a process variable or another model's attribute uses the data model. */
  DATA_TYPE_IN_USE: {
    statusCode: 502,
    http: 400,
    value: 'The data model is used by processes or other data models.',
  },
  /** A required credential property (one whose condition holds) is empty; target = its label. */
  CREDENTIAL_FIELD_EMPTY: {
    statusCode: 113,
    http: 400,
    value: 'Required credentials fields should not be empty.',
  },
  /** Delete refused: the flow of a process binds the webhook; the value names the processes. */
  WEBHOOK_IN_USE: { statusCode: 502, http: 400, value: 'The webhook is bound to processes.' },
  /** Delete refused: processes of the workspace use the credential; the value names them. */
  CREDENTIAL_IN_USE: { statusCode: 502, http: 400, value: 'The credential is used by processes.' },
  /** A credential test (API.md §7.4) whose peer refused or could not be reached; value = its error. */
  CREDENTIAL_TEST_FAILED: { statusCode: 502, http: 400, value: 'The connection test failed.' },
  /** Flow validation (API.md §3.9): an action has more input edges than its template allows. */
  FLOW_TOO_MANY_INPUTS: { statusCode: 383, http: 400, value: 'Action has too many input ports.' },
  /** Flow validation: an action other than Start has no input edge. */
  FLOW_TOO_FEW_INPUTS: { statusCode: 390, http: 400, value: 'Action has too few input ports.' },
  /** Flow validation: an action with output ports has no normal output edge. */
  FLOW_TOO_FEW_OUTPUTS: { statusCode: 391, http: 400, value: 'Action has too few output ports.' },
  /** Action catalogue (API.md §9.1): platform actions and folders cannot be changed or deleted. */
  ACTION_PLATFORM_READ_ONLY: {
    statusCode: 502,
    http: 400,
    value: 'Platform actions and folders are read-only.',
  },
  /** A folder name already used by a sibling folder (names compare in any case). */
  ACTION_FOLDER_NAME_TAKEN: {
    statusCode: 502,
    http: 400,
    value: 'A folder with this name already exists here.',
  },
  /** Delete refused: the folder still holds folders or templates. */
  ACTION_FOLDER_NOT_EMPTY: {
    statusCode: 502,
    http: 400,
    value: 'The folder is not empty: move or delete its folders and templates first.',
  },
  /** A folder, template, custom action or test id already used (here or in another workspace). */
  ACTION_ID_TAKEN: { statusCode: 502, http: 400, value: 'This id is already in use.' },
  /** `POST /api/Actions/test` of an action that cannot run on its own. */
  ACTION_NOT_TESTABLE: { statusCode: 502, http: 400, value: 'This action cannot be tested.' },
  /** A test id whose previous run has not finished. */
  ACTION_TEST_RUNNING: {
    statusCode: 502,
    http: 400,
    value: 'A test with this id is still running.',
  },
  /** `POST /api/Actions` (API.md §9.5) with something other than a Sluice action package. */
  NOT_A_SLUICE_PACKAGE: {
    statusCode: 502,
    http: 400,
    value:
      'Not a Sluice action package: sluice-action.json missing or invalid (.NET custom actions cannot run on Sluice).',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** An error the API answers with the PROCESIO error body. */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly http: number;
  readonly items: ErrorItem[];
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    target: string,
    options: { value?: string; headers?: Record<string, string>; extra?: ErrorItem[] } = {},
  ) {
    const def: ErrorDefinition = ERRORS[code];
    const value = options.value ?? def.value;
    super(`${code}: ${value} (${target})`);
    this.name = 'SluiceError';
    this.code = code;
    this.http = def.http;
    this.items = [{ statusCode: def.statusCode, value, target }, ...(options.extra ?? [])];
    this.headers = options.headers ?? {};
  }
}

/** Builds a 400 with one item per invalid field (statusCode 502, target = the field path). */
export function invalidInput(items: { target: string; value: string }[]): SluiceError {
  const [first, ...rest] = items;
  if (!first) return new SluiceError('INVALID_INPUT', 'request');
  return new SluiceError('INVALID_INPUT', first.target, {
    value: first.value,
    extra: rest.map((r) => ({
      statusCode: ERRORS.INVALID_INPUT.statusCode,
      value: r.value,
      target: r.target,
    })),
  });
}

/**
 * A failure PROCESIO answers with a bare JSON string instead of the error array (API.md §0.4),
 * e.g. "Invalid key id.".
 */
export class BareStringError extends Error {
  constructor(
    readonly http: number,
    readonly body: string,
  ) {
    super(body);
    this.name = 'BareStringError';
  }
}
