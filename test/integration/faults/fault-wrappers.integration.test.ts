import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EphemeralSignal } from '../../../src/eventstore/ephemeral';
import type { EventToAppend, RecordedEvent } from '../../../src/eventstore/port';
import { SqliteEphemeralChannel } from '../../../src/eventstore/sqlite/sqlite-ephemeral-channel';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { historyProjection } from '../../../src/projections/history';
import type { ReadModelStore } from '../../../src/readmodels/port';
import { openSqliteReadModels } from '../../../src/readmodels/sqlite/sqlite-read-model-store';
import {
  FaultPlan,
  FaultyEphemeralChannel,
  FaultyEventStore,
  FaultyProjectionStore,
  FaultyReadModels,
  InjectedFaultError,
} from '../../support/faults';
import { tempDir } from '../../support/temp-dir';

const event = (n: number): EventToAppend => ({ id: randomUUID(), type: 'Numbered', data: { n } });

/** Polls until `done()` holds; generous, because a loaded machine may delay timers a lot. */
async function eventually(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

/** Whether the promise is still pending after the event loop has had a chance to settle it. */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    sleep(50, marker),
  ]);
  return winner === marker;
}

let dir: string;
let remove: () => void;
let log: SqliteEventStore;
let readModels: ReadModelStore;
let signals: SqliteEphemeralChannel;
let plan: FaultPlan;

beforeEach(async () => {
  ({ dir, remove } = tempDir('chat-faults-'));
  log = SqliteEventStore.open(join(dir, 'events.db'));
  readModels = await openSqliteReadModels(join(dir, 'readmodels.db'));
  signals = SqliteEphemeralChannel.open(join(dir, 'ephemeral.db'));
  plan = new FaultPlan();
});

afterEach(async () => {
  plan.releaseAll();
  await signals.close();
  await readModels.close();
  await log.close();
  remove();
});

