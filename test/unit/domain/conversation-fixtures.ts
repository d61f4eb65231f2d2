import type { Actor } from '../../../src/domain/actor';
import type { ConversationCommand, ConversationCommandOf } from '../../../src/domain/conversation/commands';
import type {
  ConversationEvent,
  ConversationType,
  ParticipantRole,
} from '../../../src/domain/conversation/events';
import { messageId } from '../../../src/domain/ids';

/** Builders for the events and commands of conversation `c1`, so tests state only what matters. */
export const CONVERSATION = 'c1';
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
const T0 = Date.parse('2024-03-01T12:00:00.000Z');

/** A timestamp `ms` after the fixtures' epoch, as `toISOString` writes it. */
export function at(ms = 0): string {
  return new Date(T0 + ms).toISOString();
}

export function actor(userId: string): Actor {
  return { user_id: userId, username: userId, user_avatar: null };
}

const base = { conversation_id: CONVERSATION };

export const event = {
  created: (by: string, conversation_type: ConversationType = 'group', when = at()): ConversationEvent => ({
    type: 'ConversationCreated',
    data: {
      ...base,
      conversation_type,
      // A group needs a name; a direct conversation has none.
      name: conversation_type === 'group' ? 'Team' : null,
      description: null,
      avatar_url: null,
      created_by: by,
      created_at: when,
    },
  }),
  /** `last_read_seq` is what an AddParticipant records; a creation leaves it out. */
  added: (
    user_id: string,
    role: ParticipantRole,
    by: string,
    when = at(),
    last_read_seq?: number,
  ): ConversationEvent => ({
    type: 'ParticipantAdded',
    data: {
      ...base,
      user_id,
      role,
      added_by: by,
      added_at: when,
      ...(last_read_seq !== undefined && { last_read_seq }),
    },
  }),
  removed: (user_id: string, by: string, when = at()): ConversationEvent => ({
    type: 'ParticipantRemoved',
    data: { ...base, user_id, removed_by: by, removed_at: when },
  }),
  roleChanged: (user_id: string, role: ParticipantRole, by: string, when = at()): ConversationEvent => ({
    type: 'ParticipantRoleChanged',
    data: { ...base, user_id, role, changed_by: by, changed_at: when },
  }),
  muted: (user_id: string, when = at()): ConversationEvent => ({
    type: 'ParticipantMuted',
    data: { ...base, user_id, muted_at: when },
  }),
  unmuted: (user_id: string, when = at()): ConversationEvent => ({
    type: 'ParticipantUnmuted',
    data: { ...base, user_id, unmuted_at: when },
  }),
  archived: (by: string, when = at()): ConversationEvent => ({
    type: 'ConversationArchived',
    data: { ...base, archived_by: by, archived_at: when },
  }),
  sent: (
    seq: number,
    user_id: string,
    options: {
      content?: string;
      reply_to_id?: string | null;
      client_message_id?: string | null;
      when?: string;
    } = {},
  ): ConversationEvent => ({
    type: 'MessageSent',
    data: {
      ...base,
      message_id: messageId(CONVERSATION, seq),
      seq,
      user_id,
      username: user_id,
      user_avatar: null,
      content: options.content ?? `message ${seq}`,
      message_type: 'text',
      reply_to_id: options.reply_to_id ?? null,
      client_message_id: options.client_message_id ?? null,
      created_at: options.when ?? at(),
    },
  }),
  edited: (seq: number, user_id: string, content: string, when = at()): ConversationEvent => ({
    type: 'MessageEdited',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, user_id, content, edited_at: when },
  }),
  deleted: (seq: number, by: string, when = at()): ConversationEvent => ({
    type: 'MessageDeleted',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, deleted_by: by, deleted_at: when },
  }),
  reacted: (seq: number, user_id: string, emoji: string, count: number, when = at()): ConversationEvent => ({
    type: 'ReactionAdded',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, user_id, emoji, count, reacted_at: when },
  }),
  unreacted: (
    seq: number,
    user_id: string,
    emoji: string,
    count: number,
    when = at(),
  ): ConversationEvent => ({
    type: 'ReactionRemoved',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, user_id, emoji, count, removed_at: when },
  }),
  pinned: (seq: number, by: string, when = at()): ConversationEvent => ({
    type: 'MessagePinned',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, pinned_by: by, pinned_at: when },
  }),
  unpinned: (seq: number, by: string, when = at()): ConversationEvent => ({
    type: 'MessageUnpinned',
    data: { ...base, message_id: messageId(CONVERSATION, seq), seq, unpinned_by: by, unpinned_at: when },
  }),
  read: (user_id: string, seq: number, when = at()): ConversationEvent => ({
    type: 'ConversationRead',
    data: {
      ...base,
      user_id,
      last_read_seq: seq,
      last_read_message_id: messageId(CONVERSATION, seq),
      read_at: when,
    },
  }),
};

