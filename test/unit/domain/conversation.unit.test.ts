import { MAX_CONTENT_CHARS } from '../../../src/domain/content';
import type { ConversationCommand } from '../../../src/domain/conversation/commands';
import { MAX_PARTICIPANTS } from '../../../src/domain/conversation/decide';
import type { ConversationEvent } from '../../../src/domain/conversation/events';
import { IDEMPOTENCY_WINDOW_MS } from '../../../src/domain/conversation/evolve';
import {
  CannotMessageYourself,
  ContentTooLong,
  ConversationAlreadyExists,
  ConversationArchived,
  ConversationNotFound,
  EmptyContent,
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
} from '../../../src/domain/errors';
import { at, CONVERSATION, command, DAY, direct, event, group, MINUTE } from './conversation-fixtures';
import { given } from './given-when-then';

const users = (count: number) => Array.from({ length: count }, (_, i) => `user-${i}`);
const groupOf = (size: number) => group('alice', ...users(size - 1));

describe('CreateConversation', () => {
  it('makes the creator the admin of a group and everyone else a member, once each', () => {
    given([])
      .when(command.create('alice', 'group', ['bob', 'alice', 'carol', 'bob']))
      .then(group('alice', 'bob', 'carol'));
  });

  it('opens a direct conversation with two members and no admin', () => {
    given([])
      .when(command.create('alice', 'direct', ['bob']))
      .then(direct('alice', 'bob'));
  });

  it('accepts the creator among the two participants of a direct conversation', () => {
    given([])
      .when(command.create('alice', 'direct', ['alice', 'bob']))
      .then(direct('alice', 'bob'));
  });

  it('refuses to create a conversation twice', () => {
    given(group('alice', 'bob'))
      .when(command.create('alice', 'group', ['carol']))
      .thenThrows(ConversationAlreadyExists);
  });

  it('refuses to create an archived conversation again', () => {
    given([...group('alice'), event.archived('alice')])
      .when(command.create('alice', 'group', []))
      .thenThrows(ConversationAlreadyExists);
  });

  it.each([[['alice']], [['alice', 'alice']]])('refuses a direct conversation with yourself (%j)', (ids) => {
    given([])
      .when(command.create('alice', 'direct', ids))
      .thenThrows(CannotMessageYourself);
  });

  it.each([
    ['nobody else', []],
    ['two other users', ['bob', 'carol']],
  ])('refuses a direct conversation with %s', (_, participantIds) => {
    given([])
      .when(command.create('alice', 'direct', participantIds))
      .thenThrows(InvalidParticipants);
  });

  it(`accepts a group of exactly ${MAX_PARTICIPANTS} participants`, () => {
    given([])
      .when(command.create('alice', 'group', users(MAX_PARTICIPANTS - 1)))
      .then(groupOf(MAX_PARTICIPANTS));
  });

  it(`refuses a group of more than ${MAX_PARTICIPANTS} participants`, () => {
    given([])
      .when(command.create('alice', 'group', users(MAX_PARTICIPANTS)))
      .thenThrows(TooManyParticipants);
  });
});

describe('a group without a name', () => {
  it('cannot be created', () => {
    for (const name of [null, '', '   ']) {
      given([])
        .when({ ...command.create('alice', 'group', ['bob']), name })
        .thenThrows(MissingName);
    }
  });

  it('cannot come about by a rename', () => {
    given(group('alice', 'bob'))
      .when(command.update('alice', { name: ' ' }))
      .thenThrows(MissingName);
  });
});

describe('a conversation that does not exist', () => {
  it.each<[string, ConversationCommand]>([
    ['send', command.send('alice')],
    ['edit', command.edit('alice', 1)],
    ['delete', command.delete('alice', 1)],
    ['mark read', command.markRead('alice')],
    ['mute', command.setMuted('alice', true)],
    ['add', command.add('alice', 'bob')],
    ['remove', command.remove('alice', 'alice')],
    ['change a role', command.changeRole('alice', 'bob', 'admin')],
    ['update', command.update('alice', { name: 'x' })],
    ['archive', command.archive('alice')],
  ])('cannot be asked to %s', (_, when) => {
    given([]).when(when).thenThrows(ConversationNotFound);
  });
});

