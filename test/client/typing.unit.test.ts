import { TypingNotifier, TypingTracker } from '../../client/src/index';

describe('typing helper (unit)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says typing at most once per throttle window and stops by itself after the idle time', () => {
    const sent: boolean[] = [];
    const typing = new TypingNotifier({ send: (t) => sent.push(t), throttleMs: 3000, idleMs: 4000 });
    typing.keystroke(0);
    typing.keystroke(1000);
    typing.keystroke(2999);
    expect(sent).toEqual([true]);
    typing.keystroke(3000);
    expect(sent).toEqual([true, true]);
    jest.advanceTimersByTime(3999);
    expect(sent).toEqual([true, true]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([true, true, false]);
    typing.stop();
    expect(sent).toEqual([true, true, false]);
  });

  it('tracks who types until they stop, their entry expires, or the connection is lost', () => {
    const changes: string[][] = [];
    const tracker: TypingTracker = new TypingTracker(
      (id) => changes.push(tracker.typingIn(id).map((t) => t.user_id)),
      6000,
    );
    const typing = (user_id: string, is_typing: boolean) => ({
      conversation_id: 'c',
      user_id,
      username: user_id,
      is_typing,
      started_at: '2024-01-27T10:30:00Z',
    });
    tracker.apply(typing('bob', true));
    tracker.apply(typing('carol', true));
    tracker.apply(typing('bob', false));
    tracker.apply(typing('bob', false));
    expect(changes).toEqual([['bob'], ['bob', 'carol'], ['carol']]);
    jest.advanceTimersByTime(6000);
    expect(changes.at(-1)).toEqual([]);
    tracker.apply(typing('dave', true));
    tracker.clear();
    expect(changes.slice(-2)).toEqual([['dave'], []]);
  });
});
