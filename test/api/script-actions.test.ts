// The script actions (Javascript, Node) inside processes run through the HTTP API: outputs as
// PROCESIO gives them, process variables reaching the code through placeholders, nothing of the
// host reachable, and busy or memory-hungry code ending on the error port while the server
// keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JAVASCRIPT_IDS } from '../../src/actions/code/javascript.action.js';
import { NODE_IDS } from '../../src/actions/code/node.action.js';
import { closeSandbox } from '../../src/sandbox/index.js';
import { runActionProcess, type ApiTarget } from '../../src/testing/action-process.js';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let api: ApiTarget;

beforeAll(async () => {
  server = await startTestServer();
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});
afterAll(async () => {
  await server.close();
  closeSandbox();
});

const javascript = (code: string) =>
  runActionProcess(api, {
    templateId: JAVASCRIPT_IDS.Template,
    settings: { [JAVASCRIPT_IDS.Code]: code },
    outputs: { out: { setting: JAVASCRIPT_IDS.Output, type: 'Json' } },
  });

const node = (code: string, timeoutSeconds = 60) =>
  runActionProcess(api, {
    templateId: NODE_IDS.Template,
    settings: { [NODE_IDS.Code]: code, [NODE_IDS.Timeout]: String(timeoutSeconds) },
    outputs: {
      single: { setting: NODE_IDS.SingleResult, type: 'Object' },
      list: { setting: NODE_IDS.ListResult, type: 'Object', list: true },
      failure: { setting: NODE_IDS.Error, type: 'String' },
    },
  });

describe('Javascript in a process', () => {
  it('gives the Output {"result": v} for setOutput(v)', async () => {
    const run = await javascript('setOutput({ sum: [1, 2, 3].reduce((a, b) => a + b), ok: true })');
    expect(run).toMatchObject({
      status: 50,
      error: null,
      outputs: { out: { result: { sum: 6, ok: true } } },
    });
  });

  it('sees process variables through <%N%> placeholders, rendered into the code as text', async () => {
    const flow = new FlowBuilder('Javascript placeholders');
    const name = flow.variable('name', 'String', { orientation: 10 });
    const order = flow.variable('order', 'Json', { orientation: 10 });
    const out = flow.variable('out', 'Json', { orientation: 30 });
    const script = flow.node(JAVASCRIPT_IDS.Template, 'Script', {
      [JAVASCRIPT_IDS.Code]: {
        value:
          "const name = '<%0%>';\nconst order = <%1%>;\n" +
          "setOutput(name + ' ordered ' + order.lines.reduce((n, line) => n + line.qty, 0));",
        vars: [name, order],
      },
      [JAVASCRIPT_IDS.Output]: ref(out),
    });
    flow.chain(flow.start(), script, flow.stop());
    const saved = await call(api.url, 'POST', '/api/Projects', {
      headers: api.headers,
      json: flow.build(),
    });
    expect(saved.status, saved.text).toBe(200);
    const run = await call(api.url, 'POST', `/api/Projects/${flow.id}/run?runSynchronous=true`, {
      headers: api.headers,
      json: { payload: { name: 'Ada', order: { lines: [{ qty: 2 }, { qty: 3 }] } } },
    });
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({ status: 50, variable: { out: { result: 'Ada ordered 5' } } });
  });

  it('reaches no process, module loader, file system or network', async () => {
    const run = await javascript(`setOutput([typeof process, typeof require, typeof fetch,
      typeof XMLHttpRequest, globalThis.constructor.constructor('return typeof process')(),
      await import('node:fs').then(() => 'fs loaded', () => 'no import')])`);
    expect(run.outputs.out).toEqual({
      result: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'no import'],
    });
  });

  it('ends a 1 GB allocation as script.memory on the error port', async () => {
    const run = await javascript(
      'const gigabyte = new Uint8Array(1024 ** 3); setOutput(gigabyte.length);',
    );
    expect(run.status).toBe(50);
    expect(run.error).toMatchObject({
      code: 'script.memory',
      message: 'The script needed more than its memory limit of 64 MB.',
    });
    expect(run.outputs.out).toBeNull();
  });

  it('ends a thrown error as script.error on the error port, naming the line', async () => {
    const run = await javascript('const customer = null;\nsetOutput(customer.name);');
    expect(run.error).toMatchObject({
      code: 'script.error',
      message: "Line 2: TypeError: Cannot read properties of null (reading 'name')",
    });
  });
});

describe('Node in a process', () => {
  it('gives a returned list as Single Result and List Result, and a value as Single Result', async () => {
    expect(
      await node('const doubled = [1, 2, 3].map((n) => n * 2);\nreturn doubled;'),
    ).toMatchObject({
      status: 50,
      error: null,
      outputs: { single: [2, 4, 6], list: [2, 4, 6], failure: null },
    });
    const single = await node('return await Promise.resolve({ id: 7 });');
    expect(single.outputs).toEqual({ single: { id: 7 }, list: null, failure: null });
  });

  it('writes what the code throws to the Error output, require and fs included', async () => {
    const run = await node("const fs = require('fs');\nreturn fs.readdirSync('/');");
    expect(run).toMatchObject({
      status: 50,
      error: null,
      outputs: {
        single: null,
        list: null,
        failure: 'Line 1: ReferenceError: require is not defined',
      },
    });
  });

  it('ends a busy loop at its Timeout as script.timeout while the server keeps serving', async () => {
    const busy = node('while (true) {}', 2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const asked = Date.now();
    const health = await call(api.url, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(Date.now() - asked).toBeLessThan(1_000);
    // Another script runs to its end meanwhile.
    expect((await javascript('setOutput("meanwhile")')).outputs.out).toEqual({
      result: 'meanwhile',
    });
    const run = await busy;
    expect(run.status).toBe(50);
    expect(run.error).toMatchObject({
      code: 'script.timeout',
      message: 'The script did not finish within 2 s.',
    });
  });

  it('ends code that exhausts the heap as script.memory on the error port', async () => {
    const run = await node('const kept = new Map();\nfor (let i = 0; ; i++) kept.set(i, { i });');
    expect(run.error).toMatchObject({ code: 'script.memory' });
    expect((await node('return "next run"')).outputs.single).toBe('next run');
  });
});
