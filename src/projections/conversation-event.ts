import { ConversationEvent } from '../domain/conversation/events';
import type { ProjectedEvent } from './projection';

/**
 * Events read back from the log are validated before a projection trusts them. Several projections
 * read the same conversation events; a runner hands each of them the same event object, so the
 * validation runs once per event, not once per projection.
 */
const validated = new WeakMap<ProjectedEvent, ConversationEvent>();

export function conversationEventOf(raw: ProjectedEvent): ConversationEvent {
  let event = validated.get(raw);
  if (!event) {
    event = ConversationEvent.parse({ type: raw.type, data: raw.data });
    validated.set(raw, event);
  }
  return event;
}
