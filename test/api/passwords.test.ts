// Password change and reset (API.md §1.4) through the real HTTP server, with reset e-mails
// delivered to a real local SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import {
  bearer,
  call,
  form,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;
let smtp: SMTPServer;
const inbox: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startTestServer({
    env: { SLUICE_SMTP_URL: `smtp://127.0.0.1:${port}`, SLUICE_SMTP_FROM: 'sluice@test.local' },
  });
  url = server.url;
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function user(name: string, password = `${name}-password`) {
  await server.app.identity.addUser({ username: name, password, email: `${name}@example.com` });
  return { name, password };
}

const loginStatus = async (username: string, password: string) => {
  const f = form({ username, password });
  return (
    await fetch(`${url}/api/Authentication`, { method: 'POST', headers: f.headers, body: f.body })
  ).status;
};

describe('POST /api/Users/password/change', () => {
  it('changes the password with the access token in the body and ends every other login', async () => {
    const u = await user('changer');
    const current = await login(url, u.name, u.password);
    const other = await login(url, u.name, u.password);
    const res = await call(url, 'POST', '/api/Users/password/change', {
      json: {
        clientId: 'procesio-ui',
        token: current.access_token,
        oldPassword: u.password,
        newPassword: 'brand-new-password',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Password changed' });
    expect(await loginStatus(u.name, u.password)).toBe(401);
    expect(await loginStatus(u.name, 'brand-new-password')).toBe(200);
    expect(
      (await call(url, 'GET', '/api/Users/me', { headers: bearer(current.access_token!) })).status,
    ).toBe(200);
    expect(
      (await call(url, 'GET', '/api/Users/me', { headers: bearer(other.access_token!) })).status,
    ).toBe(403);
  });

  it('takes the request’s own Bearer token when the body has none, with property names in any case', async () => {
    const u = await user('selfchanger');
    const tokens = await login(url, u.name, u.password);
    const res = await call(url, 'POST', '/api/users/PASSWORD/change', {
      headers: bearer(tokens.access_token!),
      json: { OldPassword: u.password, NEWPASSWORD: 'another-password' },
    });
    expect(res.status).toBe(200);
    expect(await loginStatus(u.name, 'another-password')).toBe(200);
  });

  it('answers 400 naming oldPassword when the old password is wrong', async () => {
    const u = await user('wrongold');
    const tokens = await login(url, u.name, u.password);
    const res = await call(url, 'POST', '/api/Users/password/change', {
      json: {
        token: tokens.access_token,
        oldPassword: 'not-the-password',
        newPassword: 'whatever-else',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: 'Old password is incorrect.', target: 'oldPassword' },
    ]);
  });

  it('answers 400 for a new password outside 8–128 characters and 403 for a bad token', async () => {
    const u = await user('policy');
    const tokens = await login(url, u.name, u.password);
    const short = await call(url, 'POST', '/api/Users/password/change', {
      json: { token: tokens.access_token, oldPassword: u.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('8 to 128'), target: 'newPassword' },
    ]);
    const bad = await call(url, 'POST', '/api/Users/password/change', {
      json: { token: 'garbage', oldPassword: u.password, newPassword: 'long-enough-pw' },
    });
    expect(bad.status).toBe(403);
  });

  it('answers 400 naming the missing field when the body is incomplete', async () => {
    const res = await call(url, 'POST', '/api/Users/password/change', {
      json: { oldPassword: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('newPassword'), target: 'newPassword' },
    ]);
  });
});

describe('password reset', () => {
  function tokenFrom(raw: string): string {
    const text = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const match = /\n {2}([A-Za-z0-9_-]{43})\r?\n/.exec(text);
    if (!match) throw new Error(`no token in mail:\n${text}`);
    return match[1]!;
  }

  it('mails a single-use token that sets a new password and ends every login', async () => {
    const u = await user('resetter');
    const tokens = await login(url, u.name, u.password);
    const before = inbox.length;
    const forgot = await call(url, 'POST', '/api/Users/password/forgot', {
      json: { email: 'RESETTER@example.com' },
    });
    expect(forgot.status).toBe(200);
    expect(forgot.body).toEqual({ message: 'If the address is known, a reset e-mail was sent.' });
    expect(inbox.length).toBe(before + 1);
    const mail = inbox[inbox.length - 1]!;
    expect(mail.to).toEqual(['resetter@example.com']);
    const resetToken = tokenFrom(mail.raw);
    const res = await call(url, 'POST', '/api/Users/password/update', {
      json: { token: resetToken, password: 'reset-password-1' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Password updated' });
    expect(await loginStatus(u.name, 'reset-password-1')).toBe(200);
    expect(
      (await call(url, 'GET', '/api/Users/me', { headers: bearer(tokens.access_token!) })).status,
    ).toBe(403);
    const again = await call(url, 'POST', '/api/Users/password/update', {
      json: { token: resetToken, password: 'reset-password-2' },
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual([{ statusCode: 502, value: expect.any(String), target: 'token' }]);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = inbox.length;
    const res = await call(url, 'POST', '/api/Users/password/forgot', {
      json: { email: 'nobody@example.com' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'If the address is known, a reset e-mail was sent.' });
    expect(inbox.length).toBe(before);
  });

  it('refuses an unknown reset token with 400', async () => {
    const res = await call(url, 'POST', '/api/Users/password/update', {
      json: { token: 'made-up-token', password: 'long-enough-pw' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ statusCode: 502, value: expect.any(String), target: 'token' }]);
  });
});
