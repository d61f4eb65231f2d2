import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** The namespace of this product's derived event ids (RFC 9562 name-based UUIDs). */
const EVENT_ID_NAMESPACE = '27345446-65b5-46a7-b48d-c09271ecbd8c';

/**
 * A version 5 UUID derived from a name, so that a retried command writes an event with the same id
 * and the event store's duplicate check recognises it.
 *
 * Ids written before this derivation (SHA-256 truncated into the v5 layout) differ from these. That is
 * safe: the first net against a retried send is the idempotency key kept in the conversation aggregate
 * (`decide` returns no events for a key it knows, for at least the documented window), whatever the
 * event id. The store's duplicate check by id is only the second net, for two appends racing at the
 * same expected revision: when they come from nodes on either side of an upgrade, the loser gets a
 * concurrency conflict instead of an idempotent success, and its retry finds the key in the aggregate.
 */
export function derivedEventId(name: string): string {
  return uuidv5(name, EVENT_ID_NAMESPACE);
}

export function newEventId(): string {
  return randomUUID();
}
