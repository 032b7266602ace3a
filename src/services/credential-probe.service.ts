// Owns the live test of a credential (API.md §7.4) and the uploads of the files credentials name
// (§7.3): which probe runs, under which limit and egress policy, what a failed probe answers, and
// the one thing a test may persist — the tested credential's `status`.
import { probeFor, runProbe } from '../connectors/probes.js';
import { roleAllows } from '../domain/identity.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { EgressPolicy } from '../net/egress.js';
import type { CredentialFiles } from './credential-files.js';
import type { CredentialInput, CredentialService } from './credential.service.js';
import type { IncomingFile } from './file.service.js';
import type { Caller } from './process.service.js';

export interface ProbeAnswer {
  isSuccess: true;
  message: string;
}

export class CredentialProbeService {
  constructor(
    private readonly deps: {
      credentials: CredentialService;
      files: CredentialFiles;
      egress: EgressPolicy;
      /** Overrides the 10 s limit of API.md §7.4 (tests). */
      limitMs?: number;
    },
  ) {}

  get fileLimitBytes(): number {
    return this.deps.files.fileLimitBytes;
  }

  /**
   * Probes the credential. Success answers what was checked; a peer that refused or could not be
   * reached answers 400 with the peer's own error (`target` `connection`).
   */
  async test(caller: Caller, input: CredentialInput): Promise<ProbeAnswer> {
    const { credential, storedVersion } = await this.deps.credentials.prepareTest(caller, input);
    const probe = probeFor(credential.template);
    if (!probe)
      throw invalidInput([
        {
          target: 'gtid',
          value: `Credentials of type "${credential.template.type}" cannot be tested.`,
        },
      ]);
    const workspaceId = caller.workspace.workspace.id;
    const result = await runProbe(
      probe,
      credential,
      {
        egress: this.deps.egress,
        readFile: (path) => this.deps.files.read(workspaceId, path),
      },
      this.deps.limitMs,
    );
    if (storedVersion)
      await this.deps.credentials.recordTestOutcome(caller, storedVersion, result.ok);
    if (!result.ok)
      throw new SluiceError('CREDENTIAL_TEST_FAILED', 'connection', { value: result.message });
    return { isSuccess: true, message: result.message };
  }

  /** Checks an upload's target and the caller's role before any byte is read; answers the owner. */
  prepareUpload(caller: Caller, credentialsId: string): string {
    if (!roleAllows(caller.workspace.role, 'create')) throw new SluiceError('FORBIDDEN', 'role');
    return this.deps.files.owner(credentialsId);
  }

  /** Stores a credential file under `owner` (from prepareUpload) and answers its path. */
  async upload(caller: Caller, owner: string, file: IncomingFile): Promise<string> {
    return this.deps.files.store(caller.workspace.workspace.id, owner, file);
  }
}
