import { type Collection, type Db, type Document, MongoServerError } from 'mongodb';
import type { PositionedChange } from '../changes';
import type { ProjectionFault, ProjectionStore } from '../port';
import { TABLES, type TableName, type TableSpec, tablesOf } from '../tables';
import { type Row, type Write, writeOf } from './mongo-guarded-writes';

/** Pointer documents: `{_id: projection, current}`. */
export const GENERATIONS = 'generations';
/** One document per (projection, generation): `{_id: 'projection:generation', projection, generation, position}`. */
export const CHECKPOINTS = 'checkpoints';

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;

export function collectionName(table: TableName, generation: number): string {
  return `${table}_g${generation}`;
}

/**
 * Indexes the queries need beyond `_id` (which is a string, so it orders nothing useful), on top of
 * each table's own `TableSpec.indexes`.
 */
const QUERY_INDEXES: Record<TableName, readonly Document[]> = {
  // History pages: {conversation_id, seq: {$lt}} sorted {seq: -1}.
  messages: [{ conversation_id: 1, seq: -1 }],
  conversations: [],
  // A conversation's participants; a user's conversations use the spec's (user_id, removed).
  participants: [{ conversation_id: 1, user_id: 1 }],
  // Deletions after a read position: {conversation_id, seq: {$gt}}.
  deletions: [{ conversation_id: 1, seq: 1 }],
  users: [],
  // A page's reactions: {conversation_id, seq: {$in}}.
  reactions: [{ conversation_id: 1, seq: 1 }],
  pins: [],
  replies: [],
  forwards: [],
  // A page's attachments: {conversation_id, seq: {$in}}; who may fetch one uses the spec's attachment_id.
  attachment_refs: [{ conversation_id: 1, seq: 1 }],
  // Hits newest first; the text index is created on its own (see createTextIndex).
  search_messages: [],
  // Every report oldest first (with a status the spec's index serves).
  reports: [{ reported_at: 1, _id: 1 }],
};

function indexesOf(table: TableName): Document[] {
  const fromSpec = TABLES[table].indexes.map((fields) => Object.fromEntries(fields.map((f) => [f, 1])));
  return [...fromSpec, ...QUERY_INDEXES[table]];
}

export interface PointerDocument {
  _id: string;
  current: number;
}

interface CheckpointDocument {
  _id: string;
  projection: string;
  generation: number;
  position: string | null;
}

const checkpointId = (projection: string, generation: number) => `${projection}:${generation}`;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * The projection runner's side of the MongoDB read models. There are no multi-document transactions
 * (FerretDB and a standalone MongoDB have none): every write is guarded on the document's position, the
 * checkpoint is written after the batch's changes, and a batch that fails half-way is applied again
 * (delivery is at least once), which changes nothing where it had already been applied.
 */
export class MongoProjectionStore implements ProjectionStore {
  private readonly pointers: Collection<PointerDocument>;
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly leases: Collection<{ _id: string; owner: string; expires_at: number }>;
  private readonly faults: Collection<{ _id: string } & ProjectionFault>;

  constructor(private readonly db: Db) {
    this.leases = db.collection('leases');
    this.faults = db.collection('projection_faults');
    this.pointers = db.collection<PointerDocument>(GENERATIONS);
    this.checkpoints = db.collection<CheckpointDocument>(CHECKPOINTS);
  }

