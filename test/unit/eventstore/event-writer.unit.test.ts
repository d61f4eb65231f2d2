/**
 * What the main thread does when the writer thread dies with requests unanswered. The thread is a fake
 * here: stopping a real one while it is inside SQLite aborts the whole process (better-sqlite3 cannot
 * raise an error in a terminating thread), so a real thread is never stopped that way, in tests or not.
 * The real thread, its commits and its retries are covered by sqlite-event-writer.integration.test.ts.
 */
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Position } from '../../../src/eventstore/port';
import type { ToWriter, WriteRequest } from '../../../src/eventstore/sqlite/writer-protocol';

jest.mock('../../../src/sqlite/worker-thread', () => ({ startWorkerModule: jest.fn() }));

import { EventWriter, WriterStoppedError } from '../../../src/eventstore/sqlite/event-writer';
import { startWorkerModule } from '../../../src/sqlite/worker-thread';

class FakeThread extends EventEmitter {
  readonly posted: ToWriter[] = [];
  postMessage(message: ToWriter): void {
    this.posted.push(message);
  }
  ref(): void {}
  unref(): void {}
  /** The requests of every `requests` message posted so far. */
  requests(): WriteRequest[] {
    return this.posted.flatMap((message) => ('requests' in message ? message.requests : []));
  }
  /** Commits every request posted so far, as the real thread would answer them. */
  commitAll(): void {
    const requests = this.requests();
    const replies = requests.map((r) => ({ id: r.id, appended: { revision: 0, pos: r.id } }));
    this.emit('message', { replies, messages: this.posted.filter((m) => 'requests' in m).length });
  }
  die(): void {
    this.emit('error', new Error('JavaScript heap out of memory'));
    this.emit('exit', 1);
  }
}

const started: FakeThread[] = [];
const event = { id: 'e1', type: 'T', data: {} };

beforeEach(() => {
  started.length = 0;
  jest.mocked(startWorkerModule).mockImplementation(() => {
    const thread = new FakeThread();
    started.push(thread);
    return thread as never;
  });
});

function writer(): EventWriter {
  return new EventWriter(
    'unused.db',
    (pos) => String(pos) as Position,
    () => {},
  );
}

it('rejects every posted, unanswered request with WriterStoppedError naming the cause', async () => {
  const w = writer();
  const outcomes = Promise.allSettled([w.append('a', [event], 'any'), w.append('b', [event], 'any')]);
  await nextTurn();
  const first = started[0] as FakeThread;
  expect(first.requests().map((r) => r.id)).toEqual([1, 2]);

  first.die();
  const settled = await outcomes;
  for (const outcome of settled) {
    expect(outcome.status).toBe('rejected');
    const reason = (outcome as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(WriterStoppedError);
    expect(reason.message).toMatch(
      /writer thread stopped \(JavaScript heap out of memory\).*retrying an append with the same event ids is safe/,
    );
  }
});

it('starts a new thread for the next request, which then commits as usual', async () => {
  const w = writer();
  const lost = w.append('a', [event], 'any');
  await nextTurn();
  (started[0] as FakeThread).die();
  await expect(lost).rejects.toBeInstanceOf(WriterStoppedError);

  const retried = w.append('a', [event], 'any');
  await nextTurn();
  expect(started).toHaveLength(2);
  const second = started[1] as FakeThread;
  second.commitAll();
  await expect(retried).resolves.toEqual({ revision: 0, position: '2' });
});

it('hands requests that were still queued, never posted, to the next thread instead of failing them', async () => {
  const w = writer();
  // Two messages in flight is the most the writer posts; a third request waits on this side.
  const posted = [w.append('a', [event], 'any')];
  await nextTurn();
  posted.push(w.append('b', [event], 'any'));
  await nextTurn();
  const held = w.append('c', [event], 'any');
  await nextTurn();
  const first = started[0] as FakeThread;
  expect(first.requests().map((r) => r.id)).toEqual([1, 2]);

  first.die();
  for (const request of posted) await expect(request).rejects.toBeInstanceOf(WriterStoppedError);
  await nextTurn();
  const second = started[1] as FakeThread;
  expect(second.requests().map((r) => r.id)).toEqual([3]);
  second.commitAll();
  await expect(held).resolves.toEqual({ revision: 0, position: '3' });
});
