import type { ConversationCommandOf } from '../../../src/domain/conversation/commands';
import { decide } from '../../../src/domain/conversation/decide';
import type { ConversationEvent } from '../../../src/domain/conversation/events';
import { fromSnapshot, toSnapshot } from '../../../src/domain/conversation/snapshot';
import {
  CannotModerateAdmin,
  CannotModerateYourself,
  ConversationArchived,
  InvalidTimeout,
  MessageNotFound,
  NotAllowedInDirectConversation,
  NotAnAdmin,
  ParticipantNotFound,
  TimedOut,
  UserBanned,
} from '../../../src/domain/errors';
import { messageId } from '../../../src/domain/ids';
import { actor, at, CONVERSATION, command, direct, event, group, MINUTE } from './conversation-fixtures';
import { fold, given } from './given-when-then';

const base = { conversation_id: CONVERSATION };

const moderation = {
  timeout: (by: string, user_id: string, until: string, now = at()) =>
    ({ type: 'TimeoutParticipant', actor: actor(by), now, user_id, until }) as const,
  lift: (by: string, user_id: string, now = at()) =>
    ({ type: 'LiftTimeout', actor: actor(by), now, user_id }) as const,
  ban: (by: string, user_id: string, reason: string | null = null, now = at()) =>
    ({ type: 'BanParticipant', actor: actor(by), now, user_id, reason }) as const,
  unban: (by: string, user_id: string, now = at()) =>
    ({ type: 'UnbanParticipant', actor: actor(by), now, user_id }) as const,
  moderatorDelete: (
    by: string,
    seq: number,
    now = at(),
  ): ConversationCommandOf<'ModeratorDeleteMessage'> => ({
    type: 'ModeratorDeleteMessage',
    actor: actor(by),
    now,
    seq,
  }),
};

const timedOut = (user_id: string, until: string, by = 'ann', when = at()): ConversationEvent => ({
  type: 'ParticipantTimedOut',
  data: { ...base, user_id, until, timed_out_by: by, timed_out_at: when },
});
const lifted = (user_id: string, by = 'ann', when = at()): ConversationEvent => ({
  type: 'ParticipantTimeoutLifted',
  data: { ...base, user_id, lifted_by: by, lifted_at: when },
});
const banned = (
  user_id: string,
  by = 'ann',
  reason: string | null = null,
  when = at(),
): ConversationEvent => ({
  type: 'ParticipantBanned',
  data: { ...base, user_id, banned_by: by, reason, banned_at: when },
});
const unbanned = (user_id: string, by = 'ann', when = at()): ConversationEvent => ({
  type: 'ParticipantUnbanned',
  data: { ...base, user_id, unbanned_by: by, unbanned_at: when },
});

const UNTIL = at(10 * MINUTE);

describe('TimeoutParticipant', () => {
  it('an admin times a member out until a later time', () => {
    given(group('ann', 'bob'))
      .when(moderation.timeout('ann', 'bob', UNTIL))
      .then([timedOut('bob', UNTIL)]);
  });

  it('timing out until the same time again writes nothing; another time is a new fact', () => {
    given([...group('ann', 'bob'), timedOut('bob', UNTIL)])
      .when(moderation.timeout('ann', 'bob', UNTIL))
      .thenNothing();
    given([...group('ann', 'bob'), timedOut('bob', UNTIL)])
      .when(moderation.timeout('ann', 'bob', at(20 * MINUTE)))
      .then([timedOut('bob', at(20 * MINUTE))]);
  });

  it('refuses a time that is not later than now', () => {
    given(group('ann', 'bob'))
      .when(moderation.timeout('ann', 'bob', at()))
      .thenThrows(InvalidTimeout);
  });

  it('refuses members, oneself, admins, unknown participants, direct and archived conversations', () => {
    given(group('ann', 'bob', 'cat'))
      .when(moderation.timeout('bob', 'cat', UNTIL))
      .thenThrows(NotAnAdmin);
    given(group('ann', 'bob'))
      .when(moderation.timeout('ann', 'ann', UNTIL))
      .thenThrows(CannotModerateYourself);
    given([...group('ann', 'bob'), event.roleChanged('bob', 'admin', 'ann')])
      .when(moderation.timeout('ann', 'bob', UNTIL))
      .thenThrows(CannotModerateAdmin);
    given(group('ann', 'bob'))
      .when(moderation.timeout('ann', 'zed', UNTIL))
      .thenThrows(ParticipantNotFound);
    given(direct('ann', 'bob'))
      .when(moderation.timeout('ann', 'bob', UNTIL))
      .thenThrows(NotAllowedInDirectConversation);
    given([...group('ann', 'bob'), event.archived('ann')])
      .when(moderation.timeout('ann', 'bob', UNTIL))
      .thenThrows(ConversationArchived);
  });
});