describe('someone who is not a participant', () => {
  const history = [...group('alice', 'bob'), event.sent(1, 'alice')];

  it.each<[string, ConversationCommand]>([
    ['send', command.send('mallory')],
    ['read', command.markRead('mallory')],
    ['edit', command.edit('mallory', 1)],
    ['delete', command.delete('mallory', 1)],
    ['mute', command.setMuted('mallory', true)],
    ['add someone', command.add('mallory', 'carol')],
    ['remove someone', command.remove('mallory', 'bob')],
    ['archive', command.archive('mallory')],
  ])('cannot %s', (_, when) => {
    given(history).when(when).thenThrows(NotAParticipant);
  });

  it('includes a participant who has left: they can no longer send nor edit their messages', () => {
    const left = [...history, event.sent(2, 'bob'), event.removed('bob', 'bob')];
    given(left).when(command.send('bob')).thenThrows(NotAParticipant);
    given(left).when(command.edit('bob', 2)).thenThrows(NotAParticipant);
  });
});

describe('SendMessage', () => {
  it('appends the first message as seq 1 with id <conversationId>.1', () => {
    given(group('alice', 'bob'))
      .when(command.send('bob', 'hi'))
      .then([
        {
          type: 'MessageSent',
          data: {
            conversation_id: 'c1',
            message_id: 'c1.1',
            seq: 1,
            user_id: 'bob',
            username: 'bob',
            user_avatar: null,
            content: 'hi',
            message_type: 'text',
            reply_to_id: null,
            client_message_id: null,
            created_at: at(),
          },
        },
      ]);
  });

  it('numbers each message one after the last', () => {
    given([...group('alice', 'bob'), event.sent(1, 'alice'), event.sent(2, 'bob')])
      .when(command.send('alice', 'third'))
      .then([event.sent(3, 'alice', { content: 'third' })]);
  });

  it('never dates a message before what the conversation has already recorded, whatever the sender clock says', () => {
    given([...group('alice', 'bob'), event.sent(1, 'alice', { when: at(10 * MINUTE) })])
      .when(command.send('bob', 'late clock', { now: at(MINUTE) }))
      .then([event.sent(2, 'bob', { content: 'late clock', when: at(10 * MINUTE) })]);
  });

  it('uses the sender clock when it is ahead', () => {
    given([...group('alice', 'bob'), event.sent(1, 'alice')])
      .when(command.send('bob', 'later', { now: at(MINUTE) }))
      .then([event.sent(2, 'bob', { content: 'later', when: at(MINUTE) })]);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t\u00a0 '],
  ])('refuses %s content', (_, content) => {
    given(group('alice')).when(command.send('alice', content)).thenThrows(EmptyContent);
  });

  it(`accepts exactly ${MAX_CONTENT_CHARS} code points, even when each takes two UTF-16 units`, () => {
    const content = '😀'.repeat(MAX_CONTENT_CHARS);
    given(group('alice'))
      .when(command.send('alice', content))
      .then([event.sent(1, 'alice', { content })]);
  });

  it.each([
    ['letters', 'a'],
    ['emoji', '😀'],
  ])(`refuses more than ${MAX_CONTENT_CHARS} code points of %s`, (_, unit) => {
    given(group('alice'))
      .when(command.send('alice', unit.repeat(MAX_CONTENT_CHARS + 1)))
      .thenThrows(ContentTooLong);
  });

  it('is refused in an archived conversation', () => {
    given([...group('alice', 'bob'), event.archived('alice')])
      .when(command.send('bob'))
      .thenThrows(ConversationArchived);
  });

  describe('as a reply', () => {
    const history = [...group('alice', 'bob'), event.sent(1, 'alice'), event.sent(2, 'bob')];

    it('may answer any earlier message of the conversation', () => {
      given(history)
        .when(command.send('bob', 'yes', { reply_to_id: 'c1.1' }))
        .then([event.sent(3, 'bob', { content: 'yes', reply_to_id: 'c1.1' })]);
    });

    it('may answer a deleted message', () => {
      given([...history, event.deleted(1, 'alice')])
        .when(command.send('bob', 'yes', { reply_to_id: 'c1.1' }))
        .then([event.sent(3, 'bob', { content: 'yes', reply_to_id: 'c1.1' })]);
    });

    it.each([
      ["another conversation's message", 'c2.1'],
      ['a message not sent yet', 'c1.3'],
      ['a message far in the future', 'c1.999999999999999'],
    ])('answers a reply to %s as an unknown message', (_, replyTo) => {
      given(history)
        .when(command.send('bob', 'yes', { reply_to_id: replyTo }))
        .thenThrows(MessageNotFound);
    });

    it.each([
      ['seq zero', 'c1.0'],
      ['a negative seq', 'c1.-1'],
      ['a zero-padded seq', 'c1.01'],
      ['garbage', 'not a message id'],
      ['an empty id', ''],
      ['a bare seq', '1'],
      ['a missing seq', 'c1.'],
    ])('refuses to name %s', (_, replyTo) => {
      given(history)
        .when(command.send('bob', 'yes', { reply_to_id: replyTo }))
        .thenThrows(MessageNotFound);
    });
  });

  describe('with an idempotency key', () => {
    const keyed = [...group('alice', 'bob'), event.sent(1, 'alice', { client_message_id: 'k1' })];

    it('records the key on the message it creates', () => {
      given(group('alice'))
        .when(command.send('alice', 'hello', { client_message_id: 'k1' }))
        .then([event.sent(1, 'alice', { content: 'hello', client_message_id: 'k1' })]);
    });

    it('appends nothing when the sender repeats a key it used', () => {
      given(keyed)
        .when(command.send('alice', 'hello', { client_message_id: 'k1' }))
        .thenNothing();
    });

    it('appends nothing for a repeated key even once the conversation is archived', () => {
      given([...keyed, event.archived('alice')])
        .when(command.send('alice', 'hello', { client_message_id: 'k1' }))
        .thenNothing();
    });

    it('creates a message when another user happens to use the same key', () => {
      given(keyed)
        .when(command.send('bob', 'hello', { client_message_id: 'k1' }))
        .then([event.sent(2, 'bob', { content: 'hello', client_message_id: 'k1' })]);
    });

    it('creates a message for a new key of the same sender', () => {
      given(keyed)
        .when(command.send('alice', 'hello', { client_message_id: 'k2' }))
        .then([event.sent(2, 'alice', { content: 'hello', client_message_id: 'k2' })]);
    });

    it(`still remembers the key ${IDEMPOTENCY_WINDOW_MS / DAY} days later`, () => {
      given([...keyed, event.sent(2, 'bob', { when: at(IDEMPOTENCY_WINDOW_MS) })])
        .when(command.send('alice', 'hello', { client_message_id: 'k1', now: at(IDEMPOTENCY_WINDOW_MS) }))
        .thenNothing();
    });

    it('with two keys, repeats the earlier send when either key matches, and remembers both', () => {
      const twoKeys = { client_message_id: 'app-1', idempotency_key: 'http-1' };
      given(group('alice'))
        .when(command.send('alice', 'hello', twoKeys))
        .then([
          {
            type: 'MessageSent',
            data: {
              ...event.sent(1, 'alice', { content: 'hello', client_message_id: 'app-1' }).data,
              idempotency_key: 'http-1',
            },
          } as ConversationEvent,
        ]);
      const sent = {
        type: 'MessageSent',
        data: { ...event.sent(1, 'alice', { client_message_id: 'app-1' }).data, idempotency_key: 'http-1' },
      } as ConversationEvent;
      given([...group('alice'), sent])
        .when(command.send('alice', 'hello', { client_message_id: 'app-1', idempotency_key: 'http-2' }))
        .thenNothing();
      given([...group('alice'), sent])
        .when(command.send('alice', 'hello', { client_message_id: 'app-2', idempotency_key: 'http-1' }))
        .thenNothing();
      given([...group('alice'), sent])
        .when(command.send('alice', 'hello', { client_message_id: 'http-1', idempotency_key: null }))
        .thenNothing();
    });

    it(`forgets the key once a message is sent more than ${IDEMPOTENCY_WINDOW_MS / DAY} days after it`, () => {
      const later = at(IDEMPOTENCY_WINDOW_MS + 1);
      given([...keyed, event.sent(2, 'bob', { when: later })])
        .when(command.send('alice', 'hello', { client_message_id: 'k1', now: later }))
        .then([event.sent(3, 'alice', { content: 'hello', client_message_id: 'k1', when: later })]);
    });
  });
});

