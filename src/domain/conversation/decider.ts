import { decide } from './decide';
import { ConversationEvent } from './events';
import { evolve } from './evolve';
import { ConversationSnapshot, fromSnapshot, toSnapshot } from './snapshot';
import { initialConversationState } from './state';

export const conversationDecider = {
  decide,
  evolve,
  initialState: initialConversationState,
  parseEvent: (raw: unknown) => ConversationEvent.parse(raw),
  snapshot: { encode: toSnapshot, decode: (raw: unknown) => fromSnapshot(ConversationSnapshot.parse(raw)) },
};
