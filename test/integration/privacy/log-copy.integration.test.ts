import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, EventToAppend, JsonObject } from '../../../src/eventstore/port';
import { RecordedTimes } from '../../../src/eventstore/sqlite/recorded-times';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { CachedKeyStore } from '../../../src/privacy/cached-key-store';
import { EncryptingEventStore } from '../../../src/privacy/encrypting-event-store';
import { type CopyCounts, copyLog, RevisionGapError } from '../../../src/privacy/migration/copy-log';
import { OrderedAppends } from '../../../src/privacy/migration/ordered-appends';
import { type LogUnderKeys, verifyCopy } from '../../../src/privacy/migration/verify-copy';
import { SqliteKeyStore } from '../../../src/privacy/sqlite/sqlite-key-store';
import { tempDir } from '../../support/temp-dir';

/**
 * The copy and the verification of `privacy encrypt-log` on the embedded log, without the CLI: what is
 * copied and how, what cannot be, and that the verification finds a value left in clear or changed.
 */
const T = '2030-01-01T00:00:00.000Z';

function message(userId: string, seq: number, content: string): EventToAppend {
  return {
    id: randomUUID(),
    type: 'MessageSent',
    data: {
      conversation_id: 'c1',
      message_id: `c1.${seq}`,
      seq,
      user_id: userId,
      username: `Name of ${userId}`,
      user_avatar: null,
      content,
      message_type: 'text',
      reply_to_id: null,
      client_message_id: null,
      created_at: T,
    },
    metadata: { correlation_id: `corr-${seq}` },
  };
}

type OpenLog = LogUnderKeys & { keys: CachedKeyStore; close(): Promise<void> };

function openLog(dir: string): OpenLog {
  const raw = SqliteEventStore.open(join(dir, 'events.db'));
  const keys = new CachedKeyStore(SqliteKeyStore.open(join(dir, 'keys.db')));
  return {
    raw,
    keys,
    encrypting: new EncryptingEventStore(raw, keys),
    close: async () => {
      await raw.close();
      await keys.close();
    },
  };
}