describe('FaultyEventStore', () => {
  it('forwards every call to the real store while the plan is empty', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    const written = await store.append(stream, [event(1), event(2)], 'no_stream');
    expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([1, 2]);
    expect((await log.readStream(stream)).map((e) => e.id)).toEqual(
      (await store.readStream(stream)).map((e) => e.id),
    );
    expect(await store.headPosition()).toBe(written.position);
    expect((await store.readAll({ maxCount: 10 })).map((e) => e.data.n)).toEqual([1, 2]);
    expect(store.parsePosition(written.position)).toBe(written.position);
    expect(plan.total).toBe(0);
  });

  it('fails exactly the scripted calls, before they reach the store, with a transient store error', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    plan.failNext('append', 2);
    const first = store.append(stream, [event(1)], 'any');
    await expect(first).rejects.toBeInstanceOf(InjectedFaultError);
    await expect(first).rejects.toMatchObject({
      name: 'InjectedFaultError',
      code: 'SQLITE_BUSY',
      message: 'injected fault: eventStore.append failed (SQLITE_BUSY)',
    });
    await expect(store.append(stream, [event(2)], 'any')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await store.append(stream, [event(3)], 'any');
    // Reads were never scripted, and the refused appends wrote nothing.
    expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([3]);
    expect(plan.injected).toEqual({ 'eventStore.append': 2 });
    expect(plan.history).toEqual([
      { port: 'eventStore', op: 'append', kind: 'fail' },
      { port: 'eventStore', op: 'append', kind: 'fail' },
    ]);
  });

  it('can write and then lose the acknowledgement, and make errors of another shape', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    const unreachable = Object.assign(new Error('connection reset (injected)'), { code: 'ECONNRESET' });
    plan.failAfterNext('append', 1, () => unreachable);
    const events = [event(1)];
    await expect(store.append(stream, events, 'no_stream')).rejects.toBe(unreachable);
    expect((await log.readStream(stream)).map((e) => e.data.n)).toEqual([1]);
    // The retry of the same events at the same expected revision is the store's idempotent no-op.
    await store.append(stream, events, 'no_stream');
    expect(await log.readStream(stream)).toHaveLength(1);
  });

  it('holds a hung call until it is released, then lets it through', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    const release = plan.hangNext('append');
    const hung = store.append(stream, [event(1)], 'no_stream');
    await plan.whenHeld('append');
    expect(plan.held('append')).toBe(1);
    expect(await isPending(hung)).toBe(true);
    expect(await log.readStream(stream)).toEqual([]);
    // Other operations are not held meanwhile.
    expect(await store.readStream(stream)).toEqual([]);
    release();
    expect((await hung).revision).toBe(0);
    expect(plan.held()).toBe(0);
    expect((await log.readStream(stream)).map((e) => e.data.n)).toEqual([1]);
  });

  it('delays a call by at least the scripted time, then forwards it', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    plan.delayNext('append', 200);
    const started = performance.now();
    const appending = store.append(stream, [event(1)], 'no_stream');
    // Not forwarded yet: the store has not seen it.
    expect(await log.readStream(stream)).toEqual([]);
    await appending;
    // A timer never fires early by more than its millisecond rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);
    expect((await log.readStream(stream)).map((e) => e.data.n)).toEqual([1]);
    expect(plan.history).toEqual([{ port: 'eventStore', op: 'append', kind: 'delay' }]);
  });

  it('holds every call while the whole plan is paused, and only the named ones otherwise', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    plan.pause();
    const appending = store.append(stream, [event(1)], 'no_stream');
    const reading = store.readAll({ maxCount: 10 });
    await eventually(() => plan.held() === 2);
    expect(plan.held('append')).toBe(1);
    // Resuming another operation does not end a pause of all of them.
    plan.resume('readAll');
    expect(await isPending(reading)).toBe(true);
    plan.resume();
    await appending;
    expect(Array.isArray(await reading)).toBe(true);
    plan.pause('readStream');
    await store.append(stream, [event(2)], 0);
    const held = store.readStream(stream);
    await plan.whenHeld('readStream');
    plan.resume('readStream');
    expect((await held).map((e) => e.data.n)).toEqual([1, 2]);
    expect(plan.history.map((f) => `${f.op}:${f.kind}`)).toEqual([
      'append:pause',
      'readAll:pause',
      'readStream:pause',
    ]);
  });

  it('drops a running subscription like a lost connection: onError once, nothing after, resumable', async () => {
    const store = new FaultyEventStore(log, plan);
    const stream = `s-${randomUUID()}`;
    await log.append(stream, [event(1), event(2)], 'no_stream');
    const seen: RecordedEvent[] = [];
    const errors: Error[] = [];
    const subscription = store.subscribeToAll({
      onEvent: (e) => {
        seen.push(e);
      },
      onError: (error) => errors.push(error),
    });
    await eventually(() => seen.length === 2);
    expect(plan.liveSubscriptions('subscribeToAll')).toBe(1);
    expect(plan.drop('subscribeToAll')).toBe(1);
    await eventually(() => errors.length === 1);
    expect(errors[0]).toMatchObject({
      code: 'SQLITE_BUSY',
      message: 'injected fault: eventStore.subscribeToAll dropped (SQLITE_BUSY)',
    });
    await log.append(stream, [event(3)], 1);
    await sleep(50);
    expect(seen.map((e) => e.data.n)).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect(plan.liveSubscriptions()).toBe(0);
    await subscription.close();

    // The consumer resubscribes from the last position it handled and misses nothing.
    const resumed = store.subscribeToAll({ after: seen[1]?.position, onEvent: (e) => void seen.push(e) });
    await eventually(() => seen.length === 3);
    expect(seen.map((e) => e.data.n)).toEqual([1, 2, 3]);
    await resumed.close();
  });

  it('fails a subscription at its start when scripted, and never opens it', async () => {
    const store = new FaultyEventStore(log, plan);
    await log.append(`s-${randomUUID()}`, [event(1)], 'no_stream');
    plan.failNext('subscribeToAll');
    const seen: RecordedEvent[] = [];
    const errors: Error[] = [];
    const subscription = store.subscribeToAll({
      onEvent: (e) => void seen.push(e),
      onError: (e) => errors.push(e),
    });
    await eventually(() => errors.length === 1);
    await sleep(50);
    expect(seen).toEqual([]);
    expect(errors[0]?.message).toBe('injected fault: eventStore.subscribeToAll failed (SQLITE_BUSY)');
    await subscription.close();
  });

  it('waits for the delivery in progress before reporting a drop', async () => {
    const store = new FaultyEventStore(log, plan);
    await log.append(`s-${randomUUID()}`, [event(1)], 'no_stream');
    const order: string[] = [];
    let finish: () => void = () => {};
    const subscription = store.subscribeToAll({
      onEvent: async () => {
        order.push('event started');
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        order.push('event finished');
      },
      onError: () => order.push('error'),
    });
    await eventually(() => order.length === 1);
    plan.drop();
    await sleep(20);
    expect(order).toEqual(['event started']);
    finish();
    await eventually(() => order.length === 3);
    expect(order).toEqual(['event started', 'event finished', 'error']);
    await subscription.close();
  });
});

