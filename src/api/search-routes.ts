import { z } from 'zod';
import { NotAParticipant } from '../domain/errors';
import { type ReadModels, SearchUnavailable } from '../readmodels/port';
import { searchWords } from '../readmodels/search-text';
import { HttpProblem } from '../views/problem';
import type { Consistency } from './consistency';
import { type Route, route } from './route';
import * as s from './schemas';
import { SearchHit, searchQuery } from './search-schemas';

const P = '/api/v1/chat';
const problem = (description: string) => ({ description, schema: s.Problem });

/** Message search over the caller's conversations, served by the search projection. */
export function searchRoutes(
  readModels: ReadModels,
  consistency: Consistency,
  positionPattern: RegExp,
): Route[] {
  return [
    route({
      method: 'get',
      path: `${P}/search`,
      operationId: 'searchMessages',
      tag: 'messages',
      summary:
        'Messages of your conversations (as of now) containing every word of `q`, newest first, with highlight offsets; `conversation_id` searches one conversation; `limit` per page (1 to 100, default 20), `before` pages on. Edited messages are found by their current content, deleted ones never. Header X-Next-Before when more follow.',
      query: searchQuery(s.positionIn(positionPattern)),
      responses: {
        200: {
          description: 'hits',
          schema: z.array(SearchHit),
          headers: {
            'X-Next-Before': {
              description: 'the `before` of the next page; absent on the last page',
              schema: z.string(),
            },
          },
        },
        404: problem('a `conversation_id` that is unknown or that the caller does not take part in'),
        501: problem(
          'the read-model store cannot search text (a MongoDB-protocol server without text indexes)',
        ),
      },
      async handle({ query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const userId = caller.actor.user_id;
        const conversationId = query.conversation_id;
        if (conversationId !== undefined && !(await readModels.isParticipant(conversationId, userId)))
          throw new NotAParticipant('conversation not found');
        const page = await readModels
          .search(userId, {
            words: searchWords(query.q),
            limit: query.limit,
            ...(conversationId !== undefined && { conversationId }),
            ...(query.before !== undefined && { before: query.before }),
          })
          .catch((error: unknown) => {
            if (error instanceof SearchUnavailable)
              throw new HttpProblem(501, 'search_unavailable', 'this server cannot search messages');
            throw error;
          });
        if (page.next) ctx.set('X-Next-Before', page.next);
        return { status: 200, body: page.hits };
      },
    }),
  ];
}
