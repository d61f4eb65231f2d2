/**
 * What encrypting personal fields costs per event, on this machine: a MessageSent appended and read
 * back through the privacy decorator, against the same through a pass-through store (both over an
 * in-memory array, so only the decorator's work differs). Keys come from the in-memory cache, as on a
 * warm node. Run: `npm run build:bench && node dist-bench/bench/privacy-cost.js [events]`.
 */
import { performance } from 'node:perf_hooks';
import { ForwardingEventStore } from '../src/eventstore/forwarding-event-store';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  RecordedEvent,
} from '../src/eventstore/port';
import { CachedKeyStore } from '../src/privacy/cached-key-store';
import { EncryptingEventStore } from '../src/privacy/encrypting-event-store';
import { newDataKey } from '../src/privacy/field-cipher';
import type { DataKey, KeyStore } from '../src/privacy/key-store';

class ArrayStore extends ForwardingEventStore {
  private readonly events: RecordedEvent[] = [];
  constructor() {
    super(undefined as unknown as EventStore);
  }
  override async append(streamId: string, events: EventToAppend[]): Promise<AppendResult> {
    for (const e of events) {
      const position = String(this.events.length + 1).padStart(12, '0') as Position;
      this.events.push({ ...e, streamId, revision: 0, metadata: {}, position, recordedAt: '' });
    }
    return { revision: 0, position: String(this.events.length).padStart(12, '0') as Position };
  }
  override async readAll(): Promise<RecordedEvent[]> {
    return this.events;
  }
}

const users = Array.from({ length: 100 }, (_, i) => `user-${i}`);
const keys = new Map<string, DataKey>(users.map((u, i) => [u, { kid: `k${i}`, key: newDataKey() }]));
const memoryKeys: KeyStore = {
  keyFor: async (u) => keys.get(u) as DataKey,
  keyById: async (kid) => {
    for (const [userId, k] of keys) if (k.kid === kid) return { userId, key: k.key };
    return undefined;
  },
  erasedAt: async () => undefined,
  erase: async () => ({ deletedKeys: 0, firstErasedAt: '' }),
  close: async () => {},
};

const message = (i: number): EventToAppend => ({
  id: `e${i}`,
  type: 'MessageSent',
  data: {
    conversation_id: 'c',
    message_id: `c.${i}`,
    seq: i,
    user_id: users[i % users.length] as string,
    username: 'Some Display Name',
    user_avatar: 'https://avatars.example/u.png',
    content: 'A chat message of a typical length, about a hundred characters, give or take a few words.',
    message_type: 'text',
    reply_to_id: null,
    client_message_id: null,
    created_at: '2026-01-01T00:00:00.000Z',
  },
});

async function measure(store: EventStore, count: number): Promise<{ appendUs: number; readUs: number }> {
  const t0 = performance.now();
  for (let i = 1; i <= count; i++) await store.append('conversation-c', [message(i)], 'any');
  const t1 = performance.now();
  await store.readAll({ maxCount: count });
  const t2 = performance.now();
  return { appendUs: ((t1 - t0) * 1000) / count, readUs: ((t2 - t1) * 1000) / count };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  const plain = await measure(new ForwardingEventStore(new ArrayStore()), count);
  const encrypted = await measure(
    new EncryptingEventStore(new ArrayStore(), new CachedKeyStore(memoryKeys)),
    count,
  );
  const row = (name: string, r: { appendUs: number; readUs: number }) =>
    `${name.padEnd(10)} append ${r.appendUs.toFixed(2).padStart(6)} µs/event   read ${r.readUs.toFixed(2).padStart(6)} µs/event`;
  process.stdout.write(`${row('plain', plain)}\n${row('encrypted', encrypted)}\n`);
}

void main();
