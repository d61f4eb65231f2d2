import { CONVERSATION_ID_PATTERN } from '../domain/ids';
import { Timestamp } from '../domain/time';
import type { ConversationKey } from '../readmodels/port';

/**
 * The `before` cursor of the conversation list: base64url of the JSON pair [activity time, id] of the
 * last conversation a page showed. Clients treat it as opaque; the server checks its shape because it
 * comes back from outside.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longer than any cursor this server writes (a 64-character id and a timestamp). */
export const MAX_CURSOR_CHARS = 200;

export function encodeConversationCursor(key: ConversationKey): string {
  return Buffer.from(JSON.stringify([key.activityAt, key.id]), 'utf8').toString('base64url');
}

/** The key a cursor names, or undefined when it is not one this server could have written. */
export function decodeConversationCursor(cursor: string): ConversationKey | undefined {
  if (cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) return undefined;
  let pair: unknown;
  try {
    pair = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [activityAt, id] = pair as unknown[];
  // Activity times are the domain's timestamps, so any other string cannot have come from a page.
  const at = Timestamp.safeParse(activityAt);
  if (!at.success || typeof id !== 'string' || !CONVERSATION_ID_PATTERN.test(id)) return undefined;
  return { activityAt: at.data, id };
}
