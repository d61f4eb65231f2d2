import type { ExpectedRevision } from '../port';

/**
 * Messages between the event store (main thread) and its writer thread. Event data and metadata travel
 * as JSON text: the main thread has to serialise them once anyway, and cloning a string for the thread
 * is a copy, where cloning an object graph would walk it a second time.
 */
export type WriteRequest =
  | {
      op: 'append';
      id: number;
      stream: string;
      expected: ExpectedRevision;
      /** Four strings per event: id, type, data JSON, metadata JSON. */
      events: string[];
    }
  | { op: 'metadata'; id: number; stream: string; maxAgeSeconds: number | null; maxCount: number | null }
  | { op: 'purge'; id: number; nowMs: number };

export const FIELDS_PER_EVENT = 4;

export type WriteReply =
  /** `appended` for an append (the last event's revision and log position), absent for other requests. */
  | { id: number; appended?: { revision: number; pos: number } }
  | { id: number; conflict: { expected: ExpectedRevision; actual: number | 'no_stream' } }
  | { id: number; failure: { name: string; message: string; code?: string } };

/** The main thread posts one `requests` message per tick; `close` is the last message it posts. */
export type ToWriter = { requests: WriteRequest[] } | { close: true };

/**
 * One `replies` message per commit, in request order, with how many `requests` messages the commit took
 * (so the main thread knows how many it still has in flight); `closed` after the last one.
 */
export type FromWriter = { replies: WriteReply[]; messages: number } | { closed: true };
