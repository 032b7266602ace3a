import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import type { CredentialTemplate, TemplateProperty } from '../../credentials/templates.js';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { HASH_MAC_IDS as IDS, hashMacAction } from './hash-mac.action.js';

function property(id: string, isSecret: boolean): TemplateProperty {
  return {
    id,
    label: id,
    placeholder: '',
    type: isSecret ? 'password' : 'text',
    tooltip: '',
    message: '',
    isTest: false,
    order: 0,
    validations: { isRequired: false, expects: 0 },
    layout: { columns: 12 },
    condition: null,
    disabled: false,
    pill: null,
    configurations: null,
    options: [],
    isSecret,
  };
}

function credential(values: [id: string, secret: boolean, value: string][]): ResolvedCredential {
  const template: CredentialTemplate = {
    gid: '70707070-0001-0000-0000-aaaaaaaaaaaa',
    pid: null,
    name: 'HashMac',
    type: 'custom',
    icon: '',
    properties: values.map(([id, secret]) => property(id, secret)),
  };
  return {
    id: 'cred-1',
    template,
    name: 'signing key',
    values: new Map(values.map(([id, , value]) => [id, value])),
  };
}

const signingKey = credential([
  ['label', false, 'not the key'],
  ['key', true, 'top-secret'],
]);

describe('Hash Mac', () => {
  it('is pure, under PROCESIO template 63f4ee8d-9681-b54f-95ec-7e87e73547b4', () => {
    expect(hashMacAction.effectful).toBe(false);
    expect(hashMacAction.template.id).toBe('63f4ee8d-9681-b54f-95ec-7e87e73547b4');
  });

  it("signs the text with the credential's secret property", async () => {
    const result = await runAction(
      hashMacAction,
      { [IDS.Credential]: 'cred-1', [IDS.Text]: 'payload', [IDS.Algorithm]: 'HMACSHA256' },
      { credentials: { 'cred-1': signingKey } },
    );
    expect(result[IDS.Result]).toBe(
      createHmac('sha256', 'top-secret').update('payload').digest('hex'),
    );
  });

  it('signs a file with SHA-3 and falls back to a plain property when none is secret', async () => {
    const files = new MemoryFiles();
    const file = files.put('a.txt', 'text/plain', 'file body');
    const plain = credential([['key', false, 'visible-key']]);
    const result = await runAction(
      hashMacAction,
      { [IDS.Credential]: 'cred-1', [IDS.File]: file, [IDS.Algorithm]: 'hmacsha3_512' },
      { credentials: { 'cred-1': plain }, files },
    );
    expect(result[IDS.Result]).toBe(
      createHmac('sha3-512', 'visible-key').update('file body').digest('hex'),
    );
  });

  it('fails for an unknown credential, a credential without a key and a plain hash name', async () => {
    const inputs = { [IDS.Credential]: 'cred-1', [IDS.Text]: 'x', [IDS.Algorithm]: 'HMACMD5' };
    expect(await failureOf(hashMacAction, inputs)).toMatchObject({ type: 'credential.not_found' });
    expect(
      await failureOf(hashMacAction, inputs, {
        credentials: { 'cred-1': credential([['k', true, '']]) },
      }),
    ).toMatchObject({
      type: 'credential.invalid',
      message: 'The credential "signing key" has no key: give it a secret property with a value.',
    });
    expect(
      await failureOf(
        hashMacAction,
        { ...inputs, [IDS.Algorithm]: 'MD5' },
        { credentials: { 'cred-1': signingKey } },
      ),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Algorithm } });
  });
});