describe('SendDirectMessage', () => {
  const first = (content: string): ConversationCommand => ({
    type: 'SendDirectMessage',
    actor: { user_id: 'alice', username: 'alice', user_avatar: null },
    now: at(),
    conversation_id: CONVERSATION,
    recipient_id: 'bob',
    content,
    message_type: 'text',
    client_message_id: null,
  });

  it('opens the conversation of the pair and sends in one decision', () => {
    given([])
      .when(first('hi'))
      .then([...direct('alice', 'bob'), event.sent(1, 'alice', { content: 'hi' })]);
  });

  it('is a plain send once the conversation exists', () => {
    given(direct('alice', 'bob'))
      .when(first('hi'))
      .then([event.sent(1, 'alice', { content: 'hi' })]);
  });

  it('refuses a bad first message without opening the conversation', () => {
    given([]).when(first('   ')).thenThrows(EmptyContent);
  });

  it('refuses a message to yourself', () => {
    given([])
      .when({ ...first('hi'), recipient_id: 'alice' } as ConversationCommand)
      .thenThrows(CannotMessageYourself);
  });
});

describe('EditMessage', () => {
  const history = [...group('alice', 'bob'), event.sent(1, 'alice'), event.sent(2, 'bob')];

  it('lets the author change the content', () => {
    given(history)
      .when(command.edit('bob', 2, 'fixed'))
      .then([event.edited(2, 'bob', 'fixed')]);
  });

  it('is refused to anyone but the author, admins included', () => {
    given(history)
      .when(command.edit('alice', 2, 'fixed'))
      .thenThrows(NotMessageAuthor);
    given(history)
      .when(command.edit('bob', 1, 'fixed'))
      .thenThrows(NotMessageAuthor);
  });

  it('is refused on a deleted message', () => {
    given([...history, event.deleted(2, 'bob')])
      .when(command.edit('bob', 2, 'fixed'))
      .thenThrows(MessageDeleted);
  });

  it('is refused on a message that does not exist', () => {
    given(history)
      .when(command.edit('bob', 3, 'fixed'))
      .thenThrows(MessageNotFound);
  });

  it('refuses empty and oversized content like a send', () => {
    given(history)
      .when(command.edit('bob', 2, '   '))
      .thenThrows(EmptyContent);
    given(history)
      .when(command.edit('bob', 2, 'x'.repeat(MAX_CONTENT_CHARS + 1)))
      .thenThrows(ContentTooLong);
  });

  it('is refused in an archived conversation', () => {
    given([...history, event.archived('alice')])
      .when(command.edit('bob', 2, 'fixed'))
      .thenThrows(ConversationArchived);
  });

  it('never dates an edit before the conversation last changed', () => {
    given([...history, event.read('alice', 2, at(MINUTE))])
      .when(command.edit('bob', 2, 'fixed', at()))
      .then([event.edited(2, 'bob', 'fixed', at(MINUTE))]);
  });
});

