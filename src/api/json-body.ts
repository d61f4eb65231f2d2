import bytes from 'bytes';
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { HttpProblem } from '../views/problem';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body; undefined when the request carried none. */
    body?: unknown;
  }
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Reads a JSON request body into `ctx.request.body`, strictly: a body that is not `application/json`
 * (or `+json`) in UTF-8 is a 415 rather than silently ignored, bytes that are not UTF-8 are a 400
 * rather than replaced with U+FFFD (the message would be stored altered), a body over `limit` is a 413
 * as soon as the limit is passed, and a `__proto__` key or nesting deeper than any request needs is
 * refused outright.
 */
export function jsonBody(limit: string): Koa.Middleware {
  const maxBytes = bytes.parse(limit);
  if (maxBytes === null || !Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new Error(`invalid body limit ${JSON.stringify(limit)}: use e.g. 64kb`);
  }
  return async (ctx, next) => {
    if (WITH_BODY.has(ctx.method) && hasBody(ctx)) {
      checkMediaType(ctx);
      ctx.request.body = parseJson(decodeUtf8(await readBody(ctx, maxBytes, limit)));
    }
    await next();
  };
}

function hasBody(ctx: Koa.Context): boolean {
  return ctx.get('Transfer-Encoding') !== '' || (ctx.request.length ?? 0) > 0;
}

function checkMediaType(ctx: Koa.Context): void {
  const type = ctx.request.type.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      `the body must be application/json, not ${type === '' ? 'untyped' : type}`,
    );
  }
  const charset = ctx.request.charset.trim().toLowerCase();
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

/** The raw bytes, refused as soon as they pass the limit: the rest of an oversized body is never read. */
async function readBody(ctx: Koa.Context, maxBytes: number, limit: string): Promise<Buffer> {
  try {
    return await getRawBody(ctx.req, { length: ctx.request.length, limit: maxBytes });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') throw tooLarge(limit);
    if (type === 'request.size.invalid') {
      throw new HttpProblem(400, 'invalid_request', 'the body is shorter or longer than its Content-Length');
    }
    if (type === 'request.aborted') {
      throw new HttpProblem(400, 'request_aborted', 'the connection closed before the whole body arrived');
    }
    throw error;
  }
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
