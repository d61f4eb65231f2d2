import type { Actor } from '../domain/actor';
import { decide } from '../domain/conversation/decide';
import { messageId } from '../domain/ids';
import type { CommandDeps } from './deps';
import { locateMessage } from './message-handlers';
import { executeAs, type Written, written } from './written';

export interface PinState {
  conversation_id: string;
  message_id: string;
  pinned: boolean;
  pinned_by: string | null;
  pinned_at: string | null;
}

/**
 * Pins or unpins a message of `conversationId`. A message id of another conversation names no message
 * of this one (404). Pinning a pinned message, or unpinning one that is not, writes nothing and answers
 * the pin as it is.
 */
export async function changePin(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  id: string,
  change: 'pin' | 'unpin',
  maxPins?: number,
): Promise<Written<PinState>> {
  const located = locateMessage(id);
  // Another conversation's message is not one of this conversation's: the domain's 404 for an unknown seq.
  const seq = located.conversationId === conversationId ? located.seq : Number.MAX_SAFE_INTEGER;
  const outcome = await executeAs(
    deps,
    actor,
    conversationId,
    (state) =>
      decide(
        change === 'pin'
          ? {
              type: 'PinMessage',
              actor,
              now: deps.now(),
              seq,
              ...(maxPins !== undefined && { max_pins: maxPins }),
            }
          : { type: 'UnpinMessage', actor, now: deps.now(), seq },
        state,
      ),
    (state) => state.pins.get(seq),
  );
  const pin = outcome.decided;
  const value = {
    conversation_id: conversationId,
    message_id: messageId(conversationId, seq),
    pinned: pin !== undefined,
    pinned_by: pin?.by ?? null,
    pinned_at: pin?.at ?? null,
  };
  return written(value, outcome);
}
