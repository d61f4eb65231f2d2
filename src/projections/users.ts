import { UserEvent } from '../domain/user/events';
import { ERASED_USERNAME } from '../privacy/personal-fields';
import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, upsert } from './changes';
import type { ProjectedEvent, Projection } from './projection';

/** Users as their tokens described them, and the status they chose. */
export const usersProjection: Projection = {
  name: 'users',
  tables: TABLE_GROUPS.users,
  categories: ['user'],
  project(raw: ProjectedEvent): Change[] {
    if (!raw.streamId.startsWith('user-')) return [];
    const event = UserEvent.parse({ type: raw.type, data: raw.data });
    const key = { user_id: event.data.user_id };
    switch (event.type) {
      case 'UserProfileRecorded':
        return [
          upsert('users', key, {
            username: event.data.username,
            user_avatar: event.data.user_avatar,
            updated_at: event.data.recorded_at,
          }),
        ];
      case 'PresenceChanged': {
        const { status, status_message, changed_at } = event.data;
        return [
          upsert('users', key, { status, status_message, last_active: changed_at, updated_at: changed_at }),
        ];
      }
      case 'UserErased':
        return [
          upsert('users', key, {
            username: ERASED_USERNAME,
            user_avatar: null,
            status_message: null,
            updated_at: event.data.erased_at,
          }),
        ];
      // Blocks are read from the user's own stream (the write side needs them there anyway).
      case 'UserBlocked':
      case 'UserUnblocked':
        return [];
      default: {
        const _never: never = event;
        return _never;
      }
    }
  },
};
