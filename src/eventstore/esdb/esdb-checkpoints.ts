import type { Position as EsdbPosition } from '@eventstore/db-client';

/**
 * Passes a filtered subscription's checkpoints on in log order. The client calls `checkpointReached`
 * when the server's checkpoint enters its stream, while events before it may still wait in the
 * stream's buffer: reported then, a subscriber would move its checkpoint past events it has not yet
 * handled. A checkpoint is therefore held back until the buffer is empty and no event is being handled,
 * and one that is not after the last event taken is dropped.
 */
export class CheckpointRelay {
  private pending: EsdbPosition | undefined;
  private last: EsdbPosition | undefined;

  constructor(
    private readonly report: (position: EsdbPosition) => void | Promise<void>,
    /** Events buffered in the stream, not yet taken by the subscription's loop. */
    private readonly buffered: () => number,
  ) {}

  /** From `checkpointReached`; `idle` when the loop is not handling an event. */
  async reached(position: EsdbPosition, idle: boolean): Promise<void> {
    if (idle && this.buffered() === 0) await this.send(position);
    else this.pending = position;
  }

  /** After each event the loop has taken from the stream and handled (or skipped). */
  async passed(position: EsdbPosition): Promise<void> {
    this.last = position;
    const pending = this.pending;
    if (pending && this.buffered() === 0) {
      this.pending = undefined;
      await this.send(pending);
    }
  }

  private async send(position: EsdbPosition): Promise<void> {
    if (this.last && !isAfter(position, this.last)) return;
    this.last = position;
    await this.report(position);
  }
}

function isAfter(a: EsdbPosition, b: EsdbPosition): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}
