// Owns file uploads over multipart/form-data (API.md §4.3, §4.8): the parser, streamed and limited,
// and reading the one part named `package` while every other part is skipped.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SluiceError, invalidInput } from '../../errors/catalogue.js';
import type { IncomingFile } from '../../services/file.service.js';

/** The part that carries the file on every PROCESIO upload route. */
const PACKAGE = 'package';
const DEFAULT_MIME_TYPE = 'application/octet-stream';
/** type/subtype as RFC 6838 allows them; anything else is not worth keeping as a Content-Type. */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const MAX_PART_HEADER = 16 * 1024;

export async function registerMultipart(
  app: FastifyInstance,
  options: { fileLimitBytes: number },
): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: options.fileLimitBytes, fieldSize: 1024 * 1024, parts: 100 },
    // The size limit is enforced on the package part only (readPackagePart); oversized parts
    // that are skipped anyway do not fail the upload.
    throwFileSizeLimit: false,
    // A `package` part without a filename is still the file, streamed rather than buffered.
    isPartAFile: (name, contentType, filename) =>
      filename !== undefined ||
      contentType === DEFAULT_MIME_TYPE ||
      name?.toLowerCase() === PACKAGE,
  });
}

/**
 * Streams the `package` part (name matched case-insensitively) to `use` and returns its result.
 * Other parts are skipped, before and after it. The bytes are never buffered whole: `use` must
 * consume `content`. Over the limit → 413; a body without the part or a broken body → 400.
 */
export async function readPackagePart<T>(
  request: FastifyRequest,
  fileLimitBytes: number,
  use: (file: IncomingFile) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart())
    throw invalidInput([
      {
        target: PACKAGE,
        value: 'The upload must be multipart/form-data with the file in a part named package.',
      },
    ]);
  const iterator = request.parts();
  let pending: Promise<IteratorResult<Multipart>> | null = iterator.next();
  // Attached in the same tick as the parser (pipe resumes the request on the next one), so
  // the watcher sees every byte the parser sees.
  const declaredType = watchDeclaredType(request.raw, PACKAGE);
  const next = async (): Promise<Multipart | null> => {
    const result = await (pending ?? iterator.next());
    pending = null;
    return result.done ? null : result.value;
  };

  let stored: { value: T } | null = null;
  for (;;) {
    let part;
    try {
      part = await next();
    } catch (error) {
      // Once the file is stored, a flaw later in the body does not undo it.
      if (stored) break;
      throw malformed(error);
    }
    if (!part) break;
    if (part.type !== 'file') continue;
    if (stored || part.fieldname?.toLowerCase() !== PACKAGE) {
      part.file.resume();
      continue;
    }
    try {
      stored = {
        value: await use({
          filename: part.filename ?? '',
          mimeType: mimeTypeOf(part, declaredType()),
          content: bytesOf(part, fileLimitBytes),
        }),
      };
    } catch (error) {
      // Reading on lets the parser reach the end of the body, so the answer reaches a client
      // that is still sending.
      part.file.resume();
      void drain(next);
      throw error;
    }
  }
  if (!stored)
    throw invalidInput([
      { target: PACKAGE, value: 'The multipart body has no file part named package.' },
    ]);
  return stored.value;
}

async function drain(next: () => Promise<Multipart | null>): Promise<void> {
  try {
    for (let part = await next(); part; part = await next())
      if (part.type === 'file') part.file.resume();
  } catch {
    // The answer is already decided; a broken remainder changes nothing.
  }
}

