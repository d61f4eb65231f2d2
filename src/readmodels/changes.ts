/**
 * What a projection asks of a read-model store, independent of the store. Every change carries the
 * position of the event it comes from and applies only to a document whose position is older, so a
 * redelivered event changes nothing (delivery is at least once). For the same reason one event changes a
 * document at most once: a second change at the same position would be skipped.
 */
export type Value = string | number | boolean | null;
export type Fields = Record<string, Value>;

export interface Upsert {
  kind: 'upsert';
  table: string;
  /** The document's identity: these fields name it. */
  key: Fields;
  set: Fields;
}

/**
 * Changes an existing document only, and only while `match` holds. A key that names other fields than
 * the table's key is a filter: the update changes every document it matches (see `updateAll`).
 */
export interface Update {
  kind: 'update';
  table: string;
  key: Fields;
  match?: Fields;
  set: Fields;
}

export type Change = Upsert | Update;

export interface PositionedChange {
  change: Change;
  position: string;
}

export const upsert = (table: string, key: Fields, set: Fields): Upsert => ({
  kind: 'upsert',
  table,
  key,
  set,
});
export const update = (table: string, key: Fields, set: Fields, match?: Fields): Update => ({
  kind: 'update',
  table,
  key,
  set,
  ...(match && { match }),
});

/**
 * Changes every document of `table` whose fields equal `where` (each guarded on its own position):
 * for the rare fact that reaches many documents, such as a user's erasure.
 */
export const updateAll = (table: string, where: Fields, set: Fields): Update => ({
  kind: 'update',
  table,
  key: where,
  set,
});
