import type { BlobKey, BlobStore } from '../blobs/port';

/** Later than any upload's creation time: every stored blob was created before it. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';
const PAGE = 500;

/**
 * Removes every upload of `owner`, shared or not: an erasure's part in the blob store (a file's bytes
 * are its uploader's personal data, and no key shreds them). Returns how many it removed.
 */
export async function removeUploadsOf(blobs: BlobStore, owner: string): Promise<number> {
  let removed = 0;
  let after: BlobKey | undefined;
  for (;;) {
    const page = await blobs.createdBefore(END_OF_TIME, PAGE, after);
    for (const blob of page) {
      if (blob.owner !== owner) continue;
      await blobs.delete(blob.id);
      removed++;
    }
    after = page[page.length - 1];
    if (page.length < PAGE || after === undefined) return removed;
  }
}
