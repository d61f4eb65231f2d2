import {
  ConversationEvent,
  type ConversationEventOf,
  type ConversationType,
  type ParticipantRole,
} from '../domain/conversation/events';
import { isAfter } from '../eventstore/port';
import type { MessageView } from '../readmodels/port';

/**
 * Time travel over one conversation's recorded events: pure folds of the log, no store, no clock.
 * The events come in log order (as `readStream` returns them); positions are the store's opaque strings,
 * compared only through the port's `isAfter`.
 */
export interface AuditedEvent {
  position: string;
  recordedAt: string;
  type: string;
  data: Record<string, unknown>;
}

export interface ConversationAsOf {
  conversation: {
    id: string;
    type: ConversationType;
    name: string | null;
    description: string | null;
    avatar_url: string | null;
    is_active: boolean;
    is_archived: boolean;
    created_by: string;
    created_at: string;
  } | null;
  participants: {
    user_id: string;
    role: ParticipantRole;
    is_muted: boolean;
    last_read_seq: number;
    /** The end of the participant's latest timeout (it may have passed by `as_of`); null when none. */
    timed_out_until: string | null;
  }[];
  /** Users banned from the conversation then, with who banned them and why. */
  banned: { user_id: string; banned_by: string; banned_at: string; reason: string | null }[];
  /** Messages as participants saw them then (the fields of history), with their place and deletion. */
  messages: (Omit<
    MessageView,
    | 'conversation_id'
    | 'user_avatar'
    | 'client_message_id'
    | 'reactions'
    | 'reply_count'
    | 'last_reply_at'
    | 'is_forwarded'
  > & {
    seq: number;
    deleted_at: string | null;
    deleted_by: string | null;
    /** Who reacted with what, each emoji in the order it first appeared (a deleted message has none). */
    reactions: { emoji: string; user_ids: string[] }[];
    pinned: { by: string; at: string } | null;
  })[];
  /** Per participant: messages by others, not deleted, after the participant's last read one. */
  unread: { user_id: string; count: number }[];
  /** Position of the last event folded; null when none was. */
  position: string | null;
  /** The folded event's own time (its domain timestamp); null when none was folded. */
  as_of: string | null;
  event_count: number;
}

export type TimeTarget = { position: string } | { asOf: string };

