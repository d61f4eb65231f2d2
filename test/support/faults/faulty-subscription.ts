import type { Subscription } from '../../../src/eventstore/port';
import type { FaultPlan, FaultPort, SubscriptionOp } from './fault-plan';

export interface Delivery {
  /**
   * Hands one item to the consumer through `forward`, unless the subscription has ended or the plan
   * drops it at this delivery (then the item is not delivered, as on a connection lost before it).
   */
  deliver<R>(forward: () => R): R | undefined;
  /** The inner subscription failed: end this one with its error. */
  fail(error: Error): void;
}

/**
 * A subscription opened through a fault plan: its start can fail, be delayed or hang like any call,
 * and a running one can be dropped (by `plan.drop` or at a random delivery) as a lost connection
 * would drop it: the inner subscription is closed and the consumer's `onError` called once. As with
 * the real adapters, `onError` never runs while a delivery is in progress, and always asynchronously.
 */
export function faultySubscription(
  plan: FaultPlan,
  port: FaultPort,
  op: SubscriptionOp,
  onError: ((error: Error) => void) | undefined,
  open: (delivery: Delivery) => Subscription,
): Subscription {
  let inner: Subscription | undefined;
  let ended = false;
  let inFlight: Promise<unknown> | undefined;

  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    untrack();
    void inner?.close().catch(() => undefined);
    void Promise.resolve(inFlight)
      .catch(() => undefined)
      .then(() => onError?.(error));
  };
  const untrack = plan.track(port, op, end);

  const delivery: Delivery = {
    deliver<R>(forward: () => R): R | undefined {
      if (ended) return undefined;
      const dropped = plan.dropAtDelivery(port, op);
      if (dropped) {
        end(dropped);
        return undefined;
      }
      const result = forward();
      if (result instanceof Promise) {
        const settled = result.finally(() => {
          if (inFlight === settled) inFlight = undefined;
        });
        inFlight = settled;
        return settled as R;
      }
      return result;
    },
    fail: end,
  };

  void plan
    .run(port, op, () => {
      // Closed while the start was delayed or held: never open it.
      if (!ended) inner = open(delivery);
    })
    .catch((error: unknown) => end(error instanceof Error ? error : new Error(String(error))));

  return {
    close: async () => {
      ended = true;
      untrack();
      await inner?.close();
    },
  };
}
