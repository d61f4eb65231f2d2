import { join } from 'node:path';
import type { BlobStore } from './blobs/port';
import type { Config } from './config/config';
import type { EphemeralChannel } from './eventstore/ephemeral';
import type { EventStore } from './eventstore/port';
import { SqliteEphemeralChannel } from './eventstore/sqlite/sqlite-ephemeral-channel';
import { SqliteEventStore } from './eventstore/sqlite/sqlite-event-store';
import { CachedKeyStore } from './privacy/cached-key-store';
import { EncryptingEventStore } from './privacy/encrypting-event-store';
import type { KeyStore } from './privacy/key-store';
import { SqliteKeyStore } from './privacy/sqlite/sqlite-key-store';
import type { ReadModelStore } from './readmodels/port';
import { openSqliteReadModels } from './readmodels/sqlite/sqlite-read-model-store';
import type { WebhookCheckpoints } from './webhooks/checkpoints';
import { SqliteWebhookCheckpoints } from './webhooks/sqlite-webhook-checkpoints';

export interface Stores {
  kind: 'eventstoredb' | 'embedded';
  store: EventStore;
  ephemeral: EphemeralChannel;
  readModels: ReadModelStore;
  /** The users' data keys: `store` encrypts personal fields under them (docs/privacy.md). */
  keys: KeyStore;
  close(): Promise<void>;
}

/**
 * EventStoreDB when EVENTSTORE_URL is set, otherwise the embedded log under DATA_DIR; MongoDB read
 * models when MONGODB_URL is set, otherwise embedded ones under DATA_DIR. The EventStoreDB and MongoDB
 * adapters are loaded only when configured: their drivers take about a third of a second to load, a
 * quarter of an embedded node's start-up (measured with the restart benchmark).
 */
export async function openStores(config: Config): Promise<Stores> {
  const readModels = await openReadModels(config);
  const keys = new CachedKeyStore(await openKeyStore(config));
  const log = await openLog(config);
  return {
    ...log,
    store: new EncryptingEventStore(log.store, keys, config.ENCRYPT_PERSONAL_DATA),
    readModels,
    keys,
    close: async () => {
      await log.close();
      await readModels.close();
      await keys.close();
    },
  };
}

/** The data keys beside the read models: in MongoDB when MONGODB_URL is set, else `DATA_DIR/keys.db`. */
export async function openKeyStore(config: Config): Promise<KeyStore> {
  if (config.MONGODB_URL) {
    const [{ MongoKeyStore }, { databaseName }] = await Promise.all([
      import('./privacy/mongo/mongo-key-store'),
      import('./readmodels/mongo/mongo-read-model-store'),
    ]);
    return MongoKeyStore.open(config.MONGODB_URL, databaseName(config.MONGODB_URL));
  }
  return SqliteKeyStore.open(join(config.DATA_DIR, 'keys.db'));
}

export async function openReadModels(config: Config): Promise<ReadModelStore> {
  if (config.MONGODB_URL) {
    const { openMongoReadModels } = await import('./readmodels/mongo/mongo-read-model-store');
    return openMongoReadModels(config.MONGODB_URL);
  }
  return openSqliteReadModels(join(config.DATA_DIR, 'readmodels.db'));
}

/** Webhook checkpoints beside the read models: MongoDB when MONGODB_URL is set, else `webhooks.db`. */
export async function openWebhookCheckpoints(config: Config): Promise<WebhookCheckpoints> {
  if (config.MONGODB_URL) {
    const [{ MongoWebhookCheckpoints }, { databaseName }] = await Promise.all([
      import('./webhooks/mongo-webhook-checkpoints'),
      import('./readmodels/mongo/mongo-read-model-store'),
    ]);
    return MongoWebhookCheckpoints.connect(config.MONGODB_URL, databaseName(config.MONGODB_URL));
  }
  return SqliteWebhookCheckpoints.open(join(config.DATA_DIR, 'webhooks.db'));
}

/**
 * Uploaded files: GridFS in the read models' MongoDB database when MONGODB_URL is set, otherwise
 * files under DATA_DIR/blobs.
 */
export async function openBlobStore(config: Config): Promise<BlobStore> {
  if (config.MONGODB_URL) {
    const [{ GridFsBlobStore }, { databaseName }] = await Promise.all([
      import('./blobs/gridfs/gridfs-blob-store'),
      import('./readmodels/mongo/mongo-read-model-store'),
    ]);
    return GridFsBlobStore.connect(config.MONGODB_URL, databaseName(config.MONGODB_URL));
  }
  const { FileBlobStore } = await import('./blobs/files/file-blob-store');
  return FileBlobStore.open(join(config.DATA_DIR, 'blobs'));
}

async function openLog(config: Config): Promise<Omit<Stores, 'readModels' | 'keys'>> {
  if (config.EVENTSTORE_URL) {
    const [{ EsdbEventStore }, { EsdbEphemeralChannel }] = await Promise.all([
      import('./eventstore/esdb/esdb-event-store'),
      import('./eventstore/esdb/esdb-ephemeral-channel'),
    ]);
    const store = await EsdbEventStore.connect(config.EVENTSTORE_URL);
    return logOf('eventstoredb', store, await EsdbEphemeralChannel.create(store.client));
  }
  const store = SqliteEventStore.open(join(config.DATA_DIR, 'events.db'));
  return logOf('embedded', store, SqliteEphemeralChannel.open(join(config.DATA_DIR, 'ephemeral.db')));
}

/** A log and its ephemeral channel, closed together (the channel first: it may use the log's client). */
function logOf(
  kind: Stores['kind'],
  store: EventStore,
  ephemeral: EphemeralChannel,
): Omit<Stores, 'readModels' | 'keys'> {
  return {
    kind,
    store,
    ephemeral,
    close: async () => {
      await ephemeral.close();
      await store.close();
    },
  };
}
