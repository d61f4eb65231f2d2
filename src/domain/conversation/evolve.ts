import { laterOf } from '../time';
import type { ConversationEvent } from './events';
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
      state.lastAt = laterOf(state.lastAt, event.data.created_at);
      return state;
    case 'ParticipantAdded':
      state.participants.set(event.data.user_id, {
        role: event.data.role,
        muted: false,
        lastReadSeq: event.data.last_read_seq ?? 0,
      });
      state.lastAt = laterOf(state.lastAt, event.data.added_at);
      return state;
    case 'ParticipantRemoved':
      state.participants.delete(event.data.user_id);
      state.lastAt = laterOf(state.lastAt, event.data.removed_at);
      return state;
    case 'ParticipantRoleChanged': {
      const participant = state.participants.get(event.data.user_id);
      if (participant) participant.role = event.data.role;
      state.lastAt = laterOf(state.lastAt, event.data.changed_at);
      return state;
    }
    case 'ParticipantMuted':
    case 'ParticipantUnmuted': {
      const participant = state.participants.get(event.data.user_id);
      if (participant) participant.muted = event.type === 'ParticipantMuted';
      state.lastAt = laterOf(
        state.lastAt,
        event.type === 'ParticipantMuted' ? event.data.muted_at : event.data.unmuted_at,
      );
      return state;
    }
    case 'ConversationUpdated':
      state.lastAt = laterOf(state.lastAt, event.data.updated_at);
      return state;
    case 'ConversationArchived':
      state.status = 'archived';
      state.lastAt = laterOf(state.lastAt, event.data.archived_at);
      return state;
    case 'MessageSent':
      return messageSent(state, event.data);
    case 'MessageEdited':
      state.lastAt = laterOf(state.lastAt, event.data.edited_at);
      return state;
    case 'MessageDeleted':
      state.deletedSeqs.add(event.data.seq);
      state.lastAt = laterOf(state.lastAt, event.data.deleted_at);
      return state;
    case 'ConversationRead': {
      const participant = state.participants.get(event.data.user_id);
      if (participant) participant.lastReadSeq = Math.max(participant.lastReadSeq, event.data.last_read_seq);
      state.lastAt = laterOf(state.lastAt, event.data.read_at);
      return state;
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

function messageSent(
  state: ConversationState,
  data: Extract<ConversationEvent, { type: 'MessageSent' }>['data'],
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
