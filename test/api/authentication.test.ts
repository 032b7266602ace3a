// The Proxy API through the real HTTP server: every login variant, refresh in both forms with
// rotation and reuse detection, cookie mode, logout, and the failure shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  bearer,
  call,
  form,
  login,
  startTestServer,
  type TestServer,
  type TokenBody,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer({ env: { SLUICE_LOGIN_MAX_FAILURES: '5' } });
  url = server.url;
});
afterAll(async () => server.close());

async function postForm(
  route: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const f = form(fields);
  return call(url, 'POST', route, { headers: { ...f.headers, ...headers }, body: f.body });
}

function decodeJwt(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const NINE_FIELDS = [
  'access_token',
  'expires_in',
  'refresh_expires_in',
  'refresh_token',
  'token_type',
  'session_state',
  'scope',
  'error',
  'error_description',
];

describe('POST /api/Authentication (password grant)', () => {
  const variants: [string, Record<string, string>, string][] = [
    [
      'PROCESIO docs (realm, grant_type, client_id, empty client_secret)',
      {
        realm: 'procesio01',
        grant_type: 'password',
        username: 'admin',
        password: ADMIN_PASSWORD,
        client_id: 'procesio-ui',
        client_secret: '',
      },
      '/api/Authentication',
    ],
    [
      'TS SDK (no grant_type, lower-case path)',
      {
        username: 'admin',
        password: ADMIN_PASSWORD,
        realm: 'procesio01',
        client_id: 'procesio-ui',
      },
      '/api/authentication',
    ],
    [
      '.NET SDK (realm, client_id, grant_type)',
      {
        realm: 'procesio01',
        client_id: 'procesio-ui',
        username: 'admin',
        password: ADMIN_PASSWORD,
        grant_type: 'password',
      },
      '/api/Authentication',
    ],
    [
      '2026 DTO (username, password, code)',
      { username: 'admin', password: ADMIN_PASSWORD, code: '' },
      '/API/AUTHENTICATION',
    ],
    [
      'user name in another case, no realm',
      { username: 'ADMIN', password: ADMIN_PASSWORD },
      '/api/Authentication',
    ],
  ];

  for (const [name, fields, route] of variants) {
    it(`answers the nine-field token body for the ${name}`, async () => {
      const res = await postForm(route, fields);
      expect(res.status).toBe(200);
      const body = res.body as TokenBody;
      expect(Object.keys(body).sort()).toEqual([...NINE_FIELDS].sort());
      expect(body).toMatchObject({
        expires_in: 1800,
        refresh_expires_in: 2592000,
        token_type: 'bearer',
        scope: 'email profile',
        error: null,
        error_description: null,
      });
      expect(body.session_state).toMatch(/^[0-9a-f-]{36}$/);
      const claims = decodeJwt(body.access_token!);
      expect(claims.exp).toBe((claims.iat as number) + 1800);
      expect(
        JSON.parse(Buffer.from(body.access_token!.split('.')[0]!, 'base64url').toString()),
      ).toMatchObject({ alg: 'EdDSA' });
      const me = await call(url, 'GET', '/api/Users/me', { headers: bearer(body.access_token!) });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ userName: 'admin', realm: 'procesio01' });
    });
  }

  it('answers 401 invalid_grant with the nine fields for a wrong password, an unknown user and an unknown realm alike', async () => {
    const attempts: Record<string, string>[] = [
      { username: 'admin', password: 'wrong-password' },
      { username: 'nobody', password: ADMIN_PASSWORD },
      { username: 'admin', password: ADMIN_PASSWORD, realm: 'elsewhere' },
    ];
    for (const fields of attempts) {
      const res = await postForm('/api/Authentication', { ...fields, client_id: 'procesio-ui' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        access_token: null,
        expires_in: 0,
        refresh_expires_in: 0,
        refresh_token: null,
        token_type: null,
        session_state: null,
        scope: null,
        error: 'invalid_grant',
        error_description: 'Invalid user credentials',
      });
    }
  });

  it('answers 400 invalid_request naming the missing field of a malformed form', async () => {
    const res = await postForm('/api/Authentication', { username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', access_token: null });
    expect((res.body as TokenBody).error_description).toContain('password');
    const garbage = await call(url, 'POST', '/api/Authentication', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '%%%&&&=',
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 400 unsupported_grant_type for an unknown grant', async () => {
    const res = await postForm('/api/Authentication', {
      grant_type: 'client_credentials',
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses a JSON body with 415 in the PROCESIO error shape', async () => {
    const res = await call(url, 'POST', '/api/Authentication', {
      json: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual([
      {
        statusCode: 415,
        value: expect.stringContaining('application/x-www-form-urlencoded'),
        target: 'Content-Type',
      },
    ]);
  });

  it('refuses an oversized form with 413 in the PROCESIO error shape', async () => {
    const res = await postForm('/api/Authentication', {
      username: 'admin',
      password: 'x'.repeat(11 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual([
      { statusCode: 413, value: 'Request body is too large.', target: 'body' },
    ]);
  });

  it('rate-limits failed logins per user name with 429 and Retry-After, even for the right password', async () => {
    const add = await server.app.identity.addUser({
      username: 'limited',
      password: 'limited-password',
    });
    expect(add.user.userName).toBe('limited');
    for (let i = 0; i < 5; i++) {
      expect(
        (await postForm('/api/Authentication', { username: 'limited', password: `bad-${i}` }))
          .status,
      ).toBe(401);
    }
    const blocked = await postForm('/api/Authentication', {
      username: 'limited',
      password: 'limited-password',
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body).toEqual([
      { statusCode: 429, value: expect.any(String), target: 'username' },
    ]);
    // Other users are not affected by one user's failures.
    expect(
      (await postForm('/api/Authentication', { username: 'admin', password: ADMIN_PASSWORD }))
        .status,
    ).toBe(200);
  });
});

describe('cookie mode', () => {
  function cookies(headers: Headers): Map<string, string> {
    const out = new Map<string, string>();
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair!.split('=');
      out.set(name!.trim(), [value ?? '', ...attributes.map((a) => a.trim())].join('|'));
    }
    return out;
  }

  it('sets the access and refresh cookies and x-session-expires-at when x-requested-by is present', async () => {
    const res = await postForm(
      '/api/Authentication',
      { username: 'admin', password: ADMIN_PASSWORD, client_id: 'procesio-ui' },
      { 'x-requested-by': 'playground-v1' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Authentication successful' });
    const jar = cookies(res.headers);
    expect(jar.get('__Host-procesio.access')).toMatch(
      /^ey[^|]+\|HttpOnly\|Path=\/\|SameSite=Strict\|Max-Age=1800$/,
    );
    expect(jar.get('__Host-procesio.refresh')).toMatch(/\|Max-Age=2592000$/);
    const expiresAt = new Date(res.headers.get('x-session-expires-at')!);
    expect(Math.abs(expiresAt.getTime() - Date.now() - 2592000_000)).toBeLessThan(60_000);
    expect(res.headers.get('access-control-expose-headers')).toBe('x-session-expires-at');
  });

  it('answers 400 {error, error_description} for a wrong password in cookie mode', async () => {
    const res = await postForm(
      '/api/Authentication',
      { username: 'admin', password: 'nope-nope' },
      { 'x-requested-by': 'playground-v1' },
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid user credentials',
    });
  });

  it('refreshes from the refresh cookie and sets a new pair', async () => {
    const first = await postForm(
      '/api/Authentication',
      { username: 'admin', password: ADMIN_PASSWORD },
      { 'x-requested-by': 'playground-v1' },
    );
    const refresh = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-procesio.refresh='))!
      .split(';')[0]!;
    const res = await call(url, 'POST', '/api/Authentication/refreshToken', {
      headers: { 'x-requested-by': 'playground-v1', cookie: refresh },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Token refreshed successfully' });
    const next = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-procesio.refresh='))!
      .split(';')[0]!;
    expect(next).not.toBe(refresh);
  });
});

describe('refresh', () => {
  it('rotates with grant_type=refresh_token on /api/Authentication (2021 form)', async () => {
    const tokens = await login(url);
    const res = await postForm('/api/Authentication', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
    });
    expect(res.status).toBe(200);
    const next = res.body as TokenBody;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.session_state).toBe(tokens.session_state);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: bearer(next.access_token!) })).status,
    ).toBe(200);
  });

  it('rotates on /api/Authentication/refreshToken (2026 form) in token mode', async () => {
    const tokens = await login(url);
    const res = await postForm('/api/authentication/refreshtoken', {
      refresh_token: tokens.refresh_token!,
      client_id: 'procesio-ui',
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body as object).sort()).toEqual([...NINE_FIELDS].sort());
  });

  it('revokes the whole login when a retired refresh token is presented again', async () => {
    const tokens = await login(url);
    const rotated = (
      await postForm('/api/Authentication/refreshToken', { refresh_token: tokens.refresh_token! })
    ).body as TokenBody;
    const reuse = await postForm('/api/Authentication/refreshToken', {
      refresh_token: tokens.refresh_token!,
    });
    expect(reuse.status).toBe(400);
    expect(reuse.body).toMatchObject({ error: 'invalid_grant', access_token: null });
    // Every token of the family is now dead: the rotated refresh token and both access tokens.
    expect(
      (
        await postForm('/api/Authentication/refreshToken', {
          refresh_token: rotated.refresh_token!,
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: bearer(rotated.access_token!) }))
        .status,
    ).toBe(403);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: bearer(tokens.access_token!) })).status,
    ).toBe(403);
  });

  it('answers 400 invalid_request when the token is missing and invalid_grant when it is unknown', async () => {
    const missing = await postForm('/api/Authentication/refreshToken', {
      client_id: 'procesio-ui',
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: 'invalid_request',
      error_description: 'Refresh token is missing',
    });
    const unknown = await postForm('/api/Authentication', {
      grant_type: 'refresh_token',
      refresh_token: 'not-a-token',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('logout', () => {
  it('POST with a refresh token ends that login only', async () => {
    const one = await login(url);
    const two = await login(url);
    const res = await postForm('/api/Authentication/logOut', { refresh_token: one.refresh_token! });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: bearer(one.access_token!) })).status,
    ).toBe(403);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: bearer(two.access_token!) })).status,
    ).toBe(200);
  });

  it('POST with no body ends the login of the presented Bearer token', async () => {
    const one = await login(url);
    expect(
      (
        await call(url, 'POST', '/api/Authentication/logOut', {
          headers: bearer(one.access_token!),
        })
      ).status,
    ).toBe(204);
    expect(
      (await call(url, 'GET', '/api/Users/me', { headers: bearer(one.access_token!) })).status,
    ).toBe(403);
  });

  it('DELETE with an access token ends every login of the user', async () => {
    await server.app.identity.addUser({ username: 'leaver', password: 'leaver-password' });
    const one = await login(url, 'leaver', 'leaver-password');
    const two = await login(url, 'leaver', 'leaver-password');
    const f = form({ token: one.access_token! });
    expect(
      (
        await call(url, 'DELETE', '/api/Authentication/logOut', {
          headers: f.headers,
          body: f.body,
        })
      ).status,
    ).toBe(204);
    expect(
      (await call(url, 'GET', '/api/Users/me', { headers: bearer(two.access_token!) })).status,
    ).toBe(403);
    expect(
      (await postForm('/api/Authentication/refreshToken', { refresh_token: two.refresh_token! }))
        .status,
    ).toBe(400);
  });

  it('answers 204 for unknown or missing tokens', async () => {
    expect(
      (await postForm('/api/Authentication/logOut', { refresh_token: 'unknown' })).status,
    ).toBe(204);
    expect((await call(url, 'POST', '/api/Authentication/logOut')).status).toBe(204);
    expect((await call(url, 'DELETE', '/api/Authentication/logOut')).status).toBe(204);
  });
});

