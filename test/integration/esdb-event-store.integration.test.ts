import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EphemeralSignal } from '../../src/eventstore/ephemeral';
import { EsdbEphemeralChannel } from '../../src/eventstore/esdb/esdb-ephemeral-channel';
import { EsdbEventStore } from '../../src/eventstore/esdb/esdb-event-store';
import { eventStoreContract } from '../contract/event-store.contract';

const url = process.env.EVENTSTORE_URL;
const SKIPPED = 'EventStoreDB contract skipped: set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it';

if (url) {
  eventStoreContract('EventStoreDB', async () => {
    const store = await EsdbEventStore.connect(url);
    return { store, cleanup: () => store.close() };
  });

  describe('EventStoreDB ephemeral channel', () => {
    it('delivers a published signal to a subscriber that was already listening', async () => {
      const store = await EsdbEventStore.connect(url);
      const channel = await EsdbEphemeralChannel.create(store.client);
      const marker = randomUUID();
      const received: EphemeralSignal[] = [];
      const failures: Error[] = [];
      const subscription = channel.subscribe(
        (signal) => {
          if (signal.data.marker === marker) received.push(signal);
        },
        (error) => failures.push(error),
      );
      try {
        // The subscription is confirmed by the server asynchronously; until then a signal may be missed.
        const deadline = Date.now() + 10_000;
        while (received.length === 0 && Date.now() < deadline) {
          await channel.publish({ type: 'TypingStarted', data: { marker } });
          await sleep(200);
        }
        expect(received[0]).toEqual({ type: 'TypingStarted', data: { marker } });
      } finally {
        await subscription.close();
        await channel.close();
        await store.close();
      }
    });
  });
} else {
  console.warn(SKIPPED);
  it.skip(SKIPPED, () => undefined);
}
