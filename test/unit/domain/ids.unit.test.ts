import fc from 'fast-check';
import { InvalidMessageId } from '../../../src/domain/errors';
import { CONVERSATION_ID_PATTERN, messageId, parseMessageId } from '../../../src/domain/ids';

describe('parseMessageId', () => {
  it.each([
    ['c1.1', 'c1', 1],
    ['dm_0f-A.42', 'dm_0f-A', 42],
    [`${'x'.repeat(64)}.7`, 'x'.repeat(64), 7],
    ['c1.999999999999999', 'c1', 999_999_999_999_999],
  ])('reads %s', (id, conversationId, seq) => {
    expect(parseMessageId(id)).toEqual({ conversationId, seq });
  });

  it.each([
    ['empty', ''],
    ['without a dot', 'c1'],
    ['without a conversation', '.1'],
    ['without a seq', 'c1.'],
    ['with seq zero', 'c1.0'],
    ['with a zero-padded seq', 'c1.01'],
    ['with a negative seq', 'c1.-1'],
    ['with a fractional seq', 'c1.1.5'],
    ['with an exponent', 'c1.1e3'],
    ['with 16 seq digits', 'c1.1000000000000000'],
    ['with a space', 'c 1.1'],
    ['with a 65-character conversation id', `${'x'.repeat(65)}.1`],
  ])('refuses an id %s', (_, id) => {
    expect(() => parseMessageId(id)).toThrow(InvalidMessageId);
  });

  // Seqs stop at 15 digits, far beyond any conversation, so that they stay exact JavaScript numbers.
  it('reads back every id that messageId writes', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(CONVERSATION_ID_PATTERN),
        fc.integer({ min: 1, max: 999_999_999_999_999 }),
        (conversationId, seq) => {
          expect(parseMessageId(messageId(conversationId, seq))).toEqual({ conversationId, seq });
        },
      ),
    );
  });
});
