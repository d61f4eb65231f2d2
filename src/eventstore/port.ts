/**
 * The event-store port: the only place that knows what a stream, a revision and a position are.
 *
 * Conventions every adapter follows:
 * - Stream revisions start at 0 for the first event of a stream.
 * - `ExpectedRevision`: a number is the revision of the stream's last event; `'no_stream'` means the
 *   stream must not exist; `'stream_exists'` means it must; `'any'` skips the check.
 * - Appending the same events (same ids) at the same expected revision succeeds once and is a no-op
 *   that returns the original result afterwards, so a retried request cannot write twice.
 * - A position is an opaque string: fixed-width, sorts in log order within one store, and carries the
 *   store's epoch so that a cursor from another store (or a rebuilt log) is refused, not misread.
 *   Outside this folder nobody parses positions (use `EventStore.parsePosition`) or compares them with
 *   `<` (use `comparePositions`, `isAfter`).
 */

export type Position = string & { readonly __brand: 'Position' };

export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export type JsonObject = { [key: string]: unknown };

export interface EventToAppend {
  /** A UUID. Derive it from a client's idempotency key to make retries harmless. */
  id: string;
  type: string;
  data: JsonObject;
  metadata?: JsonObject;
}

export interface RecordedEvent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: JsonObject;
  /**
   * The data as the store holds it, where a decorator shows it otherwise (the privacy decorator
   * decrypts personal fields into `data`): audit exports hash these stored bytes.
   */
  storedData?: JsonObject;
  metadata: JsonObject;
  position: Position;
  /** ISO-8601 UTC time at which the store recorded the event. */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  revision: number;
  /** Position of the last appended event. */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: only events after this position. Omit to start at the beginning of the log. */
  after?: Position;
  maxCount: number;
}

export interface StreamMetadata {
  /** Events older than this many seconds are no longer returned when reading the stream. */
  maxAgeSeconds?: number;
  /** Only the last `maxCount` events of the stream are returned when reading it. */
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive start; omit to start at the beginning of the log, `'end'` to receive only new events. */
  after?: Position | 'end';
  /** Called for each event in log order; the next event waits until the returned promise settles. */
  onEvent: (event: RecordedEvent) => void | Promise<void>;
  /** Called once if the subscription stops because of an error (including one thrown by onEvent). */
  onError?: (error: Error) => void;
  /** Only the events this filter lets through (the store may filter on the server); all when omitted. */
  filter?: SubscriptionFilter;
  /**
   * With a filter: called now and then with a position the subscription has passed, skipped events
   * included (never before the last event delivered), so a subscriber can move its checkpoint over a
   * long run of events it does not receive.
   */
  onCheckpoint?: (position: Position) => void | Promise<void>;
}

export interface SubscriptionFilter {
  /** Events of the streams whose names start with one of these (for example `conversation-`). */
  streamPrefixes: readonly string[];
}

/** Whether a filter lets the events of a stream through. */
export function passes(filter: SubscriptionFilter | undefined, streamId: string): boolean {
  return filter === undefined || filter.streamPrefixes.some((prefix) => streamId.startsWith(prefix));
}

export interface Subscription {
  /** Resolves once no further onEvent call will be made. */
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the whole log in global order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up subscription to the whole log: history after `after`, then live, no gap, no duplicate. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  /** Position of the last event in the log, or undefined for an empty log. */
  headPosition(): Promise<Position | undefined>;
  /** Turns a client-supplied string back into a position, or throws InvalidPositionError. */
  parsePosition(value: string): Position;
  /** Matches exactly the strings `parsePosition` accepts (this store's epoch included): for documents. */
  readonly positionPattern: RegExp;
  /** How far through the log up to `head` a position is, from 0 to 1: for progress bars, never for logic. */
  fractionOf(position: Position, head: Position): number;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class InvalidPositionError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`invalid position ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidPositionError';
  }
}

/**
 * The order of two positions of one store: negative when `a` comes first, 0 when equal, positive
 * after. Every adapter writes positions fixed-width in log order, so their text order is the log's
 * (the event-store contract checks it for each adapter); nothing outside this port relies on that.
 */
export function comparePositions(a: Position | string, b: Position | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether position `a` comes after `b` in the log (`undefined`, the start of the log, comes first). */
export function isAfter(a: Position | string, b: Position | string | undefined): boolean {
  return b === undefined || comparePositions(a, b) > 0;
}

/** The whole log after `after` (or from its start), page by page: the one loop for every reader. */
export async function* readAllPages(
  store: Pick<EventStore, 'readAll'>,
  options: { after?: Position; pageSize?: number } = {},
): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? 1000;
  let after = options.after;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    after = last.position;
  }
}

/** The category of a stream is the part of its name before the first dash. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
