import { randomBytes } from 'node:crypto';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_ID_PATTERN, type BlobKey, type BlobMetadata, type BlobStore, isAfter } from '../port';

/**
 * Blobs as files in a folder (DATA_DIR/blobs): `<id>` holds the bytes, `<id>.json` the metadata.
 * Every file is written under `tmp/` first and renamed into place once synced, so a reader never
 * sees half a file; the metadata is renamed last and is what makes a blob exist. Names are the
 * server's ids only (checked against BLOB_ID_PATTERN): a client's file name never becomes a path.
 */
export class FileBlobStore implements BlobStore {
  readonly kind = 'files' as const;
  private readonly tmp: string;

  private constructor(private readonly dir: string) {
    this.tmp = join(dir, 'tmp');
  }

  static async open(dir: string): Promise<FileBlobStore> {
    const store = new FileBlobStore(dir);
    await mkdir(store.tmp, { recursive: true });
    return store;
  }

  async put(id: string, content: Readable, describe: () => BlobMetadata): Promise<BlobMetadata> {
    checkId(id);
    const nonce = randomBytes(6).toString('hex');
    const bytesTmp = join(this.tmp, `${id}.${nonce}.part`);
    const metaTmp = join(this.tmp, `${id}.${nonce}.json.part`);
    // Opened before anything is written, so that no open still in flight can recreate the file after
    // a failure removed it.
    let handle: FileHandle | undefined;
    try {
      handle = await open(bytesTmp, 'wx');
      // The stream closes the handle when it finishes or fails.
      await pipeline(content, handle.createWriteStream());
      handle = undefined;
      await syncFile(bytesTmp);
      const metadata = { ...describe(), id };
      await writeFile(metaTmp, JSON.stringify(metadata), { flag: 'wx' });
      await syncFile(metaTmp);
      await rename(bytesTmp, this.bytesPath(id));
      await rename(metaTmp, this.metaPath(id));
      return metadata;
    } catch (error) {
      content.destroy();
      await handle?.close().catch(() => {});
      await Promise.all([rm(bytesTmp, { force: true }), rm(metaTmp, { force: true })]);
      // Renamed bytes without their metadata are no blob: remove them too.
      if (!(await exists(this.metaPath(id)))) await rm(this.bytesPath(id), { force: true });
      throw error;
    }
  }

  async stat(id: string): Promise<BlobMetadata | undefined> {
    if (!BLOB_ID_PATTERN.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.metaPath(id), 'utf8')) as BlobMetadata;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async open(id: string): Promise<{ metadata: BlobMetadata; content: Readable } | undefined> {
    const metadata = await this.stat(id);
    if (!metadata) return undefined;
    // Opened before answering, so that a blob removed meanwhile is "not found", not a broken stream.
    const handle = await open(this.bytesPath(id), 'r').catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!handle) return undefined;
    return { metadata, content: handle.createReadStream() };
  }

  async delete(id: string): Promise<void> {
    if (!BLOB_ID_PATTERN.test(id)) return;
    // The metadata first: from then on the blob no longer exists, whatever happens to the bytes.
    await rm(this.metaPath(id), { force: true });
    await rm(this.bytesPath(id), { force: true });
  }

  async removeOwnedBy(owner: string): Promise<number> {
    let removed = 0;
    for (const metadata of await this.all()) {
      if (metadata.owner !== owner) continue;
      await this.delete(metadata.id);
      removed++;
    }
    return removed;
  }

  /** The metadata of every stored blob, in one pass over the folder. */
  private async all(): Promise<BlobMetadata[]> {
    const found: BlobMetadata[] = [];
    for (const name of await readdir(this.dir)) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : undefined;
      if (id === undefined || !BLOB_ID_PATTERN.test(id)) continue;
      const metadata = await this.stat(id);
      if (metadata) found.push(metadata);
    }
    return found;
  }

  async createdBefore(before: string, limit: number, after?: BlobKey): Promise<BlobMetadata[]> {
    return (await this.all())
      .filter((metadata) => metadata.created_at < before && isAfter(metadata, after))
      .sort((a, b) => (isAfter(a, b) ? 1 : -1))
      .slice(0, limit);
  }

  async removeIncomplete(before: string): Promise<number> {
    const cutoff = Date.parse(before);
    let removed = 0;
    for (const name of await readdir(this.tmp)) {
      const path = join(this.tmp, name);
      if (((await modifiedAt(path)) ?? cutoff) < cutoff) {
        await rm(path, { force: true });
        removed++;
      }
    }
    // Bytes renamed into place whose metadata never followed (the process died in between).
    for (const name of await readdir(this.dir)) {
      if (!BLOB_ID_PATTERN.test(name) || (await exists(this.metaPath(name)))) continue;
      const path = this.bytesPath(name);
      if (((await modifiedAt(path)) ?? cutoff) < cutoff) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {}

  private bytesPath(id: string): string {
    return join(this.dir, id);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function checkId(id: string): void {
  if (!BLOB_ID_PATTERN.test(id)) throw new Error(`not a blob id: ${JSON.stringify(id)}`);
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** When a file was last written; undefined once it is gone (an upload finishing or failing meanwhile). */
async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
