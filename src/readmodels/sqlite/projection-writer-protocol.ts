import type { EncodedWrites } from './encoded-writes';

/**
 * Messages between the embedded projection store (main thread) and its writer thread, which owns the
 * connection that applies projections' changes.
 */
export interface ApplyRequest {
  op: 'apply';
  id: number;
  projection: string;
  generation: number;
  /** The checkpoint this batch commits with. */
  checkpoint: string;
  /**
   * For writes folded per document (valid only while the generation's checkpoint is still this one,
   * null for none yet): the thread applies nothing and answers `stale` when it has moved meanwhile.
   * Absent for writes that are each guarded on their own position, which apply whatever happened before.
   */
  expected?: string | null;
  writes: EncodedWrites;
}

/** `forget`: tables were dropped, drop the statements prepared on them; `close`: the last message. */
export type ToProjectionWriter = ApplyRequest | { op: 'forget' } | { op: 'close' };

export type ProjectionWriterReply =
  | { id: number; outcome: 'applied' | 'stale' }
  | { id: number; failure: { name: string; message: string; code?: string } };

/** One reply per request, in request order. */
export type FromProjectionWriter = { replies: ProjectionWriterReply[] };
