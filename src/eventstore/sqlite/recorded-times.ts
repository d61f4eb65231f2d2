import type Database from 'better-sqlite3';
import { openDatabase } from '../../sqlite/open-database';

/**
 * Sets the recorded time of events already in an embedded log, by event id: for a copy of a log
 * (privacy encrypt-log), whose appends record the time of the copy, to carry the original times over
 * (audit reads "as of" a time by them). Nothing else of an event can change this way.
 */
export class RecordedTimes {
  private readonly setTimes: (times: readonly (readonly [string, string])[]) => void;

  private constructor(private readonly db: Database.Database) {
    const update = db.prepare('UPDATE events SET recorded_at = ? WHERE event_id = ?');
    this.setTimes = db.transaction((times: readonly (readonly [string, string])[]) => {
      for (const [eventId, recordedAt] of times) update.run(recordedAt, eventId);
    });
  }

  /** A connection of its own to the log's file, beside the store's; the writer thread may wait on it. */
  static open(file: string): RecordedTimes {
    return new RecordedTimes(openDatabase(file, { synchronous: 'FULL', busyTimeoutMs: 5000 }));
  }

  /** Sets each event's recorded time, in one transaction: pairs of event id and ISO-8601 time. */
  set(times: readonly (readonly [eventId: string, recordedAt: string])[]): void {
    this.setTimes(times);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
