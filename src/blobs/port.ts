import type { Readable } from 'node:stream';

/**
 * The blob-store port: uploaded files, kept outside the event log (the log records references only).
 * Adapters: a folder under the data directory, and GridFS on MongoDB. One contract suite
 * (test/contract/blob-store.contract.ts) runs against both.
 */

/** What is recorded about a stored blob beside its bytes. */
export interface BlobMetadata {
  id: string;
  /** The user who uploaded it. */
  owner: string;
  /** The sanitised file name (never used as a path). */
  filename: string;
  /** The declared media type, checked for syntax (and, for the image allowlist, against the bytes). */
  media_type: string;
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
  width?: number;
  height?: number;
  /** ISO-8601 UTC. */
  created_at: string;
}

/** A place in the (created_at, id) order of blobs. */
export type BlobKey = Pick<BlobMetadata, 'created_at' | 'id'>;

/** Whether `blob` comes after `key` in the (created_at, id) order. */
export function isAfter(blob: BlobKey, key: BlobKey | undefined): boolean {
  if (key === undefined) return true;
  return blob.created_at > key.created_at || (blob.created_at === key.created_at && blob.id > key.id);
}

/** Blob ids are chosen by the server: 32 lowercase hex digits (128 random bits). */
export const BLOB_ID_PATTERN = /^[0-9a-f]{32}$/;

export interface BlobStore {
  readonly kind: 'files' | 'gridfs';
  /**
   * Stores `content` as blob `id`, then records the metadata `describe` returns once the content has
   * been read to its end (size and hash are known only then). The blob exists for `stat` and `open`
   * only once both are stored. When the content fails (too large, cut off, refused) or `describe`
   * throws, nothing of the blob stays and that error is rethrown.
   */
  put(id: string, content: Readable, describe: () => BlobMetadata): Promise<BlobMetadata>;
  /** The blob's metadata; undefined for an unknown id (or one not of BLOB_ID_PATTERN's form). */
  stat(id: string): Promise<BlobMetadata | undefined>;
  /** The blob's metadata and a stream of its bytes; undefined for an unknown id. */
  open(id: string): Promise<{ metadata: BlobMetadata; content: Readable } | undefined>;
  /** Removes the blob; removing an unknown one does nothing. */
  delete(id: string): Promise<void>;
  /** Removes every blob `owner` uploaded (an erasure of theirs); returns how many. */
  removeOwnedBy(owner: string): Promise<number>;
  /**
   * Stored blobs created before `before` (ISO-8601), in (created_at, id) order, at most `limit`: those
   * after `after` (the last of the previous page) when given.
   */
  createdBefore(before: string, limit: number, after?: BlobKey): Promise<BlobMetadata[]>;
  /**
   * Removes what writes that never completed left behind (a process that died mid-upload) when they
   * started before `before`; returns how many it removed.
   */
  removeIncomplete(before: string): Promise<number>;
  close(): Promise<void>;
}
