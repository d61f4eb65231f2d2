import {
  CannotModerateAdmin,
  CannotModerateYourself,
  InvalidTimeout,
  ParticipantNotFound,
  TimedOut,
} from '../errors';
import type { ConversationCommandOf } from './commands';
import type { ConversationEvent } from './events';
import { groupAdmin, refuseWhenArchived } from './guards';
import { type ConversationState, type Participant, timedOutUntil } from './state';

type Events = ConversationEvent[];
type ModerationCommand = ConversationCommandOf<
  'TimeoutParticipant' | 'LiftTimeout' | 'BanParticipant' | 'UnbanParticipant'
>;

/**
 * The moderation rules of a group: its admins time members out and ban users. Admins are not
 * moderated (demote one first) and nobody moderates themselves. Each command is idempotent: timing out
 * until the same time, lifting a timeout that is not running, banning the banned or unbanning someone
 * not banned writes nothing.
 */
export function moderate(
  command: ModerationCommand,
  state: ConversationState,
  actor: Participant,
  at: string,
): Events {
  groupAdmin(state, actor);
  refuseWhenArchived(state);
  if (command.user_id === command.actor.user_id) {
    throw new CannotModerateYourself('user_id: you cannot time out or ban yourself');
  }
  const base = { conversation_id: state.conversationId, user_id: command.user_id };
  const by = command.actor.user_id;
  const target = state.participants.get(command.user_id);
  switch (command.type) {
    case 'TimeoutParticipant': {
      if (!target) throw new ParticipantNotFound('participant not found');
      notAnAdmin(target);
      if (command.until <= command.now) throw new InvalidTimeout('until: must be later than now');
      if (target.timedOutUntil === command.until) return [];
      return [
        {
          type: 'ParticipantTimedOut',
          data: { ...base, until: command.until, timed_out_by: by, timed_out_at: at },
        },
      ];
    }
    case 'LiftTimeout':
      if (!target) throw new ParticipantNotFound('participant not found');
      if (timedOutUntil(target, command.now) === undefined) return [];
      return [{ type: 'ParticipantTimeoutLifted', data: { ...base, lifted_by: by, lifted_at: at } }];
    case 'BanParticipant': {
      if (state.banned.has(command.user_id)) return [];
      if (target) notAnAdmin(target);
      const banned: ConversationEvent = {
        type: 'ParticipantBanned',
        data: { ...base, banned_by: by, reason: command.reason, banned_at: at },
      };
      // A participant is removed first, as any removal is: sockets close, lists drop them.
      if (!target) return [banned];
      return [{ type: 'ParticipantRemoved', data: { ...base, removed_by: by, removed_at: at } }, banned];
    }
    case 'UnbanParticipant':
      if (!state.banned.has(command.user_id)) return [];
      return [{ type: 'ParticipantUnbanned', data: { ...base, unbanned_by: by, unbanned_at: at } }];
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

function notAnAdmin(target: Participant): void {
  if (target.role === 'admin') {
    throw new CannotModerateAdmin('admins are not timed out or banned: change their role to member first');
  }
}

/**
 * A timed-out participant writes nothing (messages, edits, reactions, pins) until the timeout ends.
 * Compared with the command's own clock: the domain has none.
 */
export function refuseWhenTimedOut(
  participant: Pick<Participant, 'timedOutUntil'> | undefined,
  now: string,
): void {
  const until = participant && timedOutUntil(participant, now);
  if (until !== undefined) {
    throw new TimedOut(`you are timed out in this conversation until ${until}`, until);
  }
}
