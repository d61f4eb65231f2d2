import { conversationDecider } from '../domain/conversation/decider';
import type { ConversationEvent } from '../domain/conversation/events';
import type { ConversationState } from '../domain/conversation/state';
import { type ReportState, reportDecider } from '../domain/report/decider';
import type { ReportEvent } from '../domain/report/events';
import { type UserState, userDecider } from '../domain/user/decider';
import type { UserEvent } from '../domain/user/events';
import type { EventStore } from '../eventstore/port';
import { AggregateStore, type AggregateStoreOptions } from './aggregate-store';
import { derivedEventId } from './event-ids';

const SNAPSHOT_EVERY = 500;

export type Conversations = AggregateStore<ConversationState, ConversationEvent>;
export type Users = AggregateStore<UserState, UserEvent>;
export type Reports = AggregateStore<ReportState, ReportEvent>;

export function conversationAggregates(
  store: EventStore,
  options: AggregateStoreOptions = {},
): Conversations {
  return new AggregateStore(
    store,
    {
      category: 'conversation',
      initialState: conversationDecider.initialState,
      evolve: conversationDecider.evolve,
      parseEvent: conversationDecider.parseEvent,
      // A send with a client key always produces the same event id: the store's duplicate check is a
      // second net behind the key kept in the aggregate.
      eventId: (streamId, event) =>
        event.type === 'MessageSent' && event.data.client_message_id !== null
          ? derivedEventId(`${streamId}/${event.data.user_id}/${event.data.client_message_id}`)
          : undefined,
      snapshot: { every: SNAPSHOT_EVERY, ...conversationDecider.snapshot },
    },
    options,
  );
}

export function userAggregates(store: EventStore, options: AggregateStoreOptions = {}): Users {
  return new AggregateStore(
    store,
    {
      category: 'user',
      initialState: userDecider.initialState,
      evolve: userDecider.evolve,
      parseEvent: userDecider.parseEvent,
    },
    options,
  );
}

/** Reports of messages, one stream each (`report-<id>`), which chat projections and realtime ignore. */
export function reportAggregates(store: EventStore, options: AggregateStoreOptions = {}): Reports {
  return new AggregateStore(
    store,
    {
      category: 'report',
      initialState: reportDecider.initialState,
      evolve: reportDecider.evolve,
      parseEvent: reportDecider.parseEvent,
    },
    options,
  );
}
