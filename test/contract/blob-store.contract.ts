import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { BlobMetadata, BlobStore } from '../../src/blobs/port';

export interface BlobStoreFixture {
  store: BlobStore;
  cleanup: () => Promise<void>;
}

const newId = () => randomBytes(16).toString('hex');

function metadataOf(id: string, bytes: Buffer, createdAt = new Date().toISOString()): BlobMetadata {
  return {
    id,
    owner: 'alice',
    filename: 'notes.txt',
    media_type: 'text/plain',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    created_at: createdAt,
  };
}

/** Bytes in several chunks, then an error: a client that went away mid-upload. */
function cutOff(bytes: Buffer): Readable {
  return new Readable({
    read() {
      this.push(bytes);
      this.destroy(new Error('connection reset'));
    },
  });
}

async function openStored(store: BlobStore, id: string) {
  const opened = await store.open(id);
  if (!opened) throw new Error(`blob ${id} was not found`);
  return opened;
}

/** The blob-store port's contract, run by every adapter's test with no per-adapter knobs. */
export function blobStoreContract(name: string, open: () => Promise<BlobStoreFixture>): void {
  describe(`blob store contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    it('stores bytes and metadata, and reads both back', async () => {
      const id = newId();
      const bytes = Buffer.from('hello, blob');
      const stored = await store.put(id, Readable.from([bytes]), () => metadataOf(id, bytes));
      expect(stored).toEqual(metadataOf(id, bytes, stored.created_at));
      expect(await store.stat(id)).toEqual(stored);
      const opened = await openStored(store, id);
      expect(opened.metadata).toEqual(stored);
      expect(await text(opened.content)).toBe('hello, blob');
    });

    it('keeps width and height when the metadata has them', async () => {
      const id = newId();
      const bytes = Buffer.from([1, 2, 3]);
      const meta = { ...metadataOf(id, bytes), media_type: 'image/png', width: 3, height: 7 };
      await store.put(id, Readable.from([bytes]), () => meta);
      expect(await store.stat(id)).toEqual(meta);
    });

    it('round-trips a blob of many chunks byte for byte', async () => {
      const id = newId();
      const chunks = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
      const all = Buffer.concat(chunks);
      await store.put(id, Readable.from(chunks), () => metadataOf(id, all));
      const opened = await openStored(store, id);
      const read: Buffer[] = [];
      for await (const chunk of opened.content) read.push(chunk as Buffer);
      expect(Buffer.concat(read).equals(all)).toBe(true);
    });

    it('calls describe only once the content has ended', async () => {
      const id = newId();
      let seen = 0;
      const content = Readable.from(
        (async function* () {
          for (let i = 0; i < 5; i++) {
            seen += 10;
            yield Buffer.alloc(10);
          }
        })(),
      );
      await store.put(id, content, () => {
        expect(seen).toBe(50);
        return metadataOf(id, Buffer.alloc(50));
      });
    });

    it('leaves nothing when the content fails mid-way', async () => {
      const id = newId();
      await expect(
        store.put(id, cutOff(randomBytes(100_000)), () => metadataOf(id, Buffer.alloc(0))),
      ).rejects.toThrow('connection reset');
      expect(await store.stat(id)).toBeUndefined();
      expect(await store.open(id)).toBeUndefined();
      expect(await store.createdBefore('9999-01-01T00:00:00.000Z', 100)).toEqual([]);
      expect(await store.removeIncomplete('9999-01-01T00:00:00.000Z')).toBe(0);
    });

    it('leaves nothing when describe refuses the content', async () => {
      const id = newId();
      await expect(
        store.put(id, Readable.from([Buffer.from('x')]), () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.stat(id)).toBeUndefined();
      expect(await store.removeIncomplete('9999-01-01T00:00:00.000Z')).toBe(0);
    });

    it('answers undefined for unknown ids and ids of another form', async () => {
      expect(await store.stat(newId())).toBeUndefined();
      expect(await store.open(newId())).toBeUndefined();
      for (const hostile of ['../../etc/passwd', 'a/b\\c', '', 'ABC', `${newId()}.json`]) {
        expect(await store.stat(hostile)).toBeUndefined();
        expect(await store.open(hostile)).toBeUndefined();
        await store.delete(hostile);
      }
    });

    it('refuses to write under an id of another form', async () => {
      await expect(
        store.put('../escape', Readable.from([Buffer.from('x')]), () => metadataOf('x', Buffer.from('x'))),
      ).rejects.toThrow('not a blob id');
    });

    it('pages blobs created at the same time by id', async () => {
      const ids = [newId(), newId(), newId()].sort();
      const bytes = Buffer.from('x');
      const at = '2026-02-01T00:00:00.000Z';
      for (const id of ids) await store.put(id, Readable.from([bytes]), () => metadataOf(id, bytes, at));
      const first = await store.createdBefore('2027-01-01T00:00:00.000Z', 2);
      const rest = await store.createdBefore('2027-01-01T00:00:00.000Z', 2, first[1]);
      expect([...first, ...rest].map((b) => b.id)).toEqual(ids);
    });

    it('deletes a blob, and deleting twice does nothing more', async () => {
      const id = newId();
      const bytes = Buffer.from('bye');
      await store.put(id, Readable.from([bytes]), () => metadataOf(id, bytes));
      await store.delete(id);
      expect(await store.stat(id)).toBeUndefined();
      expect(await store.open(id)).toBeUndefined();
      await store.delete(id);
    });

    it("removes every blob of one owner and no one else's", async () => {
      const bytes = Buffer.from('mine');
      const [ann1, ann2, bob1] = [newId(), newId(), newId()];
      const of = (id: string, owner: string) => () => ({ ...metadataOf(id, bytes), owner });
      await store.put(ann1, Readable.from([bytes]), of(ann1, 'ann'));
      await store.put(ann2, Readable.from([bytes]), of(ann2, 'ann'));
      await store.put(bob1, Readable.from([bytes]), of(bob1, 'bob'));
      expect(await store.removeOwnedBy('ann')).toBe(2);
      expect([await store.stat(ann1), await store.stat(ann2)]).toEqual([undefined, undefined]);
      expect(await store.open(ann1)).toBeUndefined();
      expect((await store.stat(bob1))?.owner).toBe('bob');
      expect(await store.removeOwnedBy('ann')).toBe(0);
    });

    it('lists blobs created before a time, oldest first, up to a limit', async () => {
      const ids = [newId(), newId(), newId()];
      const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
      const bytes = Buffer.from('x');
      for (const [i, id] of [ids[2], ids[0], ids[1]].entries()) {
        const time = times[[2, 0, 1][i] as number] as string;
        await store.put(id as string, Readable.from([bytes]), () => metadataOf(id as string, bytes, time));
      }
      const before = await store.createdBefore('2026-01-02T12:00:00.000Z', 10);
      expect(before.map((b) => b.id)).toEqual([ids[0], ids[1]]);
      const first = await store.createdBefore('2027-01-01T00:00:00.000Z', 2);
      expect(first.map((b) => b.id)).toEqual([ids[0], ids[1]]);
      const next = await store.createdBefore('2027-01-01T00:00:00.000Z', 2, first[1]);
      expect(next.map((b) => b.id)).toEqual([ids[2]]);
    });
  });
}
