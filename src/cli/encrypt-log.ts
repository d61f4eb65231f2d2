import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EXPORT_KEY_FILE } from '../audit/export-key';
import type { EventStore, Position } from '../eventstore/port';
import { RecordedTimes } from '../eventstore/sqlite/recorded-times';
import { SqliteEventStore } from '../eventstore/sqlite/sqlite-event-store';
import { CachedKeyStore } from '../privacy/cached-key-store';
import { EncryptingEventStore } from '../privacy/encrypting-event-store';
import { type CopyCounts, copyLog } from '../privacy/migration/copy-log';
import { type LogUnderKeys, type Verification, verifyCopy } from '../privacy/migration/verify-copy';
import { SqliteKeyStore } from '../privacy/sqlite/sqlite-key-store';

/** The migration will not run on these directories or this configuration; nothing was written. */
export class LogMigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogMigrationRefused';
  }
}

/** Files of a data directory that the new one keeps as they are: the token secret, the export key. */
const KEPT_FILES = ['secret.key', EXPORT_KEY_FILE];

export interface EncryptedLogCopy {
  counts: CopyCounts;
  verification: Verification;
  copiedFiles: string[];
  seconds: number;
}

export interface MigrationProgress {
  onCopied(fraction: number, events: number): void;
  onCopyDone(events: number): void;
  onVerified(fraction: number, events: number): void;
  onVerifyDone(events: number): void;
}

/**
 * The embedded log of `from` copied into a new embedded log in `to` with its personal fields encrypted
 * and its events' recorded times kept (src/privacy/migration/copy-log.ts), then verified against the
 * old one (src/privacy/migration/verify-copy.ts). The old key store is copied first, erasure records
 * included, so values already encrypted stay readable and erased users stay erased. Nothing of `from`
 * is rewritten: its events are only read (opening the log may checkpoint its WAL and purge what stream
 * limits already hide, as the server does); `to` must be empty or absent (the caller checks).
 */
export async function encryptLog(
  from: string,
  to: string,
  progress: MigrationProgress,
): Promise<EncryptedLogCopy> {
  const started = Date.now();
  mkdirSync(to, { recursive: true });
  const copiedFiles = copyKeptFiles(from, to);
  if (existsSync(join(from, 'keys.db'))) {
    copyDatabase(join(from, 'keys.db'), join(to, 'keys.db'));
    copiedFiles.unshift('keys.db');
  }
  const source = openLog(from, 'old');
  const target = openLog(to, 'new');
  try {
    const head = await source.raw.headPosition();
    const fraction = (position: Position) => (head ? source.raw.fractionOf(position, head) : 1);
    const times = RecordedTimes.open(join(to, 'events.db'));
    const counts = await copyLog(source.raw, target, (copied, sofar) => {
      times.set(copied.map((event) => [event.id, event.recordedAt] as const));
      const last = copied[copied.length - 1];
      if (last) progress.onCopied(fraction(last.position), sofar.events);
    }).finally(() => times.close());
    progress.onCopyDone(counts.events);
    const verification = await verifyCopy(source, target, (compared, event) => {
      if (compared % 500 === 0) progress.onVerified(fraction(event.position), compared);
    });
    progress.onVerifyDone(verification.compared);
    return { counts, verification, copiedFiles, seconds: (Date.now() - started) / 1000 };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

/**
 * A log and its key store. The old directory is only read: without a `keys.db` (nothing was ever
 * encrypted) it gets an empty key store in memory rather than a new file.
 */
function openLog(
  dir: string,
  role: 'old' | 'new',
): LogUnderKeys & { keys: CachedKeyStore; close(): Promise<void> } {
  const raw: EventStore = SqliteEventStore.open(join(dir, 'events.db'));
  const keyFile = join(dir, 'keys.db');
  const inMemory = role === 'old' && !existsSync(keyFile);
  const keys = new CachedKeyStore(SqliteKeyStore.open(inMemory ? ':memory:' : keyFile));
  return {
    raw,
    keys,
    encrypting: new EncryptingEventStore(raw, keys),
    close: async () => {
      await raw.close();
      await keys.close();
    },
  };
}

/**
 * A consistent copy of a SQLite database, WAL included (`VACUUM INTO`): only live rows, so keys that
 * an erasure deleted are not carried over in free pages.
 */
function copyDatabase(file: string, copy: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.prepare('VACUUM INTO ?').run(copy);
  } finally {
    db.close();
  }
  chmodSync(copy, statSync(file).mode & 0o777);
}

function copyKeptFiles(from: string, to: string): string[] {
  return KEPT_FILES.filter((name) => existsSync(join(from, name))).map((name) => {
    copyFileSync(join(from, name), join(to, name));
    chmodSync(join(to, name), statSync(join(from, name)).mode & 0o777);
    return name;
  });
}
