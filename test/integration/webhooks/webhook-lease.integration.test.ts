import { pollUntil } from '../../support/poll';
import { Chat, type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { WsClients } from '../../support/ws-client';

/**
 * Two nodes on one store: one of them dispatches (it holds the `webhooks` lease), so each message is
 * posted once; when that node stops, the other takes over from the checkpoint and nothing is lost. A
 * socket open on either node keeps its user out of the recipients.
 */

const SECRET = 'webhook-secret-of-some-length';

describe('one webhook dispatcher per cluster', () => {
  const data = tempDir('chat-webhook-lease-');
  let receiver: WebhookReceiver;
  const nodes: RealtimeNode[] = [];
  const clients = new WsClients();

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    const env = {
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_RETRY_MIN_MS: '20',
      WEBHOOK_RETRY_MAX_MS: '100',
      PROJECTION_LEASE_TTL_MS: '1500',
    };
    for (let i = 0; i < 2; i++) nodes.push(await startRealtimeNode({ dataDir: data.dir, env }));
  });
  afterAll(async () => {
    await clients.closeAll();
    for (const node of nodes) await node.stop();
    await receiver.down();
    data.remove();
  });

  const dispatching = async (node: RealtimeNode) =>
    (await node.call('GET', '/health/ready')).body.checks.webhooks.dispatching as boolean;

  it('posts each message once from the node holding the lease, and fails over to the other', async () => {
    const [first, second] = nodes as [RealtimeNode, RealtimeNode];
    const alice = tokenFor('alice');
    expect([await dispatching(first), await dispatching(second)].filter(Boolean)).toHaveLength(1);

    const room = await new Chat(first).createGroup(alice, ['bob', 'carol']);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++)
      sent.push((await new Chat(i % 2 ? second : first).send(alice, room, `m${i}`)).id);
    await pollUntil(
      async () => receiver.accepted().length,
      (n) => n >= sent.length,
      { timeoutMs: 10_000, everyMs: 25 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.accepted().map((r) => r.json.message_id)).toEqual(sent);

    expect(receiver.accepted().map((r) => r.json.recipients)).toEqual(sent.map(() => ['bob', 'carol']));

    // Bob connects to the node that does not dispatch: its presence lease reaches the dispatcher.
    const [leader, follower] = (await dispatching(first)) ? [first, second] : [second, first];
    const bob = await clients.connect(follower.wsUrl('', tokenFor('bob')));
    await bob.waitForType('connected');
    await pollUntil(
      () => leader.call('GET', '/api/v1/chat/users/online', { token: alice }),
      (res) => JSON.stringify(res.body).includes('"bob"'),
      { timeoutMs: 10_000, everyMs: 50 },
    );
    const whileOnline = (await new Chat(leader).send(alice, room, 'bob is here')).id as string;
    const [online] = await pollUntil(
      async () => receiver.accepted().filter((r) => r.json.message_id === whileOnline),
      (list) => list.length > 0,
      { timeoutMs: 10_000, everyMs: 25 },
    );
    expect(online?.json.recipients).toEqual(['carol']);
    await clients.closeAll();

    await leader.stop();
    nodes.splice(nodes.indexOf(leader), 1);
    const more: string[] = [];
    for (let i = 0; i < 3; i++) more.push((await new Chat(follower).send(alice, room, `after ${i}`)).id);
    const delivered = await pollUntil(
      async () => new Set(receiver.accepted().map((r) => r.json.message_id as string)),
      (ids) => more.every((id) => ids.has(id)),
      { timeoutMs: 15_000, everyMs: 50 },
    );
    expect(more.filter((id) => !delivered.has(id))).toEqual([]);
    expect(await dispatching(follower)).toBe(true);
  });
});
