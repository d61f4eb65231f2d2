import type { EventStore, JsonObject } from '../eventstore/port';
import { newEventId } from './event-ids';

/** How an aggregate's state is snapshotted: every `every` events, in a form that survives JSON. */
export interface SnapshotCodec<S> {
  every: number;
  encode(state: S): unknown;
  decode(raw: unknown): S;
}

/** Snapshots live in their own stream, whose category (`snapshot`) projections ignore. */
export function snapshotStream(streamId: string): string {
  return `snapshot-${streamId}`;
}

/**
 * The latest snapshot of a stream as a state and the revision it folds up to; the initial state at
 * revision -1 when there is none or it cannot be read.
 */
export async function loadSnapshot<S>(
  store: EventStore,
  codec: SnapshotCodec<S> | undefined,
  streamId: string,
  initialState: S,
): Promise<{ state: S; revision: number }> {
  const fresh = { state: initialState, revision: -1 };
  if (!codec) return fresh;
  const [latest] = await store.readStream(snapshotStream(streamId), { direction: 'backwards', maxCount: 1 });
  if (!latest) return fresh;
  try {
    return { state: codec.decode(latest.data.state), revision: latest.data.revision as number };
  } catch {
    // A snapshot from an older state layout: fold the whole stream instead.
    return fresh;
  }
}

/** Whether an append that took the stream from `before` to `after` passed a multiple of `every`. */
export function crossesSnapshot(every: number, before: number, after: number): boolean {
  return Math.floor((before + 1) / every) !== Math.floor((after + 1) / every);
}

/**
 * Writes a snapshot of `state` at `revision`; only the latest is kept. The state is encoded at once,
 * before anything awaits: the caller goes on changing it in place.
 */
export function writeSnapshot<S>(
  store: EventStore,
  codec: SnapshotCodec<S>,
  streamId: string,
  state: S,
  revision: number,
): Promise<unknown> {
  const data = { revision, state: codec.encode(state) } as JsonObject;
  const stream = snapshotStream(streamId);
  return store
    .setStreamMetadata(stream, { maxCount: 1 })
    .then(() => store.append(stream, [{ id: newEventId(), type: 'Snapshot', data }], 'any'));
}
