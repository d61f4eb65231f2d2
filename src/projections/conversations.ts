import type { ConversationEventOf } from '../domain/conversation/events';
import { UserErased } from '../domain/user/events';
import { ERASED_USERNAME } from '../privacy/personal-fields';
import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, update, updateAll, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent, Projection } from './projection';

/** Longest last-message preview kept in a conversation list. */
export const PREVIEW_CHARS = 200;

/**
 * Conversation lists and participants. Unread counts come from the conversation's last seq, each
 * participant's last read seq and the deleted messages: a constant number of writes per message,
 * never one per member.
 */
export const conversationsProjection: Projection = {
  name: 'conversations',
  tables: TABLE_GROUPS.conversations,
  // `user`: an erasure (UserErased) rewrites the erased user's rows.
  categories: ['conversation', 'user'],
  project(raw: ProjectedEvent): Change[] {
    if (raw.type === 'UserErased' && raw.streamId.startsWith('user-')) {
      // Previews of an erased user's last messages (a rebuild gets there by failing to decrypt them).
      const { user_id } = UserErased.parse({ type: raw.type, data: raw.data }).data;
      return [
        updateAll(
          'conversations',
          { last_message_user_id: user_id },
          { last_message_content: '', last_message_username: ERASED_USERNAME },
        ),
      ];
    }
    if (!raw.streamId.startsWith('conversation-')) return [];
    const event = conversationEventOf(raw);
    const conversation = { id: event.data.conversation_id };
    switch (event.type) {
      case 'ConversationCreated': {
        const d = event.data;
        return [
          upsert('conversations', conversation, {
            conversation_type: d.conversation_type,
            name: d.name,
            description: d.description,
            avatar_url: d.avatar_url,
            created_by: d.created_by,
            created_at: d.created_at,
            updated_at: d.created_at,
            is_active: true,
            activity_at: d.created_at,
            ...lastMessageColumns(undefined),
          }),
        ];
      }
      case 'ConversationUpdated': {
        const { name, description, avatar_url, updated_at } = event.data;
        return [
          update('conversations', conversation, {
            ...(name !== undefined && { name }),
            ...(description !== undefined && { description }),
            ...(avatar_url !== undefined && { avatar_url }),
            updated_at,
          }),
        ];
      }
      case 'ConversationArchived':
        return [
          update('conversations', conversation, { is_active: false, updated_at: event.data.archived_at }),
        ];
      case 'ParticipantAdded': {
        const d = event.data;
        return [
          upsert(
            'participants',
            { conversation_id: d.conversation_id, user_id: d.user_id },
            {
              role: d.role,
              is_muted: false,
              joined_at: d.added_at,
              last_read_seq: d.last_read_seq ?? 0,
              last_read_at: null,
              removed: false,
            },
          ),
        ];
      }
      case 'ParticipantRemoved':
        return [participant(event.data, { removed: true })];
      case 'ParticipantRoleChanged':
        return [participant(event.data, { role: event.data.role })];
      case 'ParticipantMuted':
        return [participant(event.data, { is_muted: true })];
      case 'ParticipantUnmuted':
        return [participant(event.data, { is_muted: false })];
      case 'MessageSent': {
        const d = event.data;
        return [
          update('conversations', conversation, { activity_at: d.created_at, ...lastMessageColumns(d) }),
          // Sending reads the conversation up to one's own message, as the domain decides.
          participant(d, { last_read_seq: d.seq, last_read_at: d.created_at }),
        ];
      }
      case 'MessageEdited': {
        const d = event.data;

        return [
          update(
            'conversations',
            conversation,
            { last_message_content: preview(d.content) },
            { last_message_id: d.message_id },
          ),
        ];
      }
      case 'MessageDeleted': {
        const d = event.data;
        return [
          upsert('deletions', { conversation_id: d.conversation_id, seq: d.seq }, {}),
          update(
            'conversations',
            conversation,
            { last_message_content: '', last_message_is_deleted: true },
            { last_message_id: d.message_id },
          ),
        ];
      }
      case 'ConversationRead':
        return [
          participant(event.data, {
            last_read_seq: event.data.last_read_seq,
            last_read_at: event.data.read_at,
          }),
        ];
      // Reactions and pins live in the annotations projection; they change no conversation list.
      case 'ReactionAdded':
      case 'ReactionRemoved':
      case 'MessagePinned':
      case 'MessageUnpinned':
        return [];
      // Moderation changes no conversation list: a ban's removal is its own ParticipantRemoved.
      case 'ParticipantTimedOut':
      case 'ParticipantTimeoutLifted':
      case 'ParticipantBanned':
      case 'ParticipantUnbanned':
        return [];
      default: {
        const _never: never = event;
        return _never;
      }
    }
  },
};

/** The first PREVIEW_CHARS code points: a text of no more UTF-16 units than that has no more code points. */
function preview(content: string): string {
  return content.length <= PREVIEW_CHARS ? content : [...content].slice(0, PREVIEW_CHARS).join('');
}

function participant(
  d: { conversation_id: string; user_id: string },
  set: Record<string, string | number | boolean | null>,
): Change {
  return update('participants', { conversation_id: d.conversation_id, user_id: d.user_id }, set);
}

/** The conversation's last-message columns: from the message just sent, or empty at creation. */
function lastMessageColumns(d: ConversationEventOf<'MessageSent'>['data'] | undefined) {
  return {
    last_seq: d?.seq ?? 0,
    last_message_at: d?.created_at ?? null,
    last_message_id: d?.message_id ?? null,
    last_message_user_id: d?.user_id ?? null,
    last_message_username: d?.username ?? null,
    last_message_content: d ? preview(d.content) : null,
    last_message_type: d?.message_type ?? null,
    last_message_is_deleted: d ? false : null,
  };
}
