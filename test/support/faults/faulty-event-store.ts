import { ForwardingEventStore } from '../../../src/eventstore/forwarding-event-store';
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
} from '../../../src/eventstore/port';
import type { FaultPlan } from './fault-plan';
import { faultySubscription } from './faulty-subscription';

/**
 * An event store that forwards to a real one under a fault plan: appends, reads and the head can
 * fail, be delayed or hang; a catch-up subscription can fail at its start or be dropped while it runs.
 * Parsing and comparing positions is pure and never faulted.
 */
export class FaultyEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    readonly plan: FaultPlan,
  ) {
    super(inner);
  }

  override append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.plan.run('eventStore', 'append', () => this.inner.append(streamId, events, expected));
  }

  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.plan.run('eventStore', 'readStream', () => this.inner.readStream(streamId, options));
  }

  override readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.plan.run('eventStore', 'readAll', () => this.inner.readAll(options));
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
    return faultySubscription(this.plan, 'eventStore', 'subscribeToAll', options.onError, (delivery) =>
      this.inner.subscribeToAll({
        ...options,
        onEvent: (event) => delivery.deliver(() => options.onEvent(event)),
        onError: (error) => delivery.fail(error),
      }),
    );
  }

  override setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.plan.run('eventStore', 'setStreamMetadata', () =>
      this.inner.setStreamMetadata(streamId, metadata),
    );
  }

  override headPosition(): Promise<Position | undefined> {
    return this.plan.run('eventStore', 'headPosition', () => this.inner.headPosition());
  }
}
