import fc from 'fast-check';
import type { z } from 'zod';
import { ConversationEvent } from '../../../src/domain/conversation/events';
import { UserEvent } from '../../../src/domain/user/events';
import { ForwardingEventStore } from '../../../src/eventstore/forwarding-event-store';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../../src/eventstore/port';
import { CachedKeyStore } from '../../../src/privacy/cached-key-store';
import { EncryptingEventStore, MissingDataKeyError } from '../../../src/privacy/encrypting-event-store';
import { isEncryptedValue } from '../../../src/privacy/field-cipher';
import { ERASED_FILENAME, ERASED_USERNAME, PERSONAL_FIELDS } from '../../../src/privacy/personal-fields';
import { MemoryKeyStore } from '../../support/memory-key-store';

/** The few calls the decorator forwards, over an array: what the store would hold, as it holds it. */
class ArrayStore extends ForwardingEventStore {
  readonly events: RecordedEvent[] = [];
  constructor() {
    super(undefined as unknown as EventStore);
  }
  override async append(streamId: string, events: EventToAppend[]): Promise<AppendResult> {
    for (const e of events) {
      const revision = this.events.filter((r) => r.streamId === streamId).length;
      const position = String(this.events.length + 1).padStart(10, '0') as Position;
      const data = JSON.parse(JSON.stringify(e.data));
      this.events.push({ ...e, data, streamId, revision, metadata: {}, position, recordedAt: '' });
    }
    const last = this.events[this.events.length - 1] as RecordedEvent;
    return { revision: last.revision, position: last.position };
  }
  override async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId);
  }
  override async readAll(): Promise<RecordedEvent[]> {
    return [...this.events];
  }
  override subscribeToAll(options: SubscribeOptions): Subscription {
    const done = (async () => {
      for (const e of this.events) await options.onEvent(e);
    })();
    return { close: () => done };
  }
}

/** Random data for a zod object schema, walking its definition (every event schema is plain data). */
function arbitraryOf(schema: any): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 40 });
    case 'number':
      return fc.integer({ min: 0, max: 1_000_000 });
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constant(def.values[0]);
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries));
    case 'nullable':
      return fc.option(arbitraryOf(def.innerType), { nil: null });
    case 'optional':
      return fc.option(arbitraryOf(def.innerType), { nil: undefined });
    case 'array':
      return fc.array(arbitraryOf(def.element), { maxLength: 3 });
    case 'object': {
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(def.shape)) shape[k] = arbitraryOf(v);
      return fc.record(shape).map((o) => JSON.parse(JSON.stringify(o)));
    }
    default:
      throw new Error(`no arbitrary for zod type ${def.type}`);
  }
}

const everyEvent = fc.oneof(
  ...[...ConversationEvent.options, ...UserEvent.options].map((o) =>
    arbitraryOf(o as z.ZodType).filter((e) => {
      // The schemas refuse an empty owner (the key's user); the arbitrary does not know min lengths.
      const { type, data } = e as { type: string; data: Record<string, unknown> };
      const owner = PERSONAL_FIELDS[type]?.owner ?? 'user_id';
      return typeof data[owner] !== 'string' || data[owner] !== '';
    }),
  ),
) as fc.Arbitrary<{ type: string; data: Record<string, unknown> }>;

const stores = () => {
  const inner = new ArrayStore();
  const keys = new CachedKeyStore(new MemoryKeyStore());
  return { inner, keys, store: new EncryptingEventStore(inner, keys) };
};

