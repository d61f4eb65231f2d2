import { EsdbEphemeralChannel } from '../../src/eventstore/esdb/esdb-ephemeral-channel';
import { EsdbEventStore } from '../../src/eventstore/esdb/esdb-event-store';
import { ephemeralChannelContract } from '../contract/ephemeral-channel.contract';
import { eventStoreContract } from '../contract/event-store.contract';
import { eventStoreModelTest } from '../contract/event-store.model';

const url = process.env.EVENTSTORE_URL;
const SKIPPED =
  'EventStoreDB contracts (event store, ephemeral channel) skipped: set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it';

if (url) {
  const openEsdb = async () => {
    const store = await EsdbEventStore.connect(url);
    return { store, cleanup: () => store.close() };
  };
  eventStoreContract('EventStoreDB', openEsdb);
  eventStoreModelTest('EventStoreDB', openEsdb);

  ephemeralChannelContract('EventStoreDB', async () => {
    // Each channel has its own client, as each node has its own connection.
    const channels: EsdbEphemeralChannel[] = [];
    return {
      open: async () => {
        const channel = await EsdbEphemeralChannel.create(url);
        channels.push(channel);
        return channel;
      },
      cleanup: async () => {
        await Promise.all(channels.map((c) => c.close()));
      },
    };
  });
} else {
  console.warn(SKIPPED);
  it.skip(SKIPPED, () => undefined);
}
