import { ForwardingEventStore } from '../eventstore/forwarding-event-store';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision } from '../eventstore/port';
import type { Metrics } from './metrics';

/**
 * The EventStore port with append latency and batch size measured, whatever adapter is behind it.
 * Refused appends (a wrong expected revision, an unavailable store) are timed too: a store that is
 * slow to say no is as slow for the caller.
 */
export class InstrumentedEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly metrics: Metrics,
  ) {
    super(inner);
  }

  override async append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.metrics.appendEvents.observe(events.length);
    const done = this.metrics.appendDuration.startTimer();
    try {
      return await this.inner.append(streamId, events, expected);
    } finally {
      done();
    }
  }
}
