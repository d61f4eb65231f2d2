import { type ConversationEvent, conversationEventTypes } from '../domain/conversation/events';
import { type UserEvent, userEventTypes } from '../domain/user/events';
import { type Position, type RecordedEvent, streamCategory } from '../eventstore/port';

/**
 * A projection for analysts, defined in one file: an initial state, one optional handler per event type
 * and an optional `output` that turns the final state into rows for a sink (JSON, CSV, SQLite, table).
 *
 * Only the facts of `conversation-*` and `user-*` streams reach the handlers, typed from their zod
 * schemas; everything else in the log (snapshots, audit access records, ephemeral signals, event types
 * this version does not know) is skipped. Events are not re-validated on the way in: the write side
 * validated them when it appended them, and replay speed matters here.
 */
export type AnalyticsEvent = ConversationEvent | UserEvent;
export type AnalyticsEventType = AnalyticsEvent['type'];
export type AnalyticsEventOf<T extends AnalyticsEventType> = Extract<AnalyticsEvent, { type: T }>;

/** Where an event sits in the log. `recordedAt` is the store's clock; the facts carry their own times. */
export interface EventMeta {
  position: Position;
  streamId: string;
  recordedAt: string;
}

/** Mutate `state` and return nothing, or return the next state. */
export type Handler<S, T extends AnalyticsEventType> = (
  state: S,
  event: AnalyticsEventOf<T>,
  meta: EventMeta,
) => S | void;

export type Handlers<S> = { [T in AnalyticsEventType]?: Handler<S, T> };

/** One output row: its keys are the columns (the CSV header and SQLite columns come from the first row). */
export type Row = Record<string, unknown>;

export interface ProjectionDefinition<S, R extends Row = Row> {
  /** A short name: the label of the progress bar and the default table name. */
  name: string;
  description?: string;
  initialState: () => S;
  handlers: Handlers<S>;
  /** Rows to write out; without it the state itself is written (JSON sinks only). */
  output?: (state: S) => R[];
}

// biome-ignore lint/suspicious/noExplicitAny: a definition of any state, as loaded from a module
export type AnyProjection = ProjectionDefinition<any, Row>;

/** Returns its argument: it exists so that TypeScript infers the state and types every handler. */
export function defineProjection<S, R extends Row = Row>(
  definition: ProjectionDefinition<S, R>,
): ProjectionDefinition<S, R> {
  return definition;
}

/** The analytics view of a recorded event, or undefined when analysts' handlers never see it. */
export function analyticsEventOf(recorded: RecordedEvent): AnalyticsEvent | undefined {
  const category = streamCategory(recorded.streamId);
  const known =
    category === 'conversation'
      ? conversationEventTypes.has(recorded.type)
      : category === 'user' && userEventTypes.has(recorded.type);
  return known ? ({ type: recorded.type, data: recorded.data } as AnalyticsEvent) : undefined;
}

/** Applies one recorded event to the state and returns the next state. */
export function applyEvent<S>(
  definition: ProjectionDefinition<S, Row>,
  state: S,
  recorded: RecordedEvent,
): S {
  const handler = definition.handlers[recorded.type as AnalyticsEventType] as
    | ((state: S, event: AnalyticsEvent, meta: EventMeta) => S | undefined)
    | undefined;
  if (!handler) return state;
  const event = analyticsEventOf(recorded);
  if (!event) return state;
  const next = handler(state, event, {
    position: recorded.position,
    streamId: recorded.streamId,
    recordedAt: recorded.recordedAt,
  });
  return next === undefined ? state : next;
}

/** True for a value that looks like a projection definition (what a loaded module must export). */
export function isProjectionDefinition(value: unknown): value is AnyProjection {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.initialState === 'function' &&
    typeof v.handlers === 'object' &&
    v.handlers !== null &&
    (v.output === undefined || typeof v.output === 'function')
  );
}
