import type { Users } from '../../../src/commands/aggregates';
import { ProfileRecorder } from '../../../src/commands/profile-recorder';

const alice = { user_id: 'alice', username: 'Alice', user_avatar: null };

/** A user aggregate store that counts profile writes and fails the ones it is told to. */
function users(failures: number) {
  const calls = { count: 0 };
  const fake = {
    execute: async () => {
      calls.count++;
      if (calls.count <= failures) throw new Error('store unavailable');
      return { events: [], position: undefined };
    },
  };
  return { users: fake as unknown as Users, calls };
}

describe('ProfileRecorder', () => {
  it('records a profile once, after the command, and not again while it is unchanged', async () => {
    const { users: store, calls } = users(0);
    const recorder = new ProfileRecorder(store, () => '2026-01-01T00:00:00.000Z');
    await expect(recorder.alongside(alice, Promise.resolve('sent'))).resolves.toBe('sent');
    await recorder.alongside(alice, Promise.resolve('sent again'));
    expect(calls.count).toBe(1);
    await recorder.alongside({ ...alice, username: 'Alice B.' }, Promise.resolve('renamed'));
    expect(calls.count).toBe(2);
  });

  it('writes no profile for a refused command', async () => {
    const { users: store, calls } = users(0);
    const recorder = new ProfileRecorder(store, () => '2026-01-01T00:00:00.000Z');
    await expect(recorder.alongside(alice, Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(calls.count).toBe(0);
  });

  it('does not fail a written command when its profile fails to record, and tries again next time', async () => {
    const { users: store, calls } = users(1);
    const recorder = new ProfileRecorder(store, () => '2026-01-01T00:00:00.000Z');
    await expect(recorder.alongside(alice, Promise.resolve('sent'))).resolves.toBe('sent');
    await expect(recorder.alongside(alice, Promise.resolve('sent again'))).resolves.toBe('sent again');
    expect(calls.count).toBe(2);
    await recorder.alongside(alice, Promise.resolve('third'));
    expect(calls.count).toBe(2);
  });
});
