import { join } from 'node:path';
import { conversationAggregates } from '../../src/commands/aggregates';
import { createConversation } from '../../src/commands/conversation-handlers';
import { type CommandDeps, commandDeps } from '../../src/commands/deps';
import type { Actor } from '../../src/domain/actor';
import { type ConversationSnapshot, toSnapshot } from '../../src/domain/conversation/snapshot';
import type { EphemeralChannel, EphemeralSignal } from '../../src/eventstore/ephemeral';
import {
  type EventStore,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { lateBound } from './late-bound';
import { tempDir } from './temp-dir';

/** An in-memory ephemeral channel that remembers every signal published on it. */
export class RecordingEphemeralChannel implements EphemeralChannel {
  readonly published: EphemeralSignal[] = [];
  private readonly listeners = new Set<(signal: EphemeralSignal) => void>();

  async publish(signal: EphemeralSignal): Promise<void> {
    this.published.push(signal);
    for (const listener of this.listeners) listener(signal);
  }

  subscribe(onSignal: (signal: EphemeralSignal) => void): Subscription {
    this.listeners.add(onSignal);
    return {
      close: async () => {
        this.listeners.delete(onSignal);
      },
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export function actor(userId: string, username = userId, avatar: string | null = null): Actor {
  return { user_id: userId, username, user_avatar: avatar };
}

/** A clock that moves one millisecond per call, so timestamps are distinct and ordered. */
export function steppingClock(start = Date.parse('2030-01-01T00:00:00.000Z')): () => string {
  let t = start;
  return () => new Date(t++).toISOString();
}

/** Conversation ids `c1`, `c2`, … */
export function sequentialIds(prefix = 'c'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export interface Harness {
  file: string;
  store: SqliteEventStore;
  ephemeral: RecordingEphemeralChannel;
  /**
   * A new "node": its own aggregate caches and profile memory, sharing the store (or `via`, a wrapper
   * of it).
   */
  node(overrides?: Partial<Pick<CommandDeps, 'now' | 'newConversationId'>>, via?: EventStore): CommandDeps;
  /** Closes the store and opens the same file again (a process restart). */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const { dir, remove } = tempDir('chat-commands-');
  const file = join(dir, 'events.db');
  const ephemeral = new RecordingEphemeralChannel();
  const clock = steppingClock();
  const ids = sequentialIds();
  const harness: Harness = {
    file,
    store: SqliteEventStore.open(file),
    ephemeral,
    node: (overrides = {}, via = harness.store) =>
      commandDeps(via, ephemeral, { now: clock, newConversationId: ids, ...overrides }),
    restart: async () => {
      await harness.store.close();
      harness.store = SqliteEventStore.open(file);
    },
    cleanup: async () => {
      await harness.store.close();
      remove();
    },
  };
  return harness;
}

/** A harness opened before each test and cleaned up after it; the value forwards to the current one. */
export function harnessPerTest(): Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await openHarness();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return lateBound(() => current, 'the command harness');
}

/** Creates a group conversation of `creator` with the other participants, through the handler; its id. */
export async function createGroup(
  deps: CommandDeps,
  creator: Actor,
  participantIds: string[],
  name = 'Team',
): Promise<string> {
  const { value } = await createConversation(deps, creator, {
    conversation_type: 'group',
    name,
    description: null,
    avatar_url: null,
    participant_ids: participantIds,
  });
  return value.conversation.conversation_id;
}

export async function conversationEvents(
  store: EventStore,
  conversationId: string,
): Promise<RecordedEvent[]> {
  return store.readStream(`conversation-${conversationId}`);
}

/** The conversation state as a node with an empty cache loads it (snapshot plus the events after it). */
export async function coldSnapshot(store: EventStore, conversationId: string): Promise<ConversationSnapshot> {
  return snapshotVia(conversationAggregates(store), conversationId);
}

/** The state `aggregates` decides against right now (its cache when warm), as a snapshot. */
export async function snapshotVia(
  aggregates: ReturnType<typeof conversationAggregates>,
  conversationId: string,
): Promise<ConversationSnapshot> {
  let captured: ConversationSnapshot | undefined;
  await aggregates.execute(conversationId, (state) => {
    captured = toSnapshot(state);
    return [];
  });
  if (!captured) throw new Error('the decision did not run');
  return captured;
}

/** Waits until `check` returns a value other than undefined (for work the code does off its path). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface StoreLog {
  /** Every append: its stream, how many events, and whether the store refused it as a conflict. */
  appends: { streamId: string; events: number; outcome: 'ok' | 'conflict' | 'error' }[];
  /** Every stream read: its stream and how many events it returned. */
  reads: { streamId: string; events: number }[];
}

/** The same store, recording the appends and reads that go through it; other calls pass straight through. */
export function instrumented(store: EventStore): { store: EventStore; log: StoreLog } {
  const log: StoreLog = { appends: [], reads: [] };
  const overrides: Pick<EventStore, 'append' | 'readStream'> = {
    append: async (streamId, events, expected) => {
      try {
        const result = await store.append(streamId, events, expected);
        log.appends.push({ streamId, events: events.length, outcome: 'ok' });
        return result;
      } catch (error) {
        const outcome = error instanceof WrongExpectedRevisionError ? 'conflict' : 'error';
        log.appends.push({ streamId, events: events.length, outcome });
        throw error;
      }
    },
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      log.reads.push({ streamId, events: events.length });
      return events;
    },
  };
  const wrapper = new Proxy(store, {
    get(target, property) {
      if (property === 'append' || property === 'readStream') return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapper, log };
}
