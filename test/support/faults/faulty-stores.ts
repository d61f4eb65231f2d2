import type { ReadModelStore } from '../../../src/readmodels/port';
import type { Stores } from '../../../src/stores';
import type { FaultPlan } from './fault-plan';
import { FaultyEphemeralChannel } from './faulty-ephemeral-channel';
import { FaultyEventStore } from './faulty-event-store';
import { FaultyProjectionStore } from './faulty-projection-store';
import { FaultyReadModels } from './faulty-read-models';

/** Both sides of a read-model store under one plan; closing closes the real store. */
export function faultyReadModelStore(store: ReadModelStore, plan: FaultPlan): ReadModelStore {
  return {
    readModels: new FaultyReadModels(store.readModels, plan),
    projections: new FaultyProjectionStore(store.projections, plan),
    close: () => store.close(),
  };
}

/** A server's open stores, every port under one plan (what `startServer(config, { stores })` takes). */
export function faultyStores(stores: Stores, plan: FaultPlan): Stores {
  return {
    kind: stores.kind,
    store: new FaultyEventStore(stores.store, plan),
    ephemeral: new FaultyEphemeralChannel(stores.ephemeral, plan),
    readModels: faultyReadModelStore(stores.readModels, plan),
    keys: stores.keys,
    close: () => stores.close(),
  };
}
