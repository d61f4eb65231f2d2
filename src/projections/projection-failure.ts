/**
 * A projection could not go on: reading the log failed, projecting an event threw, or writing a batch
 * failed. Names the projections and the stretch of the log that failed (one event when `first` equals
 * `last`), so that an operator can find a poison event.
 */
export class ProjectionFailure extends Error {
  constructor(
    readonly projections: readonly string[],
    /** First and last position of the events that failed; undefined when reading the log failed. */
    readonly first: string | undefined,
    readonly last: string | undefined,
    readonly eventType: string | undefined,
    cause: Error,
  ) {
    const where =
      first === undefined
        ? 'reading the log'
        : first === last
          ? `at event ${first}${eventType ? ` (${eventType})` : ''}`
          : `in the events from ${first} to ${last}`;
    super(
      `${projections.length === 1 ? 'projection' : 'projections'} ${projections.join(', ')} failed ${where}: ${cause.message}`,
      {
        cause,
      },
    );
    this.name = 'ProjectionFailure';
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
