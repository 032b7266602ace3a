// Owns which probe tests which credential (API.md §7.4) and the rule every probe runs under: a
// 10 s limit, after which the probe's signal aborts and the test reports that the peer did not
// answer. A probe that throws instead of answering is reported as the peer's failure too.
import type { ResolvedCredential } from '../credentials/resolved.js';
import type { CredentialTemplate } from '../credentials/templates.js';
import type { CredentialProbe, ProbeContext, ProbeResult } from './probe.js';
import { probeRest } from './rest.js';
import { probeSmtp } from './smtp.js';
import { probeSql } from './sql.js';
import { probeFtp } from './ftp.js';

/**
 * The probe of each credential `type` (the template's `type`, so a workspace's own template of a
 * known type is tested like the built-in one). One line per connector.
 */
const PROBES_BY_TYPE: Readonly<Record<string, CredentialProbe>> = {
  rest: probeRest,
  smtp: probeSmtp,
  sql: probeSql,
  ftp: probeFtp,
};

/** API.md §7.4: a probe has 10 s to reach its peer. */
export const PROBE_TIME_LIMIT_MS = 10_000;

/** The probe for credentials of this template, or undefined when Sluice cannot test them. */
export function probeFor(template: CredentialTemplate): CredentialProbe | undefined {
  return Object.hasOwn(PROBES_BY_TYPE, template.type) ? PROBES_BY_TYPE[template.type] : undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'The connection failed.';
}

/**
 * Runs `probe` against the credential within `limitMs`. The probe gets a signal that aborts when
 * the limit passes (or when `parentSignal` aborts); the answer does not wait for a probe that
 * ignores its signal.
 */
export async function runProbe(
  probe: CredentialProbe,
  credential: ResolvedCredential,
  context: Omit<ProbeContext, 'signal'> & { signal?: AbortSignal },
  limitMs: number = PROBE_TIME_LIMIT_MS,
): Promise<ProbeResult> {
  const controller = new AbortController();
  const seconds = Math.round(limitMs / 100) / 10;
  const timedOut: ProbeResult = { ok: false, message: `No answer within ${seconds} s.` };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(timedOut.message));
      resolve(timedOut);
    }, limitMs);
  });
  const onParentAbort = () => controller.abort(context.signal?.reason);
  context.signal?.addEventListener('abort', onParentAbort, { once: true });
  try {
    // The limit resolves in the same tick it aborts, so a probe failing because of that abort
    // loses the race and the answer names the time limit rather than the abort.
    const attempt = probe(credential, { ...context, signal: controller.signal }).catch(
      (error: unknown): ProbeResult => ({ ok: false, message: describeFailure(error) }),
    );
    return await Promise.race([attempt, limit]);
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onParentAbort);
  }
}
