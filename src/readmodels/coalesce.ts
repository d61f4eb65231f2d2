import type { Change, Fields, PositionedChange } from './changes';

/**
 * Folds a batch of changes into fewer writes with the same outcome: a run of changes to one document
 * becomes one write carrying the run's last position. Valid only for a batch that no document has seen
 * any of, i.e. every document it touches is older than the batch's first position (a store knows this
 * when its checkpoint commits with the changes and the batch starts after the checkpoint). Then every
 * position guard of the batch passes where its document exists, and a run folds in memory.
 *
 * A change is folded into the pending write of its document only where the result is certain:
 * - an upsert after an upsert, or an update after an upsert: the document exists, the fields merge;
 * - an update after an update without a condition: both apply, or neither (no document);
 * - a conditional update whose condition reads only fields the pending write sets is decided here
 *   (merged when it holds, dropped when it does not);
 * - a second change at the position of the pending write is dropped where the position guard would
 *   surely skip it, and otherwise written on its own, taking no later change (the guard may skip it).
 * Anything else starts a new write for that document after the pending one, so order is kept.
 */
export function coalesce(changes: readonly PositionedChange[]): PositionedChange[] {
  const writes: PositionedChange[] = [];
  const pendingOf = new Map<string, PositionedChange>();
  /** Changes copied here, which merging may modify (the callers' own are left alone). */
  const copies = new Set<Change>();
  /** Documents whose last write may be skipped, and its position: changes there are written as they come. */
  const sealedAt = new Map<string, string>();
  for (const { change, position } of changes) {
    const id = documentKey(change);
    const sealed = sealedAt.get(id);
    if (sealed === position) {
      writes.push({ change, position });
      continue;
    }
    if (sealed !== undefined) sealedAt.delete(id);
    const pending = pendingOf.get(id);
    const outcome = pending ? fold(pending, change, position, copies) : 'separate';
    if (outcome === 'merged' || outcome === 'dropped') continue;
    const next = { change, position };
    writes.push(next);
    // A write whose own guard may skip it cannot take later changes: they would apply through it.
    if (outcome === 'separate') pendingOf.set(id, next);
    else {
      pendingOf.delete(id);
      sealedAt.set(id, position);
    }
  }
  return writes;
}

function fold(
  pending: PositionedChange,
  change: Change,
  position: string,
  copies: Set<Change>,
): 'merged' | 'dropped' | 'separate' | 'sealed' {
  const before = pending.change;
  if (position === pending.position) {
    // The first change at a position wins where the document exists; the guard skips the next one.
    if (before.kind === 'upsert') return 'dropped';
    if (change.kind === 'update' && !(before.match && !isEmpty(before.match))) return 'dropped';
    return 'sealed';
  }
  if (change.kind === 'upsert') {
    if (before.kind !== 'upsert') return 'separate';
    merge(pending, change.set, position, copies);
    return 'merged';
  }
  const beforeMatch = before.kind === 'update' ? before.match : undefined;
  if (!change.match || isEmpty(change.match)) {
    if (beforeMatch && !isEmpty(beforeMatch)) return 'separate';
    merge(pending, change.set, position, copies);
    return 'merged';
  }
  if (beforeMatch && !isEmpty(beforeMatch)) return 'separate';
  const holds = matches(change.match, before);
  if (holds === undefined) return 'separate';
  if (!holds) return 'dropped';
  merge(pending, change.set, position, copies);
  return 'merged';
}

/** Whether `match` holds on the document after `before`; undefined when it reads a field `before` leaves. */
function matches(match: Fields, before: Change): boolean | undefined {
  for (const field in match) {
    const known =
      field in before.set ? before.set[field] : field in before.key ? before.key[field] : undefined;
    if (known === undefined) return undefined;
    if (known !== match[field]) return false;
  }
  return true;
}

function merge(pending: PositionedChange, set: Fields, position: string, copies: Set<Change>): void {
  if (!copies.has(pending.change)) {
    const { change } = pending;
    pending.change =
      change.kind === 'upsert'
        ? { kind: 'upsert', table: change.table, key: change.key, set: { ...change.set } }
        : { kind: 'update', table: change.table, key: change.key, set: { ...change.set } };
    copies.add(pending.change);
  }
  Object.assign(pending.change.set, set);
  pending.position = position;
}

function isEmpty(fields: Fields): boolean {
  for (const _ in fields) return false;
  return true;
}

/**
 * Names one document: its table and key fields and values (a table's key fields always come in the
 * same order). The field names keep a filter of `updateAll` apart from a document's key.
 */
function documentKey(change: Change): string {
  let id = change.table;
  for (const field in change.key) id += `\u0000${field}\u0000${String(change.key[field])}`;
  return id;
}
