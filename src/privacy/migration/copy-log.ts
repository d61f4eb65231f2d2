import type { EventStore, JsonObject, RecordedEvent } from '../../eventstore/port';
import { readAllPages } from '../../eventstore/port';
import { EncryptingEventStore, type ForgettingKeyStore } from '../encrypting-event-store';
import { isEncryptedValue } from '../field-cipher';
import { keyOwnerOf, mapPersonal, PERSONAL_FIELDS } from '../personal-fields';
import { OrderedAppends } from './ordered-appends';

/** Snapshot streams hold a cache of aggregate state, kept to one event and purged: never copied. */
export const SNAPSHOT_PREFIX = 'snapshot-';

export interface CopyCounts {
  /** Events written to the new log. */
  events: number;
  /** Snapshot events left behind (the new log's aggregates fold their streams until the next one). */
  snapshotsSkipped: number;
  /** Personal values that were in clear and are now encrypted. */
  fieldsEncrypted: number;
  /** Personal values that were already encrypted, copied as they were. */
  alreadyEncrypted: number;
  /** Personal values in clear of erased users, written as their erased marker. */
  erased: number;
}

/** A stream of the old log that the port cannot reproduce revision for revision. */
export class RevisionGapError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly found: number,
  ) {
    super(
      `stream ${streamId}: the old log holds revision ${found} where ${expected} was expected ` +
        '(events purged by a stream limit?); its revisions cannot be reproduced',
    );
    this.name = 'RevisionGapError';
  }
}

export interface CopyTarget {
  /** The new, empty log as stored. */
  raw: EventStore;
  /** Its key store, holding a copy of the old log's keys and erasures. */
  keys: ForgettingKeyStore;
}

/**
 * Copies a log in global order into an empty one, stream revisions and event ids kept: each event is
 * appended at the expected revision of its predecessor, so the new log's revisions are the old ones
 * (or the copy fails). Personal values go through the encrypting decorator, which encrypts what is in
 * clear and leaves an encrypted envelope as it is. An erased user's values in clear are written as
 * their erased marker, past the decorator: encrypting them would make a data key for a user who must
 * have none, and the marker says nothing about the person. A page of the old log is in flight at
 * once, in order, so that the new log's writer commits it in groups; `onPage` runs once it is written.
 */
export async function copyLog(
  source: EventStore,
  target: CopyTarget,
  onPage: (copied: RecordedEvent[], counts: CopyCounts) => void = () => {},
): Promise<CopyCounts> {
  const counts: CopyCounts = {
    events: 0,
    snapshotsSkipped: 0,
    fieldsEncrypted: 0,
    alreadyEncrypted: 0,
    erased: 0,
  };
  const ordered = new OrderedAppends(target.raw);
  const encrypting = new EncryptingEventStore(ordered, target.keys);
  const next = new Map<string, number>();
  for await (const page of readAllPages(source, { pageSize: 1000 })) {
    const copied: RecordedEvent[] = [];
    const appends: Promise<unknown>[] = [];
    for (const event of page) {
      if (event.streamId.startsWith(SNAPSHOT_PREFIX)) {
        counts.snapshotsSkipped++;
        continue;
      }
      const expected = next.get(event.streamId) ?? 0;
      if (event.revision !== expected) throw new RevisionGapError(event.streamId, expected, event.revision);
      next.set(event.streamId, expected + 1);
      const { data, erasedOwner } = await prepare(event, target.keys, counts);
      ordered.announce(event.id);
      const store = erasedOwner ? ordered : encrypting;
      const appended = { id: event.id, type: event.type, data, metadata: event.metadata };
      appends.push(store.append(event.streamId, [appended], expected === 0 ? 'no_stream' : expected - 1));
      copied.push(event);
    }
    await Promise.all(appends);
    counts.events += copied.length;
    onPage(copied, counts);
  }
  return counts;
}

/** The event's data to append, counting its personal values; erased users' values become markers. */
async function prepare(
  event: RecordedEvent,
  keys: ForgettingKeyStore,
  counts: CopyCounts,
): Promise<{ data: JsonObject; erasedOwner: boolean }> {
  const spec = PERSONAL_FIELDS[event.type];
  if (!spec) return { data: event.data, erasedOwner: false };
  const owner = keyOwnerOf(event.type, event.data);
  const erasedOwner = owner !== undefined && (await keys.erasedAt(owner)) !== undefined;
  const data = mapPersonal(event.data, spec, (value, marker) => {
    if (isEncryptedValue(value)) counts.alreadyEncrypted++;
    else if (typeof value !== 'string') return value;
    else if (erasedOwner) {
      counts.erased++;
      return marker;
    } else if (owner !== undefined) counts.fieldsEncrypted++;
    return value;
  });
  return { data, erasedOwner };
}
