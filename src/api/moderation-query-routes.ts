import { z } from 'zod';
import type { ReadModels } from '../readmodels/port';
import type { Consistency } from './consistency';
import * as m from './moderation-schemas';
import { type Route, route } from './route';

/** The moderators' queue of reports, from the reports read model. */
export function moderationQueryRoutes(
  readModels: ReadModels,
  consistency: Consistency,
  positionPattern: RegExp,
): Route[] {
  const position = z.string().regex(positionPattern, 'must be a position of this event log');
  return [
    route({
      method: 'get',
      path: '/api/v1/chat/moderation/reports',
      operationId: 'listReports',
      tag: 'moderation',
      role: m.MODERATOR,
      summary:
        'Reports (moderator role), oldest first, with the reported message as it is now and its conversation: `status` open (default), resolved or all; `limit` 1 to 200 (default 50).',
      query: m.reportsQuery(position),
      responses: { 200: { description: 'reports', schema: z.array(m.Report) } },
      async handle({ query, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const reports = await readModels.reports({
          ...(query.status !== 'all' && { status: query.status }),
          limit: query.limit,
        });
        return { status: 200, body: reports };
      },
    }),
  ];
}
