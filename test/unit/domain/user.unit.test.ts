import type { Actor } from '../../../src/domain/actor';
import { type UserCommand, userDecider } from '../../../src/domain/user/decider';
import type { PresenceStatus, UserEvent } from '../../../src/domain/user/events';
import { givenFor } from './given-when-then';

const NOW = '2024-03-01T12:00:00.000Z';
const alice: Actor = { user_id: 'alice', username: 'Alice', user_avatar: null };

const given = givenFor(userDecider);

const recordProfile = (actor: Actor): UserCommand => ({ type: 'RecordProfile', actor, now: NOW });
const profileRecorded = (actor: Actor): UserEvent => ({
  type: 'UserProfileRecorded',
  data: {
    user_id: actor.user_id,
    username: actor.username,
    user_avatar: actor.user_avatar,
    recorded_at: NOW,
  },
});
const setPresence = (status: PresenceStatus, status_message: string | null = null): UserCommand => ({
  type: 'SetPresence',
  actor: alice,
  status,
  status_message,
  now: NOW,
});
const presenceChanged = (status: PresenceStatus, status_message: string | null = null): UserEvent => ({
  type: 'PresenceChanged',
  data: { user_id: 'alice', status, status_message, changed_at: NOW },
});

describe('RecordProfile', () => {
  it('records the profile of a user seen for the first time', () => {
    given([])
      .when(recordProfile(alice))
      .then([profileRecorded(alice)]);
  });

  it('records nothing when the profile has not changed', () => {
    given([profileRecorded(alice)])
      .when(recordProfile(alice))
      .thenNothing();
  });

  it.each<[string, Actor]>([
    ['username', { ...alice, username: 'Alice B.' }],
    ['avatar', { ...alice, user_avatar: 'https://example.com/a.png' }],
  ])('records the profile again when the %s changes', (_, changed) => {
    given([profileRecorded(alice)])
      .when(recordProfile(changed))
      .then([profileRecorded(changed)]);
  });
});

describe('SetPresence', () => {
  it('records a change of status', () => {
    given([])
      .when(setPresence('online'))
      .then([presenceChanged('online')]);
    given([presenceChanged('online')])
      .when(setPresence('away'))
      .then([presenceChanged('away')]);
  });

  it('records a change of status message alone', () => {
    given([presenceChanged('busy')])
      .when(setPresence('busy', 'in a meeting'))
      .then([presenceChanged('busy', 'in a meeting')]);
  });

  it('records nothing when status and message repeat', () => {
    given([presenceChanged('busy', 'in a meeting')])
      .when(setPresence('busy', 'in a meeting'))
      .thenNothing();
  });
});

describe('EraseUser', () => {
  const erase = (deleted_keys: number, erased_by = 'po'): UserCommand => ({
    type: 'EraseUser',
    user_id: 'alice',
    erased_by,
    deleted_keys,
    now: NOW,
  });
  const erased = (erased_by = 'po'): UserEvent => ({
    type: 'UserErased',
    data: { user_id: 'alice', erased_by, erased_at: NOW },
  });

  it('records the erasure of a user, whether or not they had a key (data written before encryption)', () => {
    given([profileRecorded(alice)])
      .when(erase(1))
      .then([erased()]);
    given([]).when(erase(0)).then([erased()]);
  });

  it('records nothing when repeated with nothing written under a key since', () => {
    given([profileRecorded(alice), erased()])
      .when(erase(0, 'alice'))
      .thenNothing();
  });

  it('records a new erasure when the user wrote under a new key since the last one', () => {
    given([erased(), profileRecorded(alice)])
      .when(erase(1, 'alice'))
      .then([erased('alice')]);
  });

  it('forgets the profile and the status message, keeps the status', () => {
    const state = [profileRecorded(alice), presenceChanged('busy', 'in a meeting'), erased()].reduce(
      userDecider.evolve,
      userDecider.initialState(),
    );
    expect(state).toEqual({
      profile: null,
      presence: { status: 'busy', status_message: null, changed_at: NOW },
      erased: { by: 'po', at: NOW },
      blocked: new Map(),
    });
  });
});
