import type { Socket } from 'node:net';
import { CLOSE } from '../../../src/realtime/close-codes';
import { Chat, type RealtimeNode, seqOf, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { type WsClient, WsClients, type WsFrame } from '../../support/ws-client';

const isMessage = (frame: WsFrame) => frame.type === 'message';
const tcpOf = (client: WsClient) => (client.socket as unknown as { _socket: Socket })._socket;

/**
 * A client that stops reading must not make the server buffer without bound: once more than about
 * 1 MB piles up for it, the server closes it with 4008 (reconnect with since), and the other
 * subscribers are unaffected.
 *
 * The kernel absorbs several MB before uWS has to buffer anything (loopback send buffers grow to
 * 4 MB here, plus the client's receive buffer): 2,000 messages of 1-2 KB (about 4 MB of frames) were
 * all absorbed by the kernel in a trial run, so the burst is 2,000 messages of 4 KB (about 9 MB).
 */
describe('a client that stops reading', () => {
  let node: RealtimeNode;
  let chat: Chat;
  const clients = new WsClients();
  const alice = tokenFor('alice');
  const N = 2000;
  const CONTENT_BYTES = 4096;

  beforeAll(async () => {
    // Messages are sent as fast as the server takes them, to fill a socket's buffer: no send limit.
    node = await startRealtimeNode({ env: { SEND_RATE_LIMIT: '0' } });
    chat = new Chat(node);
  });
  afterAll(async () => {
    await clients.closeAll();
    await node.stop();
  });

  it('is closed with 4008 while the other subscribers receive everything, and resumes with since', async () => {
    const id = await chat.createGroup(alice, ['bob', 'carol']);
    const slow = await clients.connect(node.wsUrl(`/${id}`, tokenFor('bob')));
    const fast = await clients.connect(node.wsUrl(`/${id}`, tokenFor('carol')));
    await Promise.all([slow.waitForType('connected'), fast.waitForType('connected')]);
    tcpOf(slow).pause();

    const padding = 'x'.repeat(CONTENT_BYTES);
    let next = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < N) {
          const i = next++;
          await chat.send(alice, id, `${i}:${padding}`);
          if (i % 100 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
      }),
    );

    // Everyone else got everything, once, in order.
    const received = await fast.waitForCount(isMessage, N, 60_000);
    expect(received).toHaveLength(N);
    const seqs = received.map((f) => seqOf(f.message.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(N);
    expect(fast.open).toBe(true);

    // The slow client reads again: what the kernel held, then the close frame.
    tcpOf(slow).resume();
    await slow.until(() => slow.closeInfo !== undefined, 30_000, 'the server to close the slow socket');
    expect(slow.closeInfo).toEqual({ code: CLOSE.TOO_SLOW.code, reason: CLOSE.TOO_SLOW.reason });
    const got = slow.frames.filter(isMessage);
    expect(got.length).toBeLessThan(N);
    expect(got.length).toBeGreaterThan(0);
    // What it got is a gap-free prefix of the conversation.
    expect(got.map((f) => f.message.id)).toEqual(received.slice(0, got.length).map((f) => f.message.id));
    // Sanity bound on this process (test and server share it): nowhere near N frames per slow socket.
    expect(rssPeak - rssBefore).toBeLessThan(512 * 1024 * 1024);

    // It reconnects with the last position it saw and catches up exactly.
    const last = got[got.length - 1] as WsFrame;
    const resumed = await clients.connect(node.wsUrl(`/${id}`, tokenFor('bob'), { since: last.position }));
    const rest = await resumed.waitForCount(isMessage, N - got.length, 60_000);
    expect([...got, ...rest].map((f) => f.message.id)).toEqual(received.map((f) => f.message.id));
  }, 90_000);
});