describe('FaultyProjectionStore and FaultyReadModels', () => {
  /** The history projection's change for one sent message. */
  const message = (conversation: string, seq: number) => {
    const [change] = historyProjection.project({
      streamId: `conversation-${conversation}`,
      type: 'MessageSent',
      data: {
        conversation_id: conversation,
        message_id: `${conversation}.${seq}`,
        seq,
        user_id: 'alice',
        username: 'Alice',
        user_avatar: null,
        content: `m${seq}`,
        message_type: 'text',
        reply_to_id: null,
        client_message_id: null,
        created_at: '2026-01-01T00:00:00.000Z',
      },
    });
    if (!change) throw new Error('a sent message changes history');
    return change;
  };

  it('fails apply as scripted without writing anything, then forwards the retry', async () => {
    const projections = new FaultyProjectionStore(readModels.projections, plan);
    const queries = new FaultyReadModels(readModels.readModels, plan);
    const conversation = `c${randomUUID().slice(0, 8)}`;
    const generation = await projections.currentGeneration(historyProjection.name);
    const position = `abcdefabcdef:${'1'.padStart(16, '0')}`;
    const changes = [{ change: message(conversation, 1), position }];
    plan.failNext('apply');
    await expect(projections.apply('history', generation, changes, position)).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    expect(await readModels.projections.checkpoint('history', generation)).toBeUndefined();
    expect((await queries.messages(conversation, { limit: 10 })).messages).toEqual([]);
    await projections.apply('history', generation, changes, position);
    expect(await projections.checkpoint('history', generation)).toBe(position);
    expect((await queries.messages(conversation, { limit: 10 })).messages.map((m) => m.content)).toEqual([
      'm1',
    ]);

    plan.failNext('messages');
    await expect(queries.messages(conversation, { limit: 10 })).rejects.toMatchObject({
      message: 'injected fault: readModels.messages failed (SQLITE_BUSY)',
    });
    expect(plan.injected).toEqual({ 'projectionStore.apply': 1, 'readModels.messages': 1 });
  });

  it('holds every apply while paused and lets them through on resume', async () => {
    const projections = new FaultyProjectionStore(readModels.projections, plan);
    const generation = await projections.currentGeneration('history');
    const conversation = `c${randomUUID().slice(0, 8)}`;
    const position = `abcdefabcdef:${'2'.padStart(16, '0')}`;
    plan.pause('apply');
    const applying = projections.apply(
      'history',
      generation,
      [{ change: message(conversation, 1), position }],
      position,
    );
    await plan.whenHeld('apply');
    // Leases are not paused.
    expect(await projections.claimLease('history', 'node-a', 1000)).toBe(true);
    expect(await projections.leaseHolder('history')).toBe('node-a');
    expect(await isPending(applying)).toBe(true);
    expect(await readModels.projections.checkpoint('history', generation)).toBeUndefined();
    plan.resume();
    await applying;
    expect(await readModels.projections.checkpoint('history', generation)).toBe(position);
    expect(plan.history).toEqual([{ port: 'projectionStore', op: 'apply', kind: 'pause' }]);
  });
});

