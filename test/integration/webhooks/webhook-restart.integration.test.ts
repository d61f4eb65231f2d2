import { pollUntil } from '../../support/poll';
import { Chat, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { verifyChatWebhook } from '../../support/webhook-verify';

/**
 * No delivery is lost across a restart: the server is stopped while messages are still being sent and
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
