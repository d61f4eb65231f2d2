import type { Message, Presence, Typing } from './types.js';

/**
 * Frames the server sends over the WebSocket (docs/realtime.md). Views shared with REST (a message,
 * typing, presence) are the generated REST types; a test type-checks every frame the server builds
 * against this union, so the two cannot drift apart.
 */
export type ServerFrame =
  | ConnectedFrame
  | MessageFrame
  | MessageEditedFrame
  | MessageDeletedFrame
  | ReadFrame
  | ParticipantAddedFrame
  | ParticipantRemovedFrame
  | ParticipantUpdatedFrame
  | ConversationUpdatedFrame
  | ReactionAddedFrame
  | ReactionRemovedFrame
  | MessagePinnedFrame
  | MessageUnpinnedFrame
  | ParticipantTimedOutFrame
  | ParticipantTimeoutLiftedFrame
  | ParticipantBannedFrame
  | ParticipantUnbannedFrame
  | TypingFrame
  | PresenceFrame
  | PongFrame
  | AuthOkFrame
  | ErrorFrame;

export type FrameType = ServerFrame['type'];
export type FrameOf<T extends FrameType> = Extract<ServerFrame, { type: T }>;

export interface ConnectedFrame {
  type: 'connected';
  conversation_id?: string;
  /** Present when `since` was given: false means some frames could not be replayed. */
  recovered?: boolean;
  timestamp: string;
}

/** Frames that come from the event log: `position` is where to resume after them. */
interface LogFrame {
  conversation_id: string;
  position: string;
  timestamp: string;
}

export interface MessageFrame extends LogFrame {
  type: 'message';
  message: Message;
}
export interface MessageEditedFrame extends LogFrame {
  type: 'message_edited';
  message: Pick<Message, 'id' | 'user_id' | 'content'> & { is_edited: true; edited_at: string };
}
export interface MessageDeletedFrame extends LogFrame {
  type: 'message_deleted';
  message: { id: string; is_deleted: true; deleted_by: string; deleted_at: string };
}
export interface ReadFrame extends LogFrame {
  type: 'read';
  receipt: { user_id: string; last_read_message_id: string; last_read_at: string };
}
export interface ParticipantAddedFrame extends LogFrame {
  type: 'participant_added';
  participant: { user_id: string; role: 'admin' | 'member'; added_by: string; joined_at: string };
}
export interface ParticipantRemovedFrame extends LogFrame {
  type: 'participant_removed';
  participant: { user_id: string; removed_by: string; removed_at: string };
}
export interface ParticipantUpdatedFrame extends LogFrame {
  type: 'participant_updated';
  participant: { user_id: string; role: 'admin' | 'member'; changed_by: string };
}
export interface ConversationUpdatedFrame extends LogFrame {
  type: 'conversation_updated';
  conversation: {
    name?: string | null;
    description?: string | null;
    avatar_url?: string | null;
    is_active?: boolean;
    updated_by?: string;
    archived_by?: string;
    updated_at: string;
  };
}
/**
 * Reaction frames say who reacted and the emoji's count after the change, the same for every socket.
 * A client keeps `me` itself: true when `user_id` is its own user on `reaction_added`, false on
 * `reaction_removed`, unchanged otherwise; a count of 0 removes the emoji.
 */
export interface ReactionAddedFrame extends LogFrame {
  type: 'reaction_added';
  reaction: { message_id: string; emoji: string; user_id: string; count: number; reacted_at: string };
}
export interface ReactionRemovedFrame extends LogFrame {
  type: 'reaction_removed';
  reaction: { message_id: string; emoji: string; user_id: string; count: number; removed_at: string };
}
export interface MessagePinnedFrame extends LogFrame {
  type: 'message_pinned';
  pin: { message_id: string; pinned_by: string; pinned_at: string };
}
/** Also sent when a pinned message is deleted (right after its `message_deleted`). */
export interface MessageUnpinnedFrame extends LogFrame {
  type: 'message_unpinned';
  pin: { message_id: string; unpinned_by: string; unpinned_at: string };
}
/** An admin timed a member out: they cannot write in the conversation before `until`. */
export interface ParticipantTimedOutFrame extends LogFrame {
  type: 'participant_timed_out';
  participant: { user_id: string; until: string; timed_out_by: string };
}
export interface ParticipantTimeoutLiftedFrame extends LogFrame {
  type: 'participant_timeout_lifted';
  participant: { user_id: string; lifted_by: string };
}
/** Comes right after the banned participant's `participant_removed` (when they took part). */
export interface ParticipantBannedFrame extends LogFrame {
  type: 'participant_banned';
  participant: { user_id: string; banned_by: string; banned_at: string };
}
export interface ParticipantUnbannedFrame extends LogFrame {
  type: 'participant_unbanned';
  participant: { user_id: string; unbanned_by: string };
}
export interface TypingFrame {
  type: 'typing';
  conversation_id: string;
  typing: Typing;
  timestamp: string;
}
export interface PresenceFrame {
  type: 'presence';
  presence: Presence;
  timestamp: string;
}
export interface PongFrame {
  type: 'pong';
  timestamp: string;
}
export interface AuthOkFrame {
  type: 'auth_ok';
  expires_at: string;
  timestamp: string;
}
export interface ErrorFrame {
  type: 'error';
  code: string;
  detail: string;
  retry_after?: number;
  /** With code `timed_out`: when you may type (and write) in the conversation again. */
  until?: string;
  timestamp: string;
}

/** Frames the client sends. */
export type ClientFrame =
  | { type: 'ping' }
  | { type: 'typing'; is_typing: boolean; conversation_id?: string }
  | { type: 'auth'; token: string };
