/**
 * Faults injected into every port of a running server while clients send, mark read, type and read,
 * with sockets open: the event store (appends refused, appends written whose answer is lost, reads
 * failing or slow, the log subscriptions dropped), the projection store (batches and checkpoints
 * failing or slow, lease calls failing), the read models (queries failing) and the ephemeral channel
 * (publishes failing, subscriptions dropped). Clients retry what was refused, with the same key.
 * When the faults stop, the server has healed by itself:
 * - every acknowledged message is in the log and in history exactly once, and nothing else is;
 * - the read models (history, receipts, unread counts, last messages) equal the fold of the log;
 * - every socket has every message of its conversations exactly once, in log order;
 * - nothing answered 500 (a briefly unavailable store is a 503 with Retry-After), and the node is ready.
 */
import type { Stores } from '../../../src/stores';
import { type FaultOp, FaultPlan, faultyStores, type RandomKind } from '../../support/faults';
import { type Read, type Send, seqOf, verifyAgainstLog } from '../../support/log-model';
import { pollUntil } from '../../support/poll';
import { Chat, type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { sleep, type WsClient, WsClients, type WsFrame } from '../../support/ws-client';

const USERS = ['ann', 'bob', 'cat'];
const CONVERSATIONS = 3;
const SENDERS = 6;
const PHASE_MS = 2500;
/** Each phase faults one port, then all of them together. */
const PHASES: { name: string; ops: FaultOp[]; kinds: RandomKind[]; rate: number }[] = [
  {
    name: 'event store',
    ops: ['append', 'readStream', 'readAll', 'headPosition', 'subscribeToAll'],
    kinds: ['fail', 'failAfter', 'delay', 'drop'],
    rate: 0.08,
  },
  {
    name: 'projection store',
    ops: ['apply', 'checkpoint', 'currentGeneration', 'claimLease', 'leaseHolder'],
    kinds: ['fail', 'delay'],
    rate: 0.15,
  },
  {
    name: 'read models',
    ops: ['messages', 'conversationsOf', 'participants', 'isParticipant'],
    kinds: ['fail', 'delay'],
    rate: 0.15,
  },
  { name: 'ephemeral channel', ops: ['publish', 'subscribe'], kinds: ['fail', 'drop'], rate: 0.2 },
  {
    name: 'all ports',
    ops: ['append', 'readAll', 'subscribeToAll', 'apply', 'checkpoint', 'messages', 'publish', 'subscribe'],
    kinds: ['fail', 'failAfter', 'delay', 'drop'],
    rate: 0.06,
  },
];

const tokens = new Map(USERS.map((user) => [user, tokenFor(user)]));
const tokenOf = (user: string) => tokens.get(user) as string;

describe('faults injected into every port under load', () => {
  const plan = new FaultPlan();
  const clients = new WsClients();
  let node: RealtimeNode;

  beforeAll(async () => {
    node = await startRealtimeNode({
      env: {
        SEND_RATE_LIMIT: '0',
        TYPING_RATE_LIMIT: '0',
        CONVERSATIONS_PER_MINUTE: '0',
        CONSISTENCY_TIMEOUT_MS: '300',
        PROJECTION_LEASE_TTL_MS: '3000',
      },
      wrapStores: (stores: Stores) => faultyStores(stores, plan),
    });
  });
  afterAll(async () => {
    plan.stopRandom();
    plan.releaseAll();
    await clients.closeAll();
    await node.stop();
  });

  it('heals by itself: nothing lost, nothing duplicated, read models equal the log, every socket complete', async () => {
    const chat = new Chat(node);
    const conversations: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      conversations.push(await chat.createGroup(tokenOf('ann'), ['bob', 'cat'], `room ${i}`));
    }
    // Every user on the all-conversations path, and ann on each conversation's own path.
    const sockets: { client: WsClient; conversations: string[] }[] = [];
    for (const user of USERS) {
      const client = await clients.connect(node.wsUrl('', tokenOf(user)));
      await client.waitForType('connected');
      sockets.push({ client, conversations });
    }
    for (const id of conversations) {
      const client = await clients.connect(node.wsUrl(`/${id}`, tokenOf('ann')));
      await client.waitForType('connected');
      sockets.push({ client, conversations: [id] });
    }

    const sends: Send[] = [];
    const reads: Read[] = [];
    const statuses = new Map<number, number>();
    const answered = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let running = true;
    const load = async (sender: number) => {
      for (let n = 0; running; n++) {
        const user = USERS[(sender + n) % USERS.length] as string;
        const conversation = conversations[(sender * 7 + n) % conversations.length] as string;
        const roll = n % 10;
        if (roll === 3) {
          const res = await node.call('POST', `/api/v1/chat/conversations/${conversation}/read`, {
            token: tokenOf(user),
          });
          answered(res.status);
          if (res.status === 200)
            reads.push({ user, conversation, seq: seqOf(res.body.last_read_message_id) });
          continue;
        }
        if (roll === 6) {
          answered(
            (
              await node.call('POST', '/api/v1/chat/typing', {
                token: tokenOf(user),
                body: { conversation_id: conversation, is_typing: true },
              })
            ).status,
          );
          answered(
            (
              await node.call('GET', `/api/v1/chat/conversations/${conversation}/messages?limit=5`, {
                token: tokenOf(user),
              })
            ).status,
          );
          continue;
        }
        const key = `s${sender}-${n}`;
        const send: Send = { key, user, conversation, content: `message ${key}` };
        sends.push(send);
        await deliver(send, answered);
      }
    };
    const deliver = async (send: Send, note: (status: number) => void) => {
      // A refused send is retried with the same key until it is acknowledged.
      for (;;) {
        const res = await node.call('POST', '/api/v1/chat/messages', {
          token: tokenOf(send.user),
          headers: { 'Idempotency-Key': send.key },
          body: { conversation_id: send.conversation, content: send.content },
        });
        note(res.status);
        if (res.status === 201) {
          if (send.id !== undefined) expect(res.body.id).toBe(send.id);
          send.id = res.body.id;
          return;
        }
        if (res.status === 503) expect(res.headers.get('retry-after')).toBe('1');
        await sleep(50);
      }
    };

    const senders = Array.from({ length: SENDERS }, (_, i) => load(i));
    const phaseFaults: Record<string, number> = {};
    for (const [i, phase] of PHASES.entries()) {
      const before = plan.total;
      plan.random({ seed: 1000 + i, rate: phase.rate, ops: phase.ops, kinds: phase.kinds, maxDelayMs: 200 });
      await sleep(PHASE_MS);
      plan.stopRandom();
      plan.releaseAll();
      phaseFaults[phase.name] = plan.total - before;
    }
    const faultsStopped = Date.now();
    running = false;
    await Promise.all(senders);

    // Never a 500: an unavailable store is a 503; everything else the clients did was accepted.
    expect([...statuses.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(plan.total).toBeGreaterThanOrEqual(50);
    for (const [phase, count] of Object.entries(phaseFaults))
      expect({ phase, faulted: count > 0 }).toEqual({ phase, faulted: true });

    // Converged: ready again, and the read models and every socket have caught up with the log.
    // Ready, with every projection at the head of the log (a projection may still be backing off).
    const caughtUp = (res: Awaited<ReturnType<RealtimeNode['call']>>) =>
      res.status === 200 &&
      (res.body.checks.projections.projections as { lag_events: number }[]).every((p) => p.lag_events === 0);
    const ready = await eventually(() => node.call('GET', '/health/ready'), caughtUp);
    expect(caughtUp(ready)).toBe(true);
    const acked = sends.map((s) => s.id as string);
    for (const { client, conversations: followed } of sockets) {
      const expected = sends.filter((s) => followed.includes(s.conversation)).length;
      await client.waitForCount(isNewMessage, expected, 60_000);
    }
    const recoveredMs = Date.now() - faultsStopped;
    await verifyAgainstLog(node, node.dataDir, sends, reads, USERS, tokenOf);
    for (const { client, conversations: followed } of sockets) {
      const frames = client.frames.filter(isNewMessage);
      const ids = frames.map((f) => f.message.id as string);
      // Exactly once each, and in log order.
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(
        sends
          .filter((s) => followed.includes(s.conversation))
          .map((s) => s.id as string)
          .sort(),
      );
      const positions = frames.map((f) => f.position as string);
      expect([...positions].sort()).toEqual(positions);
      expect(client.open).toBe(true);
    }
    expect(new Set(acked).size).toBe(acked.length);
    process.stdout.write(
      `fault injection: ${plan.total} faults (${Object.entries(plan.injected)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}); ${sends.length} messages acknowledged, ${reads.length} reads, ` +
        `answers ${JSON.stringify(Object.fromEntries(statuses))}; converged ${recoveredMs} ms after the last fault\n`,
    );
  }, 180_000);
});

const isNewMessage = (frame: WsFrame) => frame.type === 'message';

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean) =>
  pollUntil(read, done, { everyMs: 100 });
