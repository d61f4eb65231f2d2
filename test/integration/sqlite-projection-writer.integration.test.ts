/**
 * The embedded read models' writer thread, on a real file: a batch folded per document applies only
 * while the generation's checkpoint is still the one it was folded against; otherwise the thread
 * writes nothing and answers `stale`, so the store sends the batch again unfolded.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { upsert } from '../../src/readmodels/changes';
import { encodeWrites } from '../../src/readmodels/sqlite/encoded-writes';
import { ProjectionWriter } from '../../src/readmodels/sqlite/projection-writer';
import { openSqliteReadModels } from '../../src/readmodels/sqlite/sqlite-read-model-store';
import { tempDir } from '../support/temp-dir';

const P1 = 'aaaaaaaaaaaa:0000000000000001';
const P2 = 'aaaaaaaaaaaa:0000000000000002';

const message = (seq: number, content: string) =>
  upsert(
    'messages',
    { conversation_id: 'c1', seq },
    { id: `c1.${seq}`, user_id: 'ann', username: 'Ann', content, is_edited: false },
  );

describe("the read models' writer thread", () => {
  const data = tempDir();
  const file = join(data.dir, 'readmodels.db');
  let writer: ProjectionWriter;

  beforeAll(async () => {
    // Creates the tables of generation 1 and the checkpoints.
    await (await openSqliteReadModels(file)).close();
    writer = new ProjectionWriter(file);
  });
  afterAll(async () => {
    await writer.close();
    data.remove();
  });

  function stored() {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT seq, content, pos FROM messages_g1 ORDER BY seq').all();
      const checkpoint = db
        .prepare("SELECT position FROM checkpoints WHERE projection = 'history' AND generation = 1")
        .get() as { position: string | null } | undefined;
      return { rows, checkpoint: checkpoint?.position ?? null };
    } finally {
      db.close();
    }
  }

  const batch = (expected: string | null | undefined, checkpoint: string, content: string) => ({
    projection: 'history',
    generation: 1,
    checkpoint,
    ...(expected !== undefined && { expected }),
    writes: encodeWrites([{ change: message(1, content), position: checkpoint }]),
  });

  it('applies folded writes only against the checkpoint they were folded for', async () => {
    expect(await writer.apply(batch(P1, P1, 'folded against a checkpoint never written'))).toBe('stale');
    expect(stored()).toEqual({ rows: [], checkpoint: null });

    expect(await writer.apply(batch(null, P1, 'first'))).toBe('applied');
    expect(stored()).toEqual({ rows: [{ seq: 1, content: 'first', pos: P1 }], checkpoint: P1 });

    // The checkpoint has moved since: folded against none, the batch is stale.
    expect(await writer.apply(batch(null, P2, 'second'))).toBe('stale');
    expect(stored().rows).toEqual([{ seq: 1, content: 'first', pos: P1 }]);

    // Unfolded writes apply whatever came before, each guarded on its position.
    expect(await writer.apply(batch(undefined, P2, 'second'))).toBe('applied');
    expect(await writer.apply(batch(undefined, P1, 'redelivered'))).toBe('applied');
    expect(stored()).toEqual({ rows: [{ seq: 1, content: 'second', pos: P2 }], checkpoint: P2 });
  });
});