describe('DeleteMessage', () => {
  const history = [...group('alice', 'bob', 'carol'), event.sent(1, 'bob')];

  it('lets the author delete their message', () => {
    given(history)
      .when(command.delete('bob', 1))
      .then([event.deleted(1, 'bob')]);
  });

  it("lets an admin delete someone else's message", () => {
    given(history)
      .when(command.delete('alice', 1))
      .then([event.deleted(1, 'alice')]);
  });

  it("refuses a member deleting someone else's message", () => {
    given(history).when(command.delete('carol', 1)).thenThrows(NotMessageAuthor);
  });

  it("refuses deleting the other member's message in a direct conversation, which has no admin", () => {
    given([...direct('alice', 'bob'), event.sent(1, 'bob')])
      .when(command.delete('alice', 1))
      .thenThrows(NotMessageAuthor);
  });

  it('appends nothing when the message is already deleted', () => {
    given([...history, event.deleted(1, 'bob')])
      .when(command.delete('alice', 1))
      .thenNothing();
  });

  it('is refused on a message that does not exist', () => {
    given(history).when(command.delete('bob', 2)).thenThrows(MessageNotFound);
  });
});

describe('MarkRead', () => {
  const history = [
    ...group('alice', 'bob'),
    event.sent(1, 'alice'),
    event.sent(2, 'alice'),
    event.sent(3, 'alice'),
  ];

  it('marks up to the latest message when no seq is given', () => {
    given(history)
      .when(command.markRead('bob'))
      .then([event.read('bob', 3)]);
  });

  it('marks up to an explicit seq', () => {
    given(history)
      .when(command.markRead('bob', 2))
      .then([event.read('bob', 2)]);
  });

  it('refuses a seq that has not been sent', () => {
    given(history).when(command.markRead('bob', 4)).thenThrows(MessageNotFound);
  });

  it('appends nothing when repeated', () => {
    given([...history, event.read('bob', 3)])
      .when(command.markRead('bob'))
      .thenNothing();
  });

  it('never moves the read mark backwards', () => {
    given([...history, event.read('bob', 3)])
      .when(command.markRead('bob', 1))
      .thenNothing();
  });

  it('appends nothing in a conversation without messages', () => {
    given(group('alice', 'bob')).when(command.markRead('bob')).thenNothing();
  });

  it("counts the sender's own messages as read", () => {
    given(history).when(command.markRead('alice')).thenNothing();
  });

  it("moves past the sender's own message to what others wrote after it", () => {
    given([...history, event.sent(4, 'bob')])
      .when(command.markRead('alice'))
      .then([event.read('alice', 4)]);
  });

  it('still works in an archived conversation', () => {
    given([...history, event.archived('alice')])
      .when(command.markRead('bob'))
      .then([event.read('bob', 3)]);
  });
});

