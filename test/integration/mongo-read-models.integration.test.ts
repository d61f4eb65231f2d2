import { randomBytes } from 'node:crypto';
import { databaseOf, openMongoReadModels } from '../../src/readmodels/mongo/mongo-read-model-store';
import { readModelsContract } from '../contract/read-models.contract';
import { searchContract } from '../contract/search.contract';
import { dropDatabase } from '../support/mongo-scratch';

const url = process.env.MONGODB_URL;

/** The URL with its database path replaced by `name`, options kept. */
function withDatabase(base: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(base);
  if (!match) throw new Error(`MONGODB_URL is not a mongodb:// URL: ${base}`);
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

if (url) {
  const open = async () => {
    const name = `chat_test_${randomBytes(6).toString('hex')}`;
    const testUrl = withDatabase(url, name);
    expect(databaseOf(testUrl)).toBe(name);
    const store = await openMongoReadModels(testUrl);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropDatabase(testUrl, name);
      },
    };
  };
  readModelsContract('MongoDB', open);
  searchContract('MongoDB', open);
} else {
  const skipped = 'MongoDB contract skipped: set MONGODB_URL=mongodb://127.0.0.1:27017 to run it';
  console.warn(skipped);
  it.skip(skipped, () => {});
}
