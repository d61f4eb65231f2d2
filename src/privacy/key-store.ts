/**
 * The key-store port: one data key per data subject (user). Erasure deletes the user's keys for good
 * and records that the user was erased; from then on anything encrypted under those keys reads as
 * erased. Adapters: a SQLite file in the data directory (sqlite-key-store.ts) and a MongoDB collection
 * (mongo-key-store.ts), both under one contract suite (test/contract/key-store.contract.ts).
 *
 * An external KMS fits the same port: `keyFor` asks the KMS for a data key (a "generate data key"
 * call) and stores only the wrapped key beside its id; `keyById` unwraps it through the KMS (cache the
 * result); `erase` deletes the wrapped keys (and, where the KMS holds per-user key material, schedules
 * its deletion). Nothing else in the system changes.
 */
export interface DataKey {
  kid: string;
  key: Buffer;
}

export interface OwnedKey {
  userId: string;
  key: Buffer;
}

export interface ErasureRecord {
  /** How many keys this call deleted: 0 when nothing had been written under a key since the last one. */
  deletedKeys: number;
  /** When the user was first erased (this call's time on the first erasure). */
  firstErasedAt: string;
}

export interface KeyStore {
  /** The user's current data key, created on first use (concurrent first uses agree on one key). */
  keyFor(userId: string): Promise<DataKey>;
  /** A key by its id, with its user; undefined when it does not exist (its user was erased). */
  keyById(kid: string): Promise<OwnedKey | undefined>;
  /** When the user was first erased, or undefined if never. */
  erasedAt(userId: string): Promise<string | undefined>;
  /** Deletes every key of the user and records the erasure. Repeating it is harmless. */
  erase(userId: string, at: string): Promise<ErasureRecord>;
  close(): Promise<void>;
}
