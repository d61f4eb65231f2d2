import { loadConfig } from '../../../src/config/config';
import type { ReadModels } from '../../../src/readmodels/port';
import { openStores } from '../../../src/stores';
import { startTestServer, type TestServer } from '../../support/api-server';
import { LogCapture } from '../../support/log-capture';
import { tempDir } from '../../support/temp-dir';
import { refusal, WsClients } from '../../support/ws-client';

const P = '/api/v1/chat';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Message content that must never reach a log line. */
const CONTENT = 'a-private-sentence-7f3a91';

describe('structured logs of a running server', () => {
  let server: TestServer;
  const logs = new LogCapture('debug');
  const clients = new WsClients();
  let conversationId: string;
  const tokens: string[] = [];
  const token = (sub: string) => {
    const value = server.token(sub);
    tokens.push(value);
    return value;
  };
  const wsUrl = (path: string, bearer: string) =>
    `ws://127.0.0.1:${server.server.wsPort}${P}/ws${path}?token=${bearer}`;

  beforeAll(async () => {
    server = await startTestServer(
      { WS_ALLOWED_ORIGINS: 'https://chat.example', MAX_SOCKETS_PER_USER: '1' },
      { logger: logs.logger },
    );
    const created = await server.call('POST', `${P}/conversations`, {
      token: token('ann'),
      body: { conversation_type: 'group', name: 'logs', participant_ids: ['bob'] },
    });
    expect(created.status).toBe(201);
    conversationId = created.body.id;
  });
  afterAll(async () => {
    await clients.closeAll();
    await server.stop();
  });

  describe('request ids', () => {
    it('echoes an acceptable X-Request-Id and puts it on the access log line', async () => {
      const res = await server.call('GET', `${P}/conversations/${conversationId}/messages`, {
        token: token('ann'),
        headers: { 'X-Request-Id': 'client-chosen.id:42' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('client-chosen.id:42');
      expect(logs.matching({ req_id: 'client-chosen.id:42' })).toEqual([
        expect.objectContaining({
          level: 'info',
          component: 'api',
          method: 'GET',
          route: `${P}/conversations/:conversation_id/messages`,
          status: 200,
          user_id: 'ann',
          duration_ms: expect.any(Number),
        }),
      ]);
    });

    it.each([
      ['no X-Request-Id', undefined],
      ['one with spaces', 'two words'],
      ['one with markup', '<script>'],
      ['one longer than 128 characters', 'x'.repeat(129)],
    ])('generates one for a request with %s', async (_, offered) => {
      const res = await server.call('GET', '/health', {
        headers: offered === undefined ? {} : { 'X-Request-Id': offered },
      });
      const reqId = res.headers.get('x-request-id') ?? '';
      expect(reqId).toMatch(UUID);
      expect(logs.matching({ req_id: reqId })).toEqual([
        expect.objectContaining({ method: 'GET', route: '/health', status: 200 }),
      ]);
    });

    it('gives every request its own id, and writes one access line each, errors and unknown paths included', async () => {
      const answers = await Promise.all([
        server.call('GET', '/health'),
        server.call('GET', `${P}/conversations/${conversationId}`, { token: 'not-a-valid-token' }),
        server.call('POST', `${P}/messages`, { token: token('ann'), body: { content: 'no conversation' } }),
        server.call('GET', `/no/such/path/${conversationId}`),
      ]);
      const ids = answers.map((res) => res.headers.get('x-request-id') ?? '');
      expect(new Set(ids).size).toBe(4);
      const routes = ids.map((id) => logs.matching({ req_id: id }).map((line) => [line.route, line.status]));
      expect(routes).toEqual([
        [['/health', 200]],
        [[`${P}/conversations/:conversation_id`, 401]],
        [[`${P}/messages`, 400]],
        [['unmatched', 404]],
      ]);
    });
  });

  describe('socket lifecycle', () => {
    it('logs an open socket with its user and conversation, and its close with code and reason', async () => {
      const bob = await clients.connect(wsUrl(`/${conversationId}`, token('bob')));
      await bob.waitForType('connected');
      expect(logs.matching({ msg: 'WebSocket open', user_id: 'bob' })).toEqual([
        expect.objectContaining({ component: 'realtime', conversation_id: conversationId, resume: false }),
      ]);
      // Removing bob closes his socket on the conversation: the server's code and reason are logged.
      const removed = await server.call('DELETE', `${P}/conversations/${conversationId}/participants/bob`, {
        token: token('ann'),
      });
      expect(removed.status).toBe(200);
      expect(await bob.closed).toEqual({ code: 4003, reason: 'removed from the conversation' });
      await logs.waitFor({ msg: 'WebSocket closed', user_id: 'bob', code: 4003 });
      expect(logs.matching({ msg: 'WebSocket closed', user_id: 'bob' })).toEqual([
        expect.objectContaining({ conversation_id: conversationId, reason: 'removed from the conversation' }),
      ]);
    });

    it('logs a socket on all conversations, and a close by the client', async () => {
      const cat = await clients.connect(wsUrl('', token('cat')));
      await cat.waitForType('connected');
      await logs.waitFor({ msg: 'WebSocket open', user_id: 'cat', conversation_id: 'all' });
      await cat.close(1000);
      await logs.waitFor({ msg: 'WebSocket closed', user_id: 'cat', code: 1000, reason: '' });
    });

    it.each([
      ['a bad token', 'unauthorized', 401, () => wsUrl('', 'not-a-token'), {}],
      [
        'a refused Origin',
        'origin_not_allowed',
        403,
        () => wsUrl('', token('dan')),
        { Origin: 'https://elsewhere.example' },
      ],
      [
        'a non-participant',
        'conversation_not_found',
        404,
        () => wsUrl(`/${conversationId}`, token('eve')),
        {},
      ],
    ])('logs an upgrade refused for %s with the reason', async (_, reason, status, url, headers) => {
      expect((await refusal(url(), headers)).status).toBe(status);
      // Written before the answer: no wait needed.
      expect(logs.matching({ reason, status })).toEqual([
        expect.objectContaining({
          component: 'realtime',
          level: 'info',
          msg: expect.stringMatching(/^WebSocket upgrade refused/),
        }),
      ]);
    });

    it('logs an upgrade refused at the socket cap, naming the user', async () => {
      const first = await clients.connect(wsUrl('', token('fay')));
      await first.waitForType('connected');
      expect((await refusal(wsUrl('', token('fay')))).status).toBe(429);
      expect(logs.matching({ reason: 'too_many_sockets' })).toEqual([
        expect.objectContaining({ user_id: 'fay', conversation_id: 'all', status: 429 }),
      ]);
    });

    it('names the refused Origin', () => {
      expect(logs.matching({ reason: 'origin_not_allowed' })).toEqual([
        expect.objectContaining({ origin: 'https://elsewhere.example' }),
      ]);
    });
  });

  it('never writes message content or a token', async () => {
    const ann = token('ann');
    const sent = await server.call('POST', `${P}/messages`, {
      token: ann,
      body: { conversation_id: conversationId, content: CONTENT },
    });
    expect(sent.status).toBe(201);
    const edited = await server.call('PUT', `${P}/messages/${sent.body.id}`, {
      token: ann,
      body: { content: `${CONTENT} (edited)` },
    });
    expect(edited.status).toBe(200);
    // The lines were written: the test would pass vacuously on an empty log.
    expect(logs.matching({ route: `${P}/messages/:message_id`, status: 200 })).toHaveLength(1);
    const raw = logs.raw();
    expect(raw).not.toContain(CONTENT);
    for (const value of tokens) {
      expect(raw).not.toContain(value);
      // Not even the signature alone.
      expect(raw).not.toContain(value.split('.')[2]);
    }
    expect(raw).not.toContain('not-a-token');
  });
});

describe('a 5xx in the logs', () => {
  const data = tempDir('chat-logs-500-');
  const logs = new LogCapture('info');
  let server: TestServer;

  beforeAll(async () => {
    const stores = await openStores(loadConfig({ DATA_DIR: data.dir }));
    // Real stores, except that listing conversations fails as a broken disk would.
    const readModels: ReadModels = Object.assign(Object.create(stores.readModels.readModels), {
      conversationsOf: () => Promise.reject(new Error('disk I/O error')),
    });
    server = await startTestServer(
      {},
      { logger: logs.logger, stores: { ...stores, readModels: { ...stores.readModels, readModels } } },
    );
  });
  afterAll(async () => {
    await server.stop();
    data.remove();
  });

  it('logs the error with its stack on the request, and answers a problem that reveals nothing', async () => {
    const res = await server.call('GET', `${P}/conversations`, { token: server.token('ann') });
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('disk');
    const reqId = res.headers.get('x-request-id') ?? '';
    expect(logs.matching({ req_id: reqId })).toEqual([
      expect.objectContaining({
        level: 'error',
        user_id: 'ann',
        status: 500,
        err: expect.objectContaining({ message: 'disk I/O error', stack: expect.stringContaining('Error') }),
      }),
      expect.objectContaining({ level: 'info', route: `${P}/conversations`, status: 500 }),
    ]);
  });
});
