import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 with the shared secret over `${timestamp}.${body}`, where the
 * timestamp is Unix seconds sent in its own header. Signing the timestamp with the body lets a
 * receiver refuse a captured request replayed later (see docs/webhooks.md for the recipe).
 */
export const TIMESTAMP_HEADER = 'X-Chat-Timestamp';
export const SIGNATURE_HEADER = 'X-Chat-Signature';
export const EVENT_ID_HEADER = 'X-Chat-Event-Id';
export const ATTEMPT_HEADER = 'X-Chat-Delivery-Attempt';

/** How far a receiver lets a timestamp stray from its clock, by default (both ways). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The signature header's value for `body` sent at `timestamp` (Unix seconds): `v1=<hex>`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers that sign one delivery attempt; each attempt is signed afresh with its own time. */
export function signedHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body),
  };
}

export interface SignedRequest {
  /** The raw body, exactly as received (before any JSON parsing). */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Whether a request carries a valid signature made within `toleranceSeconds` of `nowMs`. The header
 * may list several comma-separated `v1=` values (a receiver rotating secrets); one match suffices.
 */
export function verifySignature(
  secret: string,
  request: SignedRequest,
  nowMs: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const timestamp = Number(request.timestamp);
  if (!request.timestamp || !/^\d+$/.test(request.timestamp) || !Number.isSafeInteger(timestamp))
    return false;
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, request.body));
  return (request.signature ?? '').split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
