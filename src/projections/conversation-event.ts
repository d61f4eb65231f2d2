import { ConversationEvent } from '../domain/conversation/events';
import type { ProjectedEvent } from './projection';

/**
 * Events read back from the log are validated before a projection trusts them. Several projections
 * read the same conversation events, and a runner hands the same event object to each of them in
 * turn, so the last event validated is remembered (one entry, not a WeakMap: its ephemerons cost the
 * garbage collector more than the lookups save): one validation per event read.
 */
let lastRaw: ProjectedEvent | undefined;
let lastEvent: ConversationEvent | undefined;

export function conversationEventOf(raw: ProjectedEvent): ConversationEvent {
  if (raw === lastRaw && lastEvent !== undefined) return lastEvent;
  const event = ConversationEvent.parse({ type: raw.type, data: raw.data });
  lastRaw = raw;
  lastEvent = event;
  return event;
}
