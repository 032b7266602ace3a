// Owns the OAuth-style failures of the Proxy API (`invalid_grant`, `invalid_request`, …), which
// PROCESIO answers in the token body shape rather than the error array.

export type OAuthErrorCode = 'invalid_grant' | 'invalid_request' | 'unsupported_grant_type';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** HTTP status in token mode; cookie mode always answers 400. */
    readonly tokenModeStatus: number = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }
}

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid user credentials';
