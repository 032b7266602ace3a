// Browser test harness for the web console: a real `sluice serve` child process (the compiled CLI
// and the built console, both made by `npm run build`) and headless Debian Chromium driven by
// playwright-core.
//
// Exports:
//   consoleTestsEnabled(suite): boolean
//       true when /usr/bin/chromium exists; otherwise prints a loud SKIPPED line and returns false,
//       or throws when SLUICE_REQUIRE_SERVICES=1. Use it as `describe.skipIf(!enabled)`.
//   startConsole(options?): Promise<ConsoleSession>
//       starts the server (temp SLUICE_DATA_DIR, admin user and password set) and the browser
//       (fresh in-memory profile), and opens one page. Call `close()` in afterAll.
//   ConsoleSession:
//       baseUrl                  http://127.0.0.1:<port>
//       browser, context, page   playwright objects; `page` is the page every helper defaults to
//       username, password       the administrator's credentials
//       consoleErrors            console errors, uncaught page errors and failed non-API requests
//       apiFailures              API answers with status ≥ 400 ("METHOD path → status"); expected
//                                whenever a test provokes an error on purpose, so kept apart
//       signIn(page?)            signs in through the form and waits for the app shell
//       screenshot(name, page?)  full-page PNG at test-output/console/<name>.png; returns the path
//       api(path, request?)      a token-mode API call from the test process (Bearer of the admin,
//                                personal workspace) to seed data; throws on a non-2xx answer
//       serverOutput()           what the server printed so far (for failure messages)
//       close()                  closes the browser, stops the server, removes the data dir
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-output/console');

const REQUIRE_SERVICES = process.env.SLUICE_REQUIRE_SERVICES === '1';
const BIN = path.resolve('bin/sluice.js');
const CONSOLE_INDEX = path.resolve('console/dist/index.html');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser tests can run here. Without Chromium they are skipped with a loud line, unless
 * SLUICE_REQUIRE_SERVICES=1 makes a missing browser a failure (as for the databases).
 */
export function consoleTestsEnabled(suite: string): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const line = `!!! SKIPPED ${suite}: Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (REQUIRE_SERVICES) throw new Error(`${line} and SLUICE_REQUIRE_SERVICES=1`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return false;
}

export interface ApiCall {
  method?: string;
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
}

export interface ConsoleSession {
  baseUrl: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  username: string;
  password: string;
  consoleErrors: string[];
  apiFailures: string[];
  signIn(page?: Page): Promise<void>;
  screenshot(name: string, page?: Page): Promise<string>;
  api<T = unknown>(route: string, request?: ApiCall): Promise<T>;
  serverOutput(): string;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  /** Extra SLUICE_* settings for the server. */
  env?: Record<string, string>;
}

const USERNAME = 'admin';
const PASSWORD = 'console-password-1';

function serverEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  // The server is configured only by what this harness sets, never by the developer's shell.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SLUICE_')),
  );
  return {
    ...inherited,
    SLUICE_DATA_DIR: dataDir,
    SLUICE_PORT: '0',
    SLUICE_HOST: '127.0.0.1',
    SLUICE_ADMIN_USERNAME: USERNAME,
    SLUICE_ADMIN_PASSWORD: PASSWORD,
    SLUICE_LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Starts `sluice serve` and resolves with its base URL once it logs where it listens. */
function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice serve did not report listening within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"urls":\["(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ child, baseUrl: match[1]!, output: () => output });
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`sluice serve exited with ${code}:\n${output}`));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Follows one page's console, uncaught errors and failed requests into the session's lists. */
function watchPage(page: Page, consoleErrors: string[], apiFailures: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every HTTP error answer as "Failed to load resource"; those are recorded
    // from the responses below, where API errors can be told from broken assets.
    if (message.text().startsWith('Failed to load resource: the server responded with a status'))
      return;
    const where = message.location().url;
    consoleErrors.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A navigation away cancels requests still in flight; that is not a fault of the page.
    if (failure === 'net::ERR_ABORTED') return;
    consoleErrors.push(`request failed: ${request.method()} ${request.url()} (${failure})`);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const url = new URL(response.url());
    const line = `${response.request().method()} ${url.pathname}${url.search} → ${response.status()}`;
    if (url.pathname.toLowerCase().startsWith('/api/')) apiFailures.push(line);
    else consoleErrors.push(`asset failed: ${line}`);
  });
}

export async function startConsole(options: ConsoleOptions = {}): Promise<ConsoleSession> {
  if (!fs.existsSync(path.resolve('dist/main.js')) || !fs.existsSync(CONSOLE_INDEX)) {
    throw new Error(
      'The server or the console is not built (dist/main.js, console/dist/index.html): run `npm run build` first.',
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-console-'));
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(serverEnv(dataDir, options.env ?? {}));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    if (server) await stopServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { child, baseUrl, output } = server;
  // A fresh context is a fresh, in-memory profile: no cookies or storage from earlier runs.
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  context.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  const apiFailures: string[] = [];
  context.on('page', (page) => watchPage(page, consoleErrors, apiFailures));
  const page = await context.newPage();
  let accessToken: string | undefined;

  async function signIn(target: Page = page): Promise<void> {
    await target.goto(`${baseUrl}/#/`);
    await target.getByLabel('User name').fill(USERNAME);
    await target.getByLabel('Password').fill(PASSWORD);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  async function screenshot(name: string, target: Page = page): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
    await target.screenshot({ path: file, fullPage: true });
    return file;
  }

  async function token(): Promise<string> {
    if (accessToken) return accessToken;
    const response = await fetch(`${baseUrl}/api/Authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: USERNAME,
        password: PASSWORD,
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string | null };
    if (!response.ok || !body.access_token)
      throw new Error(`token login failed: ${response.status} ${JSON.stringify(body)}`);
    accessToken = body.access_token;
    return accessToken;
  }

  async function api<T>(route: string, request: ApiCall = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token()}`,
      ...request.headers,
    };
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${route}`, {
      method: request.method ?? (request.json === undefined ? 'GET' : 'POST'),
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${route} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    baseUrl,
    browser,
    context,
    page,
    username: USERNAME,
    password: PASSWORD,
    consoleErrors,
    apiFailures,
    signIn,
    screenshot,
    api,
    serverOutput: output,
    async close() {
      await browser.close().catch(() => undefined);
      await stopServer(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
