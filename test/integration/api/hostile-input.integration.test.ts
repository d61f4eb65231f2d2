import fc from 'fast-check';
import { testServerSuite } from '../../support/api-server';
import { roleToken } from '../../support/caller-kinds';
import { buildWorld, type ChatWorld } from '../../support/chat-world';
import { logHead } from '../../support/event-log-head';
import {
  type FieldKind,
  hostileKeys,
  hostileText,
  invalidUtf8,
  percentEncode,
  percentEncodedBytes,
  wrongValueFor,
} from '../../support/hostile-values';
import { rawRequest } from '../../support/raw-http';

/**
 * Malformed and hostile input on every endpoint: wrong types, unknown and prototype-polluting keys,
 * huge and deeply nested values, invalid UTF-8, foreign media types, odd path ids and query strings.
 * Requests run one at a time so that after each refusal the test can check that the event log did not
 * move and that the server still answers /health. Never a 5xx; every refusal is a problem document
 * whose code and detail name what was wrong.
 */

const C = '/api/v1/chat';
const A = '/api/v1/audit';
/** fast-check runs per property and endpoint: enough variety, bounded time. */
const RUNS = 25;

const api = testServerSuite({
  SEND_RATE_LIMIT: '0',
  TYPING_RATE_LIMIT: '0',
  CONVERSATIONS_PER_MINUTE: '0',
  UPLOADS_PER_MINUTE: '0',
  // A random consistency token that happens to be a valid far-future position waits this long.
  CONSISTENCY_TIMEOUT_MS: '100',
});
let world: ChatWorld;
let admin: string;
let auditor: string;
beforeAll(async () => {
  admin = roleToken('admin');
  auditor = roleToken('auditor');
  world = await buildWorld(api.call, { admin, member: roleToken('participant') });
  // The auditor's profile is recorded on their first act: let that happen before heads are compared.
  expect(
    (await api.call('POST', `${C}/presence`, { token: auditor, body: { status: 'online' } })).status,
  ).toBe(200);
});

interface Answer {
  status: number;
  body: any;
  contentType: string | undefined;
}

/**
 * Sends one request with exact bytes (node's http client: no URL normalization, no added headers) and
 * checks what every answer to hostile input must satisfy; returns the answer.
 */
