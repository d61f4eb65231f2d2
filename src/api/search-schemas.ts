import { z } from 'zod';
import { MAX_QUERY_CHARS, MAX_QUERY_WORDS, queryProblem } from '../readmodels/search-text';
import { text } from '../views/text';
import { ConversationId, Message } from './schemas';

export const MAX_SEARCH_PAGE = 100;

const Query = text()
  .superRefine((q, ctx) => {
    const problem = queryProblem(q);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    minLength: 1,
    maxLength: MAX_QUERY_CHARS,
    description: `Words to find (at most ${MAX_QUERY_WORDS}), separated by spaces; a message matches when it contains every word. Case and diacritics are ignored; each word matches as the run of letters and digits it holds (\`don't\` finds "don't", \`e-mail\` finds "e mail"). Nothing is an operator: quotes, \`*\`, \`-\`, \`:\`, \`OR\`, \`NEAR(\` are plain text. A blank q, one longer than ${MAX_QUERY_CHARS} characters, or one without a letter or digit is a 400.`,
  });

export const searchQuery = (position: z.ZodString) =>
  z.object({
    q: Query,
    conversation_id: ConversationId.optional().describe(
      'Search this conversation only (404 unless you take part in it)',
    ),
    limit: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).default(20),
    before: position
      .optional()
      .describe('The X-Next-Before header of the previous page: the hits recorded before it'),
    consistency_token: position
      .optional()
      .describe(
        'The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too.',
      ),
  });

export const Highlight = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

export const SearchHit = Message.extend({
  highlights: z
    .array(Highlight)
    .describe(
      "Where the query's words occur in `content`: offsets in UTF-16 code units (JavaScript string indexes), `end` exclusive, in order, not overlapping. Offsets, never markup: content stays data, and clients mark it up as they render it.",
    ),
});
