/**
 * A store that is briefly unavailable: locked by another process, unreachable, electing a leader or
 * timing out. Nothing was written (or, for a write whose answer was lost, a retry with the same event
 * ids writes it once), so the caller may retry: the API answers 503 with Retry-After.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** SQLite: the file is locked past the busy timeout, or the writer thread stopped and restarts. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED)(_|$)/;
/** Driver errors of EventStoreDB (@eventstore/db-client) and MongoDB that a retry can get past. */
const TRANSIENT_NAMES = new Set([
  'WriterStoppedError',
  'UnavailableError',
  'DeadlineExceededError',
  'NotLeaderError',
  'CancelledError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoWriteConcernError',
  'MongoTopologyClosedError',
]);

/**
 * Whether `error` (or an error it wraps) says that a store is briefly unavailable. Adapters' native
 * errors are recognised by their code or name, so this module imports no driver.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && SQLITE_CODES.test(code)) return true;
    if (TRANSIENT_NAMES.has(e.name) || TRANSIENT_NAMES.has(e.constructor.name)) return true;
    if (typeof (e as { hasErrorLabel?: unknown }).hasErrorLabel === 'function') {
      const labelled = e as unknown as { hasErrorLabel(label: string): boolean };
      if (
        labelled.hasErrorLabel('RetryableWriteError') ||
        labelled.hasErrorLabel('TransientTransactionError')
      )
        return true;
    }
  }
  return false;
}
