import { defineProjection } from '../define';
import { compareText, isoWeek } from '../helpers';

const TOP = 10;

/**
 * The most active users per ISO week (by the message's `created_at`, UTC): messages sent, top 10 per
 * week, ties broken by user id. The username is the latest one seen in a profile or a message.
 */
export default defineProjection({
  name: 'active-users-weekly',
  description: 'top 10 users by messages sent per ISO week',
  initialState: () => ({
    weeks: new Map<string, Map<string, number>>(),
    usernames: new Map<string, string>(),
  }),
  handlers: {
    UserProfileRecorded: (state, event) => {
      state.usernames.set(event.data.user_id, event.data.username);
    },
    MessageSent: (state, event) => {
      const { user_id, username, created_at } = event.data;
      state.usernames.set(user_id, username);
      const week = isoWeek(created_at);
      let counts = state.weeks.get(week);
      if (!counts) {
        counts = new Map();
        state.weeks.set(week, counts);
      }
      counts.set(user_id, (counts.get(user_id) ?? 0) + 1);
    },
  },
  output: (state) =>
    [...state.weeks]
      .sort(([a], [b]) => compareText(a, b))
      .flatMap(([week, counts]) =>
        [...counts]
          .sort(([userA, a], [userB, b]) => b - a || compareText(userA, userB))
          .slice(0, TOP)
          .map(([user_id, messages], index) => ({
            week,
            rank: index + 1,
            user_id,
            username: state.usernames.get(user_id) ?? null,
            messages,
          })),
      ),
});
