import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { WebhookCheckpoints } from '../../../src/webhooks/checkpoints';
import { MongoWebhookCheckpoints } from '../../../src/webhooks/mongo-webhook-checkpoints';
import { SqliteWebhookCheckpoints } from '../../../src/webhooks/sqlite-webhook-checkpoints';
import { dropDatabase } from '../../support/mongo-scratch';
import { tempDir } from '../../support/temp-dir';

/**
 * Both checkpoint stores behave alike: a new endpoint's start is recorded once (the first writer wins,
 * "from the start of the log" included), and a checkpoint only moves forwards, so a stale dispatcher
 * that lost its lease cannot move it back. Positions are the log's fixed-width strings.
 */
function checkpointContract(
  name: string,
  open: () => Promise<{ store: WebhookCheckpoints; cleanup: () => Promise<void> }>,
) {
  describe(`webhook checkpoints on ${name}`, () => {
    let store: WebhookCheckpoints;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(() => cleanup());

    it('knows no endpoint at first, then keeps the first start recorded', async () => {
      expect(await store.get('e1')).toBeUndefined();
      expect(await store.init('e1', '0000000010')).toBe('0000000010');
      expect(await store.init('e1', '0000000020')).toBe('0000000010');
      expect(await store.get('e1')).toBe('0000000010');
    });

    it('records "from the start of the log" as null, and moves on from it', async () => {
      expect(await store.init('e2', null)).toBeNull();
      expect(await store.get('e2')).toBeNull();
      await store.advance('e2', '0000000005');
      expect(await store.get('e2')).toBe('0000000005');
    });

    it('only moves forwards', async () => {
      await store.init('e3', '0000000010');
      await store.advance('e3', '0000000030');
      await store.advance('e3', '0000000020');
      expect(await store.get('e3')).toBe('0000000030');
      expect(await store.get('other')).toBeUndefined();
    });
  });
}

checkpointContract('the embedded store', async () => {
  const dir = tempDir('chat-webhook-cp-');
  const store = SqliteWebhookCheckpoints.open(join(dir.dir, 'webhooks.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

const url = process.env.MONGODB_URL;
if (url) {
  checkpointContract('MongoDB', async () => {
    const database = `chat_test_${randomBytes(6).toString('hex')}`;
    const store = await MongoWebhookCheckpoints.connect(url, database);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropDatabase(url, database);
      },
    };
  });
} else {
  const skipped = 'MongoDB webhook checkpoints skipped: set MONGODB_URL (or run scripts/with-ferretdb.sh)';
  console.warn(skipped);
  it.skip(skipped, () => {});
}
