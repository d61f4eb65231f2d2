import { startTestServer, type TestServer } from '../../support/api-server';
import { familyNames, parseSamples, type Sample, sampleValue } from '../../support/prometheus-text';
import { refusal, type WsClient, WsClients } from '../../support/ws-client';
import { CHAT_METRICS } from '../deployment/agreed-metrics';

const P = '/api/v1/chat';

/** Every family the server exports (the agreed list), and a few default process metrics. */
const FAMILIES = [
  ...CHAT_METRICS,
  'process_cpu_user_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
];

async function scrape(server: TestServer, token?: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await server.call('GET', '/metrics', { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.body as string, samples: parseSamples(res.body as string) };
}

describe('GET /metrics after some traffic', () => {
  let server: TestServer;
  const clients = new WsClients();
  let conversationId: string;
  let text: string;
  let samples: Sample[];

  beforeAll(async () => {
    // Two sends per user, then 429: one send of the test is refused by the limit.
    // Webhooks on (no endpoints): their families are exported too.
    server = await startTestServer({
      SEND_RATE_LIMIT: '0.001',
      SEND_BURST: '2',
      WEBHOOK_SECRET: 'webhook-secret-of-some-length',
    });
    const ann = server.token('ann');
    const bob = server.token('bob');
    const cat = server.token('cat');
    const created = await server.call('POST', `${P}/conversations`, {
      token: ann,
      body: { conversation_type: 'group', name: 'metrics', participant_ids: ['bob'] },
    });
    expect(created.status).toBe(201);
    conversationId = created.body.id;
    const wsUrl = (query: string) =>
      `ws://127.0.0.1:${server.server.wsPort}${P}/ws/${conversationId}?token=${bob}${query}`;

    const live: WsClient = await clients.connect(wsUrl(''));
    await live.waitForType('connected');
    const sent = [];
    for (const content of ['first', 'second']) {
      const res = await server.call('POST', `${P}/messages`, {
        token: ann,
        body: { conversation_id: conversationId, content },
      });
      expect(res.status).toBe(201);
      sent.push(res.body);
    }
    // Refused: over the send limit, and not a participant.
    const limited = await server.call('POST', `${P}/messages`, {
      token: ann,
      body: { conversation_id: conversationId, content: 'third' },
    });
    expect(limited.status).toBe(429);
    const outsider = await server.call('POST', `${P}/messages`, {
      token: cat,
      body: { conversation_id: conversationId, content: 'let me in' },
    });
    expect(outsider.status).toBe(404);
    const history = await server.call('GET', `${P}/conversations/${conversationId}/messages`, { token: bob });
    expect(history.status).toBe(200);
    await live.waitForCount((f) => f.type === 'message', 2);

    // A resume after the first message replays the second.
    const firstPosition = live.frames.find((f) => f.type === 'message')?.position as string;
    const resumed = await clients.connect(wsUrl(`&since=${encodeURIComponent(firstPosition)}`));
    expect((await resumed.waitForType('connected')).recovered).toBe(true);
    await resumed.waitFor((f) => f.type === 'message' && f.message.content === 'second');

    expect((await refusal(wsUrl('').replace(bob, 'not-a-token'))).status).toBe(401);
    ({ text, samples } = await scrape(server));
  }, 60_000);
  afterAll(async () => {
    await clients.closeAll();
    await server.stop();
  });

  it('declares every metric family, including the default process metrics', () => {
    const declared = familyNames(text);
    expect(FAMILIES.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('counts sent messages as ok and refused ones (over the limit, not a participant) as refused', () => {
    expect(sampleValue(samples, 'chat_commands_total', { command: 'send_message', outcome: 'ok' })).toBe(2);
    expect(sampleValue(samples, 'chat_commands_total', { command: 'send_message', outcome: 'refused' })).toBe(
      2,
    );
    expect(sampleValue(samples, 'chat_commands_total', { command: 'send_message', outcome: 'error' })).toBe(
      undefined,
    );
    expect(
      sampleValue(samples, 'chat_commands_total', { command: 'create_conversation', outcome: 'ok' }),
    ).toBe(1);
    expect(sampleValue(samples, 'chat_rate_limit_refusals_total', { limit: 'send' })).toBe(1);
  });

  it('times HTTP requests by route template, method and status', () => {
    const count = (method: string, route: string, status: string) =>
      sampleValue(samples, 'chat_http_request_duration_seconds_count', { method, route, status });
    expect(count('POST', `${P}/messages`, '201')).toBe(2);
    expect(count('POST', `${P}/messages`, '429')).toBe(1);
    expect(count('POST', `${P}/messages`, '404')).toBe(1);
    expect(count('GET', `${P}/conversations/:conversation_id/messages`, '200')).toBe(1);
  });

  it('measures appends: their latency and how many events each carried', () => {
    const appends = sampleValue(samples, 'chat_eventstore_append_duration_seconds_count') ?? 0;
    // The conversation, two messages, and the users' profiles at least.
    expect(appends).toBeGreaterThanOrEqual(3);
    expect(sampleValue(samples, 'chat_eventstore_append_events_count')).toBe(appends);
    expect(sampleValue(samples, 'chat_eventstore_append_events_sum')).toBeGreaterThanOrEqual(3);
    // The first bucket is 100 µs.
    expect(
      samples.some(
        (s) => s.name === 'chat_eventstore_append_duration_seconds_bucket' && s.labels.le === '0.0001',
      ),
    ).toBe(true);
  });

  it('counts open sockets, delivered frames by type, resumes and refused upgrades', () => {
    expect(sampleValue(samples, 'chat_ws_connections')).toBe(2);
    // Two live messages to the first socket, one replayed to the resumed one.
    expect(sampleValue(samples, 'chat_ws_frames_delivered_total', { type: 'message' })).toBe(3);
    expect(sampleValue(samples, 'chat_ws_frames_delivered_total', { type: 'connected' })).toBe(2);
    expect(sampleValue(samples, 'chat_ws_resumes_total', { recovered: 'true' })).toBe(1);
    expect(sampleValue(samples, 'chat_ws_upgrades_refused_total', { reason: 'unauthorized' })).toBe(1);
    expect(sampleValue(samples, 'chat_ws_slow_socket_closes_total')).toBe(0);
  });

  it('keeps ids out of labels: only templates, names and outcomes', () => {
    expect(text).not.toContain(conversationId);
    const userIds = ['ann', 'bob', 'cat'];
    expect(samples.filter((s) => Object.values(s.labels).some((v) => userIds.includes(v)))).toEqual([]);
  });

  it('is not part of the chat API: /openapi.json does not list it', async () => {
    const doc = await server.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const METRICS_TOKEN = 'scrape-token-of-some-length';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN });
  });
  afterAll(() => server.stop());

  it('answers 401 without the token, with another token, or with a user token', async () => {
    for (const token of [undefined, 'scrape-token-of-some-lengtX', server.token('ann')]) {
      const res = await server.call('GET', '/metrics', { token });
      expect({ token, status: res.status, code: res.body?.code }).toEqual({
        token,
        status: 401,
        code: 'unauthorized',
      });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers the metrics with the token', async () => {
    const { samples } = await scrape(server, METRICS_TOKEN);
    // The refused scrapes were timed like every request.
    expect(
      sampleValue(samples, 'chat_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/metrics',
        status: '401',
      }),
    ).toBe(3);
  });
});