  async claimLease(projection: string, owner: string, ttlMs: number, replacing?: string): Promise<boolean> {
    const now = Date.now();
    const takeable: Document[] = [{ owner }, { expires_at: { $lte: now } }];
    if (replacing !== undefined) takeable.push({ owner: replacing });
    try {
      // Matches our own lease, an expired one or the one being replaced; an unexpired lease of another
      // owner makes the upsert collide with the existing _id instead.
      await this.leases.updateOne(
        { _id: projection, $or: takeable },
        { $set: { owner, expires_at: now + ttlMs } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async leaseHolder(projection: string): Promise<string | undefined> {
    const lease = await this.leases.findOne({ _id: projection, expires_at: { $gt: Date.now() } });
    return lease ? String(lease.owner) : undefined;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: projection, owner });
  }

  async reportFault(projection: string, fault: ProjectionFault | undefined): Promise<void> {
    if (fault === undefined) await this.faults.deleteOne({ _id: projection });
    else await this.faults.replaceOne({ _id: projection }, fault, { upsert: true });
  }

  async faultOf(projection: string): Promise<ProjectionFault | undefined> {
    const found = await this.faults.findOne({ _id: projection });
    if (!found) return undefined;
    const { _id, ...fault } = found;
    return fault;
  }

  async currentGeneration(projection: string): Promise<number> {
    const pointer = await this.pointers.findOne({ _id: projection });
    if (pointer) return Number(pointer.current);
    // Collections, indexes and checkpoint first, so the pointer never names a generation half made.
    await this.createCollections(projection, 1);
    try {
      await this.pointers.insertOne({ _id: projection, current: 1 });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const created = await this.pointers.findOne({ _id: projection });
    return Number(created?.current ?? 1);
  }

  async checkpoint(projection: string, generation: number): Promise<string | undefined> {
    const row = await this.checkpoints.findOne({ _id: checkpointId(projection, generation) });
    return typeof row?.position === 'string' ? row.position : undefined;
  }

  /**
   * One ordered bulkWrite per collection (collections are independent, so they run side by side; the
   * changes to one document stay in order). An upsert of a document that is already newer (a replayed
   * event) fails with a duplicate key, and an ordered bulkWrite stops there. Then that collection's
   * changes are applied again one at a time, ignoring duplicate keys on upserts: every write is guarded
   * on position, so those already applied change nothing. (Resuming after the failed operation's index
   * would save round trips, but FerretDB 1.24 reports index 0 whichever operation failed.) Replays are
   * rare, so the slow path is too. The checkpoint moves only after every change is in.
   */
  async apply(
    projection: string,
    generation: number,
    changes: PositionedChange[],
    checkpoint: string,
  ): Promise<void> {
    const byCollection = new Map<string, Write[]>();
    for (const { change, position } of changes) {
      const name = collectionName(change.table as TableName, generation);
      let writes = byCollection.get(name);
      if (!writes) {
        writes = [];
        byCollection.set(name, writes);
      }
      writes.push(writeOf(change, position));
    }
    await Promise.all([...byCollection].map(([name, writes]) => this.write(name, writes)));
    // The generation's row exists from its creation; a checkpoint behind the stored one changes nothing.
    await this.checkpoints.updateOne(
      {
        _id: checkpointId(projection, generation),
        $or: [{ position: null }, { position: { $lt: checkpoint } }],
      },
      { $set: { position: checkpoint } },
    );
  }

  async createGeneration(projection: string): Promise<number> {
    const [newest] = await this.checkpoints.find({ projection }).sort({ generation: -1 }).limit(1).toArray();
    const pointer = await this.pointers.findOne({ _id: projection });
    const next = Math.max(Number(newest?.generation ?? 0), Number(pointer?.current ?? 0)) + 1;
    await this.createCollections(projection, next);
    return next;
  }

  async switchGeneration(projection: string, generation: number): Promise<void> {
    await this.pointers.updateOne({ _id: projection }, { $set: { current: generation } }, { upsert: true });
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    for (const table of tablesOf(projection)) {
      try {
        await this.db.collection(collectionName(table, generation)).drop();
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
      }
    }
    await this.checkpoints.deleteOne({ _id: checkpointId(projection, generation) });
  }

  async generations(projection: string): Promise<{ generation: number; checkpoint: string | undefined }[]> {
    const rows = await this.checkpoints.find({ projection }).sort({ generation: 1 }).toArray();
    return rows.map((r) => ({
      generation: Number(r.generation),
      checkpoint: typeof r.position === 'string' ? r.position : undefined,
    }));
  }

  /** Creates the generation's collections with their indexes and its checkpoint row (position null). */
  private async createCollections(projection: string, generation: number): Promise<void> {
    for (const table of tablesOf(projection)) {
      const indexes = indexesOf(table);
      const collection = this.db.collection(collectionName(table, generation));
      if (indexes.length === 0) {
        // createIndexes creates the collection; without indexes create it explicitly.
        try {
          await this.db.createCollection(collectionName(table, generation));
        } catch (error) {
          // 48 NamespaceExists: created before (a retried creation).
          if (!(error instanceof MongoServerError && error.code === 48)) throw error;
        }
      } else {
        await collection.createIndexes(indexes.map((key) => ({ key })));
      }
      const field = (TABLES[table] as TableSpec).fullText;
      if (field) await createTextIndex(collection, field);
    }
    try {
      await this.checkpoints.insertOne({
        _id: checkpointId(projection, generation),
        projection,
        generation,
        position: null,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  private async write(name: string, writes: Write[]): Promise<void> {
    const collection = this.db.collection<Row>(name);
    try {
      await collection.bulkWrite(
        writes.map((w) => w.op),
        { ordered: true },
      );
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    for (const { op, upsert } of writes) {
      if (!('updateOne' in op)) throw new Error('only updateOne operations are written');
      const { filter, update, upsert: upserting } = op.updateOne;
      try {
        await collection.updateOne(filter, update, { upsert: upserting ?? false });
      } catch (error) {
        if (!(upsert && isDuplicateKey(error))) throw error;
      }
    }
  }
}

/**
 * The text index search needs: no language (no stemming, no stop words: every word is found as
 * written), case and diacritics ignored (text index version 3). A server that refuses text indexes
 * (FerretDB) still serves every other read model; its searches fail with SearchUnavailable.
 */
async function createTextIndex(collection: Collection<Document>, field: string): Promise<void> {
  try {
    await collection.createIndex(
      { [field]: 'text' },
      { name: `${field}_text`, default_language: 'none', textIndexVersion: 3 },
    );
  } catch (error) {
    if (!(error instanceof MongoServerError)) throw error;
  }
}
