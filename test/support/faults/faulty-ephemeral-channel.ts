import type { EphemeralChannel, EphemeralSignal } from '../../../src/eventstore/ephemeral';
import type { Subscription } from '../../../src/eventstore/port';
import type { FaultPlan } from './fault-plan';
import { faultySubscription } from './faulty-subscription';

/**
 * An ephemeral channel that forwards to a real one under a fault plan: a publish can fail, be delayed
 * or hang; a subscription can fail at its start or be dropped while it runs (its onError is called
 * once and it delivers nothing more, as the port promises on a failed read).
 */
export class FaultyEphemeralChannel implements EphemeralChannel {
  constructor(
    readonly inner: EphemeralChannel,
    readonly plan: FaultPlan,
  ) {}

  publish(signal: EphemeralSignal): Promise<void> {
    return this.plan.run('ephemeralChannel', 'publish', () => this.inner.publish(signal));
  }

  subscribe(onSignal: (signal: EphemeralSignal) => void, onError: (error: Error) => void): Subscription {
    return faultySubscription(this.plan, 'ephemeralChannel', 'subscribe', onError, (delivery) =>
      this.inner.subscribe(
        (signal) => delivery.deliver(() => onSignal(signal)),
        (error) => delivery.fail(error),
      ),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
