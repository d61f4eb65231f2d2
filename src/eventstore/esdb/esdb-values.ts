import {
  ANY,
  type AppendExpectedRevision,
  type Position as EsdbPosition,
  NO_STREAM,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import type { ExpectedRevision, JsonObject } from '../port';

/** The streams the adapter keeps for itself, translations between the port's values and the client's, and stream cancellation. */

export const EPOCH_STREAM = 'storeepoch-id';
export const EPHEMERAL_STREAM = 'ephemeral-signals';

/** Adapter bookkeeping and ephemeral signals live in the log but are not history. */
const INTERNAL_STREAMS = new Set([EPOCH_STREAM, EPHEMERAL_STREAM]);
const MAX_U64 = (1n << 64n) - 1n;

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function toRevision(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`stream revision ${revision} is outside the safe integer range`);
  }
  return Number(revision);
}

export function hex64(value: bigint): string {
  if (value < 0n || value > MAX_U64) throw new RangeError(`position component ${value} is not a u64`);
  return value.toString(16).padStart(16, '0');
}

export function samePosition(a: EsdbPosition, b: EsdbPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}

export function isHidden(event: { streamId: string; type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$') || INTERNAL_STREAMS.has(event.streamId);
}

export function asJsonObject(value: unknown): JsonObject {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
    ? (value as JsonObject)
    : {};
}

/** Cancels the server-side call and ends local iteration; errors from an already broken call are moot. */
export async function stopStream(stream: {
  unsubscribe?(): Promise<void>;
  cancel?(): Promise<void>;
  destroy(): void;
}) {
  try {
    await (stream.unsubscribe ?? stream.cancel)?.call(stream);
  } catch {
    // The call is being abandoned either way.
  }
  stream.destroy();
}
