import { decide, MAX_PARTICIPANTS } from '../../../src/domain/conversation/decide';
import { TooManyParticipants } from '../../../src/domain/errors';
import { command, group } from './conversation-fixtures';
import { fold, given } from './given-when-then';

/** The cap is configuration: it arrives with the command (`max_participants`), as time does. */
const users = (count: number) => Array.from({ length: count }, (_, i) => `user-${i}`);
const withCap = <C extends object>(cmd: C, max_participants: number) => ({ ...cmd, max_participants });

describe('a participant cap carried by the command', () => {
  it('creates a group of exactly the cap, creator included, and refuses one more', () => {
    const exactly = withCap(command.create('alice', 'group', users(4)), 5);
    expect(decide(exactly, fold([])).filter((e) => e.type === 'ParticipantAdded')).toHaveLength(5);
    given([])
      .when(withCap(command.create('alice', 'group', users(5)), 5))
      .thenThrows(TooManyParticipants);
  });

  it('counts distinct participants: repeated ids and the creator named again do not fill the cap', () => {
    const repeated = withCap(command.create('alice', 'group', ['bob', 'bob', 'alice', 'carol']), 3);
    expect(decide(repeated, fold([])).filter((e) => e.type === 'ParticipantAdded')).toHaveLength(3);
  });

  it('adds up to the cap and refuses beyond it, naming the cap', () => {
    given(group('alice', 'bob'))
      .when(withCap(command.add('alice', 'carol'), 3))
      .then([expect.objectContaining({ type: 'ParticipantAdded' }) as never]);
    const full = group('alice', 'bob', 'carol');
    given(full)
      .when(withCap(command.add('alice', 'dave'), 3))
      .thenThrows(TooManyParticipants);
    expect(() => decide(withCap(command.add('alice', 'dave'), 3), fold(full))).toThrow(
      'a conversation has at most 3 participants, its creator included',
    );
  });

  it('still accepts a harmless repeat in a full conversation', () => {
    given(group('alice', 'bob', 'carol'))
      .when(withCap(command.add('alice', 'bob'), 3))
      .thenNothing();
  });

  it('lets a conversation created under a larger cap keep its members when the cap is lowered', () => {
    // Lowering the cap refuses new members only; nobody is removed.
    const full = group('alice', 'bob', 'carol', 'dave');
    given(full)
      .when(withCap(command.add('alice', 'erin'), 2))
      .thenThrows(TooManyParticipants);
    given(full)
      .when(command.send('bob'))
      .then([expect.objectContaining({ type: 'MessageSent' }) as never]);
  });

  it(`falls back to ${MAX_PARTICIPANTS} without a cap in the command`, () => {
    given([])
      .when(command.create('alice', 'group', users(MAX_PARTICIPANTS)))
      .thenThrows(TooManyParticipants);
  });
});
