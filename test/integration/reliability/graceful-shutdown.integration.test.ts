/**
 * Graceful shutdown of the server process (`node dist/main.js` on the embedded stores) on SIGTERM:
 * - new connections are refused at once, on the REST port and on the WebSocket port, while requests
 *   that were running still finish (one of them is still sending its body when the signal arrives);
 * - every send either answers 201 and is in the log, or is refused without being run (503
 *   `shutting_down` on a kept-alive connection, or a connection the server never accepted) and is not
 *   in the log: the log holds exactly the acknowledged messages;
 * - open WebSockets stay open while those requests finish, then close with 1001 and a reason that
 *   says to reconnect;
 * - the process exits 0 with every projection's checkpoint at the head of the log (nothing to catch up
 *   at the next start), and after a restart the history shows every acknowledged message;
 * - a request still running at SHUTDOWN_TIMEOUT_MS is cut, nothing of it is written, and the exit code
 *   is 1.
 * The child runs the compiled server in dist/ (`npm test` builds it first).
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import { loadConfig } from '../../../src/config/config';
import { PROJECTIONS } from '../../../src/projections/catalog';
import { openReadModels } from '../../../src/stores';
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
import { WsClient } from '../../support/ws-client';

const BURST = 120;
const ann = tokenFor('ann');
const bob = tokenFor('bob');

type Outcome = { kind: 'acked'; id: string } | { kind: 'refused'; how: string };

/** One send in the burst: acknowledged with 201, or refused in one of the two clean ways. */
async function send(server: ServerProcess, key: string, conversation: string): Promise<Outcome> {
  let res: Awaited<ReturnType<ServerProcess['call']>>;
  try {
    res = await server.call('POST', '/api/v1/chat/messages', {
      token: ann,
      headers: { 'Idempotency-Key': key },
      body: { conversation_id: conversation, content: key },
    });
  } catch (error) {
    // The connection was made before the port closed but never accepted: nothing reached the server.
    if ((error as Error).message === 'fetch failed') return { kind: 'refused', how: 'connection closed' };
    throw error;
  }
  if (res.status === 201) return { kind: 'acked', id: res.body.id };
  if (
    res.status === 503 &&
    res.body?.code === 'shutting_down' &&
    res.headers.get('retry-after') === '1' &&
    res.headers.get('x-content-type-options') === 'nosniff'
  )
    return { kind: 'refused', how: '503' };
  throw new Error(`send ${key} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/**
 * A send whose body is still arriving: resolves `started` once the server has parsed its headers (it
 * answers `Expect: 100-continue`), so the request is running; `finish()` sends the rest of the body.
 */
function slowSend(server: ServerProcess, key: string, conversation: string) {
  const body = Buffer.from(JSON.stringify({ conversation_id: conversation, content: key }));
  const req = request(`${server.url}/api/v1/chat/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ann}`,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'idempotency-key': key,
      expect: '100-continue',
    },
  });
  const started = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return {
    started: started.then(() => void req.write(body.subarray(0, 10))),
    finish: () => req.end(body.subarray(10)),
    answered,
  };
}

/** Resolves with the error code of a connection attempt that must fail. */
function connectionError(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: 5000 });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`${url} accepted a new connection during shutdown`));
    });
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`${url} answered ${res.statusCode} instead of refusing the connection`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the server stopped with SIGTERM', () => {
  let data: { dir: string; remove: () => void };

  beforeAll(() => assertBuilt());
  beforeEach(() => {
    data = tempDir('chat-shutdown-');
  });
  afterEach(async () => {
    await killServerProcesses();
    data.remove();
  });

  it('refuses new connections, finishes running requests, closes sockets with 1001, flushes checkpoints and exits 0', async () => {
    // One user sends a burst of BURST + 1 messages at once, beyond the default send burst: no send limit.
    const server = await startServerProcess(data.dir, { SEND_RATE_LIMIT: '0' });
    const created = await server.call('POST', '/api/v1/chat/conversations', {
      token: ann,
      body: { conversation_type: 'group', name: 'shutdown', participant_ids: ['bob'] },
    });
    expect(created.status).toBe(201);
    const conversation: string = created.body.id;
    const sockets = [
      await WsClient.connect(`ws://127.0.0.1:${server.wsPort}/api/v1/chat/ws?token=${ann}`),
      // The seed's URL on the REST port, handed to the WebSocket server.
      await WsClient.connect(`ws://127.0.0.1:${server.port}/api/v1/chat/ws/${conversation}?token=${bob}`),
    ];
    await Promise.all(sockets.map((ws) => ws.waitForType('connected')));

    const slow = slowSend(server, 'slow', conversation);
    await slow.started;
    let ackedSoFar = 0;
    let signalled = false;
    let ackedAfterSignal = 0;
    const burst = Array.from({ length: BURST }, (_, i) =>
      send(server, `burst-${i}`, conversation).then((outcome) => {
        if (outcome.kind !== 'acked') return outcome;
        if (signalled) ackedAfterSignal++;
        // SIGTERM once a few have answered: most of the burst is running then.
        if (++ackedSoFar === 5) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
        return outcome;
      }),
    );
    await server.printed(/^SIGTERM: refusing new connections/);

    // The slow request keeps the process in its drain: it is alive, and refuses new connections.
    expect(server.child.exitCode).toBeNull();
    expect(await connectionError(`ws://127.0.0.1:${server.wsPort}/api/v1/chat/ws?token=${ann}`)).toBe(
      'ECONNREFUSED',
    );
    expect(await connectionError(`ws://127.0.0.1:${server.port}/api/v1/chat/ws?token=${ann}`)).toBe(
      'ECONNREFUSED',
    );
    expect(sockets.map((ws) => ws.open)).toEqual([true, true]);
    expect(server.child.exitCode).toBeNull();

    const finished = Date.now();
    slow.finish();
    const slowAnswer = await slow.answered;
    expect(slowAnswer).toMatchObject({ status: 201, body: { client_message_id: 'slow' } });
    const outcomes = await Promise.all(burst);
    const closes = await Promise.all(sockets.map((ws) => ws.closed));
    const exit = await server.exited;
    const exitedAfterLastAnswer = Date.now() - finished;
    expect({ exit, output: server.output() }).toEqual({
      exit: { code: 0, signal: null },
      output: expect.stringMatching(/stopped cleanly/),
    });
    for (const close of closes) {
      expect(close).toEqual({ code: 1001, reason: expect.stringMatching(/reconnect/) });
    }

    // Nothing to catch up: every projection's checkpoint is the head of the log.
    const { events, head } = await readLog(data.dir);
    const models = await openReadModels(loadConfig({ DATA_DIR: data.dir }));
    try {
      for (const projection of PROJECTIONS) {
        const generation = await models.projections.currentGeneration(projection.name);
        expect({
          projection: projection.name,
          checkpoint: await models.projections.checkpoint(projection.name, generation),
        }).toEqual({ projection: projection.name, checkpoint: head });
      }
    } finally {
      await models.close();
    }

    // Exactly the acknowledged messages are in the log; refused ones never ran.
    const acked = new Map<string, string>([['slow', slowAnswer.body.id]]);
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'acked') acked.set(`burst-${i}`, outcome.id);
    });
    const logged = new Map(
      events
        .filter((e) => e.type === 'MessageSent')
        .map((e) => [(e.data as any).client_message_id as string, (e.data as any).message_id as string]),
    );
    expect(logged).toEqual(acked);

    const restarted = await startServerProcess(data.dir);
    const history = await wholeHistory(restarted, bob, conversation);
    expect(new Map(history.map((m) => [m.client_message_id, m.id]))).toEqual(acked);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });

    const refused = outcomes.filter((o) => o.kind === 'refused');
    process.stdout.write(
      `graceful shutdown: ${acked.size} of ${BURST + 1} sends acknowledged, ${ackedAfterSignal + 1} of them ` +
        `after SIGTERM (one still sending its body at the signal); ${refused.length} refused ` +
        `(${refused.filter((o) => o.kind === 'refused' && o.how === '503').length} with 503); ` +
        `exit 0 ${exitedAfterLastAnswer} ms after the slow request was let finish\n`,
    );
  }, 60_000);

  it('cuts requests still running at SHUTDOWN_TIMEOUT_MS (one still receiving its body writes nothing) and exits 1', async () => {
    const server = await startServerProcess(data.dir, { SHUTDOWN_TIMEOUT_MS: '1000' });
    const created = await server.call('POST', '/api/v1/chat/conversations', {
      token: ann,
      body: { conversation_type: 'group', name: 'deadline', participant_ids: ['bob'] },
    });
    expect(created.status).toBe(201);
    const stuck = slowSend(server, 'stuck', created.body.id);
    await stuck.started;
    server.child.kill('SIGTERM');

    await expect(stuck.answered).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.output()).toMatch(/cutting 1 request\(s\) at the deadline/);
    const { events } = await readLog(data.dir);
    expect(events.filter((e) => e.type === 'MessageSent')).toEqual([]);
  }, 60_000);
});
