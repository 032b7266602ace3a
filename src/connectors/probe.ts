// Owns the contract of a credential probe (API.md §7.4): a live check that a credential lets
// Sluice reach its peer, within a time limit and through the egress policy. Each connector
// (REST, SMTP, SQL, FTP) provides the probe for its credential templates.
import type { ResolvedCredential } from '../credentials/resolved.js';
import type { EgressPolicy } from '../net/egress.js';

export interface ProbeContext {
  /** Aborted when the probe's time limit (10 s) passes. */
  signal: AbortSignal;
  egress: EgressPolicy;
  /** Reads a file a credential property names (certificates, keys), or null when there is none. */
  readFile(path: string): Promise<Buffer | null>;
}

export type ProbeResult =
  | { ok: true; message: string }
  /** The peer refused or could not be reached; `message` is the peer's own error. */
  | { ok: false; message: string };

export type CredentialProbe = (
  credential: ResolvedCredential,
  context: ProbeContext,
) => Promise<ProbeResult>;
