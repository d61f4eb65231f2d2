import { decide } from './decide';
import { evolve } from './evolve';
import { fromSnapshot, toSnapshot, ConversationSnapshot } from './snapshot';
import { initialConversationState } from './state';
import { ConversationEvent } from './events';

export const conversationDecider = {
  decide,
  evolve,
  initialState: initialConversationState,
  parseEvent: (raw: unknown) => ConversationEvent.parse(raw),
  snapshot: { encode: toSnapshot, decode: (raw: unknown) => fromSnapshot(ConversationSnapshot.parse(raw)) },
};