describe('encrypting event store', () => {
  it('reads back every event type as it was appended, with personal strings encrypted at rest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(everyEvent, { minLength: 1, maxLength: 8 }), async (events) => {
        const { inner, store } = stores();
        await store.append(
          's-1',
          events.map((e, i) => ({ id: `e${i}`, type: e.type, data: e.data })),
          'any',
        );
        const back = await store.readStream('s-1');
        expect(back.map((e) => ({ type: e.type, data: e.data }))).toEqual(events);
        const viaAll = await store.readAll({ maxCount: 100 });
        expect(viaAll.map((e) => e.data)).toEqual(events.map((e) => e.data));
        for (const [i, stored] of inner.events.entries()) {
          const spec = PERSONAL_FIELDS[stored.type];
          for (const field of Object.keys(spec?.fields ?? {})) {
            const original = events[i]?.data[field];
            if (typeof original === 'string') expect(isEncryptedValue(stored.data[field])).toBe(true);
          }
          for (const [list, itemFields] of Object.entries(spec?.lists ?? {})) {
            const items = (stored.data[list] ?? []) as Record<string, unknown>[];
            for (const item of items)
              for (const field of Object.keys(itemFields)) expect(isEncryptedValue(item[field])).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  const sent = (user: string, content: string) => ({
    id: `${user}-${content}`,
    type: 'MessageSent',
    data: {
      conversation_id: 'c',
      message_id: 'c.1',
      seq: 1,
      user_id: user,
      username: `${user} name`,
      user_avatar: 'https://a/x.png',
      content,
      message_type: 'text',
      reply_to_id: null,
      client_message_id: null,
      created_at: '2026-01-01T00:00:00.000Z',
    },
  });

  it('reads an erased user’s fields as erased on every path, and leaves others alone', async () => {
    const { inner, keys, store } = stores();
    await store.append('conversation-c', [sent('ann', 'from ann'), sent('bob', 'from bob')], 'any');
    await keys.erase('ann', '2026-01-02T00:00:00.000Z');
    const read = await store.readStream('conversation-c');
    expect(read.map((e) => [e.data.content, e.data.username, e.data.user_avatar])).toEqual([
      ['', ERASED_USERNAME, null],
      ['from bob', 'bob name', 'https://a/x.png'],
    ]);
    const seen: RecordedEvent[] = [];
    await store.subscribeToAll({ onEvent: (e) => void seen.push(e) }).close();
    expect(seen.map((e) => e.data.content)).toEqual(['', 'from bob']);
    // The stored bytes stay what they were: audit exports hash them.
    expect(read[0]?.storedData).toEqual(inner.events[0]?.data);
  });

  it('encrypts the names of a message’s files and reads them as erased with their user', async () => {
    const { inner, keys, store } = stores();
    const file = {
      id: 'f1',
      name: 'ann-passport.pdf',
      size: 3,
      media_type: 'application/pdf',
      sha256: 'a'.repeat(64),
    };
    const withFile = sent('ann', 'see file');
    const event = { ...withFile, data: { ...withFile.data, message_type: 'file', attachments: [file] } };
    await store.append('conversation-c', [event], 'any');
    expect(JSON.stringify(inner.events[0]?.data)).not.toContain('ann-passport');
    expect((await store.readStream('conversation-c'))[0]?.data.attachments).toEqual([file]);
    await keys.erase('ann', '2026-01-02T00:00:00.000Z');
    expect((await store.readStream('conversation-c'))[0]?.data.attachments).toEqual([
      { ...file, name: ERASED_FILENAME },
    ]);
  });

  it('reads plaintext written before encryption as erased once its user is erased', async () => {
    const { inner, keys, store } = stores();
    await inner.append('conversation-c', [sent('ann', 'legacy'), sent('bob', 'legacy bob')]);
    expect((await store.readStream('conversation-c'))[0]?.data.content).toBe('legacy');
    await keys.erase('ann', '2026-01-02T00:00:00.000Z');
    const read = await store.readStream('conversation-c');
    expect(read.map((e) => e.data.content)).toEqual(['', 'legacy bob']);
  });

  it('gives an erased user a new key for what they write afterwards', async () => {
    const { keys, store } = stores();
    await store.append('conversation-c', [sent('ann', 'before')], 'any');
    await keys.erase('ann', '2026-01-02T00:00:00.000Z');
    await store.append('conversation-c', [sent('ann', 'after')], 'any');
    const read = await store.readStream('conversation-c');
    expect(read.map((e) => e.data.content)).toEqual(['', 'after']);
  });

  it('forgets a user’s cached keys when their erasure passes through a subscription (another node erased)', async () => {
    const inner = new ArrayStore();
    const shared = new MemoryKeyStore();
    const nodeA = new EncryptingEventStore(inner, new CachedKeyStore(shared));
    const nodeB = new EncryptingEventStore(inner, new CachedKeyStore(shared));
    await nodeA.append('conversation-c', [sent('ann', 'hello')], 'any');
    // Node B caches ann's key by reading; node A erases (the shared store loses the key).
    expect((await nodeB.readStream('conversation-c'))[0]?.data.content).toBe('hello');
    await shared.erase('ann', '2026-01-02T00:00:00.000Z');
    expect((await nodeB.readStream('conversation-c'))[0]?.data.content).toBe('hello');
    await nodeA.append(
      'user-ann',
      [
        {
          id: 'x',
          type: 'UserErased',
          data: { user_id: 'ann', erased_by: 'ann', erased_at: '2026-01-02T00:00:00.000Z' },
        },
      ],
      'any',
    );
    await nodeB.subscribeToAll({ onEvent: () => undefined }).close();
    expect((await nodeB.readStream('conversation-c'))[0]?.data.content).toBe('');
  });

  it('decrypts a new event once for all the subscriptions of a node, until an erasure passes', async () => {
    const inner = new ArrayStore();
    const keys = new MemoryKeyStore();
    const writer = new EncryptingEventStore(inner, new CachedKeyStore(keys));
    await writer.append('conversation-c', [sent('ann', 'hello')], 'any');
    const lookups = jest.spyOn(keys, 'keyById');
    const node = new EncryptingEventStore(inner, new CachedKeyStore(keys, { ttlMs: 1 }));
    const contents: unknown[] = [];
    const follow = () =>
      node
        .subscribeToAll({ onEvent: (e) => void (e.type === 'MessageSent' && contents.push(e.data.content)) })
        .close();
    await follow();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await follow();
    expect(contents).toEqual(['hello', 'hello']);
    expect(lookups).toHaveBeenCalledTimes(1);
    await keys.erase('ann', '2026-01-02T00:00:00.000Z');
    await writer.append(
      'user-ann',
      [
        {
          id: 'x',
          type: 'UserErased',
          data: { user_id: 'ann', erased_by: 'ann', erased_at: '2026-01-02T00:00:00.000Z' },
        },
      ],
      'any',
    );
    await follow();
    expect(contents).toEqual(['hello', 'hello', 'hello']);
    await follow();
    expect(contents.slice(3)).toEqual(['']);
  });

  it('asks the key store once for a page of events under one key not yet cached', async () => {
    const inner = new ArrayStore();
    const keys = new MemoryKeyStore();
    await new EncryptingEventStore(inner, new CachedKeyStore(keys)).append(
      'conversation-c',
      Array.from({ length: 20 }, (_, i) => sent('ann', `message ${i}`)).map((e, i) => ({
        ...e,
        id: `e${i}`,
      })),
      'any',
    );
    let lookups = 0;
    const lookup = keys.keyById.bind(keys);
    keys.keyById = (kid) => {
      lookups++;
      return lookup(kid);
    };
    const cold = new EncryptingEventStore(inner, new CachedKeyStore(keys));
    const read = await cold.readStream('conversation-c');
    expect(read.map((e) => e.data.content)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
    expect(lookups).toBe(1);
  });

  it('fails loudly when a key is missing for a user who was never erased (the wrong key store)', async () => {
    const { inner, store } = stores();
    await store.append('conversation-c', [sent('ann', 'hello')], 'any');
    const elsewhere = new EncryptingEventStore(inner, new CachedKeyStore(new MemoryKeyStore()));
    await expect(elsewhere.readStream('conversation-c')).rejects.toThrow(MissingDataKeyError);
  });

  it('fails loudly on a tampered value whose key exists', async () => {
    const { inner, store } = stores();
    await store.append('conversation-c', [sent('ann', 'hello')], 'any');
    const stored = inner.events[0]?.data.content as { ct: string };
    stored.ct = Buffer.from('tampered').toString('base64');
    await expect(store.readStream('conversation-c')).rejects.toThrow();
  });
});
