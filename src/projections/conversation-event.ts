import { ConversationEvent } from '../domain/conversation/events';
import type { ProjectedEvent } from './projection';

/**
 * Events read back from the log are validated before a projection trusts them. Several projections
 * read the same conversation events, and a runner hands the same event object to each of them, so the
 * validated event is remembered per object (and forgotten with it): one validation per event read.
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