describe('a timed-out participant', () => {
  const history = [...group('ann', 'bob'), event.sent(1, 'bob'), timedOut('bob', UNTIL)];

  it('cannot send, edit, react or pin before the timeout ends', () => {
    given(history).when(command.send('bob')).thenThrows(TimedOut);
    given(history).when(command.edit('bob', 1)).thenThrows(TimedOut);
    given(history)
      .when(command.react('bob', 1, ':+1:'))
      .thenThrows(TimedOut);
    given(history)
      .when(command.unreact('bob', 1, ':+1:'))
      .thenThrows(TimedOut);
  });

  it('is told until when, in the error', () => {
    expect(() => decide(command.send('bob'), fold(history))).toThrow(
      expect.objectContaining({ code: 'timed_out', details: { until: UNTIL } }),
    );
  });

  it('may still read, mark read, delete their own message and leave', () => {
    given(history)
      .when(command.delete('bob', 1))
      .then([event.deleted(1, 'bob')]);
    given(history)
      .when(command.remove('bob', 'bob'))
      .then([event.removed('bob', 'bob')]);
  });

  it('writes again once the time has come, or once the timeout is lifted', () => {
    given(history)
      .when(command.send('bob', 'back', { now: UNTIL }))
      .then([event.sent(2, 'bob', { content: 'back', when: UNTIL })]);
    given([...history, lifted('bob')])
      .when(command.send('bob', 'back'))
      .then([event.sent(2, 'bob', { content: 'back' })]);
  });

  it('others are not affected', () => {
    given(history)
      .when(command.send('ann', 'hi'))
      .then([event.sent(2, 'ann', { content: 'hi' })]);
  });
});

describe('LiftTimeout', () => {
  it('lifts a running timeout', () => {
    given([...group('ann', 'bob'), timedOut('bob', UNTIL)])
      .when(moderation.lift('ann', 'bob'))
      .then([lifted('bob')]);
  });

  it('writes nothing when no timeout runs (never timed out, lifted, or ended)', () => {
    given(group('ann', 'bob')).when(moderation.lift('ann', 'bob')).thenNothing();
    given([...group('ann', 'bob'), timedOut('bob', UNTIL), lifted('bob')])
      .when(moderation.lift('ann', 'bob'))
      .thenNothing();
    given([...group('ann', 'bob'), timedOut('bob', UNTIL)])
      .when(moderation.lift('ann', 'bob', UNTIL))
      .thenNothing();
  });
});

describe('BanParticipant', () => {
  it('removes a participant and bans them, as two facts', () => {
    given(group('ann', 'bob'))
      .when(moderation.ban('ann', 'bob', 'spam'))
      .then([event.removed('bob', 'ann'), banned('bob', 'ann', 'spam')]);
  });

  it('bans a user who is not a participant without removing anyone', () => {
    given(group('ann'))
      .when(moderation.ban('ann', 'zed'))
      .then([banned('zed')]);
  });

  it('banning the banned writes nothing', () => {
    given([...group('ann', 'bob'), event.removed('bob', 'ann'), banned('bob')])
      .when(moderation.ban('ann', 'bob'))
      .thenNothing();
  });

  it('refuses members, oneself and admins', () => {
    given(group('ann', 'bob', 'cat'))
      .when(moderation.ban('bob', 'cat'))
      .thenThrows(NotAnAdmin);
    given(group('ann', 'bob')).when(moderation.ban('ann', 'ann')).thenThrows(CannotModerateYourself);
    given([...group('ann', 'bob'), event.roleChanged('bob', 'admin', 'ann')])
      .when(moderation.ban('ann', 'bob'))
      .thenThrows(CannotModerateAdmin);
  });

  it('a banned user cannot be added back until unbanned', () => {
    const history = [...group('ann', 'bob'), event.removed('bob', 'ann'), banned('bob')];
    given(history).when(command.add('ann', 'bob')).thenThrows(UserBanned);
    given([...history, unbanned('bob')])
      .when(command.add('ann', 'bob'))
      .then([event.added('bob', 'member', 'ann', at(), 0)]);
  });
});

describe('UnbanParticipant', () => {
  it('unbans a banned user; unbanning someone not banned writes nothing', () => {
    given([...group('ann'), banned('bob')])
      .when(moderation.unban('ann', 'bob'))
      .then([unbanned('bob')]);
    given(group('ann')).when(moderation.unban('ann', 'bob')).thenNothing();
  });
});

describe('ModeratorDeleteMessage', () => {
  it('deletes any message without taking part in the conversation, unpinning it', () => {
    given([...group('ann', 'bob'), event.sent(1, 'bob'), event.pinned(1, 'ann')])
      .when(moderation.moderatorDelete('mod', 1))
      .then([
        event.deleted(1, 'mod'),
        {
          type: 'MessageUnpinned',
          data: {
            ...base,
            message_id: messageId(CONVERSATION, 1),
            seq: 1,
            unpinned_by: 'mod',
            unpinned_at: at(),
          },
        },
      ]);
  });

  it('writes nothing for a deleted message and refuses an unknown one', () => {
    given([...group('ann', 'bob'), event.sent(1, 'bob'), event.deleted(1, 'bob')])
      .when(moderation.moderatorDelete('mod', 1))
      .thenNothing();
    given(group('ann')).when(moderation.moderatorDelete('mod', 3)).thenThrows(MessageNotFound);
  });
});

describe('the snapshot', () => {
  it('keeps timeouts and bans', () => {
    const state = fold([
      ...group('ann', 'bob', 'cat'),
      timedOut('bob', UNTIL),
      event.removed('cat', 'ann'),
      banned('cat'),
    ]);
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state))));
    expect(back.participants.get('bob')?.timedOutUntil).toBe(UNTIL);
    expect([...back.banned]).toEqual(['cat']);
  });
});
