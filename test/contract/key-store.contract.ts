import type { KeyStore } from '../../src/privacy/key-store';

export interface KeyStoreFixture {
  store: KeyStore;
  cleanup(): Promise<void>;
}

/** What every key-store adapter promises (the port: src/privacy/key-store.ts). */
export function keyStoreContract(name: string, open: () => Promise<KeyStoreFixture>): void {
  describe(`${name} key store (contract)`, () => {
    let fixture: KeyStoreFixture;
    let store: KeyStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    it('creates one 256-bit key per user on first use and returns it again', async () => {
      const a = await store.keyFor('ann');
      expect(a.key).toHaveLength(32);
      expect(await store.keyFor('ann')).toEqual(a);
      const b = await store.keyFor('bob');
      expect(b.kid).not.toBe(a.kid);
      expect(b.key.equals(a.key)).toBe(false);
      expect(await store.keyById(a.kid)).toEqual({ userId: 'ann', key: a.key });
    });

    it('agrees on one key when first uses race', async () => {
      const keys = await Promise.all([1, 2, 3, 4].map(() => store.keyFor('cat')));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    });

    it('knows no key it never made', async () => {
      expect(await store.keyById('no-such-kid')).toBeUndefined();
    });

    it('erases: the key is gone, the erasure is recorded, other users keep theirs', async () => {
      const ann = await store.keyFor('ann');
      const bob = await store.keyFor('bob');
      expect(await store.erasedAt('ann')).toBeUndefined();
      const first = await store.erase('ann', '2026-01-01T00:00:00.000Z');
      expect(first).toEqual({ deletedKeys: 1, firstErasedAt: '2026-01-01T00:00:00.000Z' });
      expect(await store.keyById(ann.kid)).toBeUndefined();
      expect(await store.erasedAt('ann')).toBe('2026-01-01T00:00:00.000Z');
      expect(await store.keyById(bob.kid)).toEqual({ userId: 'bob', key: bob.key });
      const again = await store.erase('ann', '2026-01-02T00:00:00.000Z');
      expect(again).toEqual({ deletedKeys: 0, firstErasedAt: '2026-01-01T00:00:00.000Z' });
    });

    it('gives an erased user a new key for later data', async () => {
      const before = await store.keyFor('ann');
      await store.erase('ann', '2026-01-01T00:00:00.000Z');
      const after = await store.keyFor('ann');
      expect(after.kid).not.toBe(before.kid);
      expect(await store.keyById(before.kid)).toBeUndefined();
      expect((await store.erase('ann', '2026-01-03T00:00:00.000Z')).deletedKeys).toBe(1);
    });

    it('erases a user that never had a key', async () => {
      expect((await store.erase('nobody', '2026-01-01T00:00:00.000Z')).deletedKeys).toBe(0);
      expect(await store.erasedAt('nobody')).toBe('2026-01-01T00:00:00.000Z');
    });
  });
}
