/**
 * Errors of the command layer that are not domain decisions. Like domain errors they carry a kind the
 * API maps to a status code.
 */
export class ConcurrencyConflict extends Error {
  readonly kind = 'conflict' as const;
  readonly code = 'concurrency_conflict';
  constructor(streamId: string) {
    super(`too many concurrent changes to ${streamId}: retry the request`);
    this.name = 'ConcurrencyConflict';
  }
}

export class IdempotencyKeyReused extends Error {
  readonly kind = 'unprocessable' as const;
  readonly code = 'idempotency_key_reused';
  constructor() {
    super('this idempotency key was already used with a different request body');
    this.name = 'IdempotencyKeyReused';
  }
}
