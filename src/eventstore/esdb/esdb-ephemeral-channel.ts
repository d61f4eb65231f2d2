import { randomUUID } from 'node:crypto';
import { ANY, END, EventStoreDBClient, jsonEvent, type StreamSubscription } from '@eventstore/db-client';
import { EPHEMERAL_MAX_AGE_SECONDS, type EphemeralChannel, type EphemeralSignal } from '../ephemeral';
import type { Subscription } from '../port';
import { asJsonObject, EPHEMERAL_STREAM, stopStream } from './esdb-values';

export class EsdbEphemeralChannel implements EphemeralChannel {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly ownsClient: boolean,
  ) {}

  /** A connection string gives the channel its own client; a client passed in stays the caller's to dispose. */
  static async create(source: EventStoreDBClient | string): Promise<EsdbEphemeralChannel> {
    const ownsClient = typeof source === 'string';
    const client = typeof source === 'string' ? EventStoreDBClient.connectionString(source) : source;
    try {
      const { metadata } = await client.getStreamMetadata(EPHEMERAL_STREAM);
      if (metadata?.maxAge !== EPHEMERAL_MAX_AGE_SECONDS) {
        await client.setStreamMetadata(EPHEMERAL_STREAM, { ...metadata, maxAge: EPHEMERAL_MAX_AGE_SECONDS });
      }
    } catch (error) {
      if (ownsClient) await client.dispose();
      throw error;
    }
    return new EsdbEphemeralChannel(client, ownsClient);
  }

  async publish(signal: EphemeralSignal): Promise<void> {
    await this.client.appendToStream(
      EPHEMERAL_STREAM,
      jsonEvent({ id: randomUUID(), type: signal.type, data: signal.data }),
      { expectedRevision: ANY },
    );
  }

  subscribe(onSignal: (signal: EphemeralSignal) => void, onError: (error: Error) => void): Subscription {
    const stopped = new AbortController();
    const current: StreamSubscription = this.client.subscribeToStream(EPHEMERAL_STREAM, {
      fromRevision: END,
    });
    const run = async (): Promise<void> => {
      try {
        for await (const resolved of current) {
          if (stopped.signal.aborted) return;
          const event = resolved.event;
          if (event) onSignal({ type: event.type, data: asJsonObject(event.data) });
        }
      } catch (error) {
        if (stopped.signal.aborted) return;
        stopped.abort();
        this.subscriptions.delete(subscription);
        await stopStream(current).catch(() => undefined);
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const done = run();
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        if (!stopped.signal.aborted) {
          stopped.abort();
          await stopStream(current);
        }
        await done;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.ownsClient) await this.client.dispose();
  }
}
