import fc from 'fast-check';
import { decryptValue, encryptValue, isEncryptedValue, newDataKey } from '../../../src/privacy/field-cipher';

describe('field cipher (AES-256-GCM)', () => {
  const key = newDataKey();

  it('decrypts what it encrypted, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (plaintext) => {
        const value = encryptValue(key, 'k1', plaintext);
        expect(isEncryptedValue(value)).toBe(true);
        expect(decryptValue(key, value)).toBe(plaintext);
      }),
    );
  });

  it('uses a fresh 12-byte nonce for every value', () => {
    const a = encryptValue(key, 'k1', 'same text');
    const b = encryptValue(key, 'k1', 'same text');
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('never stores the plaintext', () => {
    const value = encryptValue(key, 'k1', 'a secret sentence');
    expect(JSON.stringify(value)).not.toContain('secret');
  });

  it('refuses a tampered ciphertext, tag, nonce or key id', () => {
    const value = encryptValue(key, 'k1', 'hello there');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    expect(() => decryptValue(key, { ...value, ct: flip(value.ct) })).toThrow();
    expect(() => decryptValue(key, { ...value, tag: flip(value.tag) })).toThrow();
    expect(() => decryptValue(key, { ...value, iv: flip(value.iv) })).toThrow();
    expect(() => decryptValue(key, { ...value, kid: 'k2' })).toThrow();
  });

  it('refuses another key', () => {
    const value = encryptValue(key, 'k1', 'hello');
    expect(() => decryptValue(newDataKey(), value)).toThrow();
  });
});
