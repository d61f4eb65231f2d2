import { CONVERSATION_ID_PATTERN } from '../domain/ids';
import type { ConversationKey } from '../readmodels/port';

/**
 * The `before` cursor of the conversation list: `<activity time in epoch milliseconds>.<id>` of the
 * last conversation a page showed. Clients treat it as opaque; the server checks its shape because it
 * comes back from outside. Its form is a regular expression that every decodable cursor matches and
 * only those, so the OpenAPI document states it exactly: at most 13 digits stay within year 2286, so
 * every match names a valid instant with a four-digit year, as the domain's timestamps have.
 */
export const CONVERSATION_CURSOR_PATTERN = new RegExp(
  `^(0|[1-9][0-9]{0,12})\\.(${CONVERSATION_ID_PATTERN.source.replace(/^\^|\$$/g, '')})$`,
);

export function encodeConversationCursor(key: ConversationKey): string {
  return `${Date.parse(key.activityAt)}.${key.id}`;
}

/** The key a cursor names, or undefined when it is not one this server could have written. */
export function decodeConversationCursor(cursor: string): ConversationKey | undefined {
  const match = CONVERSATION_CURSOR_PATTERN.exec(cursor);
  if (!match) return undefined;
  const [, millis = '', id = ''] = match;
  return { activityAt: new Date(Number(millis)).toISOString(), id };
}
