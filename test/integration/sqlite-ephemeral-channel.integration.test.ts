import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { EPHEMERAL_MAX_AGE_SECONDS, type EphemeralSignal } from '../../src/eventstore/ephemeral';
import { SqliteEphemeralChannel } from '../../src/eventstore/sqlite/sqlite-ephemeral-channel';
import { tempDir } from '../support/temp-dir';

const unexpected = (error: Error) => {
  throw new Error(`subscription failed unexpectedly: ${error.message}`);
};

/** Polls until `done()` holds; generous, because a loaded CI machine may delay timers a lot. */
async function eventually(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(10);
}

describe('SQLite ephemeral channel', () => {
  let dir: string;
  let remove: () => void;
  let file: string;
  const channels: SqliteEphemeralChannel[] = [];
  const open = () => {
    const channel = SqliteEphemeralChannel.open(file);
    channels.push(channel);
    return channel;
  };

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    file = join(dir, 'signals.db');
  });
  afterEach(async () => {
    await Promise.all(channels.splice(0).map((c) => c.close()));
    remove();
  });

  it('delivers signals published in this process at once, in order', async () => {
    const channel = open();
    const received: EphemeralSignal[] = [];
    const subscription = channel.subscribe((signal) => received.push(signal), unexpected);
    await channel.publish({ type: 'TypingStarted', data: { n: 1, text: 'héllo' } });
    await channel.publish({ type: 'TypingStopped', data: { n: 2 } });
    expect(received).toEqual([
      { type: 'TypingStarted', data: { n: 1, text: 'héllo' } },
      { type: 'TypingStopped', data: { n: 2 } },
    ]);
    await subscription.close();
    await channel.publish({ type: 'TypingStarted', data: { n: 3 } });
    await sleep(100);
    expect(received).toHaveLength(2);
  });

  it('does not deliver signals published before the subscription', async () => {
    const channel = open();
    const early: EphemeralSignal[] = [];
    channel.subscribe((signal) => early.push(signal), unexpected);
    await channel.publish({ type: 'T', data: { n: 1 } });
    const late: EphemeralSignal[] = [];
    channel.subscribe((signal) => late.push(signal), unexpected);
    await channel.publish({ type: 'T', data: { n: 2 } });
    expect(early.map((s) => s.data.n)).toEqual([1, 2]);
    expect(late.map((s) => s.data.n)).toEqual([2]);
  });

  it('does not deliver signals published while nobody listened', async () => {
    const channel = open();
    await channel.publish({ type: 'T', data: { n: 1 } });
    const received: EphemeralSignal[] = [];
    channel.subscribe((signal) => received.push(signal), unexpected);
    await sleep(100);
    expect(received).toEqual([]);
  });

  it('keeps delivering after a listener throws', async () => {
    const channel = open();
    const received: unknown[] = [];
    const failures: Error[] = [];
    channel.subscribe(
      () => {
        throw new Error('listener failed');
      },
      (error) => failures.push(error),
    );
    channel.subscribe((signal) => received.push(signal.data.n), unexpected);
    await channel.publish({ type: 'T', data: { n: 1 } });
    await channel.publish({ type: 'T', data: { n: 2 } });
    expect(received).toEqual([1, 2]);
    // The failing listener's subscription stopped, and it was told, once.
    expect(failures.map((e) => e.message)).toEqual(['listener failed']);
  });

  it('carries signals between two channels on the same file, as between two nodes', async () => {
    const nodeA = open();
    const nodeB = open();
    const atA: unknown[] = [];
    const atB: unknown[] = [];
    nodeA.subscribe((signal) => atA.push(signal.data.n), unexpected);
    nodeB.subscribe((signal) => atB.push(signal.data.n), unexpected);
    for (let n = 0; n < 20; n++) await (n % 2 === 0 ? nodeA : nodeB).publish({ type: 'T', data: { n } });
    const all = Array.from({ length: 20 }, (_, n) => n);
    await eventually(() => atA.length >= 20 && atB.length >= 20);
    expect(atA).toEqual(all);
    expect(atB).toEqual(all);
  });

  it('purges signals older than the maximum age', async () => {
    const channel = open();
    await channel.publish({ type: 'T', data: { n: 1 } });
    const count = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM signals').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    channel.purgeExpired();
    expect(count()).toBe(1);
    channel.purgeExpired(Date.now() + (EPHEMERAL_MAX_AGE_SECONDS + 1) * 1000);
    expect(count()).toBe(0);

    // A purge neither replays old signals nor loses new ones.
    const received: unknown[] = [];
    channel.subscribe((signal) => received.push(signal.data.n), unexpected);
    await channel.publish({ type: 'T', data: { n: 2 } });
    expect(received).toEqual([2]);
  });
});
