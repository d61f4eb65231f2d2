import type { CommandDeps } from '../commands/deps';
import type { AbuseLimits } from '../limits/user-limits';
import { annotationRoutes } from './command-routes/annotation-routes';
import { conversationRoutes } from './command-routes/conversation-routes';
import { erasureRoutes } from './command-routes/erasure-routes';
import { messageRoutes } from './command-routes/message-routes';
import { moderationRoutes } from './command-routes/moderation-routes';
import { participantRoutes } from './command-routes/participant-routes';
import { presenceRoutes } from './command-routes/presence-routes';
import type { Route } from './route';

/** The command routes of the REST API, by resource; each returns 2xx with what it wrote. */
export function commandRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  return [
    ...conversationRoutes(deps, limits),
    ...participantRoutes(deps, limits),
    ...messageRoutes(deps, limits),
    ...presenceRoutes(deps, limits),
    ...annotationRoutes(deps),
    ...erasureRoutes(deps),
    ...moderationRoutes(deps),
  ];
}