describe('session cookie names: browsers on plain HTTP, every client on HTTPS', () => {
  // What Chromium sends with the console's fetch to http://127.0.0.1 (a trustworthy origin).
  const BROWSER = {
    'x-requested-by': 'sluice-console',
    'sec-fetch-mode': 'cors',
    'sec-fetch-site': 'same-origin',
    'sec-fetch-dest': 'empty',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36',
  };

  /** name → the Set-Cookie line, for each cookie of an answer. */
  function setCookies(headers: Headers): Map<string, string> {
    const out = new Map<string, string>();
    for (const line of headers.getSetCookie()) out.set(line.split('=')[0]!, line);
    return out;
  }

  /** The Cookie header a browser would send back after this answer. */
  function cookieHeader(headers: Headers): string {
    return headers
      .getSetCookie()
      .map((line) => line.split(';')[0]!)
      .join('; ');
  }

  async function browserLogin() {
    return postForm(
      '/api/Authentication',
      { username: 'admin', password: ADMIN_PASSWORD },
      BROWSER,
    );
  }

  it('gives a browser on plain HTTP the unprefixed pair, without Secure', async () => {
    const res = await browserLogin();
    expect(res.status).toBe(200);
    const jar = setCookies(res.headers);
    expect([...jar.keys()].sort()).toEqual(['procesio.access', 'procesio.refresh']);
    expect(jar.get('procesio.access')).toMatch(
      /^procesio\.access=ey[^;]+; HttpOnly; Path=\/; SameSite=Strict; Max-Age=1800$/,
    );
    expect(jar.get('procesio.refresh')).toMatch(
      /^procesio\.refresh=[^;]+; HttpOnly; Path=\/; SameSite=Strict; Max-Age=2592000$/,
    );
  });

  it('recognises a browser by fetch metadata alone and, on a LAN address, by its user agent alone', async () => {
    const names = async (headers: Record<string, string>) =>
      [
        ...setCookies(
          (
            await postForm(
              '/api/Authentication',
              { username: 'admin', password: ADMIN_PASSWORD },
              { 'x-requested-by': 'sluice-console', ...headers },
            )
          ).headers,
        ).keys(),
      ].sort();
    const plain = ['procesio.access', 'procesio.refresh'];
    expect(await names({ 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' })).toEqual(
      plain,
    );
    // Browsers send no fetch metadata to plain-HTTP hosts other than localhost.
    expect(await names({ 'user-agent': BROWSER['user-agent'] })).toEqual(plain);
    // Node's fetch sends Sec-Fetch-Mode and nothing else: not a browser.
    expect(await names({ 'sec-fetch-mode': 'cors', 'user-agent': 'node' })).toEqual([
      '__Host-procesio.access',
      '__Host-procesio.refresh',
    ]);
  });

  it('keeps the __Host- pair for clients that are not browsers (the CLI)', async () => {
    const res = await postForm(
      '/api/Authentication',
      { username: 'admin', password: ADMIN_PASSWORD },
      { 'x-requested-by': 'playground-v1' },
    );
    expect([...setCookies(res.headers).keys()].sort()).toEqual([
      '__Host-procesio.access',
      '__Host-procesio.refresh',
    ]);
  });

  it('accepts the unprefixed access cookie on Web API calls, with x-requested-by only', async () => {
    const cookie = cookieHeader((await browserLogin()).headers);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: { ...BROWSER, cookie } })).status,
    ).toBe(200);
    expect((await call(url, 'GET', '/api/Workspaces', { headers: { cookie } })).status).toBe(403);
  });

  it('refreshes from the unprefixed refresh cookie and answers a new unprefixed pair', async () => {
    const cookie = cookieHeader((await browserLogin()).headers);
    const res = await call(url, 'POST', '/api/Authentication/refreshToken', {
      headers: { ...BROWSER, cookie },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Token refreshed successfully' });
    const jar = setCookies(res.headers);
    expect([...jar.keys()].sort()).toEqual(['procesio.access', 'procesio.refresh']);
    expect(cookieHeader(res.headers)).not.toBe(cookie);
  });

  it('logout ends the session of the unprefixed cookies and clears exactly those', async () => {
    const cookie = cookieHeader((await browserLogin()).headers);
    const res = await call(url, 'POST', '/api/Authentication/logOut', {
      headers: { ...BROWSER, cookie },
    });
    expect(res.status).toBe(204);
    const cleared = setCookies(res.headers);
    expect([...cleared.keys()].sort()).toEqual(['procesio.access', 'procesio.refresh']);
    for (const line of cleared.values()) expect(line).toMatch(/^procesio\.\w+=; .*Max-Age=0$/);
    expect(
      (await call(url, 'GET', '/api/Workspaces', { headers: { ...BROWSER, cookie } })).status,
    ).toBe(403);
  });

  it('logout clears the __Host- pair for a client that logged in with it', async () => {
    const login = await postForm(
      '/api/Authentication',
      { username: 'admin', password: ADMIN_PASSWORD },
      { 'x-requested-by': 'playground-v1' },
    );
    const res = await call(url, 'POST', '/api/Authentication/logOut', {
      headers: { 'x-requested-by': 'playground-v1', cookie: cookieHeader(login.headers) },
    });
    expect(res.status).toBe(204);
    expect([...setCookies(res.headers).keys()].sort()).toEqual([
      '__Host-procesio.access',
      '__Host-procesio.refresh',
    ]);
  });

  describe('over HTTPS (behind a proxy that says so)', () => {
    let https: TestServer;
    beforeAll(async () => {
      https = await startTestServer({ env: { SLUICE_TRUST_PROXY: 'true' } });
    });
    afterAll(async () => https.close());

    it('gives a browser the __Host- pair with Secure', async () => {
      const f = form({ username: 'admin', password: ADMIN_PASSWORD });
      const res = await call(https.url, 'POST', '/api/Authentication', {
        headers: { ...f.headers, ...BROWSER, 'x-forwarded-proto': 'https' },
        body: f.body,
      });
      expect(res.status).toBe(200);
      const jar = setCookies(res.headers);
      expect([...jar.keys()].sort()).toEqual(['__Host-procesio.access', '__Host-procesio.refresh']);
      for (const line of jar.values()) expect(line).toMatch(/; HttpOnly; Secure; Path=\/;/);
    });
  });
});
