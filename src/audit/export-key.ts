import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportSigningKey } from './export-format';

/**
 * The Ed25519 key that signs audit exports: `AUDIT_EXPORT_KEY` (a PKCS#8 PEM private key) when set;
 * otherwise one generated on first use and kept in `DATA_DIR/audit-export.key` (readable by its owner
 * only). The signature is what makes an export evidence: the hash chain alone can be recomputed by anyone
 * who edits the file, a signature cannot be made without this private key. Auditors pin the public key
 * (`npm run audit -- public-key`) and check exports against it (`verify FILE --public-key FILE`).
 */
export function exportSigningKey(envPem: string | undefined, dataDir: string): ExportSigningKey {
  const pem = envPem ? envPem.replace(/\\n/g, '\n') : keyFromDataDir(dataDir);
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('the audit export key must be an Ed25519 key');
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export const EXPORT_KEY_FILE = 'audit-export.key';

function keyFromDataDir(dataDir: string): string {
  const file = join(dataDir, EXPORT_KEY_FILE);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = pemOf(privateKey);
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw error;
  }
}

function pemOf(privateKey: KeyObject): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
