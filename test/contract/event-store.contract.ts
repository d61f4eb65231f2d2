import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  type EventStore,
  type EventToAppend,
  InvalidPositionError,
  isAfter,
  type Position,
  type RecordedEvent,
  readAllPages,
  WrongExpectedRevisionError,
} from '../../src/eventstore/port';

export interface EventStoreFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
}

const event = (n: number, type = 'Numbered'): EventToAppend => ({ id: randomUUID(), type, data: { n } });
const numbers = (events: RecordedEvent[]) => events.map((e) => e.data.n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects events of the given streams from a subscription until `count` have arrived. */
function collect(store: EventStore, streams: Set<string>, count: number, after?: Position | 'end') {
  const seen: RecordedEvent[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscription = store.subscribeToAll({
    after,
    onEvent: (e) => {
      if (!streams.has(e.streamId)) return;
      seen.push(e);
      if (seen.length >= count) done();
    },
  });
  return { seen, finished, subscription };
}

/** The behaviour every EventStore adapter must have. Streams get random names, so stores can be shared. */
export function eventStoreContract(name: string, open: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let stream: string;
    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(() => fixture.cleanup());
    beforeEach(() => {
      stream = `contract-${randomUUID()}`;
    });

    it('appends to a new stream and reads it back in both directions', async () => {
      const result = await store.append(stream, [event(1), event(2), event(3)], 'no_stream');
      expect(result.revision).toBe(2);
      const forwards = await store.readStream(stream);
      expect(numbers(forwards)).toEqual([1, 2, 3]);
      expect(forwards.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(forwards[2]?.position).toBe(result.position);
      expect(forwards[0]?.streamId).toBe(stream);
      expect(Number.isNaN(Date.parse(forwards[0]?.recordedAt ?? ''))).toBe(false);
      expect(numbers(await store.readStream(stream, { direction: 'backwards' }))).toEqual([3, 2, 1]);
    });

    it('reads a stream from a revision with a maximum count', async () => {
      await store.append(
        stream,
        [1, 2, 3, 4, 5].map((n) => event(n)),
        'no_stream',
      );
      expect(numbers(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([2, 3]);
      expect(
        numbers(await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 })),
      ).toEqual([4, 3]);
      expect(numbers(await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))).toEqual([5]);
    });

    it('returns no events for a stream that does not exist', async () => {
      expect(await store.readStream(stream)).toEqual([]);
      expect(await store.readStream(stream, { direction: 'backwards' })).toEqual([]);
    });

    it('keeps data and metadata as JSON', async () => {
      const data = { text: 'héllo 🌍', nested: { list: [1, null, true] } };
      await store.append(stream, [{ id: randomUUID(), type: 'Shaped', data, metadata: { by: 'u1' } }], 'any');
      const [read] = await store.readStream(stream);
      expect(read?.type).toBe('Shaped');
      expect(read?.data).toEqual(data);
      expect(read?.metadata).toEqual({ by: 'u1' });
    });

    it('checks the expected revision', async () => {
      await expect(store.append(stream, [event(1)], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(stream, [event(1)], 'stream_exists')).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await store.append(stream, [event(1)], 'no_stream');
      await expect(store.append(stream, [event(2)], 'no_stream')).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(store.append(stream, [event(2)], 5)).rejects.toMatchObject({ actual: 0 });
      await store.append(stream, [event(2)], 0);
      await store.append(stream, [event(3)], 'stream_exists');
      await store.append(stream, [event(4)], 'any');
      expect(numbers(await store.readStream(stream))).toEqual([1, 2, 3, 4]);
    });

    it('lets exactly one of many concurrent appends at one expected revision win', async () => {
      await store.append(stream, [event(0)], 'no_stream');
      const attempts = await Promise.allSettled(
        Array.from({ length: 25 }, (_, i) => store.append(stream, [event(i + 1)], 0)),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      const lost = attempts.filter((a) => a.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const a of lost)
        expect((a as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('serialises concurrent appenders that retry on conflict without losing any event', async () => {
      const appendWithRetry = async (n: number) => {
        for (;;) {
          const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
          try {
            return await store.append(stream, [event(n)], last ? last.revision : 'no_stream');
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, i) => appendWithRetry(i)));
      const events = await store.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(new Set(numbers(events)).size).toBe(20);
    });

    it('makes a retried append with the same event ids a no-op', async () => {
      const batch = [event(1), event(2)];
      const first = await store.append(stream, batch, 'no_stream');
      const retried = await store.append(stream, batch, 'no_stream');
      expect(retried).toEqual(first);
      await store.append(stream, [event(3)], first.revision);
      expect(await store.append(stream, batch, 'no_stream')).toEqual(first);
      expect(numbers(await store.readStream(stream))).toEqual([1, 2, 3]);
    });

    it('reads the whole log in global order, page by page after a position', async () => {
      const other = `${stream}-other`;
      await store.append(stream, [event(1)], 'any');
      await store.append(other, [event(2)], 'any');
      await store.append(stream, [event(3)], 'any');
      const mine = new Set([stream, other]);
      const seen: RecordedEvent[] = [];
      let after: Position | undefined;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 2 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.filter((e) => mine.has(e.streamId)));
        after = page[page.length - 1]?.position;
      }
      expect(numbers(seen)).toEqual([1, 2, 3]);
      const positions = seen.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
      expect(await store.headPosition()).toBe(after);
    });

    it('orders its positions in log order with comparePositions, and pages the log with readAllPages', async () => {
      const appended: Position[] = [];
      for (let n = 1; n <= 12; n++) appended.push((await store.append(stream, [event(n)], 'any')).position);
      for (let i = 1; i < appended.length; i++) {
        const [earlier, later] = [appended[i - 1] as Position, appended[i] as Position];
        expect(comparePositions(earlier, later)).toBeLessThan(0);
        expect(comparePositions(later, earlier)).toBeGreaterThan(0);
        expect(comparePositions(later, later)).toBe(0);
        expect(isAfter(later, earlier)).toBe(true);
        expect(isAfter(earlier, later)).toBe(false);
      }
      expect(isAfter(appended[0] as Position, undefined)).toBe(true);
      const paged: number[] = [];
      for await (const page of readAllPages(store, { after: appended[2], pageSize: 5 })) {
        expect(page.length).toBeLessThanOrEqual(5);
        paged.push(...numbers(page.filter((e) => e.streamId === stream)).map(Number));
      }
      expect(paged).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it('reads nothing at or before the position it is given', async () => {
      const { position } = await store.append(stream, [event(1), event(2)], 'no_stream');
      await store.append(stream, [event(3)], 1);
      const page = await store.readAll({ after: position, maxCount: 100 });
      expect(numbers(page.filter((e) => e.streamId === stream))).toEqual([3]);
    });

    it('hands a subscription over from history to live with no gap and no duplicate', async () => {
      await store.append(stream, [event(1), event(2)], 'no_stream');
      const { seen, finished, subscription } = collect(store, new Set([stream]), 5);
      await sleep(50);
      await store.append(stream, [event(3)], 1);
      await store.append(stream, [event(4), event(5)], 2);
      await finished;
      await subscription.close();
      expect(numbers(seen)).toEqual([1, 2, 3, 4, 5]);
    });

    it('misses nothing when a subscription starts during heavy concurrent appends', async () => {
      const streams = Array.from({ length: 8 }, (_, i) => `${stream}-${i}`);
      const perStream = 40;
      const writers = streams.map(async (s) => {
        for (let n = 0; n < perStream; n++) await store.append(s, [event(n)], n === 0 ? 'no_stream' : n - 1);
      });
      await sleep(5);
      const { seen, finished, subscription } = collect(store, new Set(streams), streams.length * perStream);
      await Promise.all(writers);
      await finished;
      await subscription.close();
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      for (const s of streams) {
        expect(numbers(seen.filter((e) => e.streamId === s))).toEqual(
          Array.from({ length: perStream }, (_, n) => n),
        );
      }
      const positions = seen.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
    });

    it('subscribes from a position or from the end', async () => {
      const { position } = await store.append(stream, [event(1)], 'no_stream');
      const fromPosition = collect(store, new Set([stream]), 1, position);
      const fromEnd = collect(store, new Set([stream]), 1, 'end');
      await sleep(50);
      await store.append(stream, [event(2)], 0);
      await Promise.all([fromPosition.finished, fromEnd.finished]);
      await Promise.all([fromPosition.subscription.close(), fromEnd.subscription.close()]);
      expect(numbers(fromPosition.seen)).toEqual([2]);
      expect(numbers(fromEnd.seen)).toEqual([2]);
    });

    it('delivers only the streams a filter names, and checkpoints past the rest', async () => {
      const wanted = `wanted${randomUUID().replaceAll('-', '')}-a`;
      const seen: RecordedEvent[] = [];
      const checkpoints: Position[] = [];
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      const subscription = store.subscribeToAll({
        filter: { streamPrefixes: [wanted.slice(0, -1)] },
        onEvent: (e) => {
          seen.push(e);
          if (seen.length === 2) done();
        },
        onCheckpoint: (position) => {
          checkpoints.push(position);
        },
      });
      await store.append(wanted, [event(1)], 'no_stream');
      for (let n = 0; n < 40; n++) await store.append(stream, [event(n)], n === 0 ? 'no_stream' : n - 1);
      await store.append(wanted, [event(2)], 0);
      await finished;
      await subscription.close();
      expect(seen.map((e) => [e.streamId, e.data.n])).toEqual([
        [wanted, 1],
        [wanted, 2],
      ]);
      for (const checkpoint of checkpoints) expect(store.parsePosition(checkpoint)).toBe(checkpoint);
    });

    it('returns the position of the last event it appended, alone, in a batch and on a retry', async () => {
      const lastOf = async () => (await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0];
      const single = await store.append(stream, [event(1)], 'no_stream');
      expect(single.position).toBe((await lastOf())?.position);
      const batch = [event(2), event(3), event(4)];
      const appended = await store.append(stream, batch, 0);
      expect(appended.position).toBe((await lastOf())?.position);
      expect(await store.append(stream, batch, 0)).toEqual(appended);
    });

    it('stops calling a closed subscription', async () => {
      const { seen, subscription } = collect(store, new Set([stream]), 1000);
      await subscription.close();
      await store.append(stream, [event(1)], 'no_stream');
      await sleep(100);
      expect(seen).toEqual([]);
    });

    it('reports an error thrown by a handler and stops', async () => {
      await store.append(stream, [event(1), event(2)], 'no_stream');
      const calls: number[] = [];
      const failed = new Promise<Error>((resolve) => {
        store.subscribeToAll({
          onEvent: (e) => {
            if (e.streamId !== stream) return;
            calls.push(e.data.n as number);
            throw new Error('handler failed');
          },
          onError: resolve,
        });
      });
      expect((await failed).message).toBe('handler failed');
      expect(calls).toEqual([1]);
    });

    it('hides events beyond a stream maximum count', async () => {
      await store.setStreamMetadata(stream, { maxCount: 2 });
      await store.append(stream, [event(1), event(2), event(3)], 'any');
      expect(numbers(await store.readStream(stream))).toEqual([2, 3]);
      expect(numbers(await store.readStream(stream, { direction: 'backwards' }))).toEqual([3, 2]);
    });

    it('hides events older than a stream maximum age', async () => {
      await store.setStreamMetadata(stream, { maxAgeSeconds: 1 });
      await store.append(stream, [event(1)], 'any');
      expect(numbers(await store.readStream(stream))).toEqual([1]);
      await sleep(2100);
      await store.append(stream, [event(2)], 'any');
      expect(numbers(await store.readStream(stream))).toEqual([2]);
    });

    it('tells how far through the log a position is', async () => {
      const first = await store.append(stream, [event(1)], 'no_stream');
      const last = await store.append(stream, [event(2)], 0);
      const head = (await store.headPosition()) as Position;
      expect(store.fractionOf(last.position, head)).toBe(1);
      const fraction = store.fractionOf(first.position, head);
      expect(fraction).toBeGreaterThan(0);
      expect(fraction).toBeLessThanOrEqual(1);
    });

    it('parses the positions it hands out and refuses anything else', async () => {
      const { position } = await store.append(stream, [event(1)], 'no_stream');
      expect(store.parsePosition(position)).toBe(position);
      for (const bad of [
        '',
        'abc',
        '12',
        `${position}0`,
        position.replace(/^./, position[0] === 'f' ? 'e' : 'f'),
      ]) {
        expect(() => store.parsePosition(bad)).toThrow(InvalidPositionError);
      }
    });
  });
}
