import fc from 'fast-check';
import { MAX_FRAME_BYTES } from '../../../src/realtime/realtime-server';
import { logHead } from '../../support/event-log-head';
import { hostileKeys } from '../../support/hostile-values';
import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import type { WsClient, WsFrame } from '../../support/ws-client';

/**
 * Hostile WebSocket frames: wrong types, unknown types, prototype keys, deep nesting, binary frames,
 * invalid UTF-8, oversized frames. A frame the server cannot use gets an `error` frame naming the
 * problem, or (oversized, invalid UTF-8 text) the documented close; the log never moves, and the
 * server keeps serving the socket's neighbours.
 */

/** Frames a server may send in answer to anything a client sends on this fixture. */
const ANSWERS = new Set(['error', 'pong', 'typing', 'presence']);

const { node, chat, clients } = realtimeSuite({
  env: { SEND_RATE_LIMIT: '0', TYPING_RATE_LIMIT: '0', CONVERSATIONS_PER_MINUTE: '0' },
});
let conversationId: string;
const bob = tokenFor('bob');

beforeAll(async () => {
  conversationId = await chat.createGroup(tokenFor('alice'), ['bob', 'carol']);
});

async function connected(token = bob, port: 'ws' | 'rest' = 'ws'): Promise<WsClient> {
  const url =
    port === 'ws' ? node.wsUrl(`/${conversationId}`, token) : node.restWsUrl(`/${conversationId}`, token);
  const client = await clients.connect(url);
  await client.waitForType('connected');
  return client;
}

/**
 * Sends `data`, then a ping, and resolves with what arrived before the first pong. A socket's frames
 * are handled in order, so everything the server answers to `data` at once comes before that pong
 * (the pong itself is the answer when `data` was a ping).
 */
async function answersTo(client: WsClient, data: string | Buffer, binary = false): Promise<WsFrame[]> {
  const from = client.frames.length;
  client.socket.send(data, { binary });
  client.send({ type: 'ping' });
  const pong = await client.waitForType('pong', 10_000, from);
  return client.frames.slice(from, client.frames.indexOf(pong, from));
}

function expectErrorFrames(frames: WsFrame[]) {
  for (const frame of frames) {
    expect(ANSWERS.has(frame.type)).toBe(true);
    if (frame.type === 'error') {
      expect(frame).toMatchObject({ code: expect.any(String), detail: expect.any(String) });
      expect(frame.detail.length).toBeGreaterThan(0);
    }
  }
}

describe('frames of the wrong shape', () => {
  it.each([
    ['{"type":"typing","is_typing":"yes"}', 'frame.is_typing:'],
    ['{"type":"typing","is_typing":true,"conversation_id":{"a":1}}', 'frame.conversation_id:'],
    ['{"type":"auth","token":5}', 'frame.token:'],
    [`{"type":"auth","token":"${'x'.repeat(9000)}"}`, 'frame.token:'],
    ['{"type":"subscribe"}', 'frame.type:'],
    ['{"__proto__":{"type":"ping"}}', 'frame.type:'],
    ['[1,2,3]', 'frame:'],
    ['null', 'frame:'],
    ['{"type":', 'not JSON'],
  ])('%s gets an invalid_frame error naming %s, and the socket stays open', async (text, named) => {
    const client = await connected();
    const frames = await answersTo(client, text);
    const errors = frames.filter((f) => f.type === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid_frame' })]);
    expect(errors[0]?.detail).toContain(named);
    expect(client.open).toBe(true);
  });
});

describe('arbitrary frames', () => {
  it('never close the socket, never write to the log, and are answered by an error frame or not at all', async () => {
    const client = await connected();
    const frame = fc.oneof(
      fc.json({ maxDepth: 6 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .tuple(hostileKeys, fc.jsonValue({ maxDepth: 3 }))
        .map(
          ([key, value]) =>
            `{"type":"typing","is_typing":true,${JSON.stringify(key)}:${JSON.stringify(value)}}`,
        ),
      fc.integer({ min: 100, max: 4000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
      fc
        .record(
          {
            type: fc.constantFrom('ping', 'typing', 'auth', 'message', '__proto__', ''),
            is_typing: fc.jsonValue({ maxDepth: 1 }),
            conversation_id: fc.oneof(fc.constant(conversationId), fc.jsonValue({ maxDepth: 1 })),
            token: fc.jsonValue({ maxDepth: 1 }),
          },
          { requiredKeys: ['type'] },
        )
        .map((value) => JSON.stringify(value)),
    );
    const before = logHead(node.dataDir);
    await fc.assert(
      fc.asyncProperty(frame, fc.boolean(), async (text, binary) => {
        const frames = await answersTo(client, binary ? Buffer.from(text) : text, binary);
        expectErrorFrames(frames);
        expect(client.open).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(logHead(node.dataDir)).toEqual(before);
    expect((await node.call('GET', '/health')).status).toBe(200);
  });

  it('binary frames are read as UTF-8 JSON; bytes that are not UTF-8 get an error frame', async () => {
    const client = await connected();
    expect(
      (await answersTo(client, Buffer.from('{"type":"ping"}'), true)).filter((f) => f.type === 'error'),
    ).toEqual([]);
    const garbage = await answersTo(client, Buffer.from([0xff, 0xfe, 0x00, 0x7b]), true);
    expect(garbage).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_frame' })]);
  });
});

describe('frames the server will not read', () => {
  it.each([
    [
      'an oversized frame',
      () => Buffer.from(JSON.stringify({ type: 'ping', pad: 'x'.repeat(MAX_FRAME_BYTES + 1) })),
      [1006, 1009],
    ],
    ['a text frame that is not UTF-8', () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), [1006, 1007]],
  ] as const)(
    '%s closes that socket only; its neighbours, on both ports, keep working',
    async (_, data, codes) => {
      for (const port of ['ws', 'rest'] as const) {
        const offender = await connected(bob, port);
        const neighbour = await connected(tokenFor('carol'), port);
        offender.socket.send(data(), { binary: false });
        const closed = await offender.closed;
        expect(codes).toContain(closed.code);
        const from = neighbour.frames.length;
        await chat.send(tokenFor('alice'), conversationId, `still here via ${port}`);
        await neighbour.waitFor(
          (f) => f.type === 'message' && f.message.content === `still here via ${port}`,
          10_000,
          from,
        );
        expect(neighbour.open).toBe(true);
        // And the offender may come back.
        const again = await connected(bob, port);
        expect((await answersTo(again, '{"type":"ping"}')).filter((f) => f.type === 'error')).toEqual([]);
      }
      expect((await node.call('GET', '/health')).status).toBe(200);
    },
  );
});