describe('copying a log into a new one with its personal fields encrypted', () => {
  const dirs = tempDir('chat-log-copy-');
  let source: OpenLog;
  let target: OpenLog;
  let counts: CopyCounts;

  beforeAll(async () => {
    source = openLog(join(dirs.dir, 'old'));
    const plain = new EncryptingEventStore(source.raw, source.keys, false);
    // In clear: bob's message, then one encrypted, then ann's, whose user is erased afterwards.
    await plain.append('conversation-c1', [message('bob', 1, 'bob in clear')], 'no_stream');
    await source.encrypting.append('conversation-c1', [message('bob', 2, 'bob encrypted')], 0);
    await plain.append('conversation-c1', [message('ann', 3, 'ann in clear')], 1);
    await source.encrypting.append('conversation-c1', [message('ann', 4, 'ann encrypted')], 2);
    await source.raw.append(
      'snapshot-conversation-c1',
      [{ id: randomUUID(), type: 'Snapshot', data: {} }],
      'any',
    );
    await plain.append(
      'user-ann',
      [{ id: randomUUID(), type: 'UserErased', data: { user_id: 'ann' } }],
      'any',
    );
    await source.keys.erase('ann', T);
    // The new key store starts as a copy of the old one, erasures included, as the CLI makes it.
    mkdirSync(join(dirs.dir, 'new'));
    const keys = new Database(join(dirs.dir, 'old', 'keys.db'), { readonly: true });
    keys.prepare('VACUUM INTO ?').run(join(dirs.dir, 'new', 'keys.db'));
    keys.close();
    target = openLog(join(dirs.dir, 'new'));
    // Recorded times carried over as the CLI does: without them the verification fails.
    const times = RecordedTimes.open(join(dirs.dir, 'new', 'events.db'));
    counts = await copyLog(source.raw, target, (copied) =>
      times.set(copied.map((event) => [event.id, event.recordedAt] as const)),
    );
    times.close();
  });

  afterAll(async () => {
    await source.close();
    await target.close();
    dirs.remove();
  });

  it('counts what it encrypted, found encrypted and erased, and leaves snapshots behind', () => {
    expect(counts).toEqual({
      events: 5,
      snapshotsSkipped: 1,
      // bob's name and content in clear
      fieldsEncrypted: 2,
      // bob's and ann's encrypted name and content
      alreadyEncrypted: 4,
      // ann's name and content in clear
      erased: 2,
    });
  });

  it('verifies: the same events as readers see them, nothing personal in clear', async () => {
    expect(await verifyCopy(source, target)).toEqual({ compared: 5, problems: [] });
    const stored = await target.raw.readAll({ maxCount: 10 });
    expect(JSON.stringify(stored)).not.toMatch(/bob in clear|ann in clear|Name of/);
    const ann = stored.find((e) => e.data.seq === 3);
    expect(ann?.data).toMatchObject({ username: 'Deleted user', content: '', user_avatar: null });
  });

  it('makes no data key for the erased user', async () => {
    const db = new Database(join(dirs.dir, 'new', 'keys.db'), { readonly: true });
    const users = db.prepare('SELECT user_id FROM data_keys ORDER BY user_id').all();
    db.close();
    expect(users).toEqual([{ user_id: 'bob' }]);
  });

  it('reports a value stored in clear, and a value changed', async () => {
    const first = (await target.raw.readAll({ maxCount: 1 }))[0];
    const data = { ...(first?.data as JsonObject), content: 'bob in clear' };
    const db = new Database(join(dirs.dir, 'new', 'events.db'));
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify(data), first?.id);
    const verified = await verifyCopy(source, target);
    expect(verified.problems).toEqual([
      `event ${first?.id} (MessageSent): personal field content is stored in clear`,
    ]);
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(
      JSON.stringify({ ...data, content: 'something else' }),
      first?.id,
    );
    db.close();
    expect((await verifyCopy(source, target)).problems).toEqual([
      `event ${first?.id}: data differs`,
      `event ${first?.id} (MessageSent): personal field content is stored in clear`,
    ]);
  });
});

describe('a log the port cannot copy revision for revision', () => {
  const dirs = tempDir('chat-log-gap-');
  afterAll(() => dirs.remove());

  it('fails on a stream whose first events were purged by a stream limit', async () => {
    const source = openLog(join(dirs.dir, 'old'));
    const target = openLog(join(dirs.dir, 'new'));
    try {
      await source.raw.setStreamMetadata('limited-1', { maxCount: 1 });
      for (const expected of ['no_stream', 0] as const) {
        await source.raw.append('limited-1', [{ id: randomUUID(), type: 'Noted', data: {} }], expected);
      }
      await (source.raw as SqliteEventStore).purgeExpired();
      await expect(copyLog(source.raw, target)).rejects.toThrow(RevisionGapError);
    } finally {
      await source.close();
      await target.close();
    }
  });
});

describe('OrderedAppends', () => {
  it('hands appends to the store in the announced order, whatever order they arrive in', async () => {
    const seen: string[] = [];
    const store = {
      append: async (streamId: string) => {
        seen.push(streamId);
        return { revision: 0, position: '' };
      },
    } as unknown as EventStore;
    const ordered = new OrderedAppends(store);
    for (const id of ['a', 'b', 'c']) ordered.announce(id);
    const event = (id: string) => [{ id, type: 'T', data: {} }];
    const appends = [ordered.append('c', event('c'), 'any'), ordered.append('b', event('b'), 'any')];
    expect(seen).toEqual([]);
    appends.push(ordered.append('a', event('a'), 'any'));
    await Promise.all(appends);
    expect(seen).toEqual(['a', 'b', 'c']);
    await expect(ordered.append('x', event('x'), 'any')).rejects.toThrow(/not announced/);
  });
});
