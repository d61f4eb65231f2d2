import { defineProjection } from '../define';
import { compareText, median } from '../helpers';

interface Thread {
  /** Sender of the current run of messages. */
  sender: string | undefined;
  /** `created_at` (ms) of the first message of the current run. */
  runStartedAt: number;
  /** Seconds from the first message of a run to the other user's next message. */
  delays: number[];
}

/**
 * Median first-response time in direct conversations. A run is a sequence of messages by the same
 * sender; each time the sender changes, the delay from the first message of the run that ends to the
 * reply is one response. Reported per direct conversation (null when nobody ever replied) and over
 * all responses of all direct conversations (`conversation_id` = `(all)`). Deleted messages count.
 */
export default defineProjection({
  name: 'first-response-time',
  description: 'median first-response time in direct conversations',
  initialState: () => ({ direct: new Map<string, Thread>() }),
  handlers: {
    ConversationCreated: (state, event) => {
      if (event.data.conversation_type === 'direct')
        state.direct.set(event.data.conversation_id, { sender: undefined, runStartedAt: 0, delays: [] });
    },
    MessageSent: (state, event) => {
      const thread = state.direct.get(event.data.conversation_id);
      if (!thread) return;
      const at = Date.parse(event.data.created_at);
      if (thread.sender === event.data.user_id) return;
      if (thread.sender !== undefined) thread.delays.push((at - thread.runStartedAt) / 1000);
      thread.sender = event.data.user_id;
      thread.runStartedAt = at;
    },
  },
  output: (state) => {
    const rows = [...state.direct]
      .sort(([a], [b]) => compareText(a, b))
      .map(([conversation_id, thread]) => ({
        conversation_id,
        responses: thread.delays.length,
        median_seconds: median(thread.delays),
      }));
    const all = [...state.direct.values()].flatMap((thread) => thread.delays);
    rows.push({ conversation_id: '(all)', responses: all.length, median_seconds: median(all) });
    return rows;
  },
});
