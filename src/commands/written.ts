import type { Actor } from '../domain/actor';
import type { ConversationEvent } from '../domain/conversation/events';
import type { ConversationState } from '../domain/conversation/state';
import type { Position } from '../eventstore/port';
import type { Decision, Outcome, StateReader } from './aggregate-store';
import type { CommandDeps } from './deps';

/** What a command handler answers: its value, where it was written, whether anything was. */
export interface Written<T> {
  value: T;
  position: Position | undefined;
  /** False when the command repeated an earlier one and wrote nothing. */
  created: boolean;
}

/** A handler's answer from the outcome of its command: created when it appended anything. */
export function written<T>(value: T, outcome: Outcome<unknown, unknown>): Written<T> {
  return { value, position: outcome.position, created: outcome.events.length > 0 };
}

/**
 * Runs a decision on a conversation for `actor`, recording the actor's profile alongside (a refused
 * command records nothing). `read` takes what the handler answers from the state as decided.
 */
export function executeAs(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  decision: Decision<ConversationState, ConversationEvent>,
): Promise<Outcome<ConversationEvent>>;
export function executeAs<R>(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  decision: Decision<ConversationState, ConversationEvent>,
  read: StateReader<ConversationState, R>,
): Promise<Outcome<ConversationEvent, R>>;
export function executeAs<R>(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  decision: Decision<ConversationState, ConversationEvent>,
  read?: StateReader<ConversationState, R>,
): Promise<Outcome<ConversationEvent, R | undefined>> {
  const work = deps.conversations.execute(conversationId, decision, read ?? (() => undefined));
  return deps.profiles.alongside(actor, work);
}
