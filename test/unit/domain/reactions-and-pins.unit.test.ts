import { MAX_PINS } from '../../../src/domain/conversation/decide';
import { evolve } from '../../../src/domain/conversation/evolve';
import { fromSnapshot, toSnapshot } from '../../../src/domain/conversation/snapshot';
import { initialConversationState, reactionsOf } from '../../../src/domain/conversation/state';
import {
  ConversationArchived,
  InvalidEmoji,
  MessageDeleted,
  MessageNotFound,
  NotAnAdmin,
  NotAParticipant,
  TooManyPins,
  TooManyReactions,
} from '../../../src/domain/errors';
import { isReactionEmoji, MAX_REACTIONS_PER_MESSAGE } from '../../../src/domain/reaction';
import { at, command, direct, event, group, MINUTE } from './conversation-fixtures';
import { given } from './given-when-then';

const THUMBS = '\u{1F44D}';
const HEART = '\u2764\uFE0F';

describe('AddReaction', () => {
  const history = [...group('alice', 'bob', 'carol'), event.sent(1, 'bob')];

  it('records the reaction with how many react with that emoji now', () => {
    given(history)
      .when(command.react('alice', 1, THUMBS))
      .then([event.reacted(1, 'alice', THUMBS, 1)]);
    given([...history, event.reacted(1, 'alice', THUMBS, 1)])
      .when(command.react('carol', 1, THUMBS))
      .then([event.reacted(1, 'carol', THUMBS, 2)]);
  });

  it('appends nothing when the participant already reacts with that emoji', () => {
    given([...history, event.reacted(1, 'alice', THUMBS, 1)])
      .when(command.react('alice', 1, THUMBS))
      .thenNothing();
  });

  it('lets the same participant add another emoji, and the same emoji again after removing it', () => {
    given([...history, event.reacted(1, 'alice', THUMBS, 1)])
      .when(command.react('alice', 1, ':party:'))
      .then([event.reacted(1, 'alice', ':party:', 1)]);
    given([...history, event.reacted(1, 'alice', THUMBS, 1), event.unreacted(1, 'alice', THUMBS, 0)])
      .when(command.react('alice', 1, THUMBS))
      .then([event.reacted(1, 'alice', THUMBS, 1)]);
  });

  it(`refuses a ${MAX_REACTIONS_PER_MESSAGE + 1}th different emoji, but not one more of those there`, () => {
    const codes = Array.from({ length: MAX_REACTIONS_PER_MESSAGE }, (_, i) => `:e${i}:`);
    const full = [...history, ...codes.map((code) => event.reacted(1, 'alice', code, 1))];
    given(full)
      .when(command.react('bob', 1, ':one_more:'))
      .thenThrows(TooManyReactions);
    given(full)
      .when(command.react('bob', 1, ':e0:'))
      .then([event.reacted(1, 'bob', ':e0:', 2)]);
  });

  it('refuses a deleted message, an unknown one, an archived conversation and an outsider', () => {
    given([...history, event.deleted(1, 'bob')])
      .when(command.react('alice', 1, THUMBS))
      .thenThrows(MessageDeleted);
    given(history)
      .when(command.react('alice', 2, THUMBS))
      .thenThrows(MessageNotFound);
    given([...history, event.archived('alice')])
      .when(command.react('alice', 1, THUMBS))
      .thenThrows(ConversationArchived);
    given(history)
      .when(command.react('mallory', 1, THUMBS))
      .thenThrows(NotAParticipant);
  });

  it('refuses what is not an emoji or a short code', () => {
    for (const emoji of [
      '',
      'a',
      'ok',
      '1',
      `${THUMBS}${THUMBS}`,
      ':Caps:',
      '::',
      ' ',
      `:${'x'.repeat(33)}:`,
    ]) {
      given(history)
        .when(command.react('alice', 1, emoji))
        .thenThrows(InvalidEmoji);
    }
  });
});

describe('RemoveReaction', () => {
  const history = [
    ...group('alice', 'bob'),
    event.sent(1, 'bob'),
    event.reacted(1, 'alice', THUMBS, 1),
    event.reacted(1, 'bob', THUMBS, 2),
  ];

  it('takes back the participant’s own reaction, with what remains', () => {
    given(history)
      .when(command.unreact('alice', 1, THUMBS))
      .then([event.unreacted(1, 'alice', THUMBS, 1)]);
  });

  it('appends nothing for a reaction the participant does not have, or on a deleted message', () => {
    given(history)
      .when(command.unreact('alice', 1, HEART))
      .thenNothing();
    given([...history, event.unreacted(1, 'alice', THUMBS, 1)])
      .when(command.unreact('alice', 1, THUMBS))
      .thenNothing();
    given([...history, event.deleted(1, 'bob')])
      .when(command.unreact('alice', 1, THUMBS))
      .thenNothing();
  });

  it('still refuses what is not an emoji, and a message that does not exist', () => {
    given(history)
      .when(command.unreact('alice', 1, 'nope'))
      .thenThrows(InvalidEmoji);
    given(history)
      .when(command.unreact('alice', 9, THUMBS))
      .thenThrows(MessageNotFound);
  });
});

