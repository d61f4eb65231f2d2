/**
 * Crash safety of the whole server: `node dist/main.js` on the embedded stores is killed with SIGKILL
 * (no exit handler runs) while several clients send messages and mark conversations read, then restarted
 * on the same data directory, over several kill points. After each restart the clients retry every send
 * that got no answer, with the same Idempotency-Key, and the test checks:
 * - every send answered 2xx is in the log and in the REST history, under the id it was answered with;
 * - every send ends up in the log exactly once (retried or not), and nothing else does;
 * - the history, the read receipts and the conversation lists (unread counts, last message) equal a
 *   fold of the log;
 * - unread counts agree with the history and with the reads the log holds, and every acknowledged read
 *   is reflected.
 * The child runs the compiled server in dist/ (`npm test` builds it first).
 */
import { randomInt } from 'node:crypto';
import type { RecordedEvent } from '../../../src/eventstore/port';
import {
  assertBuilt,
  killServerProcesses,
  readLog,
  type ServerProcess,
  startServerProcess,
  tokenFor,
  wholeHistory,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';

const USERS = ['ann', 'bob', 'cat'];
const CONVERSATIONS = 3;
const SENDERS = 6;
const KILL_POINTS = 4;

interface Send {
  key: string;
  user: string;
  conversation: string;
  content: string;
  /** The message id of a 2xx answer, once one came. */
  id?: string;
}

interface Read {
  user: string;
  conversation: string;
  /** The seq the answer said was read up to (acknowledged reads only). */
  seq: number;
}

const tokens = new Map(USERS.map((user) => [user, tokenFor(user)]));
const tokenOf = (user: string) => tokens.get(user) as string;
const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;

async function send(server: ServerProcess, s: Send): Promise<'acked' | 'lost'> {
  try {
    const res = await server.call('POST', '/api/v1/chat/messages', {
      token: tokenOf(s.user),
      headers: { 'Idempotency-Key': s.key },
      body: { conversation_id: s.conversation, content: s.content },
    });
    if (res.status !== 201)
      throw new Error(`send ${s.key} answered ${res.status}: ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ client_message_id: s.key, user_id: s.user, content: s.content });
    if (s.id !== undefined) expect(res.body.id).toBe(s.id);
    s.id = res.body.id;
    return 'acked';
  } catch (error) {
    if (isConnectionFailure(error)) return 'lost';
    throw error;
  }
}

/**
 * fetch fails with "fetch failed" (its cause the socket error) when the server dies mid-request. The
 * error comes from Node's realm, not jest's: `instanceof TypeError` would not hold.
 */
function isConnectionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.message === 'fetch failed';
}

/**
 * Concurrent senders against a live server until it is killed: mostly sends, sometimes a mark-read.
 * Kills the server with SIGKILL right after the `killAfter`-th acknowledgement of this round.
 */
async function drive(
  server: ServerProcess,
  round: number,
  conversations: string[],
  sends: Send[],
  reads: Read[],
  killAfter: number,
): Promise<number> {
  let acked = 0;
  let killed = false;
  const acknowledge = () => {
    acked++;
    if (acked === killAfter) {
      killed = true;
      server.child.kill('SIGKILL');
    }
  };
  const loop = async (sender: number) => {
    for (let n = 0; !killed; n++) {
      const user = pick(USERS);
      const conversation = pick(conversations);
      if (randomInt(10) === 0) {
        try {
          const res = await server.call('POST', `/api/v1/chat/conversations/${conversation}/read`, {
            token: tokenOf(user),
          });
          if (res.status !== 200) throw new Error(`read answered ${res.status}: ${JSON.stringify(res.body)}`);
          reads.push({ user, conversation, seq: seqOf(res.body.last_read_message_id) });
          acknowledge();
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          return;
        }
        continue;
      }
      const key = `r${round}-s${sender}-${n}`;
      const s: Send = { key, user, conversation, content: `message ${key}` };
      sends.push(s);
      if ((await send(server, s)) === 'lost') return;
      acknowledge();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, i) => loop(i)));
  return acked;
}

function seqOf(messageId: string | null): number {
  return messageId === null ? 0 : Number(messageId.slice(messageId.lastIndexOf('.') + 1));
}

interface FoldedMessage {
  id: string;
  seq: number;
  user_id: string;
  content: string;
  client_message_id: string | null;
}

/** The naive model: messages and each participant's last read seq per conversation, from the log. */
function fold(events: RecordedEvent[]) {
  const messages = new Map<string, FoldedMessage[]>();
  const lastRead = new Map<string, number>();
  const readKey = (conversation: string, user: string) => `${conversation}|${user}`;
  for (const e of events) {
    if (!e.streamId.startsWith('conversation-')) continue;
    const d = e.data as Record<string, any>;
    const conversation = d.conversation_id as string;
    if (e.type === 'ConversationCreated') messages.set(conversation, []);
    if (e.type === 'MessageSent') {
      const list = messages.get(conversation) ?? [];
      expect(d.seq).toBe(list.length + 1);
      list.push({
        id: d.message_id,
        seq: d.seq,
        user_id: d.user_id,
        content: d.content,
        client_message_id: d.client_message_id,
      });
      messages.set(conversation, list);
      const k = readKey(conversation, d.user_id);
      lastRead.set(k, Math.max(lastRead.get(k) ?? 0, d.seq));
    }
    if (e.type === 'ConversationRead') {
      const k = readKey(conversation, d.user_id);
      lastRead.set(k, Math.max(lastRead.get(k) ?? 0, d.last_read_seq));
    }
  }
  return {
    messages,
    lastReadOf: (conversation: string, user: string) => lastRead.get(readKey(conversation, user)) ?? 0,
  };
}

/** Everything the test promises, checked against the log and the running server's read models. */
async function verify(server: ServerProcess, dataDir: string, sends: Send[], reads: Read[]): Promise<void> {
  const { events, head } = await readLog(dataDir);
  const model = fold(events);
  const sent = events.filter((e) => e.type === 'MessageSent').map((e) => e.data as Record<string, any>);

  // Exactly once: one MessageSent per send (all sends are acknowledged by now), nothing else.
  const logKeys = sent.map((d) => `${d.user_id}|${d.client_message_id}`).sort();
  expect(logKeys).toEqual(sends.map((s) => `${s.user}|${s.key}`).sort());
  expect(new Set(sent.map((d) => d.message_id)).size).toBe(sent.length);
  const byId = new Map(sent.map((d) => [d.message_id as string, d]));
  const misplaced = sends.filter((s) => {
    const d = s.id === undefined ? undefined : byId.get(s.id);
    return !d || d.client_message_id !== s.key || d.user_id !== s.user || d.content !== s.content;
  });
  expect(misplaced).toEqual([]);

  for (const [conversation, messages] of model.messages) {
    // The history equals the fold (which holds every acknowledged id, checked above).
    const history = await wholeHistory(server, tokenOf('ann'), conversation, head);
    expect(history).toEqual(
      messages.map(({ id, user_id, content, client_message_id }) =>
        expect.objectContaining({ id, user_id, content, client_message_id }),
      ),
    );
    // Read receipts equal the fold's last read seq of each participant.
    const participants = await server.call('GET', `/api/v1/chat/conversations/${conversation}/participants`, {
      token: tokenOf('ann'),
      headers: { 'X-Consistency-Token': head as string },
    });
    expect(participants.status).toBe(200);
    const receipts = Object.fromEntries(
      (participants.body as any[]).map((p) => [p.user_id, p.last_read_message_id]),
    );
    expect(receipts).toEqual(
      Object.fromEntries(
        USERS.map((user) => {
          const seq = model.lastReadOf(conversation, user);
          return [user, seq === 0 ? null : `${conversation}.${seq}`];
        }),
      ),
    );
    for (const user of USERS) {
      const res = await server.call('GET', '/api/v1/chat/conversations', {
        token: tokenOf(user),
        headers: { 'X-Consistency-Token': head as string },
      });
      expect(res.status).toBe(200);
      const summary = (res.body as any[]).find((c) => c.id === conversation);
      const lastRead = model.lastReadOf(conversation, user);
      // Unread: messages by others after the user's last read, counted on the REST history.
      const unread = history.filter((m, i) => i + 1 > lastRead && m.user_id !== user).length;
      expect({ user, conversation, unread: summary?.unread_count, last: summary?.last_message?.id }).toEqual({
        user,
        conversation,
        unread,
        last: history[history.length - 1]?.id,
      });
    }
  }
  // Every acknowledged read is reflected (later reads and own sends may only move it forward).
  const unreflected = reads.filter((r) => model.lastReadOf(r.conversation, r.user) < r.seq);
  expect(unreflected).toEqual([]);
}

describe('the server killed with SIGKILL while clients write', () => {
  let data: { dir: string; remove: () => void };

  beforeAll(() => {
    assertBuilt();
    data = tempDir('chat-crash-');
  });
  afterAll(async () => {
    await killServerProcesses();
    data.remove();
  });

  it(`keeps every acknowledged write exactly once and its read models equal to the log over ${KILL_POINTS} kill points`, async () => {
    const started = Date.now();
    const sends: Send[] = [];
    const reads: Read[] = [];
    const killPoints: number[] = [];
    let retried = 0;

    // Default leases (10 s): each restarted server takes over at once the leases its killed predecessor
    // on this host still held, instead of waiting for them to expire.
    let server = await startServerProcess(data.dir);
    const conversations: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const res = await server.call('POST', '/api/v1/chat/conversations', {
        token: tokenOf('ann'),
        body: { conversation_type: 'group', name: `room ${i}`, participant_ids: ['bob', 'cat'] },
      });
      expect(res.status).toBe(201);
      conversations.push(res.body.id);
    }

    for (let round = 0; round < KILL_POINTS; round++) {
      const killAfter = 10 + randomInt(60);
      killPoints.push(killAfter);
      const acked = await drive(server, round, conversations, sends, reads, killAfter);
      const exit = await server.exited;
      // A server that stopped by itself failed: show why (and the kill points, to reproduce).
      expect({ killPoints, exit, output: exit.signal ? '' : server.output() }).toEqual({
        killPoints,
        exit: { code: null, signal: 'SIGKILL' },
        output: '',
      });
      // Answers already on their way when the kill landed may still arrive.
      expect(acked).toBeGreaterThanOrEqual(killAfter);

      server = await startServerProcess(data.dir);
      const unanswered = sends.filter((s) => s.id === undefined);
      retried += unanswered.length;
      await Promise.all(unanswered.map(async (s) => expect(await send(server, s)).toBe('acked')));
      await verify(server, data.dir, sends, reads);
    }

    server.child.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    process.stdout.write(
      `crash recovery: ${KILL_POINTS} SIGKILLs after ${killPoints.join(', ')} acknowledgements; ` +
        `${sends.length} messages sent (${retried} retried after a crash), ${reads.length} reads acknowledged; ` +
        `${Date.now() - started} ms\n`,
    );
  }, 120_000);
});
