// The console's resource pages in headless Chromium against a real `sluice serve`: schedules
// (create with a CRON preview, edit to weekly, disable, delete), API keys (value shown once, usable,
// gone after a reload), data types (two attributes, one a nested model), credentials (tested live,
// the password never in clear), webhooks (call URL, bound to a process, called), and usage charts
// after a few runs. Each page is screenshotted into test-output/console/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetExampleFlow } from '../../src/testing/example-flows.js';
import { consoleTestsEnabled, startConsole, type ConsoleSession } from './harness.js';

const enabled = consoleTestsEnabled('console resource pages');

const PROCESS_ID = randomUUID();
const PROCESS_TITLE = 'Greet';
/** The user and password the local REST peer accepts; the password must never be shown. */
const PEER_USER = 'alice';
const PEER_PASSWORD = `Pw-${randomUUID()}`;

interface PagedList<T> {
  pageItems: T[];
}

describe.skipIf(!enabled)('console resource pages', () => {
  let session: ConsoleSession;
  let page: Page;
  let peer: http.Server;
  let peerUrl: string;
  /** API failures before this index belong to signing in (the shell probing for a session). */
  let failuresBeforeTests = 0;

  beforeAll(async () => {
    // A REST peer on loopback that accepts only PEER_USER:PEER_PASSWORD, for "Test connection".
    peer = http.createServer((request, response) => {
      const expected = `Basic ${Buffer.from(`${PEER_USER}:${PEER_PASSWORD}`).toString('base64')}`;
      response.statusCode = request.headers.authorization === expected ? 200 : 401;
      response.end(response.statusCode === 200 ? '{"ok":true}' : 'wrong credentials');
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;

    session = await startConsole({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1/32' } });
    page = session.page;
    await session.api('/api/Projects', { json: greetExampleFlow(PROCESS_ID) });
    await session.signIn();
    failuresBeforeTests = session.apiFailures.length;
  }, 90_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => peer?.close(resolve));
  });

  async function open(route: string, testId: string): Promise<void> {
    await page.goto(`${session.baseUrl}/#/${route}`);
    await page.getByTestId(testId).waitFor();
    // Every page shows "Loading…" while its first request is out; wait until none is left.
    await expect.poll(() => page.locator('.loading').count()).toBe(0);
  }

  it('creates a schedule with a CRON preview, edits it to weekly, disables and deletes it', async () => {
    await open('schedules', 'schedules-page');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByTestId('schedule-form');
    await form.getByLabel('Name', { exact: true }).fill('Morning greeting');
    await form.getByLabel('Target process').selectOption(PROCESS_ID);
    await form.getByLabel('name (String, required)').fill('Ada');

    // CRON is the default type: the preview describes the expression and lists the next fires.
    await form.getByLabel('Time zone').fill('Europe/Bucharest');
    const cron = form.getByRole('textbox', { name: 'CRON expression' });
    await cron.fill('61 9 * * *');
    await expect
      .poll(() => form.getByTestId('cron-preview').getByRole('alert').textContent())
      .toContain('minute');
    await cron.fill('0 9 * * 1-5');
    await form.getByTestId('cron-description').waitFor();
    expect(await form.getByTestId('cron-description').textContent()).toMatch(/09:00/);
    expect(await form.locator('.res-occurrences li').count()).toBe(5);
    await session.screenshot('schedules-form');

    await form.getByRole('button', { name: 'Create schedule' }).click();
    const row = page.getByTestId('schedules-table-row').filter({ hasText: 'Morning greeting' });
    await row.waitFor();
    expect(await row.textContent()).toContain(PROCESS_TITLE);
    let [stored] = (await session.api<PagedList<ScheduleView>>('/api/Schedules')).pageItems;
    expect(stored).toMatchObject({
      name: 'Morning greeting',
      targetProcess: PROCESS_ID,
      status: true,
      recurrence: { recurrence: 8, cronExpression: '0 9 * * 1-5', timeZone: 'Europe/Bucharest' },
      processInputs: [{ id: '00000000-0000-0000-0000-000000000002', value: 'Ada' }],
    });
    expect(stored!.nextRunOn).toBeTruthy();
    await session.screenshot('schedules');

    await page.getByRole('button', { name: 'Edit Morning greeting' }).click();
    await form.getByLabel('Repeat').selectOption({ label: 'Weekly' });
    await form.getByLabel('Wed').check();
    await session.screenshot('schedules-weekly-form');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await expect
      .poll(async () => {
        [stored] = (await session.api<PagedList<ScheduleView>>('/api/Schedules')).pageItems;
        return stored!.recurrence.recurrence;
      })
      .toBe(5);
    expect(stored!.recurrence.weekDays).toEqual([1, 3]);
    expect(stored!.recurrence.cronExpression).toBeUndefined();

    await row.getByLabel('Enabled: Morning greeting').uncheck();
    await expect
      .poll(async () => (await session.api<ScheduleView>(`/api/Schedules/${stored!.id}`)).status)
      .toBe(false);

    await page.getByRole('button', { name: 'Delete schedule "Morning greeting"' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByTestId('schedules-table-empty').waitFor();
    expect((await session.api<PagedList<ScheduleView>>('/api/Schedules')).pageItems).toEqual([]);
  });

  it('shows a new API key once, the key works, and a reload no longer shows its value', async () => {
    await open('api-keys', 'api-keys-page');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const panel = page.getByTestId('new-api-key');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('shown only this once');
    const name = (await page.getByTestId('new-api-key-name').textContent())!;
    const value = (await page.getByTestId('new-api-key-value').textContent())!;
    expect(value).toMatch(/^[A-Za-z0-9]{64}$/);
    await page.getByTestId('api-keys-table-row').filter({ hasText: name }).waitFor();
    await session.screenshot('api-keys-created');

    const status = await fetch(`${session.baseUrl}/api/Status`, { headers: { key: name, value } });
    expect(status.status).toBe(200);

    await page.reload();
    await page.getByTestId('api-keys-table-row').filter({ hasText: name }).waitFor();
    expect(await panel.count()).toBe(0);
    expect(await page.content()).not.toContain(value);
    await session.screenshot('api-keys');

    await page.getByRole('button', { name: `Revoke key ${name}` }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByTestId('api-keys-table-empty').waitFor();
    const revoked = await fetch(`${session.baseUrl}/api/Status`, { headers: { key: name, value } });
    expect(revoked.status).toBe(403);
  });

  it('creates a data type with a String attribute and a nested data model attribute', async () => {
    const address = await session.api<{ id: string }>('/api/DataTypes', {
      json: {
        name: 'Address',
        displayName: 'Address',
        content: {
          attributes: [{ name: 'street', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121214' }],
        },
      },
    });
    await open('data-types', 'data-types-page');
    await page.getByRole('button', { name: 'New data type' }).click();
    const form = page.getByTestId('data-type-form');
    await form.getByLabel('Name', { exact: true }).fill('Customer');
    await form.getByLabel('Attribute 1 name').fill('email');
    await form.getByLabel('Attribute 1 type').selectOption({ label: 'String' });
    await form.getByRole('button', { name: 'Add attribute' }).click();
    await form.getByLabel('Attribute 2 name').fill('addresses');
    await form.getByLabel('Attribute 2 type').selectOption({ label: 'Address' });
    await form.getByLabel('Attribute 2 is a list').check();
    await form.getByRole('button', { name: 'Create data type' }).click();

    const row = page.getByTestId('data-types-table-row').filter({ hasText: 'email' });
    await row.waitFor();
    // The nested model's own attribute is shown inlined under the attribute that uses it.
    expect(await row.textContent()).toContain('street');
    const customer = await session.api<{
      attributes: { name: string; dataTypeId: string; isList: boolean }[];
    }>('/api/DataTypes/Customer');
    expect(customer.attributes).toMatchObject([
      { name: 'email', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121214', isList: false },
      { name: 'addresses', dataTypeId: address.id, isList: true },
    ]);
    await session.screenshot('data-types');

    // Editing replaces the attribute set: the e-mail becomes a list, the addresses go away.
    await row.getByRole('button', { name: 'Edit Customer' }).click();
    await form.getByLabel('Attribute 1 is a list').check();
    await form.getByRole('button', { name: 'Remove attribute 2' }).click();
    await form.getByRole('button', { name: 'Save data type' }).click();
    await expect
      .poll(async () => (await session.api<typeof customer>('/api/DataTypes/Customer')).attributes)
      .toMatchObject([{ name: 'email', isList: true }]);
    expect((await session.api<typeof customer>('/api/DataTypes/Customer')).attributes).toHaveLength(
      1,
    );
  });

  it('creates a REST credential with basic auth, tests it live and never shows the password', async () => {
    await open('credentials', 'credentials-page');
    await page.getByLabel('New credential of type').selectOption({ label: 'REST API' });
    await page.getByRole('button', { name: 'New credential' }).click();
    const form = page.getByTestId('credential-form');
    await form.getByLabel('Name *', { exact: true }).fill('Peer API');
    await form.getByLabel('URL *', { exact: true }).fill(peerUrl);
    await form.getByLabel('Authentication method').selectOption({ label: 'Basic' });
    await form.getByLabel('User name *', { exact: true }).fill(PEER_USER);
    const password = form.getByLabel('Password *', { exact: true });
    expect(await password.getAttribute('type')).toBe('password');
    await password.fill('not-the-password');

    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => form.getByTestId('credential-test-result').textContent())
      .toContain('Connection failed');
    expect(await form.getByTestId('credential-test-result').textContent()).toContain('401');

    await password.fill(PEER_PASSWORD);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => form.getByTestId('credential-test-result').textContent())
      .toContain('Connection works');
    expect(await page.content()).not.toContain(PEER_PASSWORD);
    await session.screenshot('credentials-form');

    await form.getByRole('button', { name: 'Create credential' }).click();
    const row = page.getByTestId('credentials-table-row').filter({ hasText: 'Peer API' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Test Peer API' }).click();
    await expect
      .poll(() => row.getByTestId('credential-test-result').textContent())
      .toContain('Connection works');
    await row.locator('.res-badge-ok').waitFor();

    // Editing shows the stored secret only as the API's mask, in a password field.
    await page.getByRole('button', { name: 'Edit Peer API' }).click();
    const stored = page.getByTestId('credential-form').getByLabel('Password *', { exact: true });
    await stored.waitFor();
    expect(await stored.getAttribute('type')).toBe('password');
    expect(await stored.inputValue()).toBe('********');
    expect(await page.content()).not.toContain(PEER_PASSWORD);
    const values = await Promise.all(
      (
        await page
          .locator('input:not([type="checkbox"]):not([type="radio"]):not([type="file"])')
          .all()
      ).map((input) => input.inputValue()),
    );
    expect(values).not.toContain(PEER_PASSWORD);
    await session.screenshot('credentials');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('creates a webhook, shows its call URL, binds it to the process and starts a run through it', async () => {
    await open('webhooks', 'webhooks-page');
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByTestId('webhook-form');
    await form.getByLabel('Name', { exact: true }).fill('greetings-in');
    await form.getByLabel('Sample payload (JSON)').fill('"Ada"');
    await form.getByRole('button', { name: 'Create webhook' }).click();

    const row = page.getByTestId('webhooks-table-row').filter({ hasText: 'greetings-in' });
    await row.waitFor();
    const [webhook] = (await session.api<PagedList<{ id: string; name: string }>>('/api/Webhooks'))
      .pageItems;
    const url = `${session.baseUrl}/api/Webhooks/launch/${webhook!.id}`;
    expect(await row.getByTestId('webhook-url').textContent()).toBe(url);
    expect(await page.getByTestId('webhook-created').textContent()).toContain(url);

    await row.getByRole('button', { name: 'Processes of greetings-in' }).click();
    const bindings = page.getByTestId('webhook-bindings');
    await bindings.getByTestId('webhook-bound-processes-empty').waitFor();
    await bindings.getByLabel('Bind to process').selectOption(PROCESS_ID);
    await bindings.getByLabel('Body goes to').selectOption({ label: 'name' });
    await bindings.getByRole('button', { name: 'Bind', exact: true }).click();
    await bindings
      .getByTestId('webhook-bound-processes-row')
      .filter({ hasText: PROCESS_TITLE })
      .waitFor();
    await session.screenshot('webhooks');

    // Editing keeps the id (and so the URL) and stores the dedupe and response settings.
    await row.getByRole('button', { name: 'Edit greetings-in' }).click();
    await form.getByLabel('Deduplicate by').selectOption({ label: 'A header' });
    await form.getByLabel('Header name').fill('X-Delivery-Id');
    await form.getByLabel('Window (seconds)').fill('30');
    await form.getByRole('combobox', { name: /^Response/ }).selectOption({ label: 'Static JSON' });
    await form.getByLabel('Response JSON').fill('{"received":true}');
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await expect
      .poll(async () => (await session.api<WebhookView>(`/api/Webhooks/${webhook!.id}`)).dedupe)
      .toEqual({ source: 1, path: 'X-Delivery-Id', windowSeconds: 30 });
    expect(
      (await session.api<WebhookView>(`/api/Webhooks/${webhook!.id}`)).customResponseConfig,
    ).toEqual({ configType: 1, config: '{"received":true}' });

    const call = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Grace',
    });
    expect(call.status).toBe(200);
    expect(await call.json()).toEqual({ received: true });
  });

  it('charts the runs per day, their duration percentiles and the top processes', async () => {
    for (const name of ['Ada', 'Linus']) {
      await session.api(`/api/Projects/${PROCESS_ID}/run?runSynchronous=true`, {
        json: { payload: { name } },
      });
    }
    await open('usage', 'usage-page');
    const chart = page.getByTestId('runs-per-day-chart');
    await chart.waitFor();
    // Two runs here and one through the webhook (finished by now or still counted as running).
    const runs = await chart
      .locator('g[data-runs]')
      .evaluateAll((groups) =>
        groups.reduce((sum, g) => sum + Number(g.getAttribute('data-runs')), 0),
      );
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await chart.locator('rect.res-bar').count()).toBeGreaterThan(0);
    await page.getByTestId('duration-chart').waitFor();
    expect(await page.getByTestId('duration-chart').textContent()).toContain('p99');
    const top = page.getByTestId('usage-processes-row').filter({ hasText: PROCESS_TITLE });
    await top.waitFor();
    expect(
      Number(await page.getByTestId('usage-total-runs').locator('.res-tile-value').textContent()),
    ).toBeGreaterThanOrEqual(3);
    await session.screenshot('usage');

    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => chart.locator('g[data-day]').count()).toBe(7);
  });

  it('logged no console error on any page, and no API error but the two provoked ones', () => {
    expect(session.consoleErrors).toEqual([]);
    // The invalid CRON expression and the test with a wrong password, both shown to the user.
    expect(session.apiFailures.slice(failuresBeforeTests)).toEqual([
      'POST /api/Schedules/validate-crontab → 400',
      'POST /api/Credentials/test → 400',
    ]);
  });
});

interface WebhookView {
  dedupe: unknown;
  customResponseConfig: unknown;
}

interface ScheduleView {
  id: string;
  name: string;
  status: boolean;
  targetProcess: string;
  nextRunOn: string | null;
  processInputs: { id: string; value: unknown }[];
  recurrence: {
    recurrence: number;
    cronExpression?: string;
    timeZone: string;
    weekDays?: number[];
  };
}