async function probe(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? admin}` };
  let bytes: Buffer | undefined;
  if (options.body !== undefined) {
    bytes = Buffer.isBuffer(options.body)
      ? options.body
      : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(bytes.length);
  }
  // A header given as '' is left out altogether (a body without Content-Type).
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === '') delete headers[name];
    else headers[name] = value;
  }
  const before = logHead(api.dataDir);
  const res = await rawRequest(api.url, method, path, headers, bytes);
  const answer = { status: res.status, body: res.json, contentType: res.headers['content-type'] as string };
  await expectCleanAnswer(answer, before);
  return answer;
}

/** Never a 5xx; a refusal is a problem document, leaves the log head where it was; the server serves on. */
async function expectCleanAnswer(res: Answer, before: ReturnType<typeof logHead>): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: res.status,
      code: expect.any(String),
      detail: expect.any(String),
    });
    expect(res.body.detail.length).toBeGreaterThan(0);
    expect(logHead(api.dataDir)).toEqual(before);
  }
  expect((await api.call('GET', '/health')).status).toBe(200);
  // A key like __proto__ must never reach the prototype of every object.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Endpoints that read a JSON body: a valid body and the kind of each field it may carry. */
interface BodyEndpoint {
  name: string;
  method: string;
  path(w: ChatWorld): string;
  body(w: ChatWorld): Record<string, unknown>;
  fields: Record<string, FieldKind>;
}
const BODY_ENDPOINTS: BodyEndpoint[] = [
  {
    name: 'create conversation',
    method: 'POST',
    path: () => `${C}/conversations`,
    body: () => ({ conversation_type: 'group', name: 'n', description: 'd', participant_ids: ['bob'] }),
    fields: {
      conversation_type: 'enum',
      name: 'text?',
      description: 'text?',
      avatar_url: 'text?',
      participant_ids: 'array',
    },
  },
  {
    name: 'update conversation',
    method: 'PATCH',
    path: (w) => `${C}/conversations/${w.conversationId}`,
    body: () => ({ name: 'renamed' }),
    fields: { name: 'text?', description: 'text?', avatar_url: 'text?' },
  },
  {
    name: 'add participant',
    method: 'POST',
    path: (w) => `${C}/conversations/${w.conversationId}/participants`,
    body: () => ({ user_id: 'erin', role: 'member' }),
    fields: { user_id: 'id', role: 'enum' },
  },
  {
    name: 'change participant',
    method: 'PATCH',
    path: (w) => `${C}/conversations/${w.conversationId}/participants/dave`,
    body: () => ({ role: 'admin' }),
    fields: { role: 'enum', is_muted: 'bool?' },
  },
  {
    name: 'send message',
    method: 'POST',
    path: () => `${C}/messages`,
    body: (w) => ({ conversation_id: w.conversationId, content: 'hello', message_type: 'text' }),
    fields: {
      conversation_id: 'id',
      content: 'text',
      message_type: 'enum',
      reply_to_id: 'id?',
      client_message_id: 'text?',
    },
  },
  {
    name: 'edit message',
    method: 'PUT',
    path: (w) => `${C}/messages/${w.adminMessage}`,
    body: () => ({ content: 'edited' }),
    fields: { content: 'text' },
  },
  {
    name: 'mark read',
    method: 'POST',
    path: (w) => `${C}/conversations/${w.conversationId}/read`,
    body: () => ({}),
    fields: { message_id: 'id?' },
  },
  {
    name: 'direct message',
    method: 'POST',
    path: () => `${C}/direct`,
    body: () => ({ recipient_user_id: 'erin', content: 'hi' }),
    fields: { recipient_user_id: 'id', content: 'text', message_type: 'enum', client_message_id: 'text?' },
  },
  {
    name: 'typing',
    method: 'POST',
    path: () => `${C}/typing`,
    body: (w) => ({ conversation_id: w.conversationId, is_typing: true }),
    fields: { conversation_id: 'id', is_typing: 'bool' },
  },
  {
    name: 'presence',
    method: 'POST',
    path: () => `${C}/presence`,
    body: () => ({ status: 'busy', status_message: 'in a meeting' }),
    fields: { status: 'enum', status_message: 'text?' },
  },
  {
    name: 'report',
    method: 'POST',
    path: (w) => `${C}/messages/${w.memberMessage}/reports`,
    body: () => ({ reason: 'spam' }),
    fields: { reason: 'text' },
  },
  {
    name: 'timeout',
    method: 'POST',
    path: (w) => `${C}/conversations/${w.conversationId}/participants/dave/timeout`,
    body: () => ({ until: new Date(Date.now() + 3_600_000).toISOString() }),
    fields: { until: 'text?' },
  },
  {
    name: 'ban',
    method: 'POST',
    path: (w) => `${C}/conversations/${w.conversationId}/participants/dave/ban`,
    body: () => ({ reason: 'spam' }),
    fields: { reason: 'text?' },
  },
];

describe.each(BODY_ENDPOINTS.map((e) => [e.name, e] as const))('the %s body', (_, endpoint) => {
  const fieldNames = Object.keys(endpoint.fields);

  it('refuses a field of the wrong type with 400 naming the field, and writes nothing', async () => {
    const mutation = fc
      .constantFrom(...fieldNames)
      .chain((field) =>
        wrongValueFor(endpoint.fields[field] as FieldKind).map((value) => ({ field, value })),
      );
    await fc.assert(
      fc.asyncProperty(mutation, async ({ field, value }) => {
        const body = { ...endpoint.body(world), [field]: value };
        const res = await probe(endpoint.method, endpoint.path(world), { body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('invalid_request');
        const paths: string[] = res.body.errors.map((e: { path: string }) => e.path);
        expect(paths.some((path) => path === `body.${field}` || path.startsWith(`body.${field}.`))).toBe(
          true,
        );
        expect(res.body.detail).toContain(field);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses unknown keys, __proto__ and constructor included, naming the key', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileKeys.filter((key) => !fieldNames.includes(key)),
        fc.jsonValue({ maxDepth: 2 }),
        async (key, value) => {
          // Built as text: an object literal cannot carry an own __proto__ key through JSON.stringify.
          const valid = JSON.stringify(endpoint.body(world));
          const extra = `${JSON.stringify(key)}:${JSON.stringify({ polluted: value ?? 1 })}`;
          const text = valid === '{}' ? `{${extra}}` : `${valid.slice(0, -1)},${extra}}`;
          const res = await probe(endpoint.method, endpoint.path(world), { body: text });
          expect(res.status).toBe(400);
          expect(res.body.detail).toContain(key);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never fails on arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
        await probe(endpoint.method, endpoint.path(world), { body: text });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses bytes that are not UTF-8 with 400 invalid_utf8 instead of storing U+FFFD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldNames), invalidUtf8, async (field, bytes) => {
        const valid = JSON.stringify({ ...endpoint.body(world), [field]: 'a\u0001b' });
        const [head, tail] = valid.split('\\u0001') as [string, string];
        const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
        const res = await probe(endpoint.method, endpoint.path(world), { body });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'invalid_utf8' });
      }),
      { numRuns: 10 },
    );
  });

  it('refuses a body that is not application/json in UTF-8 with 415', async () => {
    const text = JSON.stringify(endpoint.body(world));
    const cases: [Record<string, string>, string][] = [
      [{ 'content-type': 'text/plain' }, 'text/plain'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'application/x-www-form-urlencoded'],
      [{ 'content-type': 'text/html' }, 'text/html'],
      [{ 'content-type': 'application/json; charset=latin1' }, 'latin1'],
      [{ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'gzip'],
    ];
    for (const [headers, named] of cases) {
      const res = await probe(endpoint.method, endpoint.path(world), { body: text, headers });
      expect({ headers, status: res.status, code: res.body.code }).toEqual({
        headers,
        status: 415,
        code: 'unsupported_media_type',
      });
      expect(res.body.detail).toContain(named);
    }
    const untyped = await probe(endpoint.method, endpoint.path(world), {
      body: text,
      headers: { 'content-type': '' },
    });
    expect({ status: untyped.status, detail: untyped.body.detail }).toEqual({
      status: 415,
      detail: expect.stringContaining('untyped'),
    });
  });

  it('accepts the spellings of application/json in UTF-8 that clients send', async () => {
    for (const type of [
      'application/json; charset=UTF-8',
      'Application/JSON',
      'application/json;charset="utf-8"',
    ]) {
      const res = await probe(endpoint.method, endpoint.path(world), {
        body: JSON.stringify(endpoint.body(world)),
        headers: { 'content-type': type },
      });
      expect({ type, refused: res.status === 415 || res.status >= 500 }).toEqual({ type, refused: false });
    }
  });

  it('refuses deep nesting, huge strings and bodies over the limit', async () => {
    const field = fieldNames[0] as string;
    const deep = `{"${field}":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const nested = await probe(endpoint.method, endpoint.path(world), { body: deep });
    expect(nested.status).toBe(400);
    expect(nested.body.detail).toContain(field);

    const huge = await probe(endpoint.method, endpoint.path(world), {
      body: { ...endpoint.body(world), [field]: 'x'.repeat(60_000) },
    });
    expect([400, 413]).toContain(huge.status);
    if (huge.status === 400) expect(huge.body.detail).toContain(field);

    const oversized = await probe(endpoint.method, endpoint.path(world), {
      body: { ...endpoint.body(world), padding: 'x'.repeat(70_000) },
    });
    expect({ status: oversized.status, code: oversized.body.code }).toEqual({
      status: 413,
      code: 'body_too_large',
    });
  });
});

