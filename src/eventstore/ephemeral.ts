import type { JsonObject, Subscription } from './port';

/**
 * The ephemeral channel carries signals that must reach every node quickly but never enter history:
 * typing indicators and connection presence. Delivery is best effort and only to subscribers that are
 * listening when the signal is published; signals expire after about a minute.
 */
export interface EphemeralSignal {
  type: string;
  data: JsonObject;
}

export interface EphemeralChannel {
  publish(signal: EphemeralSignal): Promise<void>;
  /**
   * Receives signals published (by any node sharing the store) after this call. When reading fails
   * (or `onSignal` throws) the subscription stops and `onError` is called once: the caller subscribes
   * again, and signals published in between are lost, which best effort allows.
   */
  subscribe(onSignal: (signal: EphemeralSignal) => void, onError: (error: Error) => void): Subscription;
  close(): Promise<void>;
}

/** Seconds a signal is kept before the store may drop it. */
export const EPHEMERAL_MAX_AGE_SECONDS = 60;
