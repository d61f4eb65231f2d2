import type { UserEvent } from '../../../src/domain/user/events';
import { BlockList } from '../../../src/realtime/block-list';

const AT = '2026-01-01T00:00:00.000Z';
const blocked = (user_id: string, blocked_user_id: string): UserEvent => ({
  type: 'UserBlocked',
  data: { user_id, blocked_user_id, blocked_at: AT },
});
const unblocked = (user_id: string, blocked_user_id: string): UserEvent => ({
  type: 'UserUnblocked',
  data: { user_id, blocked_user_id, unblocked_at: AT },
});

describe('whom the connected users block (unit)', () => {
  it('reads a user’s blocks when their first socket opens, follows the log, forgets them with their last socket', async () => {
    const read = jest.fn(async () => ['bob']);
    const list = new BlockList(read);
    await list.hold('carol');
    await list.hold('carol');
    expect(read).toHaveBeenCalledTimes(1);
    expect(list.blocks('carol', 'bob')).toBe(true);
    expect(list.isBlockedByAnyone('bob')).toBe(true);
    list.userChanged(blocked('carol', 'dan'));
    list.userChanged(unblocked('carol', 'bob'));
    // Blocks of users not connected here are not kept.
    list.userChanged(blocked('erin', 'dan'));
    expect([list.blocks('carol', 'bob'), list.blocks('carol', 'dan'), list.blocks('erin', 'dan')]).toEqual([
      false,
      true,
      false,
    ]);
    expect(list.isBlockedByAnyone('bob')).toBe(false);
    list.release('carol');
    expect(list.blocks('carol', 'dan')).toBe(true);
    list.release('carol');
    expect(list.blocks('carol', 'dan')).toBe(false);
    expect(list.isBlockedByAnyone('dan')).toBe(false);
  });

  it('applies blocks the log reports during the read on top of it, and counts nothing for a user gone meanwhile', async () => {
    let finish: (ids: string[]) => void = () => {};
    const list = new BlockList(() => new Promise((resolve) => (finish = resolve)));
    const holding = list.hold('carol');
    list.userChanged(unblocked('carol', 'bob'));
    list.userChanged(blocked('carol', 'dan'));
    finish(['bob']);
    await holding;
    expect([list.blocks('carol', 'bob'), list.blocks('carol', 'dan')]).toEqual([false, true]);

    const gone = list.hold('erin');
    list.release('erin');
    finish(['bob']);
    await gone;
    expect(list.isBlockedByAnyone('bob')).toBe(false);
  });
});
