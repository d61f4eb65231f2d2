import type { Actor } from '../../../src/domain/actor';
import { Blocked, CannotBlockYourself } from '../../../src/domain/errors';
import { blocks, type UserCommand, userDecider } from '../../../src/domain/user/decider';
import type { UserEvent } from '../../../src/domain/user/events';
import { at, command, direct, event, group } from './conversation-fixtures';
import { given as givenConversation, givenFor } from './given-when-then';

const NOW = '2024-03-01T12:00:00.000Z';
const alice: Actor = { user_id: 'alice', username: 'Alice', user_avatar: null };
const given = givenFor(userDecider);

const block = (user_id: string): UserCommand => ({ type: 'BlockUser', actor: alice, user_id, now: NOW });
const unblock = (user_id: string): UserCommand => ({ type: 'UnblockUser', actor: alice, user_id, now: NOW });
const blockedEvent = (blocked_user_id: string): UserEvent => ({
  type: 'UserBlocked',
  data: { user_id: 'alice', blocked_user_id, blocked_at: NOW },
});
const unblockedEvent = (blocked_user_id: string): UserEvent => ({
  type: 'UserUnblocked',
  data: { user_id: 'alice', blocked_user_id, unblocked_at: NOW },
});

describe('BlockUser', () => {
  it('records a block in the blocker’s stream', () => {
    given([])
      .when(block('bob'))
      .then([blockedEvent('bob')]);
  });

  it('blocking twice writes one event', () => {
    given([blockedEvent('bob')])
      .when(block('bob'))
      .thenNothing();
  });

  it('blocking yourself is refused', () => {
    given([]).when(block('alice')).thenThrows(CannotBlockYourself);
  });

  it('blocking again after unblocking is a new fact', () => {
    given([blockedEvent('bob'), unblockedEvent('bob')])
      .when(block('bob'))
      .then([blockedEvent('bob')]);
  });
});

describe('UnblockUser', () => {
  it('lifts a block', () => {
    given([blockedEvent('bob')])
      .when(unblock('bob'))
      .then([unblockedEvent('bob')]);
  });

  it('unblocking someone not blocked writes nothing', () => {
    given([]).when(unblock('bob')).thenNothing();
    given([blockedEvent('bob'), unblockedEvent('bob')])
      .when(unblock('bob'))
      .thenNothing();
  });
});

describe('the user state', () => {
  it('says whom the user blocks', () => {
    const state = [blockedEvent('bob'), blockedEvent('cat'), unblockedEvent('cat')].reduce(
      userDecider.evolve,
      userDecider.initialState(),
    );
    expect(blocks(state, 'bob')).toBe(true);
    expect(blocks(state, 'cat')).toBe(false);
    expect([...state.blocked.keys()]).toEqual(['bob']);
  });
});

describe('a block in a conversation (the handler tells the domain from the users’ streams)', () => {
  it('refuses a message to a direct conversation, whichever member blocks the other', () => {
    givenConversation(direct('ann', 'bob'))
      .when({ ...command.send('bob'), blocked: true })
      .thenThrows(Blocked);
  });

  it('refuses opening a direct conversation with its first message', () => {
    givenConversation([])
      .when({
        type: 'SendDirectMessage',
        actor: { user_id: 'bob', username: 'bob', user_avatar: null },
        now: at(),
        conversation_id: 'c1',
        recipient_id: 'ann',
        content: 'hi',
        message_type: 'text',
        client_message_id: null,
        blocked: true,
      })
      .thenThrows(Blocked);
    givenConversation([])
      .when({ ...command.create('bob', 'direct', ['ann']), blocked: true })
      .thenThrows(Blocked);
  });

  it('refuses adding a user who blocks the admin adding them', () => {
    givenConversation(group('ann'))
      .when({ ...command.add('ann', 'bob'), blocked: true })
      .thenThrows(Blocked);
  });

  it('does not stop messages in a group both take part in', () => {
    givenConversation(group('ann', 'bob'))
      .when({ ...command.send('bob', 'hi'), blocked: true })
      .then([event.sent(1, 'bob', { content: 'hi' })]);
  });
});