describe('reactions in the state', () => {
  const fold = (events: Parameters<typeof evolve>[1][]) => events.reduce(evolve, initialConversationState());

  it('lists emojis by their earliest current reaction, with counts and whether the viewer is among them', () => {
    const state = fold([
      ...group('alice', 'bob', 'carol'),
      event.sent(1, 'bob'),
      event.reacted(1, 'alice', THUMBS, 1, at(1 * MINUTE)),
      event.reacted(1, 'bob', HEART, 1, at(2 * MINUTE)),
      event.reacted(1, 'carol', THUMBS, 2, at(3 * MINUTE)),
      event.unreacted(1, 'alice', THUMBS, 1, at(4 * MINUTE)),
    ]);
    expect(reactionsOf(state, 1, 'carol')).toEqual([
      { emoji: HEART, count: 1, me: false },
      { emoji: THUMBS, count: 1, me: true },
    ]);
  });

  it('forgets the reactions and the pin of a deleted message, and keeps both in snapshots', () => {
    const before = [
      ...group('alice', 'bob'),
      event.sent(1, 'bob'),
      event.sent(2, 'bob'),
      event.reacted(1, 'alice', THUMBS, 1),
      event.reacted(2, 'alice', THUMBS, 1),
      event.pinned(1, 'alice'),
      event.pinned(2, 'alice'),
    ];
    const state = fold([...before, event.deleted(1, 'bob')]);
    expect(reactionsOf(state, 1, 'alice')).toEqual([]);
    expect([...state.pins.keys()]).toEqual([2]);
    const restored = fromSnapshot(toSnapshot(state));
    expect(reactionsOf(restored, 2, 'alice')).toEqual([{ emoji: THUMBS, count: 1, me: true }]);
    expect(restored.pins).toEqual(state.pins);
  });
});

describe('PinMessage and UnpinMessage', () => {
  const history = [...group('alice', 'bob'), event.sent(1, 'bob'), event.sent(2, 'alice')];

  it('lets an admin pin and unpin; repeats append nothing', () => {
    given(history)
      .when(command.pin('alice', 1))
      .then([event.pinned(1, 'alice')]);
    given([...history, event.pinned(1, 'alice')])
      .when(command.pin('alice', 1))
      .thenNothing();
    given([...history, event.pinned(1, 'alice')])
      .when(command.unpin('alice', 1))
      .then([event.unpinned(1, 'alice')]);
    given(history).when(command.unpin('alice', 1)).thenNothing();
  });

  it('refuses a member of a group (403), and lets both members of a direct conversation pin', () => {
    given(history).when(command.pin('bob', 1)).thenThrows(NotAnAdmin);
    given([...history, event.pinned(1, 'alice')])
      .when(command.unpin('bob', 1))
      .thenThrows(NotAnAdmin);
    given([...direct('alice', 'bob'), event.sent(1, 'alice')])
      .when(command.pin('bob', 1))
      .then([event.pinned(1, 'bob')]);
  });

  it('refuses a deleted message, an unknown one, an archived conversation and an outsider', () => {
    given([...history, event.deleted(1, 'bob')])
      .when(command.pin('alice', 1))
      .thenThrows(MessageDeleted);
    given(history).when(command.pin('alice', 3)).thenThrows(MessageNotFound);
    given([...history, event.archived('alice')])
      .when(command.pin('alice', 1))
      .thenThrows(ConversationArchived);
    given(history).when(command.pin('mallory', 1)).thenThrows(NotAParticipant);
  });

  it(`keeps at most ${MAX_PINS} pinned messages, or the cap the command names`, () => {
    const sends = Array.from({ length: MAX_PINS + 1 }, (_, i) => event.sent(i + 1, 'bob'));
    const pins = Array.from({ length: MAX_PINS }, (_, i) => event.pinned(i + 1, 'alice'));
    const full = [...group('alice', 'bob'), ...sends, ...pins];
    given(full)
      .when(command.pin('alice', MAX_PINS + 1))
      .thenThrows(TooManyPins);
    given([...history, event.pinned(1, 'alice')])
      .when(command.pin('alice', 2, 1))
      .thenThrows(TooManyPins);
  });

  it('unpins a pinned message when it is deleted, by whoever deletes it', () => {
    given([...history, event.pinned(1, 'alice')])
      .when(command.delete('bob', 1))
      .then([event.deleted(1, 'bob'), event.unpinned(1, 'bob')]);
    given(history)
      .when(command.delete('bob', 1))
      .then([event.deleted(1, 'bob')]);
  });
});

describe('a forwarded send', () => {
  it('records where the copy comes from', () => {
    const forwarded_from = { conversation_id: 'other', message_id: 'other.4', user_id: 'carol' };
    const sent = event.sent(1, 'bob', { content: 'look' });
    given(group('alice', 'bob'))
      .when({ ...command.send('bob', 'look'), forwarded_from })
      .then([{ ...sent, data: { ...sent.data, forwarded_from } } as typeof sent]);
  });
});

describe('isReactionEmoji', () => {
  it('accepts single emojis of every kind and short codes', () => {
    for (const emoji of [
      THUMBS,
      HEART,
      '\u{1F44D}\u{1F3FD}', // skin tone
      '\u{1F1EB}\u{1F1F7}', // a flag: two regional indicators
      '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', // a ZWJ family
      '1\uFE0F\u20E3', // a keycap
      ':+1:',
      ':party_parrot:',
    ]) {
      expect([emoji, isReactionEmoji(emoji)]).toEqual([emoji, true]);
    }
  });

  it('refuses text, two emojis, and malformed short codes', () => {
    for (const text of [
      'a',
      'A',
      '1',
      '#',
      '\u00e9',
      `${THUMBS} `,
      `${THUMBS}${HEART}`,
      ':A:',
      ':a',
      'a:b:',
      ':a b:',
    ]) {
      expect([text, isReactionEmoji(text)]).toEqual([text, false]);
    }
  });
});
