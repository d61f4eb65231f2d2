import fc from 'fast-check';
import { loadConfig } from '../../../src/config/config';
import type { EventStore, Position } from '../../../src/eventstore/port';
import { silentLogger } from '../../../src/observability/logger';
import { type RunningServer, startServer } from '../../../src/server';
import { openStores } from '../../../src/stores';
import { httpCall, TEST_SECRET, type TestResponse } from '../../support/api-server';
import { signed } from '../../support/caller-kinds';
import { buildWorld, type ChatWorld, UNKNOWN_WORLD } from '../../support/chat-world';
import { tempDir } from '../../support/temp-dir';

/**
 * A refused command writes nothing: for every 4xx answer of every command endpoint (every operation
 * of /openapi.json that is not a GET, so a new endpoint is covered without touching this test), the
 * log holds exactly the events it held before, counted through the event store.
 */

const C = '/api/v1/chat';
const RUNS = 120;

let server: RunningServer;
let store: EventStore;
let base: string;
let removeDir: () => void;
let world: ChatWorld;
const tokens = { alice: signed('alice'), bob: signed('bob'), outsider: signed('olga') };

beforeAll(async () => {
  const data = tempDir();
  removeDir = data.remove;
  const config = loadConfig({
    PORT: '0',
    WS_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: data.dir,
    SECRET_KEY: TEST_SECRET,
    SEND_RATE_LIMIT: '0',
    TYPING_RATE_LIMIT: '0',
    CONVERSATIONS_PER_MINUTE: '0',
    CONSISTENCY_TIMEOUT_MS: '200',
  });
  const stores = await openStores(config);
  store = stores.store;
  server = await startServer(config, { logger: silentLogger(), stores });
  base = `http://127.0.0.1:${server.port}`;
  world = await buildWorld(call, { admin: tokens.alice, member: tokens.bob });
  // Every caller has acted once, so their profile is recorded before any count is taken.
  const ok = await call('POST', `${C}/presence`, { token: tokens.outsider, body: { status: 'online' } });
  expect(ok.status).toBe(200);
});
afterAll(async () => {
  await server.close();
  removeDir();
});

function call(method: string, path: string, options: Parameters<typeof httpCall>[3] = {}) {
  return httpCall(base, method, path, options);
}

async function eventCount(): Promise<number> {
  let count = 0;
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    count += page.length;
    const last = page[page.length - 1];
    if (!last) return count;
    after = last.position;
  }
}

/** Sends the request and, when it is refused with a 4xx, checks that the log did not move. */
async function refusedWritesNothing(method: string, path: string, options: Parameters<typeof httpCall>[3]) {
  const before = await eventCount();
  const res: TestResponse = await call(method, path, options);
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const after = await eventCount();
    if (after !== before)
      throw new Error(`${method} ${path} answered ${res.status} yet wrote ${after - before} event(s)`);
  }
  return res;
}

test('a refused direct message creates no conversation (the exact report)', async () => {
  const res = await refusedWritesNothing('POST', `${C}/direct`, {
    token: tokens.alice,
    body: { recipient_user_id: 'zoe', content: '' },
  });
  expect(res.status).toBe(400);
  const zoe = signed('zoe');
  const list = await call('GET', `${C}/conversations`, { token: zoe });
  expect(list.body).toEqual([]);
});

interface Operation {
  method: string;
  path: string;
  properties: string[];
}

async function commandOperations(): Promise<Operation[]> {
  const doc = (await call('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody?: any }>>;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (method === 'get' || !path.startsWith('/api/')) continue;
      const schema = operation.requestBody?.content?.['application/json']?.schema ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        properties: Object.keys(schema.properties ?? {}),
      });
    }
  }
  return operations;
}

test('every command endpoint: a 4xx answer leaves the log exactly as it was', async () => {
  const operations = await commandOperations();
  expect(operations.length).toBeGreaterThanOrEqual(13);
  const ids = [
    world.conversationId,
    world.adminMessage,
    world.memberMessage,
    UNKNOWN_WORLD.conversationId,
    UNKNOWN_WORLD.adminMessage,
    `${world.conversationId}.999`,
    'abc',
    'alice',
    'bob',
    'olga',
  ];
  const value = fc.oneof(
    fc.constantFrom(...ids),
    fc.constantFrom('', ' ', 'x'.repeat(10_001), 'hello', 'group', 'direct', 'admin', 'member', 'away'),
    fc.constantFrom(null, true, false, 0, -1, 1.5, [], {}, ['bob'], [world.conversationId]),
    fc.string({ maxLength: 8 }),
    // Users nobody has met yet: a first direct message to them would create a conversation.
    fc.stringMatching(/^new-[a-z]{3}$/),
  );
  const request = fc.record({
    operation: fc.constantFrom(...operations),
    caller: fc.constantFrom<keyof typeof tokens>('alice', 'bob', 'outsider'),
    pathIds: fc.array(fc.constantFrom(...ids), { minLength: 2, maxLength: 2 }),
    known: fc.array(fc.option(value, { freq: 4, nil: undefined }), { minLength: 8, maxLength: 8 }),
    unknown: fc.option(fc.dictionary(fc.string({ maxLength: 3 }), value, { minKeys: 1, maxKeys: 1 }), {
      freq: 5,
      nil: {},
    }),
    idempotencyKey: fc.option(fc.constantFrom('k1', 'k2', ''), { nil: undefined }),
  });
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const { method, path, properties } = r.operation;
      let slot = 0;
      const url = path.replace(/\{[a-z_]+\}/g, () => encodeURIComponent(r.pathIds[slot++] ?? ''));
      // Mostly the operation's own fields with values of every kind, sometimes an unknown one.
      const body: Record<string, unknown> = {};
      properties.forEach((name, index) => {
        const v = r.known[index];
        if (v !== undefined) body[name] = v;
      });
      Object.assign(body, r.unknown);
      const headers: Record<string, string> = {};
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      const res = await refusedWritesNothing(method, url, { token: tokens[r.caller], body, headers });
      const key = `${method} ${path} ${res.status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }),
    { numRuns: Math.min(2000, RUNS * operations.length) },
  );
  // The generator reached refusals decided by the domain, not only by schema validation.
  const refusedByDomain = [...seen.keys()].filter((k) => / (403|404|409|413)$/.test(k));
  expect(refusedByDomain.length).toBeGreaterThan(3);
}, 300_000);
