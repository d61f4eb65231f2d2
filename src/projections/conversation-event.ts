import { ConversationEvent } from '../domain/conversation/events';
import type { ProjectedEvent } from './projection';

/**
 * Events read back from the log are validated before a projection trusts them. Several projections
 * read the same conversation events, and a runner hands one event to each of its projections in turn
 * before the next event, so remembering the last event validated runs the validation once per event.
 */
let last: { raw: ProjectedEvent; event: ConversationEvent } | undefined;

export function conversationEventOf(raw: ProjectedEvent): ConversationEvent {
  if (last?.raw !== raw) last = { raw, event: ConversationEvent.parse({ type: raw.type, data: raw.data }) };
  return last.event;
}
