import {
  BACKWARDS,
  END,
  type Position as EsdbPosition,
  type RecordedEvent as EsdbRecordedEvent,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  type ReadRevision,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port';
import { CheckpointRelay } from './esdb-checkpoints';
import { loadEpoch } from './esdb-epoch';
import { PositionCodec } from './esdb-positions';
import { asJsonObject, isHidden, samePosition, stopStream, toEsdbExpected, toRevision } from './esdb-values';

/** Lower bound on a $all page, so that runs of hidden events are skipped in few round trips. */
const MIN_PAGE = 100;

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    /** Shared with the ephemeral channel; owned (and disposed) by this store. */
    readonly client: EventStoreDBClient,
    private readonly codec: PositionCodec,
  ) {}

  static async connect(connectionString: string): Promise<EsdbEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      return new EsdbEventStore(client, new PositionCodec(await loadEpoch(client)));
    } catch (error) {
      await client.dispose();
      throw error;
    }
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
    let nextExpectedRevision: bigint;
    let reportedPosition: EsdbPosition | undefined;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
        { expectedRevision: toEsdbExpected(expected) },
      );
      nextExpectedRevision = result.nextExpectedRevision;
      reportedPosition = result.position;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : toRevision(error.actualVersion);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
    // An idempotent retry may report the stream's current revision rather than the original one; with a
    // known expected revision the original one follows from the number of events.
    const revision =
      typeof expected === 'number'
        ? expected + events.length
        : expected === 'no_stream'
          ? events.length - 1
          : toRevision(nextExpectedRevision);
    return {
      revision,
      position: this.codec.encode(await this.lastPosition(streamId, revision, events, reportedPosition)),
    };
  }

  /**
   * The $all position of the last appended event. The append response carries one position for the
   * whole write: the transaction's commit position, with the prepare position of its first record. For
   * a single event that is the event's own position, so it serves, saving a round trip on the common
   * write (one message). For a batch, the events share the commit position and differ in prepare
   * position, so the response names the first event, not the last: a consistency token there would be
   * reached before the batch is projected. A response may also come without a position (the server
   * leaves it out when it wrote nothing, as for some idempotent retries). In those cases the stored last
   * event tells, at the cost of a read. The event-store contract checks the result against the stored
   * event, single and batch, when it runs against a server (EVENTSTORE_URL).
   */
  private async lastPosition(
    streamId: string,
    revision: number,
    events: EventToAppend[],
    reported: EsdbPosition | undefined,
  ): Promise<EsdbPosition> {
    if (events.length === 1 && reported) return reported;
    const [stored] = await this.readRaw(streamId, { fromRevision: BigInt(revision), maxCount: 1 });
    const position = stored?.position ?? reported;
    if (!position) throw new Error(`append to ${streamId}: the server returned no position`);
    return position;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const events = await this.readRaw(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      maxCount: options.maxCount,
    });
    return events.map((event) => {
      if (!event.position) {
        throw new Error(
          'EventStoreDB returned an event without its $all position: version 22.6+ is required',
        );
      }
      return this.toRecorded(event, event.position);
    });
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    const result: RecordedEvent[] = [];
    let from = after === undefined ? undefined : this.codec.decode(after);
    while (result.length < maxCount) {
      const pageSize = Math.max(maxCount - result.length + 1, MIN_PAGE);
      let seen = 0;
      let last: EsdbPosition | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from ?? START, maxCount: pageSize })) {
        seen += 1;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        if ((from && samePosition(event.position, from)) || isHidden(event)) continue;
        if (result.length < maxCount) result.push(this.toRecorded(event, event.position));
      }
      if (seen < pageSize || !last || (from && samePosition(last, from))) break;
      from = last;
    }
    return result;
  }

  subscribeToAll({ after, onEvent, onError, filter, onCheckpoint }: SubscribeOptions): Subscription {
    const from = after === undefined || after === 'end' ? undefined : this.codec.decode(after);
    const stream = this.client.subscribeToAll({
      fromPosition: from ?? (after === 'end' ? END : START),
      // The server filters: events of other streams (typing, presence, snapshots, audit access) never
      // travel to this subscriber. Its checkpoints let the subscriber move past them.
      filter: filter
        ? streamNameFilter({
            prefixes: [...filter.streamPrefixes],
            checkpointReached: (_subscription, position) => checkpoints.reached(position, !handling),
          })
        : excludeSystemEvents(),
    });
    let closed = false;
    let handling = false;
    const checkpoints = new CheckpointRelay(
      async (position) => {
        if (!closed) await onCheckpoint?.(this.codec.encode(position));
      },
      () => stream.readableLength,
    );
    const run = async (): Promise<void> => {
      try {
        for await (const resolved of stream) {
          if (closed) return;
          const event = resolved.event;
          if (!event) continue;
          if (!(from && samePosition(event.position, from)) && !isHidden(event)) {
            handling = true;
            try {
              await onEvent(this.toRecorded(event, event.position));
            } finally {
              handling = false;
            }
          }
          await checkpoints.passed(event.position);
        }
        if (!closed) throw new Error('EventStoreDB subscription to $all ended unexpectedly');
      } catch (error) {
        if (closed) return;
        closed = true;
        await stopStream(stream);
        onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const done = run();
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        const wasClosed = closed;
        closed = true;
        if (!wasClosed) await stopStream(stream);
        // Waiting for an onEvent call in progress would deadlock when that call is the one closing.
        if (!handling) await done;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.client.setStreamMetadata(streamId, {
      ...(metadata.maxAgeSeconds !== undefined && { maxAge: metadata.maxAgeSeconds }),
      ...(metadata.maxCount !== undefined && { maxCount: metadata.maxCount }),
    });
  }

  async headPosition(): Promise<Position | undefined> {
    let from: EsdbPosition | undefined;
    for (;;) {
      let seen = 0;
      let oldest: EsdbPosition | undefined;
      const stream = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: from ?? END,
        maxCount: MIN_PAGE,
      });
      for await (const resolved of stream) {
        seen += 1;
        const event = resolved.event;
        if (!event || (from && samePosition(event.position, from))) continue;
        oldest = event.position;
        if (!isHidden(event)) {
          await stopStream(stream);
          return this.codec.encode(event.position);
        }
      }
      if (seen < MIN_PAGE || !oldest) return undefined;
      from = oldest;
    }
  }

  fractionOf(position: Position, head: Position): number {
    // Commit positions are byte offsets in the log: a fair measure of progress.
    const end = this.codec.decode(head).commit;
    return end === 0n ? 1 : Math.min(1, Number(this.codec.decode(position).commit) / Number(end));
  }

  parsePosition(value: string): Position {
    this.codec.decode(value);
    return value as Position;
  }

  get positionPattern(): RegExp {
    return this.codec.pattern;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  private async readRaw(
    streamId: string,
    options: {
      direction?: typeof FORWARDS | typeof BACKWARDS;
      fromRevision: ReadRevision;
      maxCount?: number;
    },
  ): Promise<EsdbRecordedEvent[]> {
    const events: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private toRecorded(event: EsdbRecordedEvent, position: EsdbPosition): RecordedEvent {
    return {
      streamId: event.streamId,
      revision: toRevision(event.revision),
      id: event.id,
      type: event.type,
      data: asJsonObject(event.data),
      metadata: asJsonObject(event.metadata),
      position: this.codec.encode(position),
      recordedAt: event.created.toISOString(),
    };
  }
}