/** Group `c1` created by `admin` (its only admin) with `members` as members. */
export function group(admin: string, ...members: string[]): ConversationEvent[] {
  return [
    event.created(admin),
    event.added(admin, 'admin', admin),
    ...members.map((m) => event.added(m, 'member', admin)),
  ];
}

/** Direct conversation `c1` between `a` (who opened it) and `b`. */
export function direct(a: string, b: string): ConversationEvent[] {
  return [event.created(a, 'direct'), event.added(a, 'member', a), event.added(b, 'member', a)];
}

type Without<T extends ConversationCommand['type']> = Omit<
  ConversationCommandOf<T>,
  'type' | 'actor' | 'now'
>;

function commandOf<T extends ConversationCommand['type']>(type: T) {
  return (by: string, data: Without<T>, now = at()) =>
    ({ type, actor: actor(by), now, ...data }) as ConversationCommandOf<T>;
}

export const command = {
  create: (by: string, conversation_type: ConversationType, participant_ids: string[], now = at()) =>
    commandOf('CreateConversation')(
      by,
      {
        conversation_id: CONVERSATION,
        conversation_type,
        name: conversation_type === 'group' ? 'Team' : null,
        description: null,
        avatar_url: null,
        participant_ids,
      },
      now,
    ),
  send: (
    by: string,
    content = 'hello',
    options: {
      reply_to_id?: string | null;
      client_message_id?: string | null;
      idempotency_key?: string | null;
      now?: string;
    } = {},
  ) =>
    commandOf('SendMessage')(
      by,
      {
        content,
        message_type: 'text',
        reply_to_id: options.reply_to_id ?? null,
        client_message_id: options.client_message_id ?? null,
        ...(options.idempotency_key !== undefined && { idempotency_key: options.idempotency_key }),
      },
      options.now,
    ),
  edit: (by: string, seq: number, content = 'edited', now = at()) =>
    commandOf('EditMessage')(by, { seq, content }, now),
  delete: (by: string, seq: number, now = at()) => commandOf('DeleteMessage')(by, { seq }, now),
  markRead: (by: string, up_to_seq: number | null = null, now = at()) =>
    commandOf('MarkRead')(by, { up_to_seq }, now),
  setMuted: (by: string, is_muted: boolean, now = at()) =>
    commandOf('SetMuted')(by, { user_id: by, is_muted }, now),
  add: (by: string, user_id: string, role: ParticipantRole = 'member', now = at()) =>
    commandOf('AddParticipant')(by, { user_id, role }, now),
  remove: (by: string, user_id: string, successor_id: string | null = null, now = at()) =>
    commandOf('RemoveParticipant')(by, { user_id, successor_id }, now),
  changeRole: (by: string, user_id: string, role: ParticipantRole, now = at()) =>
    commandOf('ChangeParticipantRole')(by, { user_id, role }, now),
  update: (by: string, changes: Without<'UpdateConversation'>, now = at()) =>
    commandOf('UpdateConversation')(by, changes, now),
  archive: (by: string, now = at()) => commandOf('ArchiveConversation')(by, {}, now),
  react: (by: string, seq: number, emoji: string, now = at()) =>
    commandOf('AddReaction')(by, { seq, emoji }, now),
  unreact: (by: string, seq: number, emoji: string, now = at()) =>
    commandOf('RemoveReaction')(by, { seq, emoji }, now),
  pin: (by: string, seq: number, max_pins?: number, now = at()) =>
    commandOf('PinMessage')(by, { seq, ...(max_pins !== undefined && { max_pins }) }, now),
  unpin: (by: string, seq: number, now = at()) => commandOf('UnpinMessage')(by, { seq }, now),
};
