import { type Collection, MongoClient, MongoServerError } from 'mongodb';
import type { WebhookCheckpoints } from './checkpoints';

interface CheckpointDocument {
  _id: string;
  position: string | null;
  updated_at: string;
}

/** Checkpoints on MongoDB: the `webhook_checkpoints` collection of the read models' database. */
export class MongoWebhookCheckpoints implements WebhookCheckpoints {
  private constructor(
    private readonly client: MongoClient,
    private readonly checkpoints: Collection<CheckpointDocument>,
  ) {}

  static async connect(url: string, database: string): Promise<MongoWebhookCheckpoints> {
    const client = await MongoClient.connect(url);
    return new MongoWebhookCheckpoints(client, client.db(database).collection('webhook_checkpoints'));
  }

  async get(endpointId: string): Promise<string | null | undefined> {
    const row = await this.checkpoints.findOne({ _id: endpointId });
    // A null set on insert may come back as a missing field (FerretDB): both mean the start of the log.
    return row === null ? undefined : (row.position ?? null);
  }

  async init(endpointId: string, position: string | null): Promise<string | null> {
    try {
      await this.checkpoints.updateOne(
        { _id: endpointId },
        { $setOnInsert: { position, updated_at: new Date().toISOString() } },
        { upsert: true },
      );
    } catch (error) {
      // Two nodes raced to create it: the other one's stands.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
    return (await this.get(endpointId)) ?? null;
  }

  async advance(endpointId: string, position: string): Promise<void> {
    // Positions of one log sort in log order as strings: a stale writer cannot move it backwards.
    await this.checkpoints.updateOne(
      { _id: endpointId, $or: [{ position: null }, { position: { $lt: position } }] },
      { $set: { position, updated_at: new Date().toISOString() } },
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