/** The part's bytes; the stream is left to the parser (drained, not destroyed) when abandoned. */
async function* bytesOf(part: MultipartFile, limit: number): AsyncGenerator<Buffer> {
  const file = part.file;
  const chunks = file.iterator({ destroyOnReturn: false });
  try {
    for (;;) {
      let step: IteratorResult<unknown>;
      try {
        step = await chunks.next();
      } catch (error) {
        // Only a failure of the part itself is the client's; one thrown in by the consumer is not.
        throw invalidInput([
          {
            target: PACKAGE,
            value: `The file part ended before it was complete (${(error as Error).message}).`,
          },
        ]);
      }
      if (step.done) break;
      yield step.value as Buffer;
    }
  } finally {
    // The iterator's own listener would keep resume() from draining, so it goes first.
    await chunks.return?.();
    if (!file.readableEnded && !file.destroyed) file.resume();
  }
  // The parser stops passing bytes at the limit and marks the part truncated.
  if (file.truncated)
    throw new SluiceError('FILE_TOO_LARGE', PACKAGE, {
      value: `The file is larger than the limit of ${limit} bytes.`,
    });
}

function mimeTypeOf(part: MultipartFile, declared: boolean | undefined): string {
  // The parser reports text/plain (RFC 7578's default) for a part that names no type; PROCESIO's
  // default is application/octet-stream.
  if (declared === false) return DEFAULT_MIME_TYPE;
  const type = part.mimetype?.trim() ?? '';
  return MIME_TYPE.test(type) ? type.toLowerCase() : DEFAULT_MIME_TYPE;
}

function malformed(error: unknown): unknown {
  const status = (error as { statusCode?: unknown }).statusCode;
  // The plugin's own limit errors carry 413 and are answered as such by the error handler.
  if (typeof status === 'number' && status === 413) return error;
  if (error instanceof SluiceError) return error;
  return invalidInput([
    {
      target: 'body',
      value: `The multipart body is malformed (${(error as Error).message ?? String(error)}).`,
    },
  ]);
}

/**
 * Watches the raw body go by and tells whether the first part named `name` carried a
 * Content-Type header: true, false, or undefined while unknown. Only part headers are read.
 */
export function watchDeclaredType(
  raw: Readable & Pick<IncomingMessage, 'headers'>,
  name: string,
): () => boolean | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(raw.headers['content-type'] ?? '');
  const delimiter = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}`, 'latin1') : null;
  if (!delimiter) return () => undefined;
  let declared: boolean | undefined;
  let carry: Buffer = Buffer.alloc(0);
  let header: string | null = null;

  const stop = () => raw.off('data', onData);
  const record = (text: string) => {
    const lines = text.split('\r\n').slice(1);
    const disposition = lines.find((l) => /^content-disposition\s*:/i.test(l)) ?? '';
    const param = /(?:^|;)\s*name\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(
      disposition.slice(disposition.indexOf(':') + 1),
    );
    if ((param?.[1] ?? param?.[2] ?? '').toLowerCase() !== name) return false;
    declared = lines.some((l) => /^content-type\s*:\s*\S/i.test(l));
    return true;
  };
  const onData = (chunk: Buffer) => {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    carry = Buffer.alloc(0);
    let at = 0;
    while (at <= buffer.length) {
      if (header === null) {
        const found = buffer.indexOf(delimiter, at);
        if (found === -1 || found + delimiter.length + 2 > buffer.length) {
          // Keep enough of the tail to find a delimiter split across chunks.
          const keep = found === -1 ? Math.max(at, buffer.length - delimiter.length - 1) : found;
          carry = Buffer.from(buffer.subarray(keep));
          return;
        }
        const after = found + delimiter.length;
        if (buffer[after] === 0x2d && buffer[after + 1] === 0x2d) return stop();
        header = '';
        at = after;
      } else {
        const before = header.length;
        header += buffer.toString('latin1', at, Math.min(buffer.length, at + MAX_PART_HEADER));
        const end = header.indexOf('\r\n\r\n');
        if (end === -1) {
          if (header.length >= MAX_PART_HEADER) return stop();
          return;
        }
        if (record(header.slice(0, end))) return stop();
        at += end + 4 - before;
        header = null;
      }
    }
  };
  raw.on('data', onData);
  raw.once('end', stop);
  return () => declared;
}
