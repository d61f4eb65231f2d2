import type { EventStore, Position, RecordedEvent } from '../eventstore/port';
import { isAfter, readAllPages } from '../eventstore/port';

/**
 * The reads audits make of the event log, shared by the audit API and the audit CLI: a conversation's
 * stream page by page, where in it a position falls, and the whole log up to a head.
 */

/** Events read from the store per page. */
export const AUDIT_PAGE = 1000;

export function conversationStream(conversationId: string): string {
  return `conversation-${conversationId}`;
}

/** The stream's last event, or undefined when the stream has none. */
export async function streamHead(store: EventStore, stream: string): Promise<RecordedEvent | undefined> {
  const [head] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return head;
}

/** A stream's events forwards from `fromRevision`, a page at a time. */
export async function* streamPages(
  store: EventStore,
  stream: string,
  fromRevision = 0,
): AsyncGenerator<RecordedEvent[]> {
  let next = fromRevision;
  for (;;) {
    const page = await store.readStream(stream, { fromRevision: next, maxCount: AUDIT_PAGE });
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (!last || page.length < AUDIT_PAGE) return;
    next = last.revision + 1;
  }
}

/** A stream's events forwards, one at a time. */
export async function* streamEvents(store: EventStore, stream: string): AsyncGenerator<RecordedEvent> {
  for await (const page of streamPages(store, stream)) yield* page;
}

/**
 * The stream's events in log order up to `upTo` (inclusive; all of them without it). Reads stop with
 * the page that passes it; the events after it in that page are left out.
 */
export async function readStreamUpTo(
  store: EventStore,
  stream: string,
  upTo: Position | undefined,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const page of streamPages(store, stream)) {
    for (const event of page) {
      if (upTo !== undefined && isAfter(event.position, upTo)) return events;
      events.push(event);
    }
  }
  return events;
}

/** The revision of the stream's first event after `after`, by binary search: O(log n) reads. */
export async function firstRevisionAfter(
  store: EventStore,
  stream: string,
  after: Position,
): Promise<number> {
  const head = await streamHead(store, stream);
  if (!head) return 0;
  let lo = 0;
  let hi = head.revision + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [event] = await store.readStream(stream, { fromRevision: mid, maxCount: 1 });
    if (!event || isAfter(event.position, after)) hi = mid;
    else lo = Math.max(mid, event.revision) + 1;
  }
  return lo;
}

/**
 * The whole log as it stood at `head` (inclusive), a page at a time: events appended meanwhile are
 * left for a later read.
 */
export async function* logPagesUpTo(store: EventStore, head: Position): AsyncGenerator<RecordedEvent[]> {
  for await (const page of readAllPages(store, { pageSize: AUDIT_PAGE })) {
    const inRange = page.filter((event) => !isAfter(event.position, head));
    if (inRange.length > 0) yield inRange;
    if (inRange.length < page.length) return;
  }
}
