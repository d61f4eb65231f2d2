import { defineProjection } from '../define';
import { compareText, utcDay } from '../helpers';

/**
 * Messages sent per conversation per UTC day (by the message's `created_at`). A message deleted later
 * still counts: it was sent that day.
 */
export default defineProjection({
  name: 'messages-per-day',
  description: 'messages per conversation per UTC day',
  initialState: () => new Map<string, Map<string, number>>(),
  handlers: {
    MessageSent: (perConversation, event) => {
      const { conversation_id, created_at } = event.data;
      let days = perConversation.get(conversation_id);
      if (!days) {
        days = new Map();
        perConversation.set(conversation_id, days);
      }
      const day = utcDay(created_at);
      days.set(day, (days.get(day) ?? 0) + 1);
    },
  },
  output: (perConversation) =>
    [...perConversation]
      .flatMap(([conversation_id, days]) =>
        [...days].map(([day, messages]) => ({ conversation_id, day, messages })),
      )
      .sort((a, b) => compareText(a.conversation_id, b.conversation_id) || compareText(a.day, b.day)),
});
