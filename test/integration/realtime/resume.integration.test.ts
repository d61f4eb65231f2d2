import fc from 'fast-check';
import { realtimeSuite, seqOf, tokenFor } from '../../support/realtime-harness';
import { sleep, type WsClient, type WsFrame } from '../../support/ws-client';

const isMessage = (frame: WsFrame) => frame.type === 'message';
const contents = (frames: WsFrame[]) => frames.filter(isMessage).map((f) => f.message.content as string);

describe('resuming a conversation socket with ?since=', () => {
  // Bursts of messages are sent as fast as the server takes them: no send limit.
  const { node, chat, clients } = realtimeSuite({ env: { SEND_RATE_LIMIT: '0' } });
  const alice = tokenFor('alice');
  const bob = tokenFor('bob');

  const connect = async (id: string, query?: Record<string, string>): Promise<WsClient> => {
    const client = await clients.connect(node.wsUrl(`/${id}`, bob, query));
    await client.waitForType('connected');
    return client;
  };

  it('replays what was missed once, in order, after the connected frame, then streams live', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const first = await connect(id);
    expect(first.frames[0]).not.toHaveProperty('recovered');
    await chat.send(alice, id, 'm1');
    const seen = await first.waitFor(isMessage);
    await first.close();

    for (const content of ['m2', 'm3', 'm4']) await chat.send(alice, id, content);
    const resumed = await connect(id, { since: seen.position });
    expect(resumed.frames[0]).toMatchObject({ type: 'connected', conversation_id: id, recovered: true });
    await resumed.waitForCount(isMessage, 3);
    await chat.send(alice, id, 'm5');
    await resumed.waitForCount(isMessage, 4);
    await sleep(300);
    expect(contents(resumed.frames)).toEqual(['m2', 'm3', 'm4', 'm5']);
    const positions = resumed.frames.filter(isMessage).map((f) => f.position as string);
    expect([...positions].sort()).toEqual(positions);
    expect(positions.every((p) => p > (seen.position as string))).toBe(true);
  });

  it('replays edits and deletions of earlier messages too', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const sent = await chat.send(alice, id, 'original');
    const first = await connect(id);
    await chat.send(alice, id, 'marker');
    const marker = await first.waitFor(isMessage);
    await first.close();
    await chat.edit(alice, sent.id, 'edited');
    await chat.remove(alice, sent.id);
    const resumed = await connect(id, { since: marker.position });
    await resumed.waitForType('message_deleted');
    expect(resumed.frames.map((f) => f.type)).toEqual(['connected', 'message_edited', 'message_deleted']);
    expect(resumed.frames[1]?.message).toMatchObject({ id: sent.id, content: 'edited' });
  });

  it("serves the seed's flow: load history, then connect with the page's X-Consistency-Token", async () => {
    const id = await chat.createGroup(alice, ['bob']);
    await chat.send(alice, id, 'before');
    const res = await node.call('GET', `/api/v1/chat/conversations/${id}/messages`, { token: bob });
    expect(res.body.map((m: { content: string }) => m.content)).toEqual(['before']);
    const token = res.headers.get('x-consistency-token');
    expect(token).toEqual(expect.any(String));
    await chat.send(alice, id, 'between');
    const client = await connect(id, { since: token as string });
    expect(client.frames[0]).toMatchObject({ recovered: true });
    await client.waitFor(isMessage);
    await chat.send(alice, id, 'after');
    await client.waitForCount(isMessage, 2);
    await sleep(200);
    expect(contents(client.frames)).toEqual(['between', 'after']);
  });

  it('replays nothing when since is the latest position', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const first = await connect(id);
    await chat.send(alice, id, 'only');
    const seen = await first.waitFor(isMessage);
    await first.close();
    const resumed = await connect(id, { since: seen.position });
    expect(resumed.frames[0]).toMatchObject({ recovered: true });
    await sleep(300);
    expect(resumed.frames.map((f) => f.type)).toEqual(['connected']);
  });

  it.each([
    ['garbage', 'not-a-position'],
    ['a position of another log', 'abcdefabcdef:0000000000000001'],
    ['a number', '42'],
  ])(
    'answers an invalid since (%s) with connected (recovered: false) then an invalid_position error',
    async (_, since) => {
      const id = await chat.createGroup(alice, ['bob']);
      const client = await connect(id, { since });
      await client.waitForType('error');
      expect(client.frames.slice(0, 2)).toEqual([
        expect.objectContaining({ type: 'connected', conversation_id: id, recovered: false }),
        expect.objectContaining({ type: 'error', code: 'invalid_position' }),
      ]);
      // The socket stays usable and live.
      await chat.send(alice, id, 'live');
      await client.waitFor(isMessage);
      expect(client.open).toBe(true);
    },
  );

  it('property: a client cut off mid-burst that resumes from its last position sees every message exactly once, in order', async () => {
    const N = 60;
    /** How many sends had completed when each run's second connection opened. */
    const sentAtReconnect: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: 6 }), async (k, batch) => {
        const id = await chat.createGroup(alice, ['bob']);
        const first = await connect(id);
        let second: WsClient | undefined;
        let sent = 0;
        const burst = (async () => {
          for (let i = 0; i < N; i += batch) {
            const contentsOfBatch = Array.from({ length: Math.min(batch, N - i) }, (_, j) => `m${i + j}`);
            await Promise.all(
              contentsOfBatch.map((content) => chat.send(alice, id, content).then(() => sent++)),
            );
          }
        })();
        try {
          await first.waitForCount(isMessage, k, 30_000);
          await first.close();
          const seenFirst = first.frames.filter(isMessage);
          const last = seenFirst[seenFirst.length - 1] as WsFrame;
          second = await clients.connect(node.wsUrl(`/${id}`, bob, { since: last.position }));
          sentAtReconnect.push(sent);
          await burst;
          await second.waitForCount(isMessage, N - seenFirst.length, 30_000);
          await sleep(100);
          const seenSecond = second.frames.filter(isMessage);
          expect(second.frames[0]).toMatchObject({ type: 'connected', recovered: true });

          const union = [...seenFirst, ...seenSecond];
          const ids = union.map((f) => f.message.id as string);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(seenSecond.map((f) => f.message.id)).size).toBe(seenSecond.length);
          expect(union.map((f) => f.message.content).sort()).toEqual(
            Array.from({ length: N }, (_, i) => `m${i}`).sort(),
          );
          const seqs = ids.map(seqOf);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          const positions = union.map((f) => f.position as string);
          expect(positions).toEqual([...positions].sort());
        } finally {
          await burst.catch(() => {});
          await first.close();
          await second?.close();
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
    // The property is only interesting if the resumes raced the burst: most runs reconnect mid-burst.
    expect(sentAtReconnect.filter((sent) => sent < N).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
