import { defineProjection } from '../define';

/** How many conversations of each type were created, and how many messages each type carries. */
export default defineProjection({
  name: 'conversations-per-type',
  initialState: () => ({
    typeOf: new Map<string, string>(),
    totals: new Map<string, { conversations: number; messages: number }>(),
  }),
  handlers: {
    ConversationCreated: (state, event) => {
      const type = event.data.conversation_type;
      state.typeOf.set(event.data.conversation_id, type);
      const total = state.totals.get(type) ?? { conversations: 0, messages: 0 };
      total.conversations += 1;
      state.totals.set(type, total);
    },
    MessageSent: (state, event) => {
      const type = state.typeOf.get(event.data.conversation_id);
      const total = type === undefined ? undefined : state.totals.get(type);
      if (total) total.messages += 1;
    },
  },
  output: (state) => [...state.totals].map(([conversation_type, total]) => ({ conversation_type, ...total })),
});
