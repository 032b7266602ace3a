import { describe, expect, it } from 'vitest';
import { isGuid } from '../domain/ids.js';
import {
  BUILTIN_TEMPLATES,
  REST_VERBS,
  RestAuthMethods,
  RestProperties,
  RestTestMethods,
  SmtpProperties,
  SqlProperties,
  SqlServerTypes,
  TemplateIds,
} from './templates.js';

describe('built-in credential templates', () => {
  it('use the template ids of API.md §7.2', () => {
    expect(BUILTIN_TEMPLATES.map((t) => [t.gid, t.type])).toEqual([
      ['10101010-0001-0000-0000-aaaaaaaaaaaa', 'rest'],
      ['20202020-0001-0000-0000-aaaaaaaaaaaa', 'smtp'],
      ['40404040-0001-0000-0000-aaaaaaaaaaaa', 'sql'],
      ['5a1ce001-0001-0000-0000-aaaaaaaaaaaa', 'ftp'],
    ]);
  });

  it('use the REST property and option ids of API.md §7.2', () => {
    expect(RestProperties.Url).toBe('10101010-0001-0001-0000-bbbbbbbbbbbb');
    expect(RestTestMethods.Get).toBe('10101010-0001-0002-0001-cccccccccccc');
    expect(RestAuthMethods).toEqual({
      NoAuth: '10101010-0001-0004-0001-cccccccccccc',
      Basic: '10101010-0001-0004-0002-cccccccccccc',
      ApiKey: '10101010-0001-0004-0003-cccccccccccc',
      OAuth2: '10101010-0001-0004-0004-cccccccccccc',
      Certificate: '10101010-0001-0004-0005-cccccccccccc',
      Bearer: '10101010-0001-0004-5a1c-cccccccccc06',
      ClientCredentials: '10101010-0001-0004-5a1c-cccccccccc07',
    });
    expect(RestProperties.BearerToken).toBe('10101010-0001-0019-5a1c-bbbbbbbbbbbb');
    expect(RestProperties.ClientCredentialsSecret).toBe('10101010-0001-0022-5a1c-bbbbbbbbbbbb');
    expect(SmtpProperties.Server).toBe('20202020-0001-0001-5a1c-bbbbbbbbbbbb');
    expect(SqlProperties.ServerType).toBe('40404040-0001-0001-0000-bbbbbbbbbbbb');
    expect(SqlServerTypes).toEqual({
      MsSql: '40404040-0001-0001-0001-cccccccccccc',
      MySql: '40404040-0001-0001-0002-cccccccccccc',
      PostgreSql: '40404040-0001-0001-5a1c-cccccccccc03',
    });
  });

  it('have GUID ids that are unique, and conditions that point at an option of the template', () => {
    const ids = BUILTIN_TEMPLATES.flatMap((t) => [
      t.gid,
      ...t.properties.flatMap((p) => [p.id, ...p.options.map((o) => o.value)]),
    ]);
    expect(ids.every(isGuid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of BUILTIN_TEMPLATES)
      for (const p of t.properties) {
        if (!p.condition) continue;
        const dependency = t.properties.find((q) => q.id === p.condition!.dependencyId);
        const values = [p.condition.value].flat();
        expect(dependency?.options.map((o) => o.value)).toEqual(expect.arrayContaining(values));
      }
  });

  it('mark every password and token as secret', () => {
    for (const t of BUILTIN_TEMPLATES)
      for (const p of t.properties)
        if (p.type === 'password') expect(p.isSecret, p.label).toBe(true);
    const secret = BUILTIN_TEMPLATES[0]!.properties.filter((p) => p.isSecret).map((p) => p.id);
    expect(secret).toEqual(
      expect.arrayContaining([
        RestProperties.BasicPassword,
        RestProperties.ApiKeyValue,
        RestProperties.BearerToken,
        RestProperties.ClientCredentialsSecret,
        RestProperties.CertificatePassword,
      ]),
    );
  });

  it('serve the five Call API verbs for the REST template', () => {
    expect(REST_VERBS.map((v) => v.value)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    expect(REST_VERBS.every((v) => v.gtid === TemplateIds.Rest)).toBe(true);
  });
});
