import { randomBytes } from 'node:crypto';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { EventStore } from '../eventstore/port';
import type { KeyStore } from '../privacy/key-store';
import type { AggregateStoreOptions } from './aggregate-store';
import {
  type Conversations,
  conversationAggregates,
  type Reports,
  reportAggregates,
  type Users,
  userAggregates,
} from './aggregates';
import type { Uploads } from './attachments';
import { ProfileRecorder } from './profile-recorder';

/** What command handlers need; built once per process by the composition root. */
export interface CommandDeps {
  store: EventStore;
  conversations: Conversations;
  users: Users;
  reports: Reports;
  ephemeral: EphemeralChannel;
  profiles: ProfileRecorder;
  /** ISO-8601 UTC, as `Date.prototype.toISOString` writes it. */
  now: () => string;
  /** A new conversation id. */
  newConversationId: () => string;
  /** The users' data keys (erasure deletes them); absent where nothing is encrypted. */
  keys?: KeyStore;
  /** Where a send looks up the uploads it references (none: every attachment id is unknown). */
  uploads?: Uploads;
}

export function commandDeps(
  store: EventStore,
  ephemeral: EphemeralChannel,
  overrides: Partial<Pick<CommandDeps, 'now' | 'newConversationId' | 'keys' | 'uploads'>> = {},
  observe: AggregateStoreOptions = {},
): CommandDeps {
  const users = userAggregates(store, observe);
  const now = overrides.now ?? (() => new Date().toISOString());
  return {
    store,
    conversations: conversationAggregates(store, observe),
    users,
    reports: reportAggregates(store, observe),
    ephemeral,
    profiles: new ProfileRecorder(users, now),
    now,
    newConversationId: overrides.newConversationId ?? defaultConversationId,
    ...(overrides.keys && { keys: overrides.keys }),
    ...(overrides.uploads && { uploads: overrides.uploads }),
  };
}

function defaultConversationId(): string {
  // 96 random bits as 24 hex digits: safe in paths, stream names and command lines.
  return randomBytes(12).toString('hex');
}
