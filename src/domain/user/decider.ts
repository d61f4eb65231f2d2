import { z } from 'zod';
import { Actor } from '../actor';
import { CannotBlockYourself } from '../errors';
import { Timestamp } from '../time';
import { PresenceStatus, UserEvent } from './events';

/** Commands of the user aggregate (stream `user-<id>`): their profile and their chosen status. */
export const RecordProfile = z.object({ type: z.literal('RecordProfile'), actor: Actor, now: Timestamp });
export const SetPresence = z.object({
  type: z.literal('SetPresence'),
  actor: Actor,
  status: PresenceStatus,
  status_message: z.string().nullable(),
  now: Timestamp,
});
/**
 * Erase the user's personal data. The keys are deleted before this is decided; `deleted_keys` says
 * whether that deleted any, so that a repeated erasure with nothing new to erase records nothing.
 */
export const EraseUser = z.object({
  type: z.literal('EraseUser'),
  user_id: z.string().min(1),
  erased_by: z.string().min(1),
  deleted_keys: z.number().int().nonnegative(),
  now: Timestamp,
});
/** Blocking is the actor's own choice, recorded in their stream; `user_id` is whom they block. */
export const BlockUser = z.object({
  type: z.literal('BlockUser'),
  actor: Actor,
  user_id: z.string().min(1),
  now: Timestamp,
});
export const UnblockUser = z.object({
  type: z.literal('UnblockUser'),
  actor: Actor,
  user_id: z.string().min(1),
  now: Timestamp,
});
export const UserCommand = z.discriminatedUnion('type', [
  RecordProfile,
  SetPresence,
  BlockUser,
  UnblockUser,
  EraseUser,
]);
export type UserCommand = z.infer<typeof UserCommand>;

export interface UserState {
  profile: { username: string; user_avatar: string | null } | null;
  presence: { status: PresenceStatus; status_message: string | null; changed_at: string } | null;
  /** The last erasure, if any. */
  erased: { by: string; at: string } | null;
  /** Whom this user blocks, and since when (a Map keeps user-supplied ids off object prototypes). */
  blocked: Map<string, string>;
}

export function initialUserState(): UserState {
  return { profile: null, presence: null, erased: null, blocked: new Map() };
}

/** Whether the user whose state this is blocks `userId`. */
export function blocks(state: UserState, userId: string): boolean {
  return state.blocked.has(userId);
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  if (command.type === 'EraseUser') {
    const { user_id, erased_by, deleted_keys, now } = command;
    if (state.erased !== null && deleted_keys === 0) return [];
    return [{ type: 'UserErased', data: { user_id, erased_by, erased_at: now } }];
  }
  const { user_id, username, user_avatar } = command.actor;
  switch (command.type) {
    case 'RecordProfile':
      if (state.profile?.username === username && state.profile.user_avatar === user_avatar) return [];
      return [
        { type: 'UserProfileRecorded', data: { user_id, username, user_avatar, recorded_at: command.now } },
      ];
    case 'SetPresence': {
      const { status, status_message } = command;
      if (state.presence?.status === status && state.presence.status_message === status_message) return [];
      return [
        { type: 'PresenceChanged', data: { user_id, status, status_message, changed_at: command.now } },
      ];
    }
    case 'BlockUser':
      if (command.user_id === user_id) throw new CannotBlockYourself('you cannot block yourself');
      if (state.blocked.has(command.user_id)) return [];
      return [
        { type: 'UserBlocked', data: { user_id, blocked_user_id: command.user_id, blocked_at: command.now } },
      ];
    case 'UnblockUser':
      if (!state.blocked.has(command.user_id)) return [];
      return [
        {
          type: 'UserUnblocked',
          data: { user_id, blocked_user_id: command.user_id, unblocked_at: command.now },
        },
      ];
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserProfileRecorded':
      return { ...state, profile: { username: event.data.username, user_avatar: event.data.user_avatar } };
    case 'PresenceChanged': {
      const { status, status_message, changed_at } = event.data;
      return { ...state, presence: { status, status_message, changed_at } };
    }
    case 'UserErased': {
      const presence = state.presence && { ...state.presence, status_message: null };
      return {
        ...state,
        profile: null,
        presence,
        erased: { by: event.data.erased_by, at: event.data.erased_at },
      };
    }
    case 'UserBlocked': {
      const blocked = new Map(state.blocked);
      blocked.set(event.data.blocked_user_id, event.data.blocked_at);
      return { ...state, blocked };
    }
    case 'UserUnblocked': {
      const blocked = new Map(state.blocked);
      blocked.delete(event.data.blocked_user_id);
      return { ...state, blocked };
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

export const userDecider = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
  parseEvent: (raw: unknown) => UserEvent.parse(raw),
};
