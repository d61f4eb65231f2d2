import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { GridFsBlobStore } from '../../../src/blobs/gridfs/gridfs-blob-store';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { dropDatabase } from '../../support/mongo-scratch';

const url = process.env.MONGODB_URL;

if (url) {
  blobStoreContract('GridFS', async () => {
    const name = `chat_blobs_${randomBytes(6).toString('hex')}`;
    const store = await GridFsBlobStore.connect(url, name);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropDatabase(url, name);
      },
    };
  });

  describe('GridFS blob store', () => {
    it('removes chunks of an upload that died before its files document was written', async () => {
      const name = `chat_blobs_${randomBytes(6).toString('hex')}`;
      const client = await MongoClient.connect(url);
      const store = new GridFsBlobStore(client.db(name));
      try {
        const chunks = client.db(name).collection('attachments.chunks');
        await chunks.insertOne({ files_id: 'ab'.repeat(16), n: 0, data: Buffer.from('half') });
        expect(await store.removeIncomplete('2000-01-01T00:00:00.000Z')).toBe(0);
        expect(await store.removeIncomplete(new Date(Date.now() + 60_000).toISOString())).toBe(1);
        expect(await chunks.countDocuments({})).toBe(0);
      } finally {
        await client.db(name).dropDatabase();
        await client.close();
      }
    });
  });
} else {
  const skipped =
    'GridFS blob-store contract skipped: set MONGODB_URL (or run it under scripts/with-ferretdb.sh)';
  console.warn(skipped);
  it.skip(skipped, () => {});
}
