import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to 127.0.0.1:8080 and a SQLite file in ./data', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.adminUsername).toBe('admin');
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.resolve('data/sluice.db') });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('selects PostgreSQL for a postgres:// URL and SQLite for a path or sqlite: URL', () => {
    expect(loadConfig({ SLUICE_DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
    expect(loadConfig({ SLUICE_DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({
      dialect: 'sqlite',
      file: '/tmp/x.db',
    });
    expect(loadConfig({ SLUICE_DATABASE_URL: 'rel/y.db' }).database).toEqual({
      dialect: 'sqlite',
      file: path.resolve('rel/y.db'),
    });
    expect(() => loadConfig({ SLUICE_DATABASE_URL: 'mysql://h/db' })).toThrow(ConfigError);
  });

  it('refuses values of the wrong kind, naming the variable', () => {
    expect(() => loadConfig({ SLUICE_PORT: 'x' })).toThrow(/SLUICE_PORT/);
    expect(() => loadConfig({ SLUICE_LOG_LEVEL: 'loud' })).toThrow(/SLUICE_LOG_LEVEL/);
    expect(() => loadConfig({ SLUICE_TRUST_PROXY: 'perhaps' })).toThrow(/SLUICE_TRUST_PROXY/);
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ SLUICE_EXTRA_PORTS: '4321, 4532', SLUICE_TRUST_PROXY: 'TRUE' });
    expect(config.extraPorts).toEqual(['4321', '4532']);
    expect(config.trustProxy).toBe(true);
  });

  it('documents every variable without showing secret values', () => {
    const text = describeSettings();
    expect(text).toContain('SLUICE_MASTER_KEY');
    expect(text).toContain('SLUICE_ADMIN_PASSWORD');
  });
});
