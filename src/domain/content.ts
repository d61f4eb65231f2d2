import { ContentTooLong, EmptyContent } from './errors';

/** Message content is limited to this many Unicode code points. */
export const MAX_CONTENT_CHARS = 10_000;

/** Blank content is refused unless `mayBeBlank` (a message whose attachments say what it is). */
export function checkContent(content: string, options: { mayBeBlank?: boolean } = {}): void {
  if (!options.mayBeBlank && content.trim().length === 0) {
    throw new EmptyContent('content must not be empty');
  }
  // A string of at most MAX_CONTENT_CHARS UTF-16 units has at most that many code points.
  if (content.length > MAX_CONTENT_CHARS && codePoints(content) > MAX_CONTENT_CHARS) {
    throw new ContentTooLong(`content must be at most ${MAX_CONTENT_CHARS} characters`);
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
