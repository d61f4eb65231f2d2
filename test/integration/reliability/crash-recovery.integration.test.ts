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
import { type Read, type Send, seqOf, verifyAgainstLog } from '../../support/log-model';
import {
  assertBuilt,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
  tokenFor,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';

const USERS = ['ann', 'bob', 'cat'];
const CONVERSATIONS = 3;
const SENDERS = 6;
const KILL_POINTS = 4;

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
      await verifyAgainstLog(server, data.dir, sends, reads, USERS, tokenOf);
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
