import { describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../credentials/resolved.js';
import { BUILTIN_TEMPLATES, TemplateIds, builtinTemplate } from '../credentials/templates.js';
import { EgressPolicy } from '../net/egress.js';
import type { CredentialProbe } from './probe.js';
import { PROBE_TIME_LIMIT_MS, probeFor, runProbe } from './probes.js';
import { probeRest } from './rest.js';

const credential: ResolvedCredential = {
  id: 'c',
  template: builtinTemplate(TemplateIds.Rest)!,
  name: 'c',
  values: new Map(),
};
const context = { egress: EgressPolicy.unrestricted(), readFile: async () => null };

describe('probe registry', () => {
  it('tests REST API credentials, and credentials of a workspace template of type rest', () => {
    expect(probeFor(builtinTemplate(TemplateIds.Rest)!)).toBe(probeRest);
    expect(probeFor({ ...BUILTIN_TEMPLATES[0]!, gid: 'custom', type: 'rest' })).toBe(probeRest);
  });

  it('has no probe for a type it does not know, nor for inherited object keys', () => {
    expect(probeFor({ ...BUILTIN_TEMPLATES[0]!, type: 'custom' })).toBeUndefined();
    expect(probeFor({ ...BUILTIN_TEMPLATES[0]!, type: 'toString' })).toBeUndefined();
  });
});

describe('runProbe', () => {
  it('allows 10 s, as API.md §7.4 says', () => {
    expect(PROBE_TIME_LIMIT_MS).toBe(10_000);
  });

  it('answers the probe’s result', async () => {
    const probe: CredentialProbe = async () => ({ ok: true, message: 'fine' });
    expect(await runProbe(probe, credential, context)).toEqual({ ok: true, message: 'fine' });
  });

  it('reports a probe that throws as a failure with its message', async () => {
    const probe: CredentialProbe = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:25');
    };
    expect(await runProbe(probe, credential, context)).toEqual({
      ok: false,
      message: 'connect ECONNREFUSED 10.0.0.1:25',
    });
  });

  it('aborts the probe’s signal at the limit and answers without waiting for it', async () => {
    let aborted = false;
    const probe: CredentialProbe = (_credential, { signal }) =>
      new Promise(() => signal.addEventListener('abort', () => (aborted = true)));
    const started = Date.now();
    const result = await runProbe(probe, credential, context, 100);
    expect(result).toEqual({ ok: false, message: 'No answer within 0.1 s.' });
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('passes an abort of the caller on to the probe', async () => {
    const controller = new AbortController();
    const probe: CredentialProbe = (_credential, { signal }) =>
      new Promise((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({ ok: false, message: `aborted: ${String(signal.reason)}` }),
        ),
      );
    const pending = runProbe(probe, credential, { ...context, signal: controller.signal });
    controller.abort('shutdown');
    expect(await pending).toEqual({ ok: false, message: 'aborted: shutdown' });
  });
});
