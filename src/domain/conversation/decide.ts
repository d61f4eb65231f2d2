import { checkContent } from '../content';
import {
  Blocked,
  CannotMessageYourself,
  ConversationAlreadyExists,
  ConversationNotFound,
  InvalidAttachments,
  InvalidEmoji,
  InvalidParticipants,
  LastAdmin,
  MessageDeleted,
  MessageNotFound,
  MissingName,
  NotAllowedInDirectConversation,
  NotAnAdmin,
  NotAParticipant,
  NotMessageAuthor,
  OnlyForYourself,
  ParticipantNotFound,
  TooManyParticipants,
  TooManyPins,
  TooManyReactions,
  UserBanned,
} from '../errors';
import { messageId, parseMessageId } from '../ids';
import { EMOJI_RULE, isReactionEmoji, MAX_REACTIONS_PER_MESSAGE } from '../reaction';
import { laterOf } from '../time';
import type { ConversationCommand, ConversationCommandOf } from './commands';
import type { ConversationEvent, MessageAttachment, MessageType } from './events';
import { evolve } from './evolve';
import { groupAdmin, refuseWhenArchived } from './guards';
import { moderate, refuseWhenTimedOut } from './moderation';
import {
  adminCount,
  type ConversationState,
  initialConversationState,
  messageAuthor,
  type Participant,
  priorSend,
} from './state';

/** A conversation holds at most this many participants unless the command names another cap. */
export const MAX_PARTICIPANTS = 1_000;
/** A conversation has at most this many pinned messages unless the command names another cap. */
export const MAX_PINS = 50;
/** A message carries at most this many attachments. */
export const MAX_ATTACHMENTS = 10;

type Events = ConversationEvent[];

/**
 * Decides what a command means for a conversation: the events to append, none when the command
 * changes nothing (a harmless repeat), or a DomainError.
 *
 * The decider stays in one file (over 300 lines): one exhaustive switch over the commands and the guards
 * they share (participant, admin, archived, known message), read together as the conversation's rules.
 */
