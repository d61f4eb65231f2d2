import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * One personal value encrypted with AES-256-GCM under a data key: a fresh 12-byte nonce per value,
 * the key's id beside it and bound to the ciphertext as additional authenticated data (a value moved
 * under another key id fails to decrypt). Stored in place of the string it replaces.
 */
export interface EncryptedValue {
  $enc: 'v1';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;

export function encryptValue(key: Buffer, kid: string, plaintext: string): EncryptedValue {
  const iv = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    $enc: 'v1',
    kid,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The plaintext; throws when the value was altered or the key is not the one it was encrypted with. */
export function decryptValue(key: Buffer, value: EncryptedValue): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
  decipher.setAAD(Buffer.from(value.kid, 'utf8'));
  decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64')), decipher.final()]).toString('utf8');
}

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.$enc === 'v1' &&
    typeof v.kid === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ct === 'string' &&
    typeof v.tag === 'string'
  );
}

/** A new random data key. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
