import { type EventStore, type Position, type RecordedEvent, readAllPages } from '../eventstore/port';
import { applyEvent, type ProjectionDefinition, type Row } from './define';

export interface ReplayProgress {
  /** Events read from the log so far (all of them, including those no handler looks at). */
  events: number;
  /** Position of the last event read. */
  position: Position;
}

export interface ReplayOptions<S> {
  /** Exclusive: start after this position (omit for the beginning of the log). */
  after?: Position;
  /** Continue from this state instead of `initialState()`. */
  state?: S;
  /** Events read per page; 5,000 by default. */
  pageSize?: number;
  /** Called after every page. */
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayResult<S> {
  state: S;
  /** Position of the last event read, undefined for an empty log. */
  position: Position | undefined;
  events: number;
}

/** Folds the whole log (from `after` up to the head as it is when the last page is read). */
export async function replay<S>(
  store: EventStore,
  definition: ProjectionDefinition<S, Row>,
  options: ReplayOptions<S> = {},
): Promise<ReplayResult<S>> {
  const pageSize = options.pageSize ?? 5000;
  let state = options.state ?? definition.initialState();
  let position = options.after;
  let events = 0;
  for await (const page of readAllPages(store, { after: options.after, pageSize })) {
    for (const recorded of page) state = applyEvent(definition, state, recorded);
    position = (page[page.length - 1] as RecordedEvent).position;
    events += page.length;
    options.onProgress?.({ events, position });
  }
  return { state, position, events };
}

export interface FollowOptions<S> {
  /** Exclusive: where `replay` stopped. */
  after: Position | undefined;
  state: S;
  /** Called with the rows at most every `intervalMs`, and only when an event arrived since the last call. */
  onOutput: (output: Output) => void | Promise<void>;
  intervalMs?: number;
  onEvent?: (position: Position) => void;
  onError?: (error: Error) => void;
}

export interface Follower<S> {
  /** Stops following, emits the output one last time if it changed, and returns the final state. */
  close(): Promise<S>;
}

/** Keeps a projection live: subscribes from where `replay` stopped and re-emits its output periodically. */
export function follow<S>(
  store: EventStore,
  definition: ProjectionDefinition<S, Row>,
  options: FollowOptions<S>,
): Follower<S> {
  let state = options.state;
  let dirty = false;
  let emitting: Promise<void> = Promise.resolve();
  const emit = (): Promise<void> => {
    if (!dirty) return emitting;
    dirty = false;
    emitting = emitting
      .then(() => options.onOutput(outputOf(definition, state)))
      .catch((error: unknown) => options.onError?.(error as Error));
    return emitting;
  };
  const subscription = store.subscribeToAll({
    after: options.after,
    onEvent: (recorded) => {
      state = applyEvent(definition, state, recorded);
      dirty = true;
      options.onEvent?.(recorded.position);
    },
    onError: (error) => options.onError?.(error),
  });
  const timer = setInterval(() => void emit(), options.intervalMs ?? 5000);
  return {
    close: async () => {
      clearInterval(timer);
      await subscription.close();
      await emit();
      return state;
    },
  };
}

/** What a sink writes: the rows of `output(state)`, or the state itself for a definition without one. */
export type Output = { rows: Row[] } | { state: unknown };

export function outputOf<S>(definition: ProjectionDefinition<S, Row>, state: S): Output {
  return definition.output ? { rows: definition.output(state) } : { state };
}
