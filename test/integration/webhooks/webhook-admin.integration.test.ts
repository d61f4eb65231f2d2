import { startTestServer, type TestServer, tokenFor } from '../../support/api-server';
import { pollUntil } from '../../support/poll';
import { logEvents } from '../../support/realtime-harness';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { verifyChatWebhook } from '../../support/webhook-verify';

/**
 * Operators register endpoints through the admin API: a registration is an event of the `webhooks`
 * stream, and the dispatcher delivers to it from then on; a removed endpoint
 * receives nothing more.
 */

const C = '/api/v1/chat';
const W = `${C}/admin/webhooks`;
const SECRET = 'webhook-secret-of-some-length';
const operator = tokenFor('op-1', { roles: ['operator'] });
const alice = tokenFor('alice');

describe('the webhook admin API', () => {
  let receiver: WebhookReceiver;
  let api: TestServer;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    api = await startTestServer({
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_URLS: 'https://configured.example/hook',
      WEBHOOK_RETRY_MIN_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '200',
    });
  });
  afterAll(async () => {
    await api?.stop();
    await receiver?.down();
  });

  async function group(): Promise<string> {
    const res = await api.call('POST', `${C}/conversations`, {
      token: alice,
      body: { conversation_type: 'group', name: 'g', participant_ids: ['bob'] },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const send = async (conversation_id: string, content: string) =>
    (await api.call('POST', `${C}/messages`, { token: alice, body: { conversation_id, content } })).body
      .id as string;

  it('registers an endpoint once, lists it after the configured ones, and delivers to it', async () => {
    const created = await api.call('POST', W, { token: operator, body: { url: receiver.url } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      url: receiver.url,
      source: 'api',
      registered_by: 'op-1',
      registered_at: expect.any(String),
    });
    const again = await api.call('POST', W, { token: operator, body: { url: receiver.url } });
    expect(again).toMatchObject({ status: 200, body: created.body });
    expect(logEvents(api.dataDir).filter((e) => e.stream_id === 'webhooks')).toHaveLength(1);

    const list = await api.call('GET', W, { token: operator });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        url: 'https://configured.example/hook',
        source: 'config',
        registered_by: null,
      }),
      created.body,
    ]);

    const room = await group();
    const id = await send(room, 'to the registered endpoint');
    const delivered = await pollUntil(
      async () => receiver.accepted().filter((r) => r.json.message_id === id),
      (list) => list.length > 0,
      { timeoutMs: 10_000, everyMs: 25 },
    );
    expect(delivered[0]?.json).toMatchObject({ message_id: id, recipients: ['bob'] });
    expect(verifyChatWebhook(SECRET, delivered[0]?.body ?? '', delivered[0]?.headers ?? {})).toBe(true);
  });

  it('answers a configured URL with its entry, and refuses to remove a configured endpoint', async () => {
    const res = await api.call('POST', W, {
      token: operator,
      body: { url: 'https://configured.example/hook' },
    });
    expect(res).toMatchObject({ status: 200, body: { source: 'config' } });
    const removed = await api.call('DELETE', `${W}/${res.body.id}`, { token: operator });
    expect(removed).toMatchObject({ status: 409, body: { code: 'configured_webhook' } });
  });

  it('refuses what is not an http(s) URL, naming the field', async () => {
    for (const url of ['ftp://files.example/x', 'not a url', '', 42]) {
      const res = await api.call('POST', W, { token: operator, body: { url } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain('url');
    }
    const extra = await api.call('POST', W, { token: operator, body: { url: receiver.url, secret: 'x' } });
    expect(extra.status).toBe(400);
  });

  it('stops delivering to a removed endpoint', async () => {
    const list = await api.call('GET', W, { token: operator });
    const mine = list.body.find((w: { url: string }) => w.url === receiver.url);
    const removed = await api.call('DELETE', `${W}/${mine.id}`, { token: operator });
    expect(removed).toMatchObject({ status: 200, body: mine });
    expect((await api.call('DELETE', `${W}/${mine.id}`, { token: operator })).status).toBe(404);
    expect((await api.call('GET', W, { token: operator })).body).toHaveLength(1);

    // The dispatcher reads registrations every second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const room = await group();
    const id = await send(room, 'after removal');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received.filter((r) => r.json.message_id === id)).toEqual([]);
  });

  it('is closed to callers without the operator role', async () => {
    for (const token of [alice, tokenFor('aud', { roles: ['auditor'] })]) {
      const res = await api.call('GET', W, { token });
      expect(res).toMatchObject({ status: 403, body: { code: 'operator_role_required' } });
    }
  });
});

describe('the webhook admin API of a server without WEBHOOK_SECRET', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api?.stop());

  it('lists nothing and refuses registrations', async () => {
    expect(await api.call('GET', W, { token: operator })).toMatchObject({ status: 200, body: [] });
    const res = await api.call('POST', W, { token: operator, body: { url: 'https://push.example/hook' } });
    expect(res).toMatchObject({ status: 409, body: { code: 'webhooks_disabled' } });
    expect(logEvents(api.dataDir).filter((e) => e.stream_id === 'webhooks')).toEqual([]);
  });
});
