import { LRUCache } from 'lru-cache';
import type { DataKey, ErasureRecord, KeyStore, OwnedKey } from './key-store';

export interface KeyCacheOptions {
  /** Keys held in memory at most (default 10,000). */
  max?: number;
  /**
   * How long a key stays cached (default 60 s): another node's erasure reaches this node's cache
   * through the log (UserErased evicts at once); this bound covers a node that misses it.
   */
  ttlMs?: number;
}

/**
 * The key store with its keys cached in memory, bounded in count and age. Only keys are cached, and a
 * key no longer known never is: an erased user's values fail to decrypt from the moment of `forget`.
 */
export class CachedKeyStore implements KeyStore {
  private readonly byKid: LRUCache<string, OwnedKey>;
  private readonly current: LRUCache<string, DataKey>;
  private readonly erased: LRUCache<string, { at: string | null }>;
  /** Key ids known to be deleted: ids are random and never reused, so this never goes stale. */
  private readonly gone: LRUCache<string, true>;
  /** Counts `forget` calls, so that a lookup that raced one does not cache what it found. */
  private forgotten = 0;

  constructor(
    private readonly inner: KeyStore,
    options: KeyCacheOptions = {},
  ) {
    const max = options.max ?? 10_000;
    const ttl = options.ttlMs ?? 60_000;
    this.byKid = new LRUCache({ max, ttl });
    this.current = new LRUCache({ max, ttl });
    this.erased = new LRUCache({ max, ttl });
    this.gone = new LRUCache({ max });
  }

  /**
   * Lookups of the store under way, by what they look up: concurrent misses of one entry (a page of
   * events under one key, decrypted at once) share one lookup instead of asking the store each.
   */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  private shared<T>(what: string, load: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(what) as Promise<T> | undefined;
    if (running) return running;
    const started = load().finally(() => {
      if (this.inFlight.get(what) === started) this.inFlight.delete(what);
    });
    this.inFlight.set(what, started);
    return started;
  }

  async keyFor(userId: string): Promise<DataKey> {
    const cached = this.current.get(userId);
    if (cached) return cached;
    return this.shared(`user:${userId}`, () => this.loadKeyFor(userId));
  }

  private async loadKeyFor(userId: string): Promise<DataKey> {
    const forgotten = this.forgotten;
    const key = await this.inner.keyFor(userId);
    if (forgotten === this.forgotten) {
      this.current.set(userId, key);
      this.byKid.set(key.kid, { userId, key: key.key });
    }
    return key;
  }

  async keyById(kid: string): Promise<OwnedKey | undefined> {
    const cached = this.byKid.get(kid);
    if (cached) return cached;
    if (this.gone.has(kid)) return undefined;
    return this.shared(`kid:${kid}`, () => this.loadKeyById(kid));
  }

  private async loadKeyById(kid: string): Promise<OwnedKey | undefined> {
    const forgotten = this.forgotten;
    const found = await this.inner.keyById(kid);
    if (!found) this.gone.set(kid, true);
    // A key fetched while its user was being forgotten may already be deleted: use it once, never cache it.
    else if (forgotten === this.forgotten) this.byKid.set(kid, found);
    return found;
  }

  async erasedAt(userId: string): Promise<string | undefined> {
    const cached = this.erased.get(userId);
    if (cached) return cached.at ?? undefined;
    return this.shared(`erased:${userId}`, () => this.loadErasedAt(userId));
  }

  private async loadErasedAt(userId: string): Promise<string | undefined> {
    const forgotten = this.forgotten;
    const at = await this.inner.erasedAt(userId);
    if (forgotten === this.forgotten) this.erased.set(userId, { at: at ?? null });
    return at;
  }

  async erase(userId: string, at: string): Promise<ErasureRecord> {
    this.forget(userId);
    const record = await this.inner.erase(userId, at);
    this.forget(userId);
    return record;
  }

  forgetErasure(userId: string): void {
    this.erased.delete(userId);
  }

  /** Drops everything cached about a user (their erasure was seen in the log). */
  forget(userId: string): void {
    this.forgotten++;
    // Lookups started before this must not be handed to later callers.
    this.inFlight.clear();
    this.current.delete(userId);
    this.erased.delete(userId);
    for (const [kid, entry] of this.byKid.entries()) if (entry.userId === userId) this.byKid.delete(kid);
  }

  close(): Promise<void> {
    this.byKid.clear();
    this.current.clear();
    this.erased.clear();
    this.gone.clear();
    return this.inner.close();
  }
}
