import type Koa from 'koa';
import { HttpProblem } from './problem';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body; undefined when the request carried none. */
    body?: unknown;
  }
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * Reads a JSON request body into `ctx.request.body`, strictly: a body that is not `application/json`
 * (or `+json`) in UTF-8 is a 415 rather than silently ignored, bytes that are not UTF-8 are a 400
 * rather than replaced with U+FFFD (the message would be stored altered), a body over `limit` is a 413
 * as soon as the limit is passed, and a `__proto__` key or nesting deeper than any request needs is
 * refused outright.
 */
export function jsonBody(limit: string): Koa.Middleware {
  const maxBytes = bytesOf(limit);
  return async (ctx, next) => {
    if (WITH_BODY.has(ctx.method) && hasBody(ctx)) {
      checkMediaType(ctx);
      const declared = ctx.request.length;
      if (declared !== undefined && declared > maxBytes) throw tooLarge(limit);
      ctx.request.body = parseJson(decodeUtf8(await readBody(ctx.req, maxBytes, limit)));
    }
    await next();
  };
}

function hasBody(ctx: Koa.Context): boolean {
  return ctx.get('Transfer-Encoding') !== '' || (ctx.request.length ?? 0) > 0;
}

function checkMediaType(ctx: Koa.Context): void {
  const type = ctx.request.type;
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      `the body must be application/json, not ${type === '' ? 'untyped' : type}`,
    );
  }
  const charset = ctx.request.charset;
  if (charset !== '' && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpProblem(415, 'unsupported_media_type', `the body must be UTF-8, not charset ${charset}`);
  }
  const encoding = ctx.get('Content-Encoding').toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      `Content-Encoding ${encoding} is not accepted: send the body uncompressed`,
    );
  }
}

async function readBody(req: NodeJS.ReadableStream, maxBytes: number, limit: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    // Stop reading at once: the rest of an oversized body is never buffered.
    if (size > maxBytes) throw tooLarge(limit);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new HttpProblem(400, 'invalid_utf8', 'the body is not valid UTF-8');
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
  checkStructure(value);
  return value;
}

/** No request of this API nests deeper than a few levels; anything much deeper is an attack. */
const MAX_DEPTH = 32;

/**
 * Walks the parsed body without recursion: refuses an own `__proto__` key (harmless to JSON.parse's
 * own objects, dangerous once merged into another) and nesting deeper than MAX_DEPTH, naming where.
 */
function checkStructure(root: unknown): void {
  const pending: { value: unknown; path: string[] }[] = [{ value: root, path: ['body'] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > MAX_DEPTH) {
      throw refusal(path.slice(0, 4).join('.'), `nests deeper than ${MAX_DEPTH} levels`);
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw refusal(path.join('.'), 'the key __proto__ is not allowed');
      pending.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

function refusal(path: string, message: string): HttpProblem {
  return new HttpProblem(400, 'invalid_request', `${path}: ${message}`, [{ path, message }]);
}

function tooLarge(limit: string): HttpProblem {
  return new HttpProblem(413, 'body_too_large', `the request body is larger than ${limit}`);
}

function bytesOf(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`invalid body limit ${JSON.stringify(limit)}: use e.g. 64kb`);
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1));
}
