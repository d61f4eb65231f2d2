import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '../eventstore/port';
import type { Metrics } from './metrics';

/**
 * The EventStore port with append latency and batch size measured, whatever adapter is behind it.
 * Refused appends (a wrong expected revision, an unavailable store) are timed too: a store that is
 * slow to say no is as slow for the caller.
 */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: Metrics,
  ) {}

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.metrics.appendEvents.observe(events.length);
    const done = this.metrics.appendDuration.startTimer();
    try {
      return await this.inner.append(streamId, events, expected);
    } finally {
      done();
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamId, metadata);
  }

  headPosition(): Promise<Position | undefined> {
    return this.inner.headPosition();
  }

  get positionPattern(): RegExp {
    return this.inner.positionPattern;
  }

  parsePosition(value: string): Position {
    return this.inner.parsePosition(value);
  }

  fractionOf(position: Position, head: Position): number {
    return this.inner.fractionOf(position, head);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
