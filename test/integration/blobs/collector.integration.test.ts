import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { collectUnreferenced } from '../../../src/attachments/collector';
import { FileBlobStore } from '../../../src/blobs/files/file-blob-store';
import { tempDir } from '../../support/temp-dir';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');

async function storeWith(count: number, createdAt: (i: number) => string) {
  const { dir, remove } = tempDir('chat-collector-');
  const blobs = await FileBlobStore.open(join(dir, 'blobs'));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = i.toString(16).padStart(32, '0');
    const bytes = Buffer.from(`blob ${i}`);
    await blobs.put(id, Readable.from([bytes]), () => ({
      id,
      owner: 'alice',
      filename: `${i}.txt`,
      media_type: 'text/plain',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      created_at: createdAt(i),
    }));
    ids.push(id);
  }
  return { blobs, ids, remove };
}

describe('collectUnreferenced', () => {
  it('removes unreferenced uploads older than the grace period, over several pages, and keeps the rest', async () => {
    // 1,200 old uploads (more than two pages) and 3 recent ones; every third old one is referenced.
    const { blobs, ids, remove } = await storeWith(1203, (i) =>
      new Date(NOW.getTime() - (i < 1200 ? 48 : 1) * HOUR + i).toISOString(),
    );
    try {
      const referenced = new Set(ids.filter((_, i) => i % 3 === 0));
      const report = await collectUnreferenced(
        blobs,
        { attachmentReferenced: async (id) => referenced.has(id) },
        NOW,
        24 * HOUR,
      );
      expect(report).toEqual({ unreferenced: 800, incomplete: 0, skipped: false });
      const left = await blobs.createdBefore('9999-01-01T00:00:00.000Z', 2000);
      expect(left.map((b) => b.id).sort()).toEqual([...new Set([...referenced, ...ids.slice(1200)])].sort());
    } finally {
      remove();
    }
  });

  it('removes nothing unreferenced while the read model has not caught up with the log', async () => {
    const { blobs, remove } = await storeWith(3, () => new Date(NOW.getTime() - 48 * HOUR).toISOString());
    try {
      const report = await collectUnreferenced(
        blobs,
        { attachmentReferenced: async () => false, caughtUp: async () => false },
        NOW,
        24 * HOUR,
      );
      expect(report).toEqual({ unreferenced: 0, incomplete: 0, skipped: true });
      expect(await blobs.createdBefore('9999-01-01T00:00:00.000Z', 10)).toHaveLength(3);
    } finally {
      remove();
    }
  });
});
