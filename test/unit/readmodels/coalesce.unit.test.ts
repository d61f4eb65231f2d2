import fc from 'fast-check';
import {
  type Change,
  type Fields,
  type PositionedChange,
  update,
  upsert,
} from '../../../src/readmodels/changes';
import { coalesce } from '../../../src/readmodels/coalesce';

/**
 * A model of a store's guarded writes: an upsert inserts or, on a document older than its position,
 * sets its fields; an update changes an existing document older than its position while `match` holds.
 */
type Doc = Record<string, unknown> & { pos: string };

function applyGuarded(docs: Map<string, Doc>, change: Change, position: string): void {
  const id = `${change.table}:${JSON.stringify(change.key)}`;
  const doc = docs.get(id);
  if (change.kind === 'upsert') {
    if (!doc) docs.set(id, { ...change.key, ...change.set, pos: position });
    else if (doc.pos < position) Object.assign(doc, change.set, { pos: position });
    return;
  }
  if (!doc || doc.pos >= position) return;
  for (const [field, value] of Object.entries(change.match ?? {})) if ((doc[field] ?? null) !== value) return;
  Object.assign(doc, change.set, { pos: position });
}

function applyAll(initial: Map<string, Doc>, changes: readonly PositionedChange[]): Map<string, Doc> {
  const docs = new Map([...initial].map(([id, doc]) => [id, { ...doc }]));
  for (const { change, position } of changes) applyGuarded(docs, change, position);
  return docs;
}

const position = (n: number) => `abcdefabcdef:${n.toString(16).padStart(16, '0')}`;
const value = fc.constantFrom<Fields[string]>(null, 'x', 'y', 1, true, false);
const fields = (names: string[]): fc.Arbitrary<Fields> =>
  fc
    .subarray(names)
    .chain((chosen) =>
      fc
        .tuple(...chosen.map(() => value))
        .map((vs) => Object.fromEntries(chosen.map((f, i) => [f, vs[i] ?? null]))),
    );
const key = fc.constantFrom('a', 'b', 'c').map((id) => ({ id }));
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.tuple(key, fields(['f', 'g', 'h'])).map(([k, set]) => upsert('t', k, set)),
  fc
    .tuple(key, fields(['f', 'g', 'h']), fc.option(fields(['f', 'g']), { nil: undefined }))
    .map(([k, set, match]) => update('t', k, set, match)),
);
/** Changes of consecutive events (an event may make several changes), all after position 100. */
const batch = fc
  .array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 25 })
  .map((events) =>
    events.flatMap((changes, i) => changes.map((c) => ({ change: c, position: position(101 + i) }))),
  );
/** Documents as a store holds them before the batch: older than all of it. */
const existing = fc
  .array(fc.tuple(key, fields(['f', 'g', 'h']), fc.integer({ min: 1, max: 100 })), { maxLength: 3 })
  .map(
    (docs) => new Map(docs.map(([k, f, p]) => [`t:${JSON.stringify(k)}`, { ...k, ...f, pos: position(p) }])),
  );

describe('coalescing a batch of changes', () => {
  it('has the outcome of applying every change in order, on documents older than the batch', () => {
    fc.assert(
      fc.property(existing, batch, (docs, changes) => {
        expect(applyAll(docs, coalesce(changes))).toEqual(applyAll(docs, changes));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the order of the writes to each document', () => {
    fc.assert(
      fc.property(batch, (changes) => {
        const byDocument = new Map<string, string[]>();
        for (const { change, position } of coalesce(changes)) {
          const id = JSON.stringify(change.key);
          byDocument.set(id, [...(byDocument.get(id) ?? []), position]);
        }
        for (const positions of byDocument.values()) expect([...positions].sort()).toEqual(positions);
      }),
    );
  });

  it('writes a run of updates to one document once, with the last position', () => {
    const key = { id: 'conversation-1' };
    const changes = [1, 2, 3].map((seq) => ({
      change: update('conversations', key, { last_seq: seq }),
      position: position(seq),
    }));
    expect(coalesce(changes)).toEqual([
      { change: update('conversations', key, { last_seq: 3 }), position: position(3) },
    ]);
  });

  it('decides a conditional update on what the batch itself wrote, and drops it when it does not hold', () => {
    const key = { id: 'c' };
    const changes = [
      {
        change: upsert('conversations', key, { last_message_id: 'c.1', content: 'one' }),
        position: position(1),
      },
      {
        change: update('conversations', key, { content: 'edited' }, { last_message_id: 'c.1' }),
        position: position(2),
      },
      {
        change: update('conversations', key, { content: 'other' }, { last_message_id: 'c.0' }),
        position: position(3),
      },
    ];
    expect(coalesce(changes).map((w) => [w.change, w.position])).toEqual([
      [upsert('conversations', key, { last_message_id: 'c.1', content: 'edited' }), position(2)],
    ]);
  });
});
