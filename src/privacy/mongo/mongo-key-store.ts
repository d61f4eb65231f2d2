import { randomBytes } from 'node:crypto';
import { Binary, type Collection, MongoClient, MongoServerError } from 'mongodb';
import { newDataKey } from '../field-cipher';
import type { DataKey, ErasureRecord, KeyStore, OwnedKey } from '../key-store';

interface KeyDocument {
  _id: string;
  kid: string;
  key: Binary;
  created_at: string;
}

interface ErasureDocument {
  _id: string;
  first_erased_at: string;
}

/**
 * Data keys in MongoDB (collections `data_keys` and `erasures` of the read models' database), one
 * document per user. Keys are stored raw: restrict the collection to the application's user, and let
 * backups expire (a backup taken before an erasure still holds the key).
 */
export class MongoKeyStore implements KeyStore {
  private readonly keys: Collection<KeyDocument>;
  private readonly erasures: Collection<ErasureDocument>;

  private constructor(
    private readonly client: MongoClient,
    database: string,
  ) {
    const db = client.db(database);
    this.keys = db.collection('data_keys');
    this.erasures = db.collection('erasures');
  }

  /** Connects to `url` and keeps the keys in `database` (the read models' one). */
  static async open(url: string, database: string): Promise<MongoKeyStore> {
    const client = await MongoClient.connect(url);
    const store = new MongoKeyStore(client, database);
    try {
      await store.keys.createIndex({ kid: 1 }, { unique: true });
    } catch (error) {
      await client.close();
      throw error;
    }
    return store;
  }

  async keyFor(userId: string): Promise<DataKey> {
    const existing = await this.keys.findOne({ _id: userId });
    if (existing) return { kid: existing.kid, key: Buffer.from(existing.key.buffer) };
    const fresh: KeyDocument = {
      _id: userId,
      kid: randomBytes(16).toString('hex'),
      key: new Binary(newDataKey()),
      created_at: new Date().toISOString(),
    };
    try {
      await this.keys.insertOne(fresh);
      return { kid: fresh.kid, key: Buffer.from(fresh.key.buffer) };
    } catch (error) {
      // Another node created the user's key first: use theirs.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      const winner = await this.keys.findOne({ _id: userId });
      if (!winner) throw error;
      return { kid: winner.kid, key: Buffer.from(winner.key.buffer) };
    }
  }

  async keyById(kid: string): Promise<OwnedKey | undefined> {
    const found = await this.keys.findOne({ kid });
    return found ? { userId: found._id, key: Buffer.from(found.key.buffer) } : undefined;
  }

  async erasedAt(userId: string): Promise<string | undefined> {
    return (await this.erasures.findOne({ _id: userId }))?.first_erased_at;
  }

  async erase(userId: string, at: string): Promise<ErasureRecord> {
    const { deletedCount } = await this.keys.deleteMany({ _id: userId });
    await this.erasures.updateOne(
      { _id: userId },
      { $setOnInsert: { first_erased_at: at } },
      { upsert: true },
    );
    const first = await this.erasures.findOne({ _id: userId });
    return { deletedKeys: deletedCount, firstErasedAt: first?.first_erased_at ?? at };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
