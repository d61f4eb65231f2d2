import type { BlobKey, BlobStore } from '../blobs/port';

/** What the collector asks the read models: whether any message ever carried an upload. */
export interface References {
  attachmentReferenced(attachmentId: string): Promise<boolean>;
  /**
   * Whether the read model has caught up with the head of the log (waiting a little): until it has,
   * a message that carries an upload may not show yet, and nothing unreferenced is removed.
   */
  caughtUp?(): Promise<boolean>;
}

export interface CollectionReport {
  /** Uploads removed because no message carried them within the grace period. */
  unreferenced: number;
  /** Leftovers of uploads that never completed. */
  incomplete: number;
  /** The read model was behind the log, so no unreferenced upload was looked at this time. */
  skipped: boolean;
}

/** Uploads read per page. */
const PAGE = 500;

/**
 * Removes uploads older than the grace period that no message carries (a message that was deleted
 * still counts: its reference stays in the log), and what interrupted uploads left behind. Sends
 * check an upload exists when they are decided and the read model learns of the message a moment
 * later, so the collector first waits for the read model to reach the head of the log, and the grace
 * period must dwarf what is left: a send decided in the very last moment of an upload's grace period.
 */
export async function collectUnreferenced(
  blobs: BlobStore,
  references: References,
  now: Date,
  graceMs: number,
): Promise<CollectionReport> {
  const cutoff = new Date(now.getTime() - graceMs).toISOString();
  const incomplete = await blobs.removeIncomplete(cutoff);
  if (references.caughtUp && !(await references.caughtUp()))
    return { unreferenced: 0, incomplete, skipped: true };
  let unreferenced = 0;
  let after: BlobKey | undefined;
  for (;;) {
    const page = await blobs.createdBefore(cutoff, PAGE, after);
    for (const blob of page) {
      if (await references.attachmentReferenced(blob.id)) continue;
      await blobs.delete(blob.id);
      unreferenced++;
    }
    after = page[page.length - 1];
    if (page.length < PAGE || after === undefined) break;
  }
  return { unreferenced, incomplete, skipped: false };
}
