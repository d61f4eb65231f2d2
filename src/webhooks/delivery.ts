import { setTimeout as sleep } from 'node:timers/promises';
import { type Backoff, backoffDelay } from '../supervision/supervisor';
import type { WebhookEndpoint } from './endpoints';
import { ATTEMPT_HEADER, EVENT_ID_HEADER, signedHeaders } from './signature';

export interface DeliverySettings {
  secret: string;
  /** One attempt's time limit, from sending to the end of the answer's headers. */
  timeoutMs: number;
  /** Delays between attempts: capped exponential with jitter. */
  backoff: Backoff;
}

export type AttemptOutcome =
  | { outcome: 'success'; status: number }
  | { outcome: 'http_error'; status: number; error: string }
  | { outcome: 'timeout' | 'network_error'; error: string };

export interface DeliveryHooks {
  /** After every attempt, with its duration. */
  attempted(result: AttemptOutcome, attempt: number, seconds: number): void;
  /** A failed attempt; the next one follows after `retryInMs`. */
  failed(result: Exclude<AttemptOutcome, { outcome: 'success' }>, attempt: number, retryInMs: number): void;
}

/** One signed POST of `body`; never throws for what the endpoint does (only when `signal` aborts). */
export async function attemptDelivery(
  endpoint: WebhookEndpoint,
  body: string,
  eventId: string,
  attempt: number,
  settings: DeliverySettings,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'chat-webhooks/1',
        [EVENT_ID_HEADER]: eventId,
        [ATTEMPT_HEADER]: String(attempt),
        ...signedHeaders(settings.secret, body, Date.now()),
      },
      body,
      // A redirect is an answer other than 2xx: following it would send the payload somewhere else.
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    // The answer's body is not read: drop it so the connection can be reused.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300)
      return { outcome: 'success', status: response.status };
    return { outcome: 'http_error', status: response.status, error: `answered ${response.status}` };
  } catch (error) {
    signal.throwIfAborted();
    if (timeout.aborted) return { outcome: 'timeout', error: `no answer within ${settings.timeoutMs} ms` };
    return { outcome: 'network_error', error: networkErrorOf(error) };
  }
}

/**
 * POSTs until the endpoint accepts (2xx), waiting a capped, jittered, exponentially growing delay
 * between attempts; there is no last attempt: the event stays due until it is accepted or `signal`
 * aborts (the dispatcher stops), which throws.
 */
export async function deliverUntilAccepted(
  endpoint: WebhookEndpoint,
  body: string,
  eventId: string,
  settings: DeliverySettings,
  hooks: DeliveryHooks,
  signal: AbortSignal,
  random: () => number = Math.random,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const result = await attemptDelivery(endpoint, body, eventId, attempt, settings, signal);
    hooks.attempted(result, attempt, (performance.now() - started) / 1000);
    if (result.outcome === 'success') return attempt;
    const delay = backoffDelay(attempt, settings.backoff, random);
    hooks.failed(result, attempt, delay);
    await sleep(delay, undefined, { signal });
  }
}

/** fetch reports "fetch failed" with the socket error as its cause: the cause says what happened. */
function networkErrorOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
