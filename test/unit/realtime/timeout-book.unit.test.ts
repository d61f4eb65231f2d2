import type { ConversationEvent } from '../../../src/domain/conversation/events';
import { TimeoutBook } from '../../../src/realtime/timeout-book';

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T01:00:00.000Z';
const timedOut = (user_id: string, until = LATER): ConversationEvent => ({
  type: 'ParticipantTimedOut',
  data: { conversation_id: 'c1', user_id, until, timed_out_by: 'ann', timed_out_at: NOW },
});
const lifted = (user_id: string): ConversationEvent => ({
  type: 'ParticipantTimeoutLifted',
  data: { conversation_id: 'c1', user_id, lifted_by: 'ann', lifted_at: NOW },
});

describe('the timeouts a node keeps (unit)', () => {
  it('reads a conversation once, then follows the log', async () => {
    const load = jest.fn(async () => new Map([['bob', LATER]]));
    const book = new TimeoutBook(load);
    expect(await book.until('c1', 'bob', NOW)).toBe(LATER);
    expect(await book.until('c1', 'bob', LATER)).toBeUndefined();
    book.changed(lifted('bob'));
    expect(await book.until('c1', 'bob', NOW)).toBeUndefined();
    book.changed(timedOut('cat'));
    expect(await book.until('c1', 'cat', NOW)).toBe(LATER);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('applies what the log says during the read on top of what the read gives', async () => {
    let finish: (value: Map<string, string>) => void = () => {};
    const book = new TimeoutBook(() => new Promise((resolve) => (finish = resolve)));
    const asked = book.until('c1', 'bob', NOW);
    book.changed(lifted('bob'));
    book.changed(timedOut('cat'));
    finish(new Map([['bob', LATER]]));
    expect(await asked).toBeUndefined();
    expect(await book.until('c1', 'cat', NOW)).toBe(LATER);
  });

  it('ignores conversations it does not keep, and reads again after a failed read', async () => {
    let fail = true;
    const book = new TimeoutBook(async () => {
      if (fail) throw new Error('store unavailable');
      return new Map();
    });
    book.changed(timedOut('bob'));
    await expect(book.until('c1', 'bob', NOW)).rejects.toThrow('store unavailable');
    fail = false;
    expect(await book.until('c1', 'bob', NOW)).toBeUndefined();
  });
});
