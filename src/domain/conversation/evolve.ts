import { laterOf } from '../time';
import type { ConversationEvent, ConversationEventOf } from './events';
import { type ConversationState, sentKeyId } from './state';

/** Idempotency keys are remembered for at least this long after the message they created. */
export const IDEMPOTENCY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Folds one event into the state. It takes ownership of `state` and updates it in place (folding a
 * long stream must not copy growing maps once per event): callers keep no other reference to it.
 * Never throws.
 */
export function evolve(state: ConversationState, event: ConversationEvent): ConversationState {
  switch (event.type) {
    case 'ConversationCreated':
      state.status = 'active';
      state.conversationId = event.data.conversation_id;
      state.conversationType = event.data.conversation_type;
      return touched(state, event.data.created_at);
    case 'ParticipantAdded':
      state.participants.set(event.data.user_id, {
        role: event.data.role,
        muted: false,
        lastReadSeq: event.data.last_read_seq ?? 0,
      });
      return touched(state, event.data.added_at);
    case 'ParticipantRemoved':
      state.participants.delete(event.data.user_id);
      return touched(state, event.data.removed_at);
    case 'ParticipantRoleChanged': {
      const { role } = event.data;
      return changeParticipant(state, event.data.user_id, event.data.changed_at, (p) => {
        p.role = role;
      });
    }
    case 'ParticipantMuted':
      return changeParticipant(state, event.data.user_id, event.data.muted_at, (p) => {
        p.muted = true;
      });
    case 'ParticipantUnmuted':
      return changeParticipant(state, event.data.user_id, event.data.unmuted_at, (p) => {
        p.muted = false;
      });
    case 'ConversationUpdated':
      return touched(state, event.data.updated_at);
    case 'ConversationArchived':
      state.status = 'archived';
      return touched(state, event.data.archived_at);
    case 'MessageSent':
      return messageSent(state, event.data);
    case 'MessageEdited':
      return touched(state, event.data.edited_at);
    case 'MessageDeleted':
      // A deleted message loses its reactions and its pin.
      state.deletedSeqs.add(event.data.seq);
      state.reactions.delete(event.data.seq);
      state.pins.delete(event.data.seq);
      return touched(state, event.data.deleted_at);
    case 'ReactionAdded': {
      const { seq, emoji, user_id, reacted_at } = event.data;
      let byEmoji = state.reactions.get(seq);
      if (!byEmoji) {
        byEmoji = new Map();
        state.reactions.set(seq, byEmoji);
      }
      let reactors = byEmoji.get(emoji);
      if (!reactors) {
        reactors = new Map();
        byEmoji.set(emoji, reactors);
      }
      reactors.set(user_id, reacted_at);
      return touched(state, reacted_at);
    }
    case 'ReactionRemoved': {
      const { seq, emoji, user_id, removed_at } = event.data;
      const byEmoji = state.reactions.get(seq);
      const reactors = byEmoji?.get(emoji);
      if (byEmoji && reactors) {
        reactors.delete(user_id);
        if (reactors.size === 0) byEmoji.delete(emoji);
        if (byEmoji.size === 0) state.reactions.delete(seq);
      }
      return touched(state, removed_at);
    }
    case 'MessagePinned':
      state.pins.set(event.data.seq, { by: event.data.pinned_by, at: event.data.pinned_at });
      return touched(state, event.data.pinned_at);
    case 'MessageUnpinned':
      state.pins.delete(event.data.seq);
      return touched(state, event.data.unpinned_at);
    case 'ParticipantTimedOut': {
      const { until } = event.data;
      return changeParticipant(state, event.data.user_id, event.data.timed_out_at, (p) => {
        p.timedOutUntil = until;
      });
    }
    case 'ParticipantTimeoutLifted':
      return changeParticipant(state, event.data.user_id, event.data.lifted_at, (p) => {
        delete p.timedOutUntil;
      });
    case 'ParticipantBanned':
      state.banned.add(event.data.user_id);
      return touched(state, event.data.banned_at);
    case 'ParticipantUnbanned':
      state.banned.delete(event.data.user_id);
      return touched(state, event.data.unbanned_at);
    case 'ConversationRead': {
      const { last_read_seq } = event.data;
      return changeParticipant(state, event.data.user_id, event.data.read_at, (p) => {
        p.lastReadSeq = Math.max(p.lastReadSeq, last_read_seq);
      });
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

type Participant = ConversationState['participants'] extends Map<string, infer P> ? P : never;

/** Changes a participant who is still there (events of one who left change nothing) and the last activity. */
function changeParticipant(
  state: ConversationState,
  userId: string,
  at: string,
  change: (participant: Participant) => void,
): ConversationState {
  const participant = state.participants.get(userId);
  if (participant) change(participant);
  return touched(state, at);
}

/** Every event moves the conversation's last activity (never backwards). */
function touched(state: ConversationState, at: string): ConversationState {
  state.lastAt = laterOf(state.lastAt, at);
  return state;
}

function messageSent(
  state: ConversationState,
  data: ConversationEventOf<'MessageSent'>['data'],
): ConversationState {
  let index = state.authorIndex.get(data.user_id);
  if (index === undefined) {
    index = state.authors.push(data.user_id) - 1;
    state.authorIndex.set(data.user_id, index);
  }
  state.messageAuthors[data.seq - 1] = index;
  state.lastSeq = Math.max(state.lastSeq, data.seq);
  state.lastAt = laterOf(state.lastAt, data.created_at);
  // The sender has read what they wrote.
  const sender = state.participants.get(data.user_id);
  if (sender) sender.lastReadSeq = Math.max(sender.lastReadSeq, data.seq);
  forgetExpiredKeys(state, data.created_at);
  for (const key of [data.client_message_id, data.idempotency_key]) {
    if (key !== null && key !== undefined)
      state.sentKeys.set(sentKeyId(data.user_id, key), { seq: data.seq, at: data.created_at });
  }
  return state;
}

/** Keys are kept in time order, so expired ones are always at the front. */
function forgetExpiredKeys(state: ConversationState, now: string): void {
  const horizon = Date.parse(now) - IDEMPOTENCY_WINDOW_MS;
  for (const [key, sent] of state.sentKeys) {
    if (Date.parse(sent.at) >= horizon) return;
    state.sentKeys.delete(key);
  }
}
