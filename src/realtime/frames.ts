import { z } from 'zod';
import type { ConversationEvent } from '../domain/conversation/events';
import type { UserEvent } from '../domain/user/events';
import { messageView } from '../views/presenters';

/**
 * WebSocket frames, in the seed's shapes. Frames that come from the log carry `position`: a client
 * that reconnects with `?since=<position>` receives everything after it.
 */
export type Frame = Record<string, unknown> & { type: string };

export function connectedFrame(conversationId: string | null, recovered: boolean | null, now: string): Frame {
  return {
    type: 'connected',
    ...(conversationId !== null && { conversation_id: conversationId }),
    ...(recovered !== null && { recovered }),
    timestamp: now,
  };
}

export function errorFrame(code: string, detail: string, now: string): Frame {
  return { type: 'error', code, detail, timestamp: now };
}

const ACCEPTED = 'send {"type":"ping"}, {"type":"typing","is_typing":true} or {"type":"auth","token":"..."}';

/** The detail of an `invalid_frame` error: what was wrong with the frame, then what is accepted. */
export function invalidFrameDetail(error: unknown): string {
  if (error instanceof z.ZodError) {
    const problems = error.issues.map((issue) => `${['frame', ...issue.path].join('.')}: ${issue.message}`);
    return `${problems.join('; ')} (${ACCEPTED})`;
  }
  if (error instanceof SyntaxError) return `the frame is not JSON: ${error.message} (${ACCEPTED})`;
  return ACCEPTED;
}

/** The frame a conversation event becomes, or null for facts clients are not sent. */
export function conversationFrame(event: ConversationEvent, position: string): Frame | null {
  const conversation_id = event.data.conversation_id;
  const base = { conversation_id, position };
  switch (event.type) {
    case 'MessageSent':
      return {
        type: 'message',
        ...base,
        message: messageView(event.data, false),
        timestamp: event.data.created_at,
      };
    case 'MessageEdited': {
      const d = event.data;
      const message = {
        id: d.message_id,
        user_id: d.user_id,
        content: d.content,
        is_edited: true,
        edited_at: d.edited_at,
      };
      return { type: 'message_edited', ...base, message, timestamp: d.edited_at };
    }
    case 'MessageDeleted': {
      const d = event.data;
      const message = {
        id: d.message_id,
        is_deleted: true,
        deleted_by: d.deleted_by,
        deleted_at: d.deleted_at,
      };
      return { type: 'message_deleted', ...base, message, timestamp: d.deleted_at };
    }
    case 'ConversationRead': {
      const d = event.data;
      const receipt = {
        user_id: d.user_id,
        last_read_message_id: d.last_read_message_id,
        last_read_at: d.read_at,
      };
      return { type: 'read', ...base, receipt, timestamp: d.read_at };
    }
    case 'ParticipantAdded': {
      const d = event.data;
      const participant = { user_id: d.user_id, role: d.role, added_by: d.added_by, joined_at: d.added_at };
      return { type: 'participant_added', ...base, participant, timestamp: d.added_at };
    }
    case 'ParticipantRemoved': {
      const d = event.data;
      const participant = { user_id: d.user_id, removed_by: d.removed_by, removed_at: d.removed_at };
      return { type: 'participant_removed', ...base, participant, timestamp: d.removed_at };
    }
    case 'ParticipantRoleChanged': {
      const d = event.data;
      const participant = { user_id: d.user_id, role: d.role, changed_by: d.changed_by };
      return { type: 'participant_updated', ...base, participant, timestamp: d.changed_at };
    }
    case 'ConversationUpdated': {
      const { conversation_id: _, updated_by, updated_at, ...changes } = event.data;
      return {
        type: 'conversation_updated',
        ...base,
        conversation: { ...changes, updated_by, updated_at },
        timestamp: updated_at,
      };
    }
    case 'ConversationArchived': {
      const d = event.data;
      const conversation = { is_active: false, archived_by: d.archived_by, updated_at: d.archived_at };
      return { type: 'conversation_updated', ...base, conversation, timestamp: d.archived_at };
    }
    // Frames are published once for every socket: they carry what is the same for every viewer (who
    // reacted and the emoji's new count); a client sets `me` itself when `user_id` is its own.
    case 'ReactionAdded': {
      const d = event.data;
      const reaction = { message_id: d.message_id, emoji: d.emoji, user_id: d.user_id, count: d.count };
      return {
        type: 'reaction_added',
        ...base,
        reaction: { ...reaction, reacted_at: d.reacted_at },
        timestamp: d.reacted_at,
      };
    }
    case 'ReactionRemoved': {
      const d = event.data;
      const reaction = { message_id: d.message_id, emoji: d.emoji, user_id: d.user_id, count: d.count };
      return {
        type: 'reaction_removed',
        ...base,
        reaction: { ...reaction, removed_at: d.removed_at },
        timestamp: d.removed_at,
      };
    }
    case 'MessagePinned': {
      const d = event.data;
      const pin = { message_id: d.message_id, pinned_by: d.pinned_by, pinned_at: d.pinned_at };
      return { type: 'message_pinned', ...base, pin, timestamp: d.pinned_at };
    }
    case 'MessageUnpinned': {
      const d = event.data;
      const pin = { message_id: d.message_id, unpinned_by: d.unpinned_by, unpinned_at: d.unpinned_at };
      return { type: 'message_unpinned', ...base, pin, timestamp: d.unpinned_at };
    }
    // Moderation the whole conversation sees. A ban's reason stays with the admins and auditors; the
    // banned user's sockets closed on the ParticipantRemoved just before it.
    case 'ParticipantTimedOut': {
      const d = event.data;
      const participant = { user_id: d.user_id, until: d.until, timed_out_by: d.timed_out_by };
      return { type: 'participant_timed_out', ...base, participant, timestamp: d.timed_out_at };
    }
    case 'ParticipantTimeoutLifted': {
      const d = event.data;
      const participant = { user_id: d.user_id, lifted_by: d.lifted_by };
      return { type: 'participant_timeout_lifted', ...base, participant, timestamp: d.lifted_at };
    }
    case 'ParticipantBanned': {
      const d = event.data;
      const participant = { user_id: d.user_id, banned_by: d.banned_by, banned_at: d.banned_at };
      return { type: 'participant_banned', ...base, participant, timestamp: d.banned_at };
    }
    case 'ParticipantUnbanned': {
      const d = event.data;
      const participant = { user_id: d.user_id, unbanned_by: d.unbanned_by };
      return { type: 'participant_unbanned', ...base, participant, timestamp: d.unbanned_at };
    }
    // Muting is private to the participant; creation reaches nobody connected yet.
    case 'ParticipantMuted':
    case 'ParticipantUnmuted':
    case 'ConversationCreated':
      return null;
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

export interface PresenceState {
  user_id: string;
  username: string;
  status: string;
  status_message: string | null;
  last_active: string;
}

export function presenceFrame(presence: PresenceState, now: string): Frame {
  return { type: 'presence', presence, timestamp: now };
}

export interface TypingState {
  conversation_id: string;
  user_id: string;
  username: string;
  is_typing: boolean;
  started_at: string;
}

export function typingFrame(typing: TypingState, now: string): Frame {
  return { type: 'typing', conversation_id: typing.conversation_id, typing, timestamp: now };
}

export type { UserEvent };
