// Processes with files through the real HTTP API (API.md §4.2–§4.4, §4.9): publish with file
// placeholders, upload the bytes (multipart part `package`), launch, status and download, under
// both principals; and every bad input as a PROCESIO 4xx.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

const LIMIT = 6 * 1024 * 1024;

let server: TestServer;
let url: string;
let auth: Record<string, string>;
let keyAuth: Record<string, string>;

beforeAll(async () => {
  // JSON bodies are capped far below the file limit: uploads must not go through that path.
  server = await startTestServer({
    env: { SLUICE_FILE_LIMIT_BYTES: String(LIMIT), SLUICE_BODY_LIMIT_BYTES: '65536' },
  });
  url = server.url;
  auth = bearer((await login(url)).access_token!);
  const key = (await call(url, 'POST', '/api/ApiKey', { headers: auth })).body as {
    name: string;
    value: string;
  };
  keyAuth = { key: key.name, value: key.value };
});
afterAll(async () => server.close());

const PRINCIPALS = [
  ['a Bearer user', () => auth],
  ['an API key', () => keyAuth],
] as const;

interface FileValue {
  name: string;
  id: string;
  path: string;
  size: number;
  mimeType: string;
  hash: string;
}

interface Published {
  id: string;
  variables: { id: string; name: string; defaultValue: unknown }[];
  flows: { id: string; isValid: boolean };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A process copying its File input `doc` (or list `docs`) to the output `copy` (`copies`). */
function copyFlow(options: { list?: boolean } = {}) {
  const f = new FlowBuilder(options.list ? 'Copy files' : 'Copy a file');
  const input = f.variable(options.list ? 'docs' : 'doc', 'File', {
    orientation: 10,
    required: true,
    list: options.list ?? false,
  });
  const output = f.variable(options.list ? 'copies' : 'copy', 'File', {
    orientation: 30,
    list: options.list ?? false,
  });
  f.chain(f.start(), f.mapData([{ to: output, from: ref(input) }]), f.stop());
  return { flow: f, input, output };
}

async function save(flow: FlowBuilder, headers = auth): Promise<string> {
  const res = await call(url, 'POST', '/api/Projects', { headers, json: flow.build() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return flow.id;
}

async function publish(processId: string, body: unknown, headers = auth): Promise<Published> {
  const res = await call(url, 'POST', `/api/Projects/${processId}/instances/publish`, {
    headers,
    json: body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Published;
}

function valueOf(published: Published, name: string): unknown {
  return published.variables.find((v) => v.name === name)!.defaultValue;
}

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
  /** Writes `name=…; filename=…` without quotes, as the .NET SDK does. */
  unquoted?: boolean;
}

/** A multipart/form-data body written by hand, so tests control every header of every part. */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----sluice${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const q = (v: string) => (part.unquoted ? v : `"${v}"`);
    let head = `--${boundary}\r\nContent-Disposition: form-data; name=${q(part.name)}`;
    if (part.filename !== undefined) head += `; filename=${q(part.filename)}`;
    head += '\r\n';
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  ids: Record<string, string>,
  parts: Part[] | Buffer,
  headers: Record<string, string> = auth,
) {
  const form = Array.isArray(parts)
    ? multipart(parts)
    : multipart([{ name: 'package', filename: 'file.bin', type: 'application/pdf', data: parts }]);
  const res = await fetch(`${url}/api/File/upload/flow`, {
    method: 'POST',
    headers: { ...headers, ...ids, 'content-type': form.contentType },
    body: form.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: res.status, body, text };
}

async function download(ids: Record<string, string>, headers = auth, query = '') {
  const res = await fetch(`${url}/api/File/download?isArchived=false${query}`, {
    headers: { ...headers, ...ids },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes };
}

async function launch(instanceId: string, headers = auth, sync = true) {
  return call(
    url,
    'POST',
    `/api/Projects/instances/${instanceId}/launch${sync ? '?runSynchronous=true&secondsTimeOut=30' : ''}`,
    { headers, json: { connectionId: '' } },
  );
}

async function statusOf(instanceId: string, headers = auth) {
  const res = await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, { headers });
  return res.body as {
    status: number;
    variable: Record<string, unknown>;
    instance: { variables: { name: string; defaultValue: unknown }[] };
  };
}

function storedFiles(): string[] {
  const root = path.join(server.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((p) => fs.statSync(path.join(root, p)).isFile())
    .map((p) => p.split(path.sep).join('/'));
}

describe('publish → upload → launch → status → download', () => {
  for (const [who, headers] of PRINCIPALS) {
    it(`runs a process with a name-keyed file input, byte for byte, for ${who}`, async () => {
      const { flow, input, output } = copyFlow();
      const processId = await save(flow);
      const published = await publish(processId, { doc: { name: 'a.txt' } }, headers());
      expect(published.flows.isValid).toBe(true);
      const placeholder = valueOf(published, 'doc') as FileValue;
      expect(placeholder).toEqual({
        name: 'a.txt',
        id: expect.any(String),
        path: '',
        size: 0,
        mimeType: '',
        hash: '',
      });

      const bytes = randomBytes(4 * 1024 * 1024 + 123);
      const uploaded = await upload(
        { flowInstanceId: published.id, variableName: 'DOC', fileId: placeholder.id },
        [{ name: 'package', filename: 'a.txt', type: 'application/pdf', data: bytes }],
        headers(),
      );
      expect(uploaded.status, uploaded.text).toBe(200);
      expect(uploaded.text).toBe(JSON.stringify(placeholder.id));

      const expected: FileValue = {
        name: 'a.txt',
        id: placeholder.id,
        path: `flow/flow-${processId}/flow-instance-${published.id}/variable-${input}/${placeholder.id}`,
        size: bytes.length,
        mimeType: 'application/pdf',
        hash: sha256(bytes),
      };
      const before = await statusOf(published.id, headers());
      expect(before.status).toBe(1);
      expect(before.instance.variables.find((v) => v.name === 'doc')!.defaultValue).toEqual(
        expected,
      );

      const launched = await launch(published.id, headers());
      expect(launched.status, JSON.stringify(launched.body)).toBe(200);
      expect(launched.body).toEqual({
        instanceId: published.id,
        status: 50,
        variable: { copy: expected },
        error: [],
      });
      expect((await statusOf(published.id, headers())).variable).toEqual({ copy: expected });

      const got = await download(
        {
          uploadFilePath: expected.path,
          variableId: output,
          instanceId: published.id,
          flowTemplateId: processId,
        },
        headers(),
      );
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-length')).toBe(String(bytes.length));
      expect(got.headers.get('content-disposition')).toBe(
        `attachment; filename="a.txt"; filename*=UTF-8''a.txt`,
      );
    });

    it(`runs a process published with an [{id, value}] body, launched asynchronously, for ${who}`, async () => {
      const { flow, input } = copyFlow();
      const processId = await save(flow);
      const published = await publish(
        processId,
        [{ id: input, value: { name: 'b.bin' } }],
        headers(),
      );
      const fileId = (valueOf(published, 'doc') as FileValue).id;
      const bytes = randomBytes(70_000);
      // Header names in any case, the process named, and the file part with a name of its own.
      const uploaded = await upload(
        {
          Flowinstanceid: published.id,
          Variablename: 'doc',
          FILEID: fileId,
          Flowtemplateid: processId,
        },
        [{ name: 'package', filename: 'scan.bin', type: 'application/octet-stream', data: bytes }],
        headers(),
      );
      expect(uploaded.status, uploaded.text).toBe(200);
      expect((await launch(published.id, headers(), false)).body).toEqual({
        instanceId: published.id,
      });
      let status = await statusOf(published.id, headers());
      for (let i = 0; i < 200 && status.status !== 50; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await statusOf(published.id, headers());
      }
      const copy = status.variable.copy as FileValue;
      expect(copy).toMatchObject({ name: 'scan.bin', size: bytes.length, hash: sha256(bytes) });
      // Ids as query parameters (PROCESIO refuses them; Sluice accepts them).
      const got = await download(
        {},
        headers(),
        `&uploadFilePath=${encodeURIComponent(copy.path)}&instanceId=${published.id}&flowTemplateId=${processId}&variableId=${input}`,
      );
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get('content-type')).toBe('application/octet-stream');
    });
  }

  it('uploads every file of a File list, concurrently, and keeps the client’s order', async () => {
    const { flow } = copyFlow({ list: true });
    const processId = await save(flow);
    const published = await publish(processId, {
      docs: [{ name: 'one.txt' }, { name: 'two.txt' }, { name: 'three.txt' }],
    });
    const placeholders = valueOf(published, 'docs') as FileValue[];
    expect(placeholders.map((p) => p.name)).toEqual(['one.txt', 'two.txt', 'three.txt']);
    const contents = placeholders.map((p) => Buffer.from(`content of ${p.name}`));
    const answers = await Promise.all(
      placeholders.map((p, i) =>
        upload(
          { flowInstanceId: published.id, variableName: 'docs', fileId: p.id },
          [{ name: 'package', filename: p.name, type: 'text/plain', data: contents[i]! }],
          keyAuth,
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const launched = await launch(published.id);
    const copies = (launched.body as { variable: { copies: FileValue[] } }).variable.copies;
    expect(copies.map((c) => [c.name, c.size, c.mimeType])).toEqual([
      ['one.txt', contents[0]!.length, 'text/plain'],
      ['two.txt', contents[1]!.length, 'text/plain'],
      ['three.txt', contents[2]!.length, 'text/plain'],
    ]);
    for (const [i, copy] of copies.entries()) {
      const got = await download({ uploadFilePath: copy.path });
      expect(got.bytes.toString()).toBe(contents[i]!.toString());
    }
  });

  it('keeps a client-chosen file id and replaces the client’s metadata at upload (CLI)', async () => {
    const { flow } = copyFlow();
    const processId = await save(flow);
    const id = randomUUID();
    const published = await publish(processId, {
      doc: { path: '', size: 20931, mimeType: 'audio/ogg', name: 'f.ogg', id, hash: '' },
    });
    expect(valueOf(published, 'doc')).toEqual({
      name: 'f.ogg',
      id,
      path: '',
      size: 0,
      mimeType: '',
      hash: '',
    });
    const bytes = randomBytes(1000);
    const res = await upload(
      {
        flowInstanceId: published.id,
        variableName: 'doc',
        fileId: id.toUpperCase(),
        flowTemplateId: processId,
      },
      [{ name: 'package', filename: 'f.ogg', type: 'audio/ogg', data: bytes }],
    );
    expect(res.body).toBe(id);
    const doc = (await statusOf(published.id)).instance.variables.find((v) => v.name === 'doc')!
      .defaultValue as FileValue;
    expect(doc).toMatchObject({ id, size: 1000, mimeType: 'audio/ogg', hash: sha256(bytes) });
  });

  it('replaces the bytes when the same file id is uploaded again', async () => {
    const { flow } = copyFlow();
    const processId = await save(flow);
    const published = await publish(processId, { doc: { name: 'v.txt' } });
    const ids = {
      flowInstanceId: published.id,
      variableName: 'doc',
      fileId: (valueOf(published, 'doc') as FileValue).id,
    };
    await upload(ids, [{ name: 'package', filename: 'v1.txt', type: 'text/plain', data: 'first' }]);
    const second = Buffer.from('the second version');
    await upload(ids, [{ name: 'package', filename: 'v2.txt', type: 'text/csv', data: second }]);
    const copy = (
      (await launch(published.id)).body as {
        variable: { copy: FileValue };
      }
    ).variable.copy;
    expect(copy).toMatchObject({
      name: 'v2.txt',
      size: second.length,
      mimeType: 'text/csv',
      hash: sha256(second),
    });
    expect((await download({ uploadFilePath: copy.path })).bytes.equals(second)).toBe(true);
  });
});

describe('multipart as clients send it', () => {
  async function publishedDoc() {
    const { flow } = copyFlow();
    const processId = await save(flow);
    const published = await publish(processId, { doc: { name: 'report.pdf' } });
    const fileId = (valueOf(published, 'doc') as FileValue).id;
    return {
      processId,
      published,
      ids: { flowInstanceId: published.id, variableName: 'doc', fileId },
      stored: async () =>
        (await statusOf(published.id)).instance.variables.find((v) => v.name === 'doc')!
          .defaultValue as FileValue,
    };
  }

  it('takes the .NET SDK’s body: a FileName part first, then an unquoted package part without a type', async () => {
    const { ids, stored } = await publishedDoc();
    const bytes = randomBytes(50_000);
    const res = await upload(ids, [
      { name: 'FileName', filename: 'report.pdf', data: bytes, unquoted: true },
      { name: 'package', filename: 'report.pdf', data: bytes, unquoted: true },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(await stored()).toMatchObject({
      name: 'report.pdf',
      size: bytes.length,
      mimeType: 'application/octet-stream',
      hash: sha256(bytes),
    });
  });

  it('matches the part name case-insensitively, ignores fields and keeps an explicit text/plain', async () => {
    const { ids, stored } = await publishedDoc();
    const res = await upload(ids, [
      { name: 'note', data: 'ignored field' },
      { name: 'PACKAGE', filename: 'notes.txt', type: 'text/plain; charset=utf-8', data: 'hello' },
      { name: 'after', filename: 'x.bin', data: randomBytes(10) },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(await stored()).toMatchObject({ name: 'notes.txt', size: 5, mimeType: 'text/plain' });
  });

  it('keeps the published name when the part has no file name, and serves a UTF-8 name for download', async () => {
    const { ids, stored } = await publishedDoc();
    expect((await upload(ids, [{ name: 'package', data: 'no filename' }])).status).toBe(200);
    expect(await stored()).toMatchObject({
      name: 'report.pdf',
      mimeType: 'application/octet-stream',
    });
    const res = await upload(ids, [
      // A quote inside a quoted parameter travels escaped (curl and .NET write \").
      { name: 'package', filename: 'Résumé \\"final\\" €.txt', type: 'text/plain', data: 'x' },
    ]);
    expect(res.status, res.text).toBe(200);
    const file = await stored();
    expect(file.name).toBe('Résumé "final" €.txt');
    const got = await download({ uploadFilePath: file.path });
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="R_sum_ _final_ _.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%E2%82%AC.txt`,
    );
  });

  it('accepts a file exactly at the limit', async () => {
    const { ids, stored } = await publishedDoc();
    const res = await upload(ids, randomBytes(LIMIT));
    expect(res.status, res.text).toBe(200);
    expect((await stored()).size).toBe(LIMIT);
  });
});

describe('bad input', () => {
  async function publishedDoc(headers = auth) {
    const { flow } = copyFlow();
    const processId = await save(flow, headers);
    const published = await publish(processId, { doc: { name: 'a.txt' } }, headers);
    return {
      processId,
      published,
      ids: {
        flowInstanceId: published.id,
        variableName: 'doc',
        fileId: (valueOf(published, 'doc') as FileValue).id,
      },
    };
  }

  for (const [who, headers] of PRINCIPALS) {
    it(`refuses a file over the limit with 413 and stores nothing, for ${who}`, async () => {
      const { published, ids } = await publishedDoc();
      const before = storedFiles();
      const res = await upload(ids, randomBytes(LIMIT + 1), headers());
      expect(res.status).toBe(413);
      expect(res.body).toEqual([
        {
          statusCode: 413,
          value: `The file is larger than the limit of ${LIMIT} bytes.`,
          target: 'package',
        },
      ]);
      expect(storedFiles()).toEqual(before);
      expect(storedFiles().some((f) => f.includes(published.id))).toBe(false);
      expect(valueOf(await publishedAgain(published.id), 'doc')).toMatchObject({
        path: '',
        size: 0,
      });
      // The connection stays usable: the same client uploads a right-sized file next.
      expect((await upload(ids, randomBytes(10), headers())).status).toBe(200);
    });

    it(`answers 400 FILE_NOT_FOUND for a file id that is not in the value, for ${who}`, async () => {
      const { ids } = await publishedDoc();
      const res = await upload({ ...ids, fileId: randomUUID() }, randomBytes(10), headers());
      expect(res.status).toBe(400);
      expect(res.body).toEqual([{ statusCode: 450, value: 'FILE_NOT_FOUND', target: 'fileId' }]);
    });

    it(`answers 404 for an unknown instance, for ${who}`, async () => {
      const { ids } = await publishedDoc();
      const res = await upload(
        { ...ids, flowInstanceId: randomUUID() },
        randomBytes(10),
        headers(),
      );
      expect(res.status).toBe(404);
      expect(res.body).toEqual([
        { statusCode: 450, value: 'Database requested information not found.', target: 'instance' },
      ]);
    });
  }

  async function publishedAgain(instanceId: string): Promise<Published> {
    const status = await statusOf(instanceId);
    return { id: instanceId, variables: status.instance.variables, flows: {} } as Published;
  }

  it('refuses an upload to an instance already launched', async () => {
    const { published, ids } = await publishedDoc();
    expect((await upload(ids, randomBytes(10))).status).toBe(200);
    expect((await launch(published.id)).status).toBe(200);
    const res = await upload(ids, randomBytes(10));
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        statusCode: 502,
        value: 'Files can be uploaded only before the instance is launched.',
        target: 'flowInstanceId',
      },
    ]);
  });

  it('refuses to launch while a required file input has no uploaded bytes', async () => {
    const { published } = await publishedDoc();
    const res = await launch(published.id);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: 'The file input "doc" has no uploaded content.', target: 'doc' },
    ]);
  });

  it('answers 404 when another workspace downloads the file', async () => {
    const { published, ids } = await publishedDoc();
    await upload(ids, Buffer.from('private'));
    const doc = (await statusOf(published.id)).instance.variables.find((v) => v.name === 'doc')!
      .defaultValue as FileValue;
    await server.app.identity.addUser({ username: 'outsider', password: 'outsider-password' });
    const outsider = bearer((await login(url, 'outsider', 'outsider-password')).access_token!);
    const theirs = await download({ uploadFilePath: doc.path }, outsider);
    expect(theirs.status).toBe(404);
    expect(JSON.parse(theirs.bytes.toString())).toEqual([
      { statusCode: 450, value: 'FILE_NOT_FOUND', target: 'uploadFilePath' },
    ]);
    const upload404 = await upload(ids, randomBytes(10), outsider);
    expect(upload404.status).toBe(404);
    expect((await download({ uploadFilePath: doc.path })).bytes.toString()).toBe('private');
  });

  it('answers 400 when the multipart body has no package part', async () => {
    const { ids } = await publishedDoc();
    const res = await upload(ids, [
      { name: 'file', filename: 'a.txt', type: 'text/plain', data: 'x' },
      { name: 'note', data: 'y' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        statusCode: 502,
        value: 'The multipart body has no file part named package.',
        target: 'package',
      },
    ]);
  });

  it('answers 400 for a body that ends in the middle of the file', async () => {
    const { ids } = await publishedDoc();
    const form = multipart([{ name: 'package', filename: 'a.bin', data: randomBytes(5000) }]);
    const res = await fetch(`${url}/api/File/upload/flow`, {
      method: 'POST',
      headers: { ...auth, ...ids, 'content-type': form.contentType },
      body: form.body.subarray(0, 3000),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { target: string }[])[0]!.target).toBe('package');
    expect(storedFiles().some((f) => f.includes(ids.flowInstanceId))).toBe(false);
  });

  it('answers 415 for a body that is not multipart/form-data', async () => {
    const { ids } = await publishedDoc();
    const res = await call(url, 'POST', '/api/File/upload/flow', {
      headers: { ...auth, ...ids },
      json: { package: 'x' },
    });
    expect(res.status).toBe(415);
  });

  it('answers 400 for missing ids, an unknown variable and another process', async () => {
    const { ids } = await publishedDoc();
    const missing = await upload(
      { flowInstanceId: ids.flowInstanceId, variableName: 'doc' },
      randomBytes(1),
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([
      { statusCode: 502, value: 'The fileId header is required.', target: 'fileId' },
    ]);
    const variable = await upload({ ...ids, variableName: 'nope' }, randomBytes(1));
    expect(variable.status).toBe(400);
    expect(variable.body).toEqual([
      { statusCode: 450, value: 'UPLOAD_ACTION_NOT_FOUND', target: 'variableName' },
    ]);
    const process = await upload({ ...ids, flowTemplateId: randomUUID() }, randomBytes(1));
    expect(process.status).toBe(400);
    expect(process.body).toEqual([
      { statusCode: 450, value: 'The instance does not belong to this process.', target: 'flow' },
    ]);
  });

  it('answers 404 FILE_NOT_FOUND for unknown paths and ids that do not own the file', async () => {
    const { processId, published, ids } = await publishedDoc();
    await upload(ids, Buffer.from('mine'));
    const doc = (await statusOf(published.id)).instance.variables.find((v) => v.name === 'doc')!
      .defaultValue as FileValue;
    const notFound = [{ statusCode: 450, value: 'FILE_NOT_FOUND', target: 'uploadFilePath' }];
    const attempts: Record<string, string>[] = [
      { uploadFilePath: 'flow/nothing/here' },
      { uploadFilePath: doc.path.replace(ids.fileId, randomUUID()) },
      { uploadFilePath: doc.path.replace(ids.fileId, '..') },
      { uploadFilePath: doc.path, instanceId: randomUUID() },
      { uploadFilePath: doc.path, flowTemplateId: randomUUID() },
      { uploadFilePath: doc.path, variableId: randomUUID() },
    ];
    for (const attempt of attempts) {
      const res = await download(attempt);
      expect(res.status, JSON.stringify(attempt)).toBe(404);
      expect(JSON.parse(res.bytes.toString())).toEqual(notFound);
    }
    // The owner's ids, in another case, are accepted.
    const ok = await download({
      uploadFilePath: doc.path.toUpperCase(),
      flowTemplateId: processId.toUpperCase(),
    });
    expect(ok.status).toBe(200);
    const missing = await download({});
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.bytes.toString())).toEqual([
      {
        statusCode: 502,
        value: 'The uploadFilePath header is required.',
        target: 'uploadFilePath',
      },
    ]);
  });
});
