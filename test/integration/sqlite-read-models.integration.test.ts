import { join } from 'node:path';
import { openSqliteReadModels } from '../../src/readmodels/sqlite/sqlite-read-model-store';
import { readModelsContract } from '../contract/read-models.contract';
import { searchContract } from '../contract/search.contract';
import { tempDir } from '../support/temp-dir';

readModelsContract('embedded (SQLite)', async () => {
  const { dir, remove } = tempDir();
  const store = await openSqliteReadModels(join(dir, 'readmodels.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

searchContract('embedded (SQLite)', async () => {
  const { dir, remove } = tempDir();
  const store = await openSqliteReadModels(join(dir, 'readmodels.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});
