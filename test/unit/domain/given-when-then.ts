import { decide } from '../../../src/domain/conversation/decide';
import type { ConversationEvent } from '../../../src/domain/conversation/events';
import { evolve } from '../../../src/domain/conversation/evolve';
import { type ConversationState, initialConversationState } from '../../../src/domain/conversation/state';
import type { DomainError } from '../../../src/domain/errors';

interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

type DomainErrorClass = new (message: string, ...rest: never[]) => DomainError;

/**
 * Decider tests as they read: given these events, when this command is decided, then these events are
 * appended (or this DomainError is thrown, or nothing is appended).
 */
export function givenFor<C, E, S>(decider: Decider<C, E, S>) {
  return (events: readonly E[]) => ({
    when(command: C) {
      const decided = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
      return {
        // biome-ignore lint/suspicious/noThenProperty: the given/when/then vocabulary; never awaited.
        then(expected: E[]): void {
          expect(decided()).toStrictEqual(expected);
        },
        thenThrows(errorClass: DomainErrorClass): void {
          let thrown: unknown;
          try {
            decided();
          } catch (error) {
            thrown = error;
          }
          // Sibling classes share a code (NotAParticipant, ConversationNotFound): insist on the very class.
          expect(thrown).toBeInstanceOf(errorClass);
          expect((thrown as DomainError).constructor).toBe(errorClass);
        },
        thenNothing(): void {
          expect(decided()).toStrictEqual([]);
        },
      };
    },
  });
}

const conversation = { decide, evolve, initialState: initialConversationState };

export const given = givenFor(conversation);

/** The state a conversation reaches after `events`, folded from the initial state. */
export function fold(events: readonly ConversationEvent[]): ConversationState {
  return events.reduce(evolve, initialConversationState());
}
