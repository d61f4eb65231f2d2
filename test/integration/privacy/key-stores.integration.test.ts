import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteKeyStore } from '../../../src/privacy/sqlite/sqlite-key-store';
import { keyStoreContract } from '../../contract/key-store.contract';
import { dropDatabase } from '../../support/mongo-scratch';
import { tempDir } from '../../support/temp-dir';

keyStoreContract('SQLite', async () => {
  const dir = tempDir('keys-');
  const store = SqliteKeyStore.open(join(dir.dir, 'keys.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe('SQLite key store files', () => {
  it('keep no copy of an erased key, in the database or its WAL', async () => {
    const dir = tempDir('keys-');
    const file = join(dir.dir, 'keys.db');
    const store = SqliteKeyStore.open(file);
    try {
      const { key } = await store.keyFor('ann');
      const other = await store.keyFor('bob');
      await store.erase('ann', '2026-01-01T00:00:00.000Z');
      const bytes = Buffer.concat(
        ['', '-wal'].map((suffix) => {
          try {
            return readFileSync(file + suffix);
          } catch {
            return Buffer.alloc(0);
          }
        }),
      );
      expect(bytes.includes(key)).toBe(false);
      // Sanity check of the search itself: a live key is found.
      await store.close();
      expect(readFileSync(file).includes(other.key)).toBe(true);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

const url = process.env.MONGODB_URL;
if (url) {
  keyStoreContract('MongoDB', async () => {
    const { MongoKeyStore } = await import('../../../src/privacy/mongo/mongo-key-store');
    const name = `keys_test_${randomBytes(6).toString('hex')}`;
    const base = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
    if (!base) throw new Error(`MONGODB_URL is not a mongodb:// URL: ${url}`);
    const testUrl = `${base[1]}/${name}${base[2] ?? ''}`;
    const store = await MongoKeyStore.open(testUrl, name);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropDatabase(testUrl, name);
      },
    };
  });
} else {
  const skipped = 'MongoDB key-store contract skipped: set MONGODB_URL=mongodb://127.0.0.1:27017 to run it';
  console.warn(skipped);
  it.skip(skipped, () => {});
}
