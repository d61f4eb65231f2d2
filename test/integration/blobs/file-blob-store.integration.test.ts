import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileBlobStore } from '../../../src/blobs/files/file-blob-store';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { tempDir } from '../../support/temp-dir';

blobStoreContract('data directory', async () => {
  const { dir, remove } = tempDir('chat-blobs-');
  const store = await FileBlobStore.open(join(dir, 'blobs'));
  return { store, cleanup: async () => remove() };
});

describe('data-directory blob store', () => {
  it('removes what a crashed write left behind once it is older than the cutoff', async () => {
    const { dir, remove } = tempDir('chat-blobs-');
    try {
      const blobs = join(dir, 'blobs');
      const store = await FileBlobStore.open(blobs);
      writeFileSync(join(blobs, 'tmp', 'abc.part'), 'half');
      writeFileSync(join(blobs, 'ab'.repeat(16)), 'bytes without metadata');
      expect(await store.removeIncomplete('2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.removeIncomplete(new Date(Date.now() + 60_000).toISOString())).toBe(2);
      expect(readdirSync(blobs)).toEqual(['tmp']);
      expect(readdirSync(join(blobs, 'tmp'))).toEqual([]);
    } finally {
      remove();
    }
  });
});
