import { randomBytes } from 'node:crypto';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { EventStore } from '../eventstore/port';
import type { AggregateStoreOptions } from './aggregate-store';
import {
  type Conversations,
  conversationAggregates,
  type Reports,
  reportAggregates,
  type Users,
  userAggregates,
} from './aggregates';
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
}

export function commandDeps(
  store: EventStore,
  ephemeral: EphemeralChannel,
  overrides: Partial<Pick<CommandDeps, 'now' | 'newConversationId'>> = {},
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
  };
}

function defaultConversationId(): string {
  // 96 random bits as 24 hex digits: safe in paths, stream names and command lines.
  return randomBytes(12).toString('hex');
}
