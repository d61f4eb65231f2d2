import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/domain/actor';
import type { ConversationCommand } from '../../src/domain/conversation/commands';
import type { ConversationState } from '../../src/domain/conversation/state';
import type { EventStore, EventToAppend, JsonObject } from '../../src/eventstore/port';
import type { Stores } from '../../src/stores';
import { product } from '../support/product';

/** Commands without the fields the writer fills in (who and when). */
export type CommandBody = DistributiveOmit<ConversationCommand, 'actor' | 'now'>;
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

/**
 * Builds one conversation's stream the way the command handlers would: each command is decided by the
 * product's own pure decider against the folded state, and the resulting events are appended through
 * the EventStore port in large batches with the expected revision (far faster than one HTTP request
 * per message, and still only valid domain events).
 */
export class ConversationWriter {
  private readonly decider = product.conversationDecider;
  private state: ConversationState = this.decider.initialState();
  private revision = -1;
  private buffer: EventToAppend[] = [];
  /** Events written so far, buffered ones included. */
  events = 0;

  constructor(
    private readonly store: EventStore,
    readonly conversationId: string,
    private readonly clock: SeedClock,
  ) {}

  get lastSeq(): number {
    return this.state.lastSeq;
  }

  run(actor: Actor, body: CommandBody): void {
    const command = { ...body, actor, now: this.clock.tick() } as ConversationCommand;
    for (const event of this.decider.decide(command, this.state)) {
      this.state = this.decider.evolve(this.state, event);
      this.buffer.push({ id: randomUUID(), type: event.type, data: event.data as JsonObject });
      this.events++;
    }
  }

  get buffered(): number {
    return this.buffer.length;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    const expected = this.revision === -1 ? 'no_stream' : this.revision;
    const result = await this.store.append(`conversation-${this.conversationId}`, events, expected);
    this.revision = result.revision;
  }
}

/** A clock that starts in the past and moves a little per command, so timestamps look like a history. */
export class SeedClock {
  private now = Date.now() - 30 * 24 * 3600 * 1000;

  tick(): string {
    this.now += 7;
    return new Date(this.now).toISOString();
  }
}

/** Records users' profiles in their streams, as the server does when a user first acts. */
export async function recordProfiles(
  store: EventStore,
  actors: readonly Actor[],
  clock: SeedClock,
): Promise<void> {
  const { decideUser, initialUserState } = product.userDecider;
  await Promise.all(
    actors.map((actor) => {
      const events = decideUser({ type: 'RecordProfile', actor, now: clock.tick() }, initialUserState());
      const toAppend = events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as JsonObject }));
      return store.append(`user-${actor.user_id}`, toAppend, 'no_stream');
    }),
  );
}

export function actor(userId: string): Actor {
  return { user_id: userId, username: `User ${userId}`, user_avatar: null };
}

/** Runs `work` on the product's stores of a data directory, opened as the server opens them, and closes them. */
export async function withDataDir<T>(
  dataDir: string,
  work: (stores: Stores) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const stores = await product.stores.openStores(product.config.loadConfig({ DATA_DIR: dataDir, ...env }));
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}
