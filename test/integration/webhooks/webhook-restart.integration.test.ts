import { pollUntil } from '../../support/poll';
import { Chat, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import {
  assertBuilt,
  killServerProcesses,
  tokenFor as processToken,
  type ServerProcess,
  startServerProcess,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { verifyChatWebhook } from '../../support/webhook-verify';

/**
 * No delivery is lost across a restart or a crash: the server is stopped (or killed) while messages are still being sent and
 * delivered (the receiver accepts a few, then fails until the restart), then started again on the same data
 * directory. Every message sent reaches the receiver at least once, and repeats carry the same event id.
 */

const SECRET = 'webhook-secret-of-some-length';
const MESSAGES_PER_RUN = 15;

describe('webhooks across a restart', () => {
  const data = tempDir('chat-webhooks-');
  let receiver: WebhookReceiver;

  /** Before the restart the receiver accepts the first few requests, then fails: a backlog is left. */
  let restarted = false;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    receiver.answer = ({ index }) => {
      if (!restarted) return index < 5 ? 200 : 503;
      // Every fifth request fails after the restart too: some events are retried.
      return index % 5 === 4 ? 503 : 200;
    };
    receiver.delayMs = 10;
  });
  afterAll(async () => {
    await receiver.down();
    data.remove();
  });

  const env = () => ({
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_RETRY_MIN_MS: '20',
    WEBHOOK_RETRY_MAX_MS: '100',
  });

  it('delivers every message at least once, repeats under the same event id', async () => {
    const alice = tokenFor('alice');
    const sent: string[] = [];

    const first = await startRealtimeNode({ dataDir: data.dir, env: env() });
    const room = await new Chat(first).createGroup(alice, ['bob']);
    for (let i = 0; i < MESSAGES_PER_RUN; i++)
      sent.push((await new Chat(first).send(alice, room, `one ${i}`)).id);
    // Stopped while deliveries are under way (one is being retried).
    await first.stop();
    const deliveredBeforeRestart = new Set(receiver.accepted().map((r) => r.json.message_id));
    expect(deliveredBeforeRestart.size).toBeLessThanOrEqual(5);
    restarted = true;

    const second = await startRealtimeNode({ dataDir: data.dir, env: env() });
    try {
      for (let i = 0; i < MESSAGES_PER_RUN; i++)
        sent.push((await new Chat(second).send(alice, room, `two ${i}`)).id);
      const delivered = await pollUntil(
        async () => new Set(receiver.accepted().map((r) => r.json.message_id as string)),
        (ids) => sent.every((id) => ids.has(id)),
        { timeoutMs: 20_000, everyMs: 50 },
      );
      expect(sent.filter((id) => !delivered.has(id))).toEqual([]);
    } finally {
      await second.stop();
    }

    const eventIds = new Map<string, Set<string>>();
    for (const request of receiver.received) {
      expect(verifyChatWebhook(SECRET, request.body, request.headers)).toBe(true);
      const ids = eventIds.get(request.json.message_id) ?? new Set();
      ids.add(request.json.event_id);
      eventIds.set(request.json.message_id, ids);
    }
    for (const [, ids] of eventIds) expect(ids.size).toBe(1);
    expect(new Set([...eventIds.values()].map((ids) => [...ids][0])).size).toBe(sent.length);
  });
});

describe('webhooks across a crash (SIGKILL)', () => {
  const data = tempDir('chat-webhooks-crash-');
  let receiver: WebhookReceiver;
  let crashed = false;
  beforeAll(async () => {
    assertBuilt();
    receiver = await WebhookReceiver.start();
    // A backlog when the server dies: the receiver takes three, then fails until the crash.
    receiver.answer = ({ index }) => (crashed || index < 3 ? 200 : 503);
  });
  afterAll(async () => {
    await killServerProcesses();
    await receiver.down();
    data.remove();
  });

  it('delivers every message at least once after the server is killed and started again', async () => {
    const env = {
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_RETRY_MIN_MS: '20',
      WEBHOOK_RETRY_MAX_MS: '100',
    };
    const alice = processToken('alice');
    const sent: string[] = [];
    const sendAll = async (server: ServerProcess, room: string, prefix: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const res = await server.call('POST', '/api/v1/chat/messages', {
          token: alice,
          body: { conversation_id: room, content: `${prefix} ${i}` },
        });
        expect(res.status).toBe(201);
        sent.push(res.body.id);
      }
    };

    const first = await startServerProcess(data.dir, env);
    const created = await first.call('POST', '/api/v1/chat/conversations', {
      token: alice,
      body: { conversation_type: 'group', name: 'crash', participant_ids: ['bob'] },
    });
    const room = created.body.id as string;
    await sendAll(first, room, 'before', 10);
    await pollUntil(
      async () => receiver.received.length,
      (n) => n > 4,
      { timeoutMs: 10_000, everyMs: 20 },
    );
    first.child.kill('SIGKILL');
    await first.exited;
    expect(new Set(receiver.accepted().map((r) => r.json.message_id)).size).toBeLessThan(10);
    crashed = true;

    const second = await startServerProcess(data.dir, env);
    await sendAll(second, room, 'after', 5);
    const delivered = await pollUntil(
      async () => new Set(receiver.accepted().map((r) => r.json.message_id as string)),
      (ids) => sent.every((id) => ids.has(id)),
      { timeoutMs: 20_000, everyMs: 50 },
    );
    expect(sent.filter((id) => !delivered.has(id))).toEqual([]);
    for (const request of receiver.received)
      expect(verifyChatWebhook(SECRET, request.body, request.headers)).toBe(true);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