/** The time a conversation event carries in its own data (the domain's clock, never going backwards). */
export function eventTime(event: ConversationEvent): string {
  switch (event.type) {
    case 'ConversationCreated':
      return event.data.created_at;
    case 'ParticipantAdded':
      return event.data.added_at;
    case 'ParticipantRemoved':
      return event.data.removed_at;
    case 'ParticipantRoleChanged':
      return event.data.changed_at;
    case 'ParticipantMuted':
      return event.data.muted_at;
    case 'ParticipantUnmuted':
      return event.data.unmuted_at;
    case 'ConversationUpdated':
      return event.data.updated_at;
    case 'ConversationArchived':
      return event.data.archived_at;
    case 'MessageSent':
      return event.data.created_at;
    case 'MessageEdited':
      return event.data.edited_at;
    case 'MessageDeleted':
      return event.data.deleted_at;
    case 'ConversationRead':
      return event.data.read_at;
    case 'ReactionAdded':
      return event.data.reacted_at;
    case 'ReactionRemoved':
      return event.data.removed_at;
    case 'MessagePinned':
      return event.data.pinned_at;
    case 'MessageUnpinned':
      return event.data.unpinned_at;
    case 'ParticipantTimedOut':
      return event.data.timed_out_at;
    case 'ParticipantTimeoutLifted':
      return event.data.lifted_at;
    case 'ParticipantBanned':
      return event.data.banned_at;
    case 'ParticipantUnbanned':
      return event.data.unbanned_at;
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/** An audited event as the domain event it records. */
export function parse(raw: AuditedEvent): ConversationEvent {
  return ConversationEvent.parse({ type: raw.type, data: raw.data });
}

/**
 * The events that existed at the target: those at or before a position, or the longest prefix whose
 * events' own timestamps are at or before an instant (the domain's timestamps never go backwards within
 * a conversation, so this is every event up to that instant).
 */
export function prefixAt(events: readonly AuditedEvent[], target: TimeTarget): AuditedEvent[] {
  const prefix: AuditedEvent[] = [];
  if ('position' in target) {
    for (const event of events) {
      if (isAfter(event.position, target.position)) break;
      prefix.push(event);
    }
    return prefix;
  }
  const limit = Date.parse(target.asOf);
  for (const event of events) {
    if (Date.parse(eventTime(parse(event))) > limit) break;
    prefix.push(event);
  }
  return prefix;
}

/** The conversation as it stood at the target. */
export function timeTravel(events: readonly AuditedEvent[], target: TimeTarget): ConversationAsOf {
  return foldConversation(prefixAt(events, target));
}

type Message = ConversationAsOf['messages'][number];
type Participant = ConversationAsOf['participants'][number];

/** The audit view being folded: the conversation, its participants, its messages by seq. */
interface Fold {
  conversation: ConversationAsOf['conversation'];
  participants: Map<string, Participant>;
  messages: Map<number, Message>;
  banned: Map<string, ConversationAsOf['banned'][number]>;
}

/** Folds every given event (in log order) into the audit view of the conversation. */
export function foldConversation(events: readonly AuditedEvent[]): ConversationAsOf {
  const fold: Fold = { conversation: null, participants: new Map(), messages: new Map(), banned: new Map() };
  let position: string | null = null;
  let asOf: string | null = null;
  for (const raw of events) {
    const event = parse(raw);
    position = raw.position;
    asOf = eventTime(event);
    apply(fold, event);
  }
  const ordered = [...fold.messages.values()].sort((a, b) => a.seq - b.seq);
  const unread = [...fold.participants.values()].map((p) => ({
    user_id: p.user_id,
    count: ordered.filter((m) => m.seq > p.last_read_seq && !m.is_deleted && m.user_id !== p.user_id).length,
  }));
  return {
    conversation: fold.conversation,
    participants: [...fold.participants.values()],
    banned: [...fold.banned.values()],
    messages: ordered,
    unread,
    position,
    as_of: asOf,
    event_count: events.length,
  };
}

function apply(fold: Fold, event: ConversationEvent): void {
  switch (event.type) {
    case 'ConversationCreated':
    case 'ConversationUpdated':
    case 'ConversationArchived':
      fold.conversation = conversationAfter(fold.conversation, event);
      return;
    case 'ParticipantAdded':
    case 'ParticipantRemoved':
    case 'ParticipantRoleChanged':
    case 'ParticipantMuted':
    case 'ParticipantUnmuted':
    case 'ConversationRead':
      applyToParticipants(fold.participants, event);
      return;
    case 'MessageSent':
    case 'MessageEdited':
    case 'MessageDeleted':
      applyToMessages(fold, event);
      return;
    case 'ReactionAdded':
    case 'ReactionRemoved':
    case 'MessagePinned':
    case 'MessageUnpinned':
      applyToMessageExtras(fold, event);
      return;
    case 'ParticipantTimedOut':
    case 'ParticipantTimeoutLifted': {
      const participant = fold.participants.get(event.data.user_id);
      if (participant)
        participant.timed_out_until = event.type === 'ParticipantTimedOut' ? event.data.until : null;
      return;
    }
    case 'ParticipantBanned': {
      const { user_id, banned_by, banned_at, reason } = event.data;
      fold.banned.set(user_id, { user_id, banned_by, banned_at, reason });
      return;
    }
    case 'ParticipantUnbanned':
      fold.banned.delete(event.data.user_id);
      return;
    default: {
      // Every event type is handled above: a new one fails to compile here.
      const _never: never = event;
    }
  }
}

function conversationAfter(
  conversation: ConversationAsOf['conversation'],
  event: ConversationEventOf<'ConversationCreated' | 'ConversationUpdated' | 'ConversationArchived'>,
): ConversationAsOf['conversation'] {
  if (event.type === 'ConversationCreated') {
    return {
      id: event.data.conversation_id,
      type: event.data.conversation_type,
      name: event.data.name,
      description: event.data.description,
      avatar_url: event.data.avatar_url,
      is_active: true,
      is_archived: false,
      created_by: event.data.created_by,
      created_at: event.data.created_at,
    };
  }
  if (!conversation) return conversation;
  if (event.type === 'ConversationArchived') {
    conversation.is_active = false;
    conversation.is_archived = true;
    return conversation;
  }
  if (event.data.name !== undefined) conversation.name = event.data.name;
  if (event.data.description !== undefined) conversation.description = event.data.description;
  if (event.data.avatar_url !== undefined) conversation.avatar_url = event.data.avatar_url;
  return conversation;
}

function applyToParticipants(
  participants: Map<string, Participant>,
  event: ConversationEventOf<
    | 'ParticipantAdded'
    | 'ParticipantRemoved'
    | 'ParticipantRoleChanged'
    | 'ParticipantMuted'
    | 'ParticipantUnmuted'
    | 'ConversationRead'
  >,
): void {
  if (event.type === 'ParticipantAdded') {
    participants.set(event.data.user_id, {
      user_id: event.data.user_id,
      role: event.data.role,
      is_muted: false,
      last_read_seq: event.data.last_read_seq ?? 0,
      timed_out_until: null,
    });
    return;
  }
  if (event.type === 'ParticipantRemoved') {
    participants.delete(event.data.user_id);
    return;
  }
  const participant = participants.get(event.data.user_id);
  if (!participant) return;
  if (event.type === 'ParticipantRoleChanged') participant.role = event.data.role;
  else if (event.type === 'ConversationRead')
    participant.last_read_seq = Math.max(participant.last_read_seq, event.data.last_read_seq);
  else participant.is_muted = event.type === 'ParticipantMuted';
}

function applyToMessages(
  fold: Fold,
  event: ConversationEventOf<'MessageSent' | 'MessageEdited' | 'MessageDeleted'>,
): void {
  if (event.type === 'MessageSent') {
    fold.messages.set(event.data.seq, {
      id: event.data.message_id,
      seq: event.data.seq,
      user_id: event.data.user_id,
      username: event.data.username,
      content: event.data.content,
      message_type: event.data.message_type,
      reply_to_id: event.data.reply_to_id,
      is_edited: false,
      is_deleted: false,
      created_at: event.data.created_at,
      edited_at: null,
      deleted_at: null,
      deleted_by: null,
      reactions: [],
      pinned: null,
      forwarded_from: event.data.forwarded_from ?? null,
      attachments: event.data.attachments ?? [],
    });
    // Sending reads the conversation up to one's own message.
    const sender = fold.participants.get(event.data.user_id);
    if (sender) sender.last_read_seq = Math.max(sender.last_read_seq, event.data.seq);
    return;
  }
  const message = fold.messages.get(event.data.seq);
  if (!message) return;
  if (event.type === 'MessageEdited') {
    message.content = event.data.content;
    message.is_edited = true;
    message.edited_at = event.data.edited_at;
  } else {
    message.is_deleted = true;
    message.deleted_at = event.data.deleted_at;
    message.deleted_by = event.data.deleted_by;
    // As the aggregate has it: a deleted message loses its reactions and its pin at once (the
    // MessageUnpinned that follows says so to readers of the log).
    message.reactions = [];
    message.pinned = null;
  }
}

function applyToMessageExtras(
  fold: Fold,
  event: ConversationEventOf<'ReactionAdded' | 'ReactionRemoved' | 'MessagePinned' | 'MessageUnpinned'>,
): void {
  const message = fold.messages.get(event.data.seq);
  if (!message) return;
  if (event.type === 'MessagePinned') {
    message.pinned = { by: event.data.pinned_by, at: event.data.pinned_at };
    return;
  }
  if (event.type === 'MessageUnpinned') {
    message.pinned = null;
    return;
  }
  const { emoji, user_id } = event.data;
  const existing = message.reactions.find((r) => r.emoji === emoji);
  if (event.type === 'ReactionAdded') {
    if (!existing) message.reactions.push({ emoji, user_ids: [user_id] });
    else if (!existing.user_ids.includes(user_id)) existing.user_ids.push(user_id);
    return;
  }
  if (!existing) return;
  existing.user_ids = existing.user_ids.filter((id) => id !== user_id);
  if (existing.user_ids.length === 0) message.reactions = message.reactions.filter((r) => r !== existing);
}
