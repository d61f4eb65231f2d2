import { randomBytes } from 'node:crypto';
import { newDataKey } from '../../src/privacy/field-cipher';
import type { DataKey, ErasureRecord, KeyStore, OwnedKey } from '../../src/privacy/key-store';

/** A key store in memory, for unit tests of what sits on the port. */
export class MemoryKeyStore implements KeyStore {
  private readonly current = new Map<string, DataKey>();
  private readonly byKid = new Map<string, OwnedKey>();
  private readonly erasures = new Map<string, string>();

  async keyFor(userId: string): Promise<DataKey> {
    let key = this.current.get(userId);
    if (!key) {
      key = { kid: randomBytes(8).toString('hex'), key: newDataKey() };
      this.current.set(userId, key);
      this.byKid.set(key.kid, { userId, key: key.key });
    }
    return key;
  }

  async keyById(kid: string): Promise<OwnedKey | undefined> {
    return this.byKid.get(kid);
  }

  async erasedAt(userId: string): Promise<string | undefined> {
    return this.erasures.get(userId);
  }

  async erase(userId: string, at: string): Promise<ErasureRecord> {
    let deletedKeys = 0;
    for (const [kid, owned] of this.byKid)
      if (owned.userId === userId) {
        this.byKid.delete(kid);
        deletedKeys++;
      }
    this.current.delete(userId);
    if (!this.erasures.has(userId)) this.erasures.set(userId, at);
    return { deletedKeys, firstErasedAt: this.erasures.get(userId) as string };
  }

  async close(): Promise<void> {}
}
