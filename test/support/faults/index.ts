export * from './fault-plan';
export { FaultyEphemeralChannel } from './faulty-ephemeral-channel';
export { FaultyEventStore } from './faulty-event-store';
export { FaultyProjectionStore } from './faulty-projection-store';
export { FaultyReadModels } from './faulty-read-models';
export { faultyReadModelStore, faultyStores } from './faulty-stores';
