// The web console in headless Chromium against a real `sluice serve`: sign-in, processes (create
// from JSON, graph, validation, activation), runs from the generated form (sync, async, files),
// the instance list's live refresh, the instance timeline, Stop and sign-out. Each page is
// screenshotted into test-output/console/.
import fs from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import { consoleTestsEnabled, startConsole, type ConsoleSession } from './harness.js';

const enabled = consoleTestsEnabled('console core browser tests');

/** Start → Concatenate(name, " - processed") → Stop, with input `name` and output `greeting`. */
function greetFlow(title: string) {
  const f = new FlowBuilder(title);
  const name = f.variable('name', 'String', { orientation: 10, required: true });
  const greeting = f.variable('greeting', 'String', { orientation: 30 });
  const concat = f.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(name),
    [CONCATENATE_IDS.Second]: lit(' - processed'),
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  f.chain(f.start(), concat, f.stop());
  return f.build();
}

/** A For Each over `items` with a body, then a Throw whose error edge leads to a recovery. */
function loopAndRecoverFlow() {
  const f = new FlowBuilder('Loop and recover');
  const items = f.variable('items', 'String', { orientation: 10, list: true });
  const item = f.variable('item', 'String');
  const joined = f.variable('joined', 'String', { orientation: 30, defaultValue: '' });
  const failure = f.variable('failure', 'Error', { orientation: 30 });
  const start = f.start();
  const loop = f.forEach(items, item);
  const append = f.node(
    CONCATENATE_IDS.Template,
    'Append item',
    {
      [CONCATENATE_IDS.First]: ref(joined),
      [CONCATENATE_IDS.Second]: ref(item),
      [CONCATENATE_IDS.Result]: ref(joined),
    },
    { parent: loop },
  );
  const boom = f.throw(lit('on purpose'), { errorVariable: failure });
  const recover = f.mapData([{ to: joined, from: lit('recovered') }]);
  f.chain(start, loop)
    .edge(loop, append)
    .edge(append, loop)
    .edge(loop, boom)
    .edge(boom, f.stop())
    .edge(boom, recover, { error: true })
    .edge(recover, f.stop());
  return f.build();
}

/** Copies its File input `doc` to the File output `copy`. */
function copyFileFlow() {
  const f = new FlowBuilder('Copy a file');
  const doc = f.variable('doc', 'File', { orientation: 10, required: true });
  const copy = f.variable('copy', 'File', { orientation: 30 });
  f.chain(f.start(), f.mapData([{ to: copy, from: ref(doc) }]), f.stop());
  return f.build();
}

/** Waits 30 s in a Delay: long enough to be stopped from the instance page. */
function slowFlow() {
  const f = new FlowBuilder('Slow');
  const done = f.variable('done', 'String', { orientation: 30 });
  f.chain(
    f.start(),
    f.delay({ value: 30, interval: 1 }),
    f.mapData([{ to: done, from: lit('too far') }]),
    f.stop(),
  );
  return f.build();
}