describe('SetMuted', () => {
  it('mutes a participant for themselves', () => {
    given(group('alice', 'bob'))
      .when(command.setMuted('bob', true))
      .then([event.muted('bob')]);
  });

  it('refuses to mute someone else, and answers a non-participant as an unknown conversation', () => {
    given(group('alice', 'bob'))
      .when({ ...command.setMuted('alice', true), user_id: 'bob' })
      .thenThrows(OnlyForYourself);
    given(group('alice', 'bob'))
      .when({ ...command.setMuted('carol', true), user_id: 'bob' })
      .thenThrows(NotAParticipant);
  });

  it('appends nothing when already muted', () => {
    given([...group('alice', 'bob'), event.muted('bob')])
      .when(command.setMuted('bob', true))
      .thenNothing();
  });

  it('unmutes a muted participant', () => {
    given([...group('alice', 'bob'), event.muted('bob')])
      .when(command.setMuted('bob', false))
      .then([event.unmuted('bob')]);
  });

  it('appends nothing when unmuting someone not muted', () => {
    given(group('alice', 'bob')).when(command.setMuted('bob', false)).thenNothing();
    given([...group('alice', 'bob'), event.muted('bob'), event.unmuted('bob')])
      .when(command.setMuted('bob', false))
      .thenNothing();
  });
});

