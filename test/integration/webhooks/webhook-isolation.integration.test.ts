import { startTestServer, type TestServer, tokenFor } from '../../support/api-server';
import { pollUntil } from '../../support/poll';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Each endpoint has its own checkpoint and loop: an endpoint that keeps failing holds back only its own
 * events (the first one, retried again and again), while a healthy endpoint receives every message.
 */

const C = '/api/v1/chat';

describe('a failing webhook endpoint', () => {
  let healthy: WebhookReceiver;
  let failing: WebhookReceiver;
  let api: TestServer;
  beforeAll(async () => {
    healthy = await WebhookReceiver.start();
    failing = await WebhookReceiver.start();
    failing.answer = () => 500;
    api = await startTestServer({
      WEBHOOK_URLS: `${failing.url},${healthy.url}`,
      WEBHOOK_SECRET: 'webhook-secret-of-some-length',
      WEBHOOK_RETRY_MIN_MS: '20',
      WEBHOOK_RETRY_MAX_MS: '100',
    });
  });
  afterAll(async () => {
    await api?.stop();
    await healthy?.down();
    await failing?.down();
  });

  it('holds back only its own deliveries', async () => {
    const alice = tokenFor('alice');
    const created = await api.call('POST', `${C}/conversations`, {
      token: alice,
      body: { conversation_type: 'group', name: 'g', participant_ids: ['bob'] },
    });
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.call('POST', `${C}/messages`, {
        token: alice,
        body: { conversation_id: created.body.id, content: `m${i}` },
      });
      sent.push(res.body.id);
    }
    const received = await pollUntil(
      async () => healthy.accepted().map((r) => r.json.message_id),
      (ids) => ids.length >= sent.length,
      { timeoutMs: 10_000, everyMs: 25 },
    );
    expect(received).toEqual(sent);
    expect(failing.received.length).toBeGreaterThan(1);
    expect(new Set(failing.received.map((r) => r.json.message_id))).toEqual(new Set([sent[0]]));

    const hostOf = (r: WebhookReceiver) => new URL(r.url).host;
    type Endpoint = { host: string; degraded: boolean };
    const ready = await pollUntil(
      () => api.call('GET', '/health/ready'),
      (res) =>
        (res.body.checks.webhooks.endpoints as Endpoint[]).some(
          (e) => e.host === hostOf(failing) && e.degraded,
        ),
      { timeoutMs: 10_000, everyMs: 25 },
    );
    expect(ready.status).toBe(200);
    const endpoints = ready.body.checks.webhooks.endpoints as Endpoint[];
    expect(endpoints.find((e) => e.host === hostOf(failing))?.degraded).toBe(true);
    expect(endpoints.find((e) => e.host === hostOf(healthy))?.degraded).toBe(false);
  });
});
