import { pollUntil } from '../../support/poll';
import { type Chat, realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { verifyChatWebhook } from '../../support/webhook-verify';

/**
 * Webhooks against a real HTTP receiver on loopback: every message sent is POSTed, signed with the
 * shared secret, naming as recipients the participants other than the sender who have no socket open;
 * a receiver that fails or is down gets the same event again (same event id) until it accepts it.
 */

const SECRET = 'webhook-secret-of-some-length';
const receiver = new WebhookReceiver();
let receiverStarted: Promise<void> | undefined;

// The receiver must listen before the server reads WEBHOOK_URLS: its URL is resolved lazily below.
beforeAll(async () => {
  receiverStarted ??= receiver.up();
  await receiverStarted;
});
afterAll(() => receiver.down());

const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });

const suite = realtimeSuite(
  {
    get env() {
      return {
        WEBHOOK_URLS: receiver.url,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_RETRY_MIN_MS: '50',
        WEBHOOK_RETRY_MAX_MS: '200',
        WEBHOOK_CONTENT_PREVIEW: '10',
      };
    },
  },
  false,
);
const chat: Chat = suite.chat;

async function deliveriesOf(messageId: string, count = 1) {
  const found = await pollUntil(
    async () => receiver.received.filter((r) => r.json?.message_id === messageId),
    (list) => list.filter((r) => r.status === 200).length >= count,
    { timeoutMs: 15_000, everyMs: 25 },
  );
  expect(found.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(count);
  return found;
}

describe('webhooks', () => {
  afterEach(() => {
    receiver.answer = () => 200;
  });

  it('posts a signed message.sent whose recipients are the participants without an open socket', async () => {
    const room = await chat.createGroup(alice, ['bob', 'carol']);
    await suite.connected(suite.node.wsUrl('', bob));
    await pollUntil(
      () => suite.node.call('GET', '/api/v1/chat/users/online', { token: alice }),
      (res) => JSON.stringify(res.body).includes('"bob"'),
      { timeoutMs: 10_000, everyMs: 50 },
    );

    const sent = await chat.send(alice, room, 'Hello everyone, how are you all?');
    const [delivery] = await deliveriesOf(sent.id);

    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(verifyChatWebhook(SECRET, delivery?.body ?? '', delivery?.headers ?? {})).toBe(true);
    expect(verifyChatWebhook('another-secret-entirely', delivery?.body ?? '', delivery?.headers ?? {})).toBe(
      false,
    );
    expect(verifyChatWebhook(SECRET, `${delivery?.body} `, delivery?.headers ?? {})).toBe(false);
    expect(delivery?.json).toEqual({
      event_id: expect.any(String),
      type: 'message.sent',
      conversation_id: room,
      message_id: sent.id,
      message_type: 'text',
      sender: { user_id: 'alice', username: 'Alice' },
      content_preview: 'Hello ever…',
      created_at: sent.created_at,
      recipients: ['carol'],
    });
    expect(delivery?.headers['x-chat-event-id']).toBe(delivery?.json.event_id);
    expect(delivery?.headers['x-chat-delivery-attempt']).toBe('1');
  });

  it('retries after 500 answers with the same event id and body, and reports the endpoint degraded meanwhile', async () => {
    const room = await chat.createGroup(alice, ['carol']);
    let failing = true;
    receiver.answer = ({ json }) => (failing && json?.conversation_id === room ? 500 : 200);

    const sent = await chat.send(alice, room, 'retry me');
    const degraded = await pollUntil(
      () => suite.node.call('GET', '/health/ready'),
      (res) => res.body?.checks?.webhooks?.degraded === true,
      { timeoutMs: 15_000, everyMs: 25 },
    );
    // A receiver that is down does not take the node out of service: the check says so, nothing more.
    expect(degraded.status).toBe(200);
    expect(degraded.body.checks.webhooks).toMatchObject({
      ok: true,
      degraded: true,
      detail: expect.stringContaining('127.0.0.1'),
      endpoints: [expect.objectContaining({ degraded: true, last_error: 'answered 500' })],
    });
    failing = false;

    const attempts = await deliveriesOf(sent.id);
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    expect(attempts.map((a) => a.status).slice(0, 3)).toEqual([500, 500, 500]);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.headers['x-chat-event-id'])).size).toBe(1);
    expect(attempts.map((a) => Number(a.headers['x-chat-delivery-attempt']))).toEqual(
      attempts.map((_, i) => i + 1),
    );
    for (const attempt of attempts)
      expect(verifyChatWebhook(SECRET, attempt.body, attempt.headers)).toBe(true);

    const healthy = await pollUntil(
      () => suite.node.call('GET', '/health/ready'),
      (res) => res.body?.checks?.webhooks?.degraded === false,
      { timeoutMs: 5000, everyMs: 25 },
    );
    expect(healthy.body.checks.webhooks.endpoints[0]).toMatchObject({ degraded: false, failures: 0 });
    const metrics = await suite.node.call('GET', '/metrics');
    expect(String(metrics.body)).toMatch(
      /chat_webhook_attempts_total\{endpoint="[0-9a-f]{12}",outcome="http_error"\} [1-9]/,
    );
    expect(String(metrics.body)).toMatch(/chat_webhook_endpoint_degraded\{endpoint="[0-9a-f]{12}"\} 0/);
  });

  it('delivers, in order, what was sent while the receiver was down once it is back', async () => {
    const room = await chat.createGroup(alice, ['carol']);
    await receiver.down();
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await chat.send(alice, room, `while down ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await receiver.up();

    for (const message of sent) await deliveriesOf(message.id);
    const order = receiver
      .accepted()
      .filter((r) => r.json.conversation_id === room)
      .map((r) => r.json.message_id);
    expect([...new Set(order)]).toEqual(sent.map((m) => m.id));
  });
});