describe('AddParticipant', () => {
  it('lets an admin add a user with a role', () => {
    given(group('alice'))
      .when(command.add('alice', 'bob', 'admin'))
      .then([event.added('bob', 'admin', 'alice', at(), 0)]);
  });

  it('starts the newcomer with the history before they joined read', () => {
    const history = [...group('alice'), event.sent(1, 'alice'), event.sent(2, 'alice')];
    given(history)
      .when(command.add('alice', 'bob'))
      .then([event.added('bob', 'member', 'alice', at(), 2)]);
    given([...history, event.added('bob', 'member', 'alice', at(), 2)])
      .when(command.markRead('bob'))
      .thenNothing();
  });

  it('lets a user who left be added again', () => {
    given([...group('alice', 'bob'), event.removed('bob', 'bob')])
      .when(command.add('alice', 'bob'))
      .then([event.added('bob', 'member', 'alice', at(), 0)]);
  });

  it('is refused to a member', () => {
    given(group('alice', 'bob')).when(command.add('bob', 'carol')).thenThrows(NotAnAdmin);
  });

  it('is refused in a direct conversation', () => {
    given(direct('alice', 'bob'))
      .when(command.add('alice', 'carol'))
      .thenThrows(NotAllowedInDirectConversation);
  });

  it('is refused in an archived conversation', () => {
    given([...group('alice'), event.archived('alice')])
      .when(command.add('alice', 'bob'))
      .thenThrows(ConversationArchived);
  });

  it('appends nothing for someone already there', () => {
    given(group('alice', 'bob'))
      .when(command.add('alice', 'bob', 'admin'))
      .thenNothing();
  });

  it(`refuses a participant beyond ${MAX_PARTICIPANTS}`, () => {
    given(groupOf(MAX_PARTICIPANTS)).when(command.add('alice', 'newcomer')).thenThrows(TooManyParticipants);
  });

  it(`accepts participant number ${MAX_PARTICIPANTS}`, () => {
    given(groupOf(MAX_PARTICIPANTS - 1))
      .when(command.add('alice', 'newcomer'))
      .then([event.added('newcomer', 'member', 'alice', at(), 0)]);
  });
});

describe('RemoveParticipant', () => {
  it('lets an admin remove a member', () => {
    given(group('alice', 'bob'))
      .when(command.remove('alice', 'bob'))
      .then([event.removed('bob', 'alice')]);
  });

  it('lets a member leave', () => {
    given(group('alice', 'bob'))
      .when(command.remove('bob', 'bob'))
      .then([event.removed('bob', 'bob')]);
  });

  it('refuses a member removing someone else', () => {
    given(group('alice', 'bob', 'carol'))
      .when(command.remove('bob', 'carol'))
      .thenThrows(NotAnAdmin);
  });

  it('refuses removing someone who is not there', () => {
    given(group('alice', 'bob')).when(command.remove('alice', 'carol')).thenThrows(ParticipantNotFound);
  });

  it('is refused in a direct conversation, even to leave it', () => {
    given(direct('alice', 'bob'))
      .when(command.remove('alice', 'alice'))
      .thenThrows(NotAllowedInDirectConversation);
  });

  it('refuses the last admin leaving others behind without a successor', () => {
    given(group('alice', 'bob')).when(command.remove('alice', 'alice')).thenThrows(LastAdmin);
  });

  it('hands the admin role to the successor, then removes the last admin', () => {
    given(group('alice', 'bob', 'carol'))
      .when(command.remove('alice', 'alice', 'carol'))
      .then([event.roleChanged('carol', 'admin', 'alice'), event.removed('alice', 'alice')]);
  });

  it.each([
    ['someone who is not a participant', 'mallory'],
    ['the leaving admin', 'alice'],
  ])('refuses %s as successor', (_, successor) => {
    given(group('alice', 'bob'))
      .when(command.remove('alice', 'alice', successor))
      .thenThrows(ParticipantNotFound);
  });

  it('lets the last admin leave when nobody else remains', () => {
    given(group('alice'))
      .when(command.remove('alice', 'alice'))
      .then([event.removed('alice', 'alice')]);
  });

  it('lets an admin leave without a successor while another admin remains', () => {
    given([...group('alice', 'bob'), event.roleChanged('bob', 'admin', 'alice')])
      .when(command.remove('alice', 'alice', 'bob'))
      .then([event.removed('alice', 'alice')]);
  });
});

