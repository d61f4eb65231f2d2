import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { EPHEMERAL_MAX_AGE_SECONDS, type EphemeralSignal } from '../../src/eventstore/ephemeral';
import { SqliteEphemeralChannel } from '../../src/eventstore/sqlite/sqlite-ephemeral-channel';
import { ephemeralChannelContract } from '../contract/ephemeral-channel.contract';
import { tempDir } from '../support/temp-dir';

ephemeralChannelContract('embedded (SQLite)', async () => {
  const { dir, remove } = tempDir();
  const channels: SqliteEphemeralChannel[] = [];
  return {
    open: async () => {
      const channel = SqliteEphemeralChannel.open(join(dir, 'ephemeral.db'));
      channels.push(channel);
      return channel;
    },
    cleanup: async () => {
      await Promise.all(channels.map((c) => c.close()));
      remove();
    },
  };
});

const unexpected = (error: Error) => {
  throw new Error(`subscription failed unexpectedly: ${error.message}`);
};

describe('SQLite ephemeral channel, beyond the contract', () => {
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

  it('does not deliver signals published while nobody listened', async () => {
    const channel = open();
    await channel.publish({ type: 'T', data: { n: 1 } });
    const received: EphemeralSignal[] = [];
    channel.subscribe((signal) => received.push(signal), unexpected);
    await sleep(100);
    expect(received).toEqual([]);
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
