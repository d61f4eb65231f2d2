import type { AnyProjection } from '../define';
import activeUsersWeekly from './active-users-weekly';
import firstResponseTime from './first-response-time';
import messagesPerDay from './messages-per-day';

/** The bundled examples, by the name `npm run analyze -- NAME` accepts. */
export const EXAMPLES: Readonly<Record<string, AnyProjection>> = {
  [messagesPerDay.name]: messagesPerDay,
  [firstResponseTime.name]: firstResponseTime,
  [activeUsersWeekly.name]: activeUsersWeekly,
};
