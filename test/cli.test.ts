// The `sluice` command as a user runs it: the compiled CLI in a child process (npm test builds
// it first), serving on a real port with its own data directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config/config.js';
import { form } from '../src/testing/test-server.js';

const BIN = path.resolve('bin/sluice.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-cli-'));
  dirs.push(dir);
  return dir;
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLUICE_')),
  );
  return { ...clean, SLUICE_LOG_LEVEL: 'info', ...extra };
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `sluice serve` and resolves with its base URL once it logs that it listens. */
function serve(
  extra: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: env({ SLUICE_PORT: '0', ...extra }),
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line in:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"urls":\["(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

async function loginStatus(url: string, username: string, password: string): Promise<number> {
  const f = form({
    realm: 'procesio01',
    grant_type: 'password',
    username,
    password,
    client_id: 'procesio-ui',
  });
  return (
    await fetch(`${url}/api/Authentication`, { method: 'POST', headers: f.headers, body: f.body })
  ).status;
}

describe('sluice CLI', () => {
  it('prints every configuration variable with its default in --help', () => {
    const res = spawnSync(process.execPath, [BIN, '--help'], { env: env({}), encoding: 'utf8' });
    expect(res.status).toBe(0);
    for (const setting of Object.values(SETTINGS)) expect(res.stdout).toContain(setting.env);
    expect(res.stdout).toMatch(/SLUICE_PORT\s+.*Default: 8080/);
    expect(res.stdout).toMatch(/SLUICE_HOST\s+.*Default: 127\.0\.0\.1/);
  });

  it('refuses an invalid configuration value with a clear message', () => {
    const res = spawnSync(process.execPath, [BIN, 'migrate'], {
      env: env({ SLUICE_PORT: 'eighty', SLUICE_DATA_DIR: dataDir() }),
      encoding: 'utf8',
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('SLUICE_PORT must be an integer');
  });

  it('prints a generated admin password once on first start, never in a log line, and not again', async () => {
    const dir = dataDir();
    const first = await serve({ SLUICE_DATA_DIR: dir });
    await new Promise((r) => setTimeout(r, 200));
    const match = /with password:\s+(\S+)/.exec(first.output());
    expect(match).not.toBeNull();
    const password = match![1]!;
    expect(await loginStatus(first.url, 'admin', password)).toBe(200);
    const logLines = first
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes(password))).toBe(false);
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    const second = await serve({ SLUICE_DATA_DIR: dir });
    expect(second.output()).not.toContain('with password');
    expect(await loginStatus(second.url, 'admin', password)).toBe(200);
  });

  it('adds a user with a shared workspace who can then log in', async () => {
    const dir = dataDir();
    const add = spawnSync(
      process.execPath,
      [
        BIN,
        'user',
        'add',
        '--realm',
        'procesio01',
        '--username',
        'carol',
        '--password',
        'carol-password',
        '--workspace',
        'Ops',
      ],
      {
        env: env({ SLUICE_DATA_DIR: dir, SLUICE_ADMIN_PASSWORD: 'admin-password-1' }),
        encoding: 'utf8',
      },
    );
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ userName: 'carol', workspace: 'Ops' });
    const duplicate = spawnSync(
      process.execPath,
      [BIN, 'user', 'add', '--username', 'CAROL', '--password', 'carol-password'],
      { env: env({ SLUICE_DATA_DIR: dir }), encoding: 'utf8' },
    );
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const server = await serve({ SLUICE_DATA_DIR: dir, SLUICE_ADMIN_PASSWORD: 'admin-password-1' });
    expect(await loginStatus(server.url, 'carol', 'carol-password')).toBe(200);
    expect(await loginStatus(server.url, 'admin', 'admin-password-1')).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    const server = await serve({
      SLUICE_DATA_DIR: dataDir(),
      SLUICE_ADMIN_PASSWORD: 'admin-password-1',
    });
    server.child.kill('SIGTERM');
    const code = await new Promise((r) => server.child.once('exit', r));
    expect(code).toBe(0);
  });
});