describe.skipIf(!enabled)('web console (core pages)', { timeout: 90_000 }, () => {
  let session: ConsoleSession;
  let greetId: string;

  beforeAll(async () => {
    session = await startConsole();
  }, 90_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the server’s message for a wrong password', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/#/`);
    await page.getByLabel('User name').fill(session.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), 'Invalid user credentials');
    await session.screenshot('01-sign-in-error');
  });

  it('signs in, lists the personal workspace, and stays signed in across a reload', async () => {
    const { page } = session;
    await session.signIn();
    const workspace = page.getByRole('combobox', { name: 'Workspace' });
    expect(await workspace.locator('option').allTextContents()).toEqual(['Personal']);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await expectText(page.locator('.empty'), 'No processes in this workspace yet');
    await session.screenshot('02-processes-empty');
  });

  it('keeps the session in unprefixed HttpOnly cookies and renews an expired access cookie', async () => {
    const { page, context } = session;
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual(['procesio.access', 'procesio.refresh']);
    expect(cookies.every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);
    // What the browser does when the access cookie's Max-Age has passed.
    await context.clearCookies({ name: 'procesio.access' });
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect((await context.cookies()).map((c) => c.name).sort()).toEqual([
      'procesio.access',
      'procesio.refresh',
    ]);
  });

  it('creates a process from pasted flow JSON and shows its graph and variables', async () => {
    const { page, baseUrl } = session;
    const flow = greetFlow('Greet');
    greetId = flow.id as string;
    await page.goto(`${baseUrl}/#/processes`);
    await page.getByRole('link', { name: 'New process' }).click();
    await page.getByRole('textbox', { name: 'Flow JSON' }).fill(JSON.stringify(flow, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    await expectText(page.getByRole('status'), 'The flow is valid.');
    await session.screenshot('03-new-process');
    await page.getByRole('button', { name: 'Create process' }).click();
    await page.waitForURL(`**/#/processes/${greetId}`);
    await page.getByRole('heading', { name: 'Greet' }).waitFor();
    expect(await page.locator('svg.flow-graph .node').count()).toBe(3);
    expect(await page.locator('svg.flow-graph .edge-normal').count()).toBe(2);
    const variables = page.getByRole('table', { name: 'Variables' });
    // Type names come from the data type catalogue, a second request.
    await expect
      .poll(() => variables.locator('tbody tr').allInnerTexts())
      .toEqual([
        expect.stringMatching(/name\s+String\s+Input\s+Yes/),
        expect.stringMatching(/greeting\s+String\s+Output\s+No/),
      ]);
    await session.screenshot('04-process');
  });

  it('runs it synchronously from the generated form and shows the output value', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Run', exact: true }).click();
    await page.getByLabel('name', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const outputs = page.getByRole('table', { name: 'Output variables' });
    await expectText(outputs.locator('tr[data-output="greeting"]'), 'Ada - processed');
    await expectText(page.getByRole('region', { name: 'Result' }), 'Finished');
    await session.screenshot('05-run-sync');
  });

  it('runs it asynchronously and watches the instances finish in the live list', async () => {
    const { page } = session;
    await page.getByLabel('name', { exact: true }).fill('Grace');
    await page.getByLabel('Start it and follow the instance').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expectText(page.getByRole('region', { name: 'Result' }), 'The process is running');
    await page.getByRole('link', { name: 'see all its instances' }).click();
    const rows = page.getByRole('table', { name: 'Instances' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await expect
      .poll(() => rows.locator('.badge').allTextContents(), { timeout: 15_000 })
      .toEqual(['Finished', 'Finished']);
    // Started elsewhere: the list picks it up on its own (it polls every 2 s).
    await session.api(`/api/Projects/${greetId}/run`, { json: { payload: { name: 'Bob' } } });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await page.getByLabel('Status').selectOption('failed');
    await expectText(page.locator('.empty'), 'No instance of this process has this status.');
    await page.getByLabel('Status').selectOption('finished');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await session.screenshot('06-instances');
  });

  it('opens an instance: per-action timeline, variable values and the coloured graph', async () => {
    const { page } = session;
    await page.getByRole('table', { name: 'Instances' }).locator('tbody tr a').last().click();
    const timeline = page.getByRole('table', { name: 'Action timeline' });
    const rows = timeline.locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(/Start\s+Done/),
        expect.stringMatching(/Concatenate\s+Done/),
        expect.stringMatching(/Stop 1\s+Done/),
      ]);
    // The status route's timing and attempts fill the Started and Attempts columns.
    expect(await timeline.locator('thead').innerText()).toMatch(/Started[\s\S]*Attempts/);
    expect(await rows.nth(1).innerText()).toMatch(/\d{4}.*\d+ ms\s+1\s+1/);
    await expectText(
      page.getByRole('table', { name: 'Variable values' }).locator('tr[data-variable="greeting"]'),
      'Ada - processed',
    );
    // The graph comes from a second request (the process's flow).
    await expect.poll(() => page.locator('svg.flow-graph .node-status-ok').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await session.screenshot('07-instance');
  });

  it('validates a broken flow: syntax errors and the server’s errors shown inline', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/#/processes/${greetId}`);
    const editor = page.getByRole('textbox', { name: 'Flow JSON' });
    const original = await editor.inputValue();
    await editor.fill('{ "title": ');
    await page.getByRole('button', { name: 'Validate' }).first().click();
    await expectText(page.getByRole('alert'), 'The flow is not valid JSON (line 1');

    const broken = JSON.parse(original) as {
      actions: { actionName: string; templateId: string }[];
    };
    broken.actions.find((a) => a.actionName === 'Concatenate')!.templateId =
      '11111111-2222-4333-8444-555555555555';
    await editor.fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Validate' }).first().click();
    const problems = page.locator('.validation-errors');
    await expectText(problems, 'Concatenate');
    expect(await page.locator('svg.flow-graph .node-invalid').count()).toBe(1);
    // Choosing the error selects what it names in the editor.
    await problems.getByRole('button', { name: 'Concatenate' }).first().click();
    const selected = await editor.evaluate((element) => {
      const area = element as unknown as {
        value: string;
        selectionStart: number;
        selectionEnd: number;
      };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toMatch(/^[0-9a-f-]{36}$/);
    await session.screenshot('08-validation-errors');

    // Saving stores the invalid flow (a new version) and says why it cannot run.
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), 'but the flow is not valid');
    await expectText(page.locator('.summary'), 'Invalid');
    await expectText(problems, 'Concatenate');

    await editor.fill(original);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), 'Saved as version 3.');
    await expectText(page.locator('.summary'), 'Valid');
    expect(await page.locator('.validation-errors').count()).toBe(0);
  });

  it('switches a process inactive and active again from the list', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/#/processes`);
    const toggle = page.getByRole('switch', { name: 'Active: Greet' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click({ force: true });
    await expectText(page.locator(`tr[data-process-id="${greetId}"]`), 'Inactive');
    const stored = await session.api<{ flow: { active: boolean } }>(`/api/Projects/${greetId}`);
    expect(stored.flow.active).toBe(false);
    await session.screenshot('09-processes-inactive');
    // The server refuses to run an inactive process; the form shows its message.
    await page
      .locator(`tr[data-process-id="${greetId}"]`)
      .getByRole('link', { name: 'Run' })
      .click();
    await page.getByLabel('name', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expectText(page.getByRole('alert'), 'Process is inactive.');
    await page.goBack();
    await toggle.click({ force: true });
    await expect
      .poll(
        async () =>
          (await session.api<{ flow: { active: boolean } }>(`/api/Projects/${greetId}`)).flow
            .active,
      )
      .toBe(true);
  });

  it('searches the process list by title', async () => {
    const { page } = session;
    await session.api('/api/Projects', { json: loopAndRecoverFlow() });
    await page.reload();
    const rows = page.getByRole('table', { name: 'Processes' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search processes' }).fill('recover');
    await expect.poll(() => rows.count()).toBe(1);
    await expectText(rows.first(), 'Loop and recover');
    await session.screenshot('10-processes-search');
  });

  it('draws For Each bodies as an area, loop-backs and error edges apart', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Loop and recover' }).click();
    await page.getByRole('heading', { name: 'Loop and recover' }).waitFor();
    expect(await page.locator('svg.flow-graph .foreach-area').count()).toBe(1);
    expect(await page.locator('svg.flow-graph .edge-error').count()).toBe(1);
    expect(await page.locator('svg.flow-graph .edge-back').count()).toBe(1);
    await expectText(page.locator('svg.flow-graph .edge-error'), 'error');
    await session.screenshot('11-graph-foreach-error-edge');
  });

  it('runs a process with a File input: publish, upload, launch', async () => {
    const { page, baseUrl } = session;
    const flow = copyFileFlow();
    await session.api('/api/Projects', { json: flow });
    await page.goto(`${baseUrl}/#/processes/${flow.id}/run`);
    await page.getByLabel('doc', { exact: true }).setInputFiles({
      name: 'hello.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello console'),
    });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const copy = page
      .getByRole('table', { name: 'Output variables' })
      .locator('tr[data-output="copy"]');
    await expectText(copy, '"name": "hello.txt"');
    await expectText(copy, '"size": 13');
    await expectText(copy, '"mimeType": "text/plain"');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      copy.getByRole('button', { name: 'Download hello.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hello.txt');
    expect(fs.readFileSync(await download.path()).toString('utf8')).toBe('hello console');
    await session.screenshot('12-run-file');
  });

  it('shows where an instance failed: the action’s error in the timeline and the graph', async () => {
    const { page, baseUrl } = session;
    const f = new FlowBuilder('Fails');
    f.chain(f.start(), f.throw(lit('No way')), f.stop());
    const flow = f.build();
    await session.api('/api/Projects', { json: flow });
    const { instanceId } = await session.api<{ instanceId: string }>(
      `/api/Projects/${flow.id}/run?runSynchronous=true`,
      { json: { payload: {} } },
    );
    await page.goto(`${baseUrl}/#/instances/${instanceId}`);
    await expectText(page.locator('.facts'), 'Failed');
    await expectText(page.getByRole('alert'), 'No way');
    const failed = page.getByRole('table', { name: 'Action timeline' }).locator('tr.row-error');
    await expectText(failed, 'Error');
    await expectText(failed, 'No way');
    await expect.poll(() => page.locator('svg.flow-graph .node-status-bad').count()).toBe(1);
    await session.screenshot('13-instance-failed');
  });

  it('stops a waiting instance from its page', async () => {
    const { page, baseUrl } = session;
    const flow = slowFlow();
    await session.api('/api/Projects', { json: flow });
    const { instanceId } = await session.api<{ instanceId: string }>(
      `/api/Projects/${flow.id}/run`,
      { json: { payload: {} } },
    );
    await page.goto(`${baseUrl}/#/instances/${instanceId}`);
    const facts = page.locator('.facts');
    await expectText(facts, 'Waiting');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Yes, stop' }).click();
    await expectText(facts, 'Stopped');
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await session.screenshot('14-instance-stopped');
  });

  it('deletes a process from the list after asking once more', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/#/processes`);
    const row = page.locator('tr', { hasText: 'Loop and recover' });
    await row.getByRole('button', { name: 'Delete' }).click();
    await expectText(row, 'Delete “Loop and recover”?');
    await session.screenshot('15-processes-delete');
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Loop and recover' }).count()).toBe(0);
  });

  it('signs out, and a reload stays signed out', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectText(page.locator('.notice'), 'You are signed out.');
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await session.screenshot('16-signed-out');
  });

  it('opens the e-mailed reset link on the new-password form and shows a refused token', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/?resetToken=not-a-real-token#/`);
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-1');
    await page.getByLabel('New password again').fill('a-new-password-1');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expectText(page.getByRole('alert'), 'Password reset token is invalid or expired.');
    await session.screenshot('17-reset-password-error');
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('logged no console errors, page errors or failed assets', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});

/** Waits until the text of the locator's elements contains `text` (rendering is asynchronous). */
async function expectText(locator: Locator, text: string): Promise<void> {
  await expect
    .poll(async () => (await locator.allTextContents()).join('\n'), { timeout: 15_000 })
    .toContain(text);
}