describe('ChangeParticipantRole', () => {
  it('lets an admin promote a member', () => {
    given(group('alice', 'bob'))
      .when(command.changeRole('alice', 'bob', 'admin'))
      .then([event.roleChanged('bob', 'admin', 'alice')]);
  });

  it('lets an admin step down while another admin remains', () => {
    given([...group('alice', 'bob'), event.roleChanged('bob', 'admin', 'alice')])
      .when(command.changeRole('alice', 'alice', 'member'))
      .then([event.roleChanged('alice', 'member', 'alice')]);
  });

  it('refuses the last admin stepping down', () => {
    given(group('alice', 'bob'))
      .when(command.changeRole('alice', 'alice', 'member'))
      .thenThrows(LastAdmin);
  });

  it('appends nothing when the role is already held', () => {
    given(group('alice', 'bob'))
      .when(command.changeRole('alice', 'bob', 'member'))
      .thenNothing();
  });

  it('is refused to a member', () => {
    given(group('alice', 'bob'))
      .when(command.changeRole('bob', 'bob', 'admin'))
      .thenThrows(NotAnAdmin);
  });

  it('refuses a user who is not a participant', () => {
    given(group('alice'))
      .when(command.changeRole('alice', 'bob', 'admin'))
      .thenThrows(ParticipantNotFound);
  });

  it('is refused in a direct conversation', () => {
    given(direct('alice', 'bob'))
      .when(command.changeRole('alice', 'bob', 'admin'))
      .thenThrows(NotAllowedInDirectConversation);
  });

  it('is refused in an archived conversation', () => {
    given([...group('alice', 'bob'), event.archived('alice')])
      .when(command.changeRole('alice', 'bob', 'admin'))
      .thenThrows(ConversationArchived);
  });
});

describe('UpdateConversation', () => {
  const updated = (changes: object): ConversationEvent =>
    ({
      type: 'ConversationUpdated',
      data: { conversation_id: CONVERSATION, ...changes, updated_by: 'alice', updated_at: at() },
    }) as ConversationEvent;

  it('records only the fields given, null clearing one', () => {
    given(group('alice'))
      .when(command.update('alice', { name: 'Team', avatar_url: null }))
      .then([updated({ name: 'Team', avatar_url: null })]);
  });

  it('appends nothing when no field is given', () => {
    given(group('alice')).when(command.update('alice', {})).thenNothing();
  });

  it('is refused to a member', () => {
    given(group('alice', 'bob'))
      .when(command.update('bob', { name: 'x' }))
      .thenThrows(NotAnAdmin);
  });

  it('is refused in a direct conversation', () => {
    given(direct('alice', 'bob'))
      .when(command.update('alice', { name: 'x' }))
      .thenThrows(NotAllowedInDirectConversation);
  });

  it('is refused in an archived conversation', () => {
    given([...group('alice'), event.archived('alice')])
      .when(command.update('alice', { name: 'x' }))
      .thenThrows(ConversationArchived);
  });
});

describe('ArchiveConversation', () => {
  it('lets an admin archive a group', () => {
    given(group('alice', 'bob'))
      .when(command.archive('alice'))
      .then([event.archived('alice')]);
  });

  it('appends nothing when already archived', () => {
    given([...group('alice'), event.archived('alice')])
      .when(command.archive('alice'))
      .thenNothing();
  });

  it('is refused to a member', () => {
    given(group('alice', 'bob')).when(command.archive('bob')).thenThrows(NotAnAdmin);
  });

  it('is refused in a direct conversation', () => {
    given(direct('alice', 'bob')).when(command.archive('alice')).thenThrows(NotAllowedInDirectConversation);
  });
});