export function decide(command: ConversationCommand, state: ConversationState): Events {
  if (command.type === 'CreateConversation') return create(command, state);
  if (command.type === 'SendDirectMessage') return sendDirect(command, state);
  if (state.status === 'none') throw new ConversationNotFound('conversation not found');
  // Time never goes backwards within a conversation, whatever the callers' clocks say.
  const at = laterOf(command.now, state.lastAt);
  if (command.type === 'ModeratorDeleteMessage') {
    knownMessage(state, command.seq);
    return deletion(state, command.seq, command.actor.user_id, at);
  }
  const actor = participantOf(state, command.actor.user_id);
  const base = { conversation_id: state.conversationId };
  switch (command.type) {
    case 'SendMessage':
      return send(command, state, at);
    case 'EditMessage': {
      refuseWhenArchived(state);
      refuseWhenTimedOut(actor, command.now);
      knownMessage(state, command.seq);
      if (messageAuthor(state, command.seq) !== command.actor.user_id) {
        throw new NotMessageAuthor('only the author can edit a message');
      }
      if (state.deletedSeqs.has(command.seq)) throw new MessageDeleted('a deleted message cannot be edited');
      checkContent(command.content);
      const message_id = messageId(state.conversationId, command.seq);
      return [
        {
          type: 'MessageEdited',
          data: {
            ...base,
            message_id,
            seq: command.seq,
            user_id: command.actor.user_id,
            content: command.content,
            edited_at: at,
          },
        },
      ];
    }
    case 'DeleteMessage': {
      knownMessage(state, command.seq);
      if (messageAuthor(state, command.seq) !== command.actor.user_id && actor.role !== 'admin') {
        throw new NotMessageAuthor('only the author or an admin can delete a message');
      }
      return deletion(state, command.seq, command.actor.user_id, at);
    }
    case 'AddReaction':
    case 'RemoveReaction':
      refuseWhenTimedOut(actor, command.now);
      return react(command, state, at);
    case 'PinMessage':
    case 'UnpinMessage':
      refuseWhenTimedOut(actor, command.now);
      return pin(command, state, actor, at);
    case 'TimeoutParticipant':
    case 'LiftTimeout':
    case 'BanParticipant':
    case 'UnbanParticipant':
      return moderate(command, state, actor, at);
    case 'MarkRead': {
      const upTo = command.up_to_seq ?? state.lastSeq;
      if (upTo > state.lastSeq) throw new MessageNotFound('message not found');
      if (upTo <= actor.lastReadSeq) return [];
      const data = {
        ...base,
        user_id: command.actor.user_id,
        last_read_seq: upTo,
        last_read_message_id: messageId(state.conversationId, upTo),
        read_at: at,
      };
      return [{ type: 'ConversationRead', data }];
    }
    case 'SetMuted':
      if (command.user_id !== command.actor.user_id) {
        throw new OnlyForYourself('participants mute a conversation for themselves only');
      }
      if (actor.muted === command.is_muted) return [];
      return command.is_muted
        ? [{ type: 'ParticipantMuted', data: { ...base, user_id: command.actor.user_id, muted_at: at } }]
        : [{ type: 'ParticipantUnmuted', data: { ...base, user_id: command.actor.user_id, unmuted_at: at } }];
    case 'AddParticipant': {
      groupAdmin(state, actor);
      refuseWhenArchived(state);
      if (state.participants.has(command.user_id)) return [];
      if (state.banned.has(command.user_id)) {
        throw new UserBanned('this user is banned from the conversation: unban them first');
      }
      if (command.blocked) throw new Blocked('this user cannot be added by you');
      const cap = command.max_participants ?? MAX_PARTICIPANTS;
      if (state.participants.size >= cap) throw tooMany(cap);
      const data = {
        ...base,
        user_id: command.user_id,
        role: command.role,
        added_by: command.actor.user_id,
        added_at: at,
        last_read_seq: state.lastSeq,
      };
      return [{ type: 'ParticipantAdded', data }];
    }
    case 'RemoveParticipant':
      return remove(command, state, actor, at);
    case 'ChangeParticipantRole': {
      groupAdmin(state, actor);
      refuseWhenArchived(state);
      const target = state.participants.get(command.user_id);
      if (!target) throw new ParticipantNotFound('participant not found');
      if (target.role === command.role) return [];
      if (target.role === 'admin' && adminCount(state) === 1) {
        throw new LastAdmin('the last admin cannot step down: make another participant admin first');
      }
      const data = {
        ...base,
        user_id: command.user_id,
        role: command.role,
        changed_by: command.actor.user_id,
        changed_at: at,
      };
      return [{ type: 'ParticipantRoleChanged', data }];
    }
    case 'UpdateConversation': {
      groupAdmin(state, actor);
      refuseWhenArchived(state);
      const { name, description, avatar_url } = command;
      if (name !== undefined) namedGroup(name);
      if (name === undefined && description === undefined && avatar_url === undefined) return [];
      const changes = {
        ...(name !== undefined && { name }),
        ...(description !== undefined && { description }),
        ...(avatar_url !== undefined && { avatar_url }),
      };
      return [
        {
          type: 'ConversationUpdated',
          data: { ...base, ...changes, updated_by: command.actor.user_id, updated_at: at },
        },
      ];
    }
    case 'ArchiveConversation':
      groupAdmin(state, actor);
      if (state.status === 'archived') return [];
      return [
        {
          type: 'ConversationArchived',
          data: { ...base, archived_by: command.actor.user_id, archived_at: at },
        },
      ];
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

function create(command: ConversationCommandOf<'CreateConversation'>, state: ConversationState): Events {
  if (state.status !== 'none') throw new ConversationAlreadyExists('conversation already exists');
  const creator = command.actor.user_id;
  const others = [...new Set(command.participant_ids)].filter((id) => id !== creator);
  const direct = command.conversation_type === 'direct';
  if (direct) directPartner(creator, command.participant_ids);
  else namedGroup(command.name);
  if (command.blocked) throw new Blocked(BLOCKED);
  const cap = command.max_participants ?? MAX_PARTICIPANTS;
  if (others.length + 1 > cap) throw tooMany(cap);
  const at = command.now;
  const conversation_id = command.conversation_id;
  const added = (user_id: string, role: 'admin' | 'member'): ConversationEvent => ({
    type: 'ParticipantAdded',
    data: { conversation_id, user_id, role, added_by: creator, added_at: at },
  });
  return [
    {
      type: 'ConversationCreated',
      data: {
        conversation_id,
        conversation_type: command.conversation_type,
        name: command.name,
        description: command.description,
        avatar_url: command.avatar_url,
        created_by: creator,
        created_at: at,
      },
    },
    // Nobody administers a direct conversation: its two members are fixed.
    added(creator, direct ? 'member' : 'admin'),
    ...others.map((id) => added(id, 'member')),
  ];
}

/**
 * The other member of a direct conversation `actorId` asks for with `participantIds`: exactly one user
 * besides the actor (the actor may name themselves too). Whoever opens a direct conversation asks
 * here first, since its id derives from the pair.
 */
export function directPartner(actorId: string, participantIds: readonly string[]): string {
  const others = [...new Set(participantIds)].filter((id) => id !== actorId);
  if (participantIds.length > 0 && others.length === 0) {
    throw new CannotMessageYourself('a direct conversation needs another user: you cannot message yourself');
  }
  const [other] = others;
  if (other === undefined || others.length !== 1) {
    throw new InvalidParticipants('a direct conversation has exactly two participants: name one other user');
  }
  return other;
}

function sendDirect(command: ConversationCommandOf<'SendDirectMessage'>, state: ConversationState): Events {
  const { recipient_id, max_participants, conversation_id, ...message } = command;
  if (recipient_id === command.actor.user_id) throw new CannotMessageYourself('you cannot message yourself');
  const send: ConversationCommandOf<'SendMessage'> = { ...message, type: 'SendMessage', reply_to_id: null };
  if (state.status !== 'none') return decide(send, state);
  const opened = create(
    {
      type: 'CreateConversation',
      actor: command.actor,
      now: command.now,
      conversation_id,
      conversation_type: 'direct',
      name: null,
      description: null,
      avatar_url: null,
      participant_ids: [recipient_id],
      max_participants,
    },
    state,
  );
  // The message is decided against the conversation it opens, folded into a state of its own: the
  // caller's state is left untouched whatever the outcome.
  const fresh = opened.reduce(evolve, initialConversationState());
  return [...opened, ...decide(send, fresh)];
}

function send(command: ConversationCommandOf<'SendMessage'>, state: ConversationState, at: string): Events {
  const { actor } = command;
  // A known key: the message exists already; the handler answers with it.
  if (priorSend(state, actor.user_id, sendKeys(command)) !== undefined) return [];
  refuseWhenArchived(state);
  refuseWhenTimedOut(state.participants.get(actor.user_id), command.now);
  if (state.conversationType === 'direct' && command.blocked) throw new Blocked(BLOCKED);
  const attachments = command.attachments ?? [];
  checkAttachments(command.message_type, attachments);
  // A file or an image may go without a caption.
  checkContent(command.content, { mayBeBlank: attachments.length > 0 });
  if (command.reply_to_id !== null) checkReply(state, command.reply_to_id);
  const seq = state.lastSeq + 1;
  return [
    {
      type: 'MessageSent',
      data: {
        conversation_id: state.conversationId,
        message_id: messageId(state.conversationId, seq),
        seq,
        user_id: actor.user_id,
        username: actor.username,
        user_avatar: actor.user_avatar,
        content: command.content,
        message_type: command.message_type,
        reply_to_id: command.reply_to_id,
        client_message_id: command.client_message_id,
        ...(command.idempotency_key != null &&
          command.idempotency_key !== command.client_message_id && {
            idempotency_key: command.idempotency_key,
          }),
        ...(command.forwarded_from !== undefined && { forwarded_from: command.forwarded_from }),
        ...(attachments.length > 0 && { attachments }),
        created_at: at,
      },
    },
  ];
}

/**
 * Attachments go with `image` and `file` messages only, at most MAX_ATTACHMENTS, each once; an image
 * message carries images only. An image or file message may also carry none (content naming a file).
 */
function checkAttachments(type: MessageType, attachments: readonly MessageAttachment[]): void {
  if (attachments.length === 0) return;
  if (type !== 'image' && type !== 'file') {
    throw new InvalidAttachments('attachment_ids: only an image or file message carries attachments');
  }
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new InvalidAttachments(`attachment_ids: at most ${MAX_ATTACHMENTS} attachments per message`);
  }
  const ids = new Set(attachments.map((a) => a.id));
  if (ids.size !== attachments.length) {
    throw new InvalidAttachments('attachment_ids: each attachment may be named once');
  }
  const notImage = attachments.find((a) => !a.media_type.startsWith('image/'));
  if (type === 'image' && notImage !== undefined) {
    throw new InvalidAttachments(
      `attachment_ids: ${notImage.id} is ${notImage.media_type}, not an image: send it as a file message`,
    );
  }
}

function remove(
  command: ConversationCommandOf<'RemoveParticipant'>,
  state: ConversationState,
  actor: Participant,
  at: string,
): Events {
  if (state.conversationType === 'direct') {
    throw new NotAllowedInDirectConversation('participants of a direct conversation cannot change');
  }
  const self = command.user_id === command.actor.user_id;
  if (!self && actor.role !== 'admin') throw new NotAnAdmin('only an admin can remove another participant');
  const target = state.participants.get(command.user_id);
  if (!target) throw new ParticipantNotFound('participant not found');
  const base = { conversation_id: state.conversationId };
  const events: Events = [];
  const othersRemain = state.participants.size > 1;
  if (self && target.role === 'admin' && adminCount(state) === 1 && othersRemain) {
    const successor = command.successor_id;
    if (successor === null) {
      throw new LastAdmin('the last admin cannot leave without naming a successor_id');
    }
    if (successor === command.user_id || !state.participants.has(successor)) {
      throw new ParticipantNotFound('successor must be another participant of the conversation');
    }
    events.push({
      type: 'ParticipantRoleChanged',
      data: { ...base, user_id: successor, role: 'admin', changed_by: command.actor.user_id, changed_at: at },
    });
  }
  events.push({
    type: 'ParticipantRemoved',
    data: { ...base, user_id: command.user_id, removed_by: command.actor.user_id, removed_at: at },
  });
  return events;
}

/**
 * Adding a reaction one already has, or removing one one does not have, changes nothing. A deleted
 * message has no reactions and takes none.
 */
function react(
  command: ConversationCommandOf<'AddReaction' | 'RemoveReaction'>,
  state: ConversationState,
  at: string,
): Events {
  refuseWhenArchived(state);
  knownMessage(state, command.seq);
  const { emoji, seq } = command;
  if (!isReactionEmoji(emoji)) throw new InvalidEmoji(`emoji: must be ${EMOJI_RULE}`);
  const user_id = command.actor.user_id;
  const byEmoji = state.reactions.get(seq);
  const reactors = byEmoji?.get(emoji);
  const message = {
    conversation_id: state.conversationId,
    message_id: messageId(state.conversationId, seq),
    seq,
  };
  if (command.type === 'RemoveReaction') {
    if (!reactors?.has(user_id)) return [];
    const count = reactors.size - 1;
    return [{ type: 'ReactionRemoved', data: { ...message, user_id, emoji, count, removed_at: at } }];
  }
  if (state.deletedSeqs.has(seq)) throw new MessageDeleted('a deleted message takes no reactions');
  if (reactors?.has(user_id)) return [];
  if (!reactors && (byEmoji?.size ?? 0) >= MAX_REACTIONS_PER_MESSAGE) {
    throw new TooManyReactions(
      `a message carries at most ${MAX_REACTIONS_PER_MESSAGE} different reactions: add one of those it has`,
    );
  }
  const count = (reactors?.size ?? 0) + 1;
  return [{ type: 'ReactionAdded', data: { ...message, user_id, emoji, count, reacted_at: at } }];
}

/**
 * Admins pin and unpin in a group; in a direct conversation, which has no admins, both members may.
 * Pinning a pinned message or unpinning one that is not pinned changes nothing.
 */
function pin(
  command: ConversationCommandOf<'PinMessage' | 'UnpinMessage'>,
  state: ConversationState,
  actor: Participant,
  at: string,
): Events {
  if (state.conversationType === 'group' && actor.role !== 'admin') {
    throw new NotAnAdmin('only an admin can pin or unpin messages');
  }
  refuseWhenArchived(state);
  knownMessage(state, command.seq);
  const { seq } = command;
  const message = {
    conversation_id: state.conversationId,
    message_id: messageId(state.conversationId, seq),
    seq,
  };
  const by = command.actor.user_id;
  if (command.type === 'UnpinMessage') {
    if (!state.pins.has(seq)) return [];
    return [{ type: 'MessageUnpinned', data: { ...message, unpinned_by: by, unpinned_at: at } }];
  }
  if (state.deletedSeqs.has(seq)) throw new MessageDeleted('a deleted message cannot be pinned');
  if (state.pins.has(seq)) return [];
  const cap = command.max_pins ?? MAX_PINS;
  if (state.pins.size >= cap) {
    throw new TooManyPins(`a conversation has at most ${cap} pinned messages: unpin one first`);
  }
  return [{ type: 'MessagePinned', data: { ...message, pinned_by: by, pinned_at: at } }];
}

/** The same words whichever of the two blocks the other: the answer reveals no more than that. */
const BLOCKED = 'messages between you and this user are blocked';

/** Deleting a message (once: a deleted one changes nothing); a pinned one is unpinned as its own fact. */
function deletion(state: ConversationState, seq: number, by: string, at: string): Events {
  if (state.deletedSeqs.has(seq)) return [];
  const message = {
    conversation_id: state.conversationId,
    message_id: messageId(state.conversationId, seq),
    seq,
  };
  const deleted: Events = [{ type: 'MessageDeleted', data: { ...message, deleted_by: by, deleted_at: at } }];
  // Pin lists and frames follow the unpinning.
  if (state.pins.has(seq)) {
    deleted.push({ type: 'MessageUnpinned', data: { ...message, unpinned_by: by, unpinned_at: at } });
  }
  return deleted;
}

/** The keys a send is matched by, in the order they are tried. */
export function sendKeys(command: {
  client_message_id: string | null;
  idempotency_key?: string | null | undefined;
}): (string | null | undefined)[] {
  return [command.client_message_id, command.idempotency_key];
}

/** A group is known by its name: it cannot be created or renamed without one. */
function namedGroup(name: string | null): void {
  if (name === null || name.trim() === '')
    throw new MissingName('name: a group conversation needs a non-empty name');
}

function tooMany(cap: number): TooManyParticipants {
  return new TooManyParticipants(`a conversation has at most ${cap} participants, its creator included`);
}

function participantOf(state: ConversationState, userId: string): Participant {
  const participant = state.participants.get(userId);
  if (!participant) throw new NotAParticipant('conversation not found');
  return participant;
}

function knownMessage(state: ConversationState, seq: number): void {
  if (seq > state.lastSeq || messageAuthor(state, seq) === undefined)
    throw new MessageNotFound('message not found');
}

/** Ids are opaque: one that names no message of this conversation, whatever its form, is unknown (404). */
function checkReply(state: ConversationState, replyToId: string): void {
  let target: { conversationId: string; seq: number } | undefined;
  try {
    target = parseMessageId(replyToId);
  } catch {
    target = undefined;
  }
  if (!target || target.conversationId !== state.conversationId || target.seq > state.lastSeq) {
    throw new MessageNotFound('reply_to_id names no message of this conversation');
  }
}
