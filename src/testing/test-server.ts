// Test helper: a real Sluice server on a free port with its own data directory, driven over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import type { Mailer } from '../ports/mailer.js';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestServer {
  app: App;
  url: string;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { env?: Record<string, string>; mailer?: Mailer | null; logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-test-'));
  const config = loadConfig({
    SLUICE_DATA_DIR: dataDir,
    SLUICE_PORT: '0',
    SLUICE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SLUICE_LOG_LEVEL: 'silent',
    ...options.env,
  });
  // No mail unless the test configures an SMTP server or passes a mailer.
  const mailer = options.mailer !== undefined ? options.mailer : config.smtpUrl ? undefined : null;
  const app = await createApp({
    config,
    ...(mailer === undefined ? {} : { mailer }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { urls } = await app.start();
  return {
    app,
    url: urls[0]!,
    config,
    dataDir,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TokenBody {
  access_token: string | null;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string | null;
  token_type: string | null;
  session_state: string | null;
  scope: string | null;
  error: string | null;
  error_description: string | null;
}

export function form(fields: Record<string, string>): {
  body: string;
  headers: Record<string, string>;
} {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** Logs in with the password grant and returns the token body (throws on failure). */
export async function login(
  url: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<TokenBody> {
  const f = form({
    realm: 'procesio01',
    grant_type: 'password',
    username,
    password,
    client_id: 'procesio-ui',
  });
  const res = await fetch(`${url}/api/Authentication`, {
    method: 'POST',
    headers: f.headers,
    body: f.body,
  });
  const body = (await res.json()) as TokenBody;
  if (res.status !== 200 || !body.access_token)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export async function call(
  url: string,
  method: string,
  route: string,
  options: { headers?: Record<string, string>; json?: unknown; body?: string } = {},
): Promise<{ status: number; body: unknown; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${route}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
