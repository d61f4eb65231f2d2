import { isDeepStrictEqual } from 'node:util';
import { type EventStore, type RecordedEvent, readAllPages } from '../../eventstore/port';
import type { EncryptingEventStore } from '../encrypting-event-store';
import { isEncryptedValue } from '../field-cipher';
import { keyOwnerOf, mapPersonal, PERSONAL_FIELDS } from '../personal-fields';
import { SNAPSHOT_PREFIX } from './copy-log';

export interface LogUnderKeys {
  /** The log as stored. */
  raw: EventStore;
  /** The same log through the decorator, with its own key store: decrypts what `raw` returns. */
  encrypting: EncryptingEventStore;
}

export interface Verification {
  /** Events compared (the old log's snapshots aside). */
  compared: number;
  /** What differs, first problems first; empty when the copy is faithful. */
  problems: string[];
}

const MAX_PROBLEMS = 20;

/**
 * Reads both logs in global order and compares them event by event as their readers see them (stream,
 * revision, id, type, metadata, recorded time and decrypted data), and checks that the new log stores no personal
 * value in clear: each is an encrypted envelope, absent or null, or the erased marker of an erased user.
 */
export async function verifyCopy(
  source: LogUnderKeys,
  target: LogUnderKeys,
  onProgress: (compared: number, event: RecordedEvent) => void = () => {},
): Promise<Verification> {
  const problems: string[] = [];
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const copied = events(target.raw, () => true);
  let compared = 0;
  for await (const old of events(source.raw, (e) => !e.streamId.startsWith(SNAPSHOT_PREFIX))) {
    const next = await copied.next();
    if (next.done) {
      report(`the new log ends before event ${old.id} (${old.streamId}@${old.revision})`);
      return { compared, problems };
    }
    const stored = next.value;
    compared++;
    const [before, after] = await Promise.all([
      source.encrypting.decrypt(old),
      target.encrypting.decrypt(stored),
    ]);
    for (const difference of differences(before, after)) report(`event ${old.id}: ${difference} differs`);
    for (const field of await clearFields(stored, target.encrypting)) {
      report(`event ${stored.id} (${stored.type}): personal field ${field} is stored in clear`);
    }
    onProgress(compared, old);
  }
  const extra = await copied.next();
  if (!extra.done) report(`the new log has more events, from ${extra.value.id} (${extra.value.streamId})`);
  return { compared, problems };
}

async function* events(store: EventStore, keep: (event: RecordedEvent) => boolean) {
  for await (const page of readAllPages(store, { pageSize: 1000 })) {
    for (const event of page) if (keep(event)) yield event;
  }
}

function differences(a: RecordedEvent, b: RecordedEvent): string[] {
  const fields = ['streamId', 'revision', 'id', 'type', 'metadata', 'recordedAt', 'data'] as const;
  return fields.filter((field) => !isDeepStrictEqual(a[field], b[field]));
}

/** The personal fields of a stored event that hold a value in clear (an erased user's marker aside). */
async function clearFields(stored: RecordedEvent, encrypting: EncryptingEventStore): Promise<string[]> {
  const spec = PERSONAL_FIELDS[stored.type];
  if (!spec) return [];
  const owner = keyOwnerOf(stored.type, stored.data);
  const erased = owner !== undefined && (await encrypting.keys.erasedAt(owner)) !== undefined;
  const clear: string[] = [];
  mapPersonal(stored.data, spec, (value, marker, field) => {
    const inClear = !(value === undefined || value === null || isEncryptedValue(value));
    if (inClear && !(erased && value === marker)) clear.push(field);
    return value;
  });
  return clear;
}
