import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Collection, type Db, GridFSBucket, MongoClient, ObjectId } from 'mongodb';
import { BLOB_ID_PATTERN, type BlobKey, type BlobMetadata, type BlobStore } from '../port';

/** GridFS's files document as this store writes it: `metadata.complete` is what makes a blob exist. */
interface FileDocument {
  _id: string;
  length: number;
  uploadDate: Date;
  filename: string;
  metadata?: (BlobMetadata & { complete: true }) | { complete: false };
}

const BUCKET = 'attachments';

/**
 * Blobs in GridFS (bucket `attachments`): the bytes in `attachments.chunks`, the metadata in the files
 * document's `metadata`. GridFS writes the files document only after the last chunk, with
 * `complete: false`; the blob's metadata and `complete: true` are set once its size and hash are known.
 * Needs from the server: plain inserts, finds, deletes, updateOne with $set and three ordinary
 * indexes (one unique, one on nested fields), which FerretDB serves; no transactions.
 */
export class GridFsBlobStore implements BlobStore {
  readonly kind = 'gridfs' as const;
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<FileDocument>;
  private readonly chunks: Collection<{ _id: ObjectId; files_id: unknown; n: number }>;

  constructor(
    db: Db,
    private readonly client?: MongoClient,
  ) {
    this.bucket = new GridFSBucket(db, { bucketName: BUCKET });
    this.files = db.collection<FileDocument>(`${BUCKET}.files`);
    this.chunks = db.collection(`${BUCKET}.chunks`);
  }

  /** Connects to `url` and keeps the bucket in `database` (the read models' database). */
  static async connect(url: string, database: string): Promise<GridFsBlobStore> {
    const client = await MongoClient.connect(url);
    try {
      const store = new GridFsBlobStore(client.db(database), client);
      // The collector's listing (complete blobs in (created_at, id) order), and an erasure's.
      await store.files.createIndex({ 'metadata.complete': 1, 'metadata.created_at': 1, _id: 1 });
      await store.files.createIndex({ 'metadata.owner': 1 });
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async put(id: string, content: Readable, describe: () => BlobMetadata): Promise<BlobMetadata> {
    if (!BLOB_ID_PATTERN.test(id)) throw new Error(`not a blob id: ${JSON.stringify(id)}`);
    // The file name GridFS records is the id: a client's name is metadata, never a key.
    // GridFS accepts any _id; its typings name ObjectId only.
    const upload = this.bucket.openUploadStreamWithId(gridId(id), id, { metadata: { complete: false } });
    try {
      await pipeline(content, upload);
      const metadata = { ...describe(), id };
      await this.files.updateOne({ _id: id }, { $set: { metadata: { ...metadata, complete: true } } });
      return metadata;
    } catch (error) {
      content.destroy();
      await this.remove(id);
      throw error;
    }
  }

  async stat(id: string): Promise<BlobMetadata | undefined> {
    if (!BLOB_ID_PATTERN.test(id)) return undefined;
    const file = await this.files.findOne({ _id: id, 'metadata.complete': true });
    return file ? metadataOf(file) : undefined;
  }

  async open(id: string): Promise<{ metadata: BlobMetadata; content: Readable } | undefined> {
    const metadata = await this.stat(id);
    if (!metadata) return undefined;
    return { metadata, content: this.bucket.openDownloadStream(gridId(id)) };
  }

  async delete(id: string): Promise<void> {
    if (BLOB_ID_PATTERN.test(id)) await this.remove(id);
  }

  async removeOwnedBy(owner: string): Promise<number> {
    const owned = await this.files.find({ 'metadata.owner': owner }, { projection: { _id: 1 } }).toArray();
    for (const file of owned) await this.remove(file._id);
    return owned.length;
  }

  async createdBefore(before: string, limit: number, after?: BlobKey): Promise<BlobMetadata[]> {
    const page = after
      ? {
          $or: [
            { 'metadata.created_at': { $gt: after.created_at } },
            { 'metadata.created_at': after.created_at, _id: { $gt: after.id } },
          ],
        }
      : {};
    const files = await this.files
      .find({ 'metadata.complete': true, 'metadata.created_at': { $lt: before }, ...page })
      .sort({ 'metadata.created_at': 1, _id: 1 })
      .limit(limit)
      .toArray();
    return files.map(metadataOf);
  }

  async removeIncomplete(before: string): Promise<number> {
    const cutoff = new Date(before);
    let removed = 0;
    // Files documents whose metadata was never completed.
    const stale = await this.files
      .find({ 'metadata.complete': false, uploadDate: { $lt: cutoff } }, { projection: { _id: 1 } })
      .toArray();
    for (const file of stale) {
      await this.remove(file._id);
      removed++;
    }
    // Chunks of uploads that died before GridFS wrote their files document: a chunk id is an ObjectId
    // made by the writer, so it tells when the upload started.
    const firstChunks = await this.chunks
      .find({ n: 0, _id: { $lt: ObjectId.createFromTime(Math.floor(cutoff.getTime() / 1000)) } })
      .project<{ files_id: string }>({ files_id: 1 })
      .toArray();
    for (const chunk of firstChunks) {
      if ((await this.files.countDocuments({ _id: chunk.files_id }, { limit: 1 })) > 0) continue;
      await this.chunks.deleteMany({ files_id: chunk.files_id });
      removed++;
    }
    return removed;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  /** The files document first (then the blob no longer exists), then its chunks. */
  private async remove(id: string): Promise<void> {
    await this.files.deleteOne({ _id: id });
    await this.chunks.deleteMany({ files_id: id });
  }
}

function metadataOf(file: FileDocument): BlobMetadata {
  const { complete: _, ...metadata } = file.metadata as BlobMetadata & { complete: true };
  return metadata;
}

function gridId(id: string): ObjectId {
  return id as unknown as ObjectId;
}