describe('FaultyEphemeralChannel', () => {
  it('forwards signals, fails scripted publishes, and drops subscriptions with onError once', async () => {
    const channel = new FaultyEphemeralChannel(signals, plan);
    const received: EphemeralSignal[] = [];
    const errors: Error[] = [];
    const subscription = channel.subscribe(
      (signal) => received.push(signal),
      (error) => errors.push(error),
    );
    await channel.publish({ type: 'T', data: { n: 1 } });
    plan.failNext('publish');
    await expect(channel.publish({ type: 'T', data: { n: 2 } })).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    await channel.publish({ type: 'T', data: { n: 3 } });
    await eventually(() => received.length === 2);
    expect(received.map((s) => s.data.n)).toEqual([1, 3]);

    expect(plan.drop('subscribe')).toBe(1);
    await eventually(() => errors.length === 1);
    expect(errors[0]?.message).toBe('injected fault: ephemeralChannel.subscribe dropped (SQLITE_BUSY)');
    await channel.publish({ type: 'T', data: { n: 4 } });
    await sleep(60);
    expect(received.map((s) => s.data.n)).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    await subscription.close();
  });

  it('passes a failure of the real subscription on once, as its own', async () => {
    const channel = new FaultyEphemeralChannel(signals, plan);
    const errors: Error[] = [];
    channel.subscribe(
      () => {
        throw new Error('listener failed');
      },
      (error) => errors.push(error),
    );
    await channel.publish({ type: 'T', data: { n: 1 } });
    await channel.publish({ type: 'T', data: { n: 2 } });
    await eventually(() => errors.length === 1);
    await sleep(30);
    expect(errors.map((e) => e.message)).toEqual(['listener failed']);
    expect(plan.liveSubscriptions()).toBe(0);
  });
});

describe('random fault plans', () => {
  /** Runs the same sequence of calls under a random plan and reports what was injected, per call. */
  async function runUnder(seed: number): Promise<string[]> {
    const random = new FaultPlan().random({
      seed,
      rate: 0.3,
      ops: ['append', 'readStream'],
      kinds: ['fail', 'failAfter', 'delay'],
      maxDelayMs: 3,
    });
    const store = new FaultyEventStore(log, random);
    const outcomes: string[] = [];
    const stream = `s-${randomUUID()}`;
    for (let i = 0; i < 40; i++) {
      const call = i % 2 === 0 ? store.append(stream, [event(i)], 'any') : store.readStream(stream);
      const before = random.total;
      outcomes.push(
        await call.then(
          () => `${i}:ok${random.total > before ? `:${random.history[before]?.kind}` : ''}`,
          (error: InjectedFaultError) => `${i}:${error.op}:${random.history[before]?.kind}`,
        ),
      );
    }
    // Heads are never in the plan's ops.
    await store.headPosition();
    expect(random.history.every((f) => f.op === 'append' || f.op === 'readStream')).toBe(true);
    return outcomes;
  }

  it('inject the same faults at the same calls for the same seed, and others for another seed', async () => {
    const first = await runUnder(42);
    const again = await runUnder(42);
    const other = await runUnder(43);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const faulted = first.filter((o) => !o.endsWith(':ok'));
    expect(faulted.length).toBeGreaterThan(0);
    expect(faulted.length).toBeLessThan(first.length);
  });

  it('stop after `max` faults and drop subscriptions at random deliveries', async () => {
    const random = new FaultPlan().random({
      seed: 1,
      rate: 1,
      ops: ['subscribeToAll'],
      kinds: ['drop'],
      max: 1,
    });
    const store = new FaultyEventStore(log, random);
    await log.append(`s-${randomUUID()}`, [event(1), event(2)], 'no_stream');
    const errors: Error[] = [];
    const seen: RecordedEvent[] = [];
    const dropped = store.subscribeToAll({
      onEvent: (e) => void seen.push(e),
      onError: (e) => errors.push(e),
    });
    await eventually(() => errors.length === 1);
    // Dropped at the first delivery: nothing was delivered.
    expect(seen).toEqual([]);
    await dropped.close();
    const kept = store.subscribeToAll({ onEvent: (e) => void seen.push(e), onError: (e) => errors.push(e) });
    await eventually(() => seen.length === 2);
    expect(errors).toHaveLength(1);
    expect(random.injected).toEqual({ 'eventStore.subscribeToAll': 1 });
    await kept.close();
  });

  it('hang a call until released by releaseAll', async () => {
    const random = new FaultPlan().random({
      seed: 3,
      rate: 1,
      ops: ['append'],
      kinds: ['hang'],
      hangMs: 60_000,
    });
    const store = new FaultyEventStore(log, random);
    const hung = store.append(`s-${randomUUID()}`, [event(1)], 'no_stream');
    await random.whenHeld('append');
    expect(await isPending(hung)).toBe(true);
    random.releaseAll();
    expect((await hung).revision).toBe(0);
  });
});
