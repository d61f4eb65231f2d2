import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The verification recipe of docs/webhooks.md, as a receiver would write it (not the server's own
 * code): tests check deliveries with it, so the documented recipe is the one that is proven to work.
 */
export function verifyChatWebhook(
  secret: string,
  rawBody: string,
  headers: IncomingHttpHeaders,
  toleranceSeconds = 300,
): boolean {
  const timestamp = String(headers['x-chat-timestamp'] ?? '');
  const signatures = String(headers['x-chat-signature'] ?? '').split(',');
  if (!/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(
    `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  );
  return signatures.some((signature) => {
    const given = Buffer.from(signature.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
