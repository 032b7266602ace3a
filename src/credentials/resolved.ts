// Owns the shape of a credential as the code that connects with it sees it: its template and its
// property values, secrets in clear. It never leaves the server.
import type { CredentialTemplate } from './templates.js';

export interface ResolvedCredential {
  id: string;
  template: CredentialTemplate;
  name: string;
  /** Property id (lower case) → value; secrets decrypted. */
  values: Map<string, unknown>;
}
