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
} from './port';

/**
 * An event store that forwards every call to another: the base of decorators (measuring, fault
 * injection), which override only the calls they change.
 */
export class ForwardingEventStore implements EventStore {
  constructor(readonly inner: EventStore) {}

  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, events, expected);
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