describe('bodies over the limit', () => {
  it('are refused with 413 without Content-Length (chunked), and the server keeps serving', async () => {
    const body = JSON.stringify({ conversation_id: world.conversationId, content: 'x'.repeat(100_000) });
    const res = await rawRequest(
      api.url,
      'POST',
      `${C}/messages`,
      {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body,
    );
    expect({ status: res.status, code: res.json?.code }).toEqual({ status: 413, code: 'body_too_large' });
  });

  it('a Content-Length over the limit is refused before the body is read', async () => {
    const res = await rawRequest(api.url, 'POST', `${C}/presence`, {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
      'content-length': String(10 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('message content over 10,000 characters is a 413 naming the limit; at the limit it is stored', async () => {
    const astral = '😀'.repeat(10_000); // 10,000 characters, 20,000 UTF-16 units, 40,000 bytes
    const ok = await probe('POST', `${C}/messages`, {
      body: { conversation_id: world.conversationId, content: astral },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.content).toBe(astral);
    const tooLong = await probe('POST', `${C}/messages`, {
      body: { conversation_id: world.conversationId, content: `${astral}!` },
    });
    expect({ status: tooLong.status, code: tooLong.body.code }).toEqual({
      status: 413,
      code: 'content_too_long',
    });
    expect(tooLong.body.detail).toContain('10000');
  });
});

describe('text that cannot be stored as it was sent', () => {
  it.each([
    [
      'content',
      'POST',
      () => `${C}/messages`,
      (s: string) => ({ conversation_id: world.conversationId, content: s }),
    ],
    ['content', 'PUT', () => `${C}/messages/${world.adminMessage}`, (s: string) => ({ content: s })],
    ['name', 'PATCH', () => `${C}/conversations/${world.conversationId}`, (s: string) => ({ name: s })],
    ['status_message', 'POST', () => `${C}/presence`, (s: string) => ({ status: 'away', status_message: s })],
    [
      'recipient_user_id',
      'POST',
      () => `${C}/direct`,
      (s: string) => ({ recipient_user_id: s, content: 'x' }),
    ],
  ])('refuses an unpaired surrogate in %s (%s) with 400', async (field, method, path, body) => {
    for (const lone of ['a\ud800b', '\udc00', 'end\ud83d']) {
      const res = await probe(method, path(), { body: body(lone) });
      expect({ status: res.status, paths: res.body.errors?.map((e: { path: string }) => e.path) }).toEqual({
        status: 400,
        paths: [`body.${field}`],
      });
      expect(res.body.detail).toContain('Unicode');
    }
  });
});

/** Every route with a path parameter, and a valid request around it. */
const PATH_ENDPOINTS: { name: string; method: string; path: (id: string) => string; body?: unknown }[] = [
  { name: 'GET conversation', method: 'GET', path: (id) => `${C}/conversations/${id}` },
  {
    name: 'PATCH conversation',
    method: 'PATCH',
    path: (id) => `${C}/conversations/${id}`,
    body: { name: 'x' },
  },
  { name: 'archive', method: 'POST', path: (id) => `${C}/conversations/${id}/archive` },
  {
    name: 'add participant',
    method: 'POST',
    path: (id) => `${C}/conversations/${id}/participants`,
    body: { user_id: 'erin' },
  },
  { name: 'participants', method: 'GET', path: (id) => `${C}/conversations/${id}/participants` },
  {
    name: 'change participant (conversation id)',
    method: 'PATCH',
    path: (id) => `${C}/conversations/${id}/participants/dave`,
    body: { role: 'admin' },
  },
  {
    name: 'change participant (user id)',
    method: 'PATCH',
    path: (id) => `${C}/conversations/${world.conversationId}/participants/${id}`,
    body: { role: 'admin' },
  },
  {
    name: 'remove participant (user id)',
    method: 'DELETE',
    path: (id) => `${C}/conversations/${world.conversationId}/participants/${id}`,
  },
  { name: 'edit message', method: 'PUT', path: (id) => `${C}/messages/${id}`, body: { content: 'x' } },
  { name: 'delete message', method: 'DELETE', path: (id) => `${C}/messages/${id}` },
  { name: 'mark read', method: 'POST', path: (id) => `${C}/conversations/${id}/read`, body: {} },
  { name: 'history', method: 'GET', path: (id) => `${C}/conversations/${id}/messages` },
  { name: 'audit events', method: 'GET', path: (id) => `${A}/conversations/${id}/events` },
  { name: 'audit state', method: 'GET', path: (id) => `${A}/conversations/${id}/state?position=1` },
  { name: 'audit message history', method: 'GET', path: (id) => `${A}/messages/${id}/history` },
];

describe.each(PATH_ENDPOINTS.map((e) => [e.name, e] as const))('path ids of %s', (_, endpoint) => {
  // An id that decodes to nothing leaves a path of another route: 405 there is the right answer.
  it('answer 400 or 404 (405 for an empty id), never anything worse, and write nothing', async () => {
    const token = endpoint.path('x').startsWith(A) ? auditor : admin;
    await fc.assert(
      fc.asyncProperty(fc.oneof(percentEncodedBytes, hostileText.map(percentEncode)), async (id) => {
        const res = await probe(endpoint.method, endpoint.path(id), { token, body: endpoint.body });
        expect([400, 404, 405]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Every route that reads a query string, with the parameters it knows. */
const QUERY_ENDPOINTS: {
  name: string;
  method: string;
  path: () => string;
  params: string[];
  token?: () => string;
}[] = [
  {
    name: 'history',
    method: 'GET',
    path: () => `${C}/conversations/${world.conversationId}/messages`,
    params: ['limit', 'before_id', 'consistency_token'],
  },
  {
    name: 'conversations',
    method: 'GET',
    path: () => `${C}/conversations`,
    params: ['limit', 'before', 'consistency_token'],
  },
  {
    name: 'conversation',
    method: 'GET',
    path: () => `${C}/conversations/${world.conversationId}`,
    params: ['consistency_token'],
  },
  {
    name: 'participants',
    method: 'GET',
    path: () => `${C}/conversations/${world.conversationId}/participants`,
    params: ['consistency_token'],
  },
  { name: 'online users', method: 'GET', path: () => `${C}/users/online`, params: ['consistency_token'] },
  {
    name: 'remove participant',
    method: 'DELETE',
    path: () => `${C}/conversations/${world.conversationId}/participants/nobody`,
    params: ['successor_id'],
  },
  {
    name: 'audit events',
    method: 'GET',
    path: () => `${A}/conversations/${world.conversationId}/events`,
    params: ['after', 'limit', 'format'],
    token: () => auditor,
  },
  {
    name: 'audit state',
    method: 'GET',
    path: () => `${A}/conversations/${world.conversationId}/state`,
    params: ['as_of', 'position'],
    token: () => auditor,
  },
];

describe.each(QUERY_ENDPOINTS.map((e) => [e.name, e] as const))('query strings of %s', (_, endpoint) => {
  it('never fail; a refusal names the query parameter', async () => {
    const pairs = fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...endpoint.params, '__proto__', 'constructor'),
          fc.string({ maxLength: 6 }),
        ),
        fc.oneof(
          hostileText,
          fc.constantFrom('1', '200', '201', '0', 'ndjson', 'json', '2024-01-01T00:00:00Z'),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(pairs, async (entries) => {
        const query = entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
        const res = await probe(endpoint.method, `${endpoint.path()}?${query}`, {
          token: endpoint.token?.(),
        });
        if (res.status === 400 && res.body.errors) {
          for (const error of res.body.errors as { path: string }[]) expect(error.path).toMatch(/^query/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('headers', () => {
  it('refuses an Idempotency-Key over 128 characters, naming the header', async () => {
    for (const key of ['x'.repeat(129), 'k'.repeat(4000)]) {
      const res = await probe('POST', `${C}/messages`, {
        body: { conversation_id: world.conversationId, content: 'hi' },
        headers: { 'Idempotency-Key': key },
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('Idempotency-Key');
    }
  });

  it('refuses a consistency token that is not a position of this log with 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 100 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
        async (token) => {
          const res = await probe('GET', `${C}/conversations`, { headers: { 'X-Consistency-Token': token } });
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(res.body.code).toBe('invalid_position');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
