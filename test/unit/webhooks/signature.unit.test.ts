import { createHmac } from 'node:crypto';
import { signatureOf, signedHeaders, verifySignature } from '../../../src/webhooks/signature';
import { verifyChatWebhook } from '../../support/webhook-verify';

const SECRET = 'a-webhook-secret-of-length';
const BODY = '{"event_id":"e1","type":"message.sent"}';
const NOW = Date.parse('2026-01-02T03:04:05Z');

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over `${timestamp}.${body}`, as hex after v1=', () => {
    const timestamp = Math.floor(NOW / 1000);
    const hex = createHmac('sha256', SECRET).update(`${timestamp}.${BODY}`).digest('hex');
    expect(signatureOf(SECRET, timestamp, BODY)).toBe(`v1=${hex}`);
    expect(signedHeaders(SECRET, BODY, NOW)).toEqual({
      'X-Chat-Timestamp': String(timestamp),
      'X-Chat-Signature': `v1=${hex}`,
    });
  });

  it('verify with the right secret, body and a recent timestamp only', () => {
    const headers = signedHeaders(SECRET, BODY, NOW);
    const request = {
      body: BODY,
      timestamp: headers['X-Chat-Timestamp'],
      signature: headers['X-Chat-Signature'],
    };
    expect(verifySignature(SECRET, request, NOW)).toBe(true);
    expect(verifySignature(SECRET, request, NOW + 299_000)).toBe(true);
    expect(verifySignature('another-secret-of-length', request, NOW)).toBe(false);
    expect(verifySignature(SECRET, { ...request, body: `${BODY} ` }, NOW)).toBe(false);
    // A captured request replayed after the window, or a timestamp moved to fit it, is refused.
    expect(verifySignature(SECRET, request, NOW + 301_000)).toBe(false);
    expect(verifySignature(SECRET, { ...request, timestamp: String(Math.floor(NOW / 1000) + 1) }, NOW)).toBe(
      false,
    );
    expect(verifySignature(SECRET, { ...request, timestamp: undefined }, NOW)).toBe(false);
    expect(verifySignature(SECRET, { ...request, timestamp: '1e9' }, NOW)).toBe(false);
    expect(verifySignature(SECRET, { ...request, signature: undefined }, NOW)).toBe(false);
    expect(verifySignature(SECRET, { ...request, signature: 'v1=00' }, NOW)).toBe(false);
  });

  it('accept one match among several comma-separated signatures (secret rotation)', () => {
    const { 'X-Chat-Timestamp': timestamp, 'X-Chat-Signature': signature } = signedHeaders(SECRET, BODY, NOW);
    const request = { body: BODY, timestamp, signature: `v1=${'0'.repeat(64)}, ${signature}` };
    expect(verifySignature(SECRET, request, NOW)).toBe(true);
  });

  it('agree with the recipe documented for receivers', () => {
    const headers = signedHeaders(SECRET, BODY, Date.now());
    const incoming = {
      'x-chat-timestamp': headers['X-Chat-Timestamp'],
      'x-chat-signature': headers['X-Chat-Signature'],
    };
    expect(verifyChatWebhook(SECRET, BODY, incoming)).toBe(true);
    expect(verifyChatWebhook(SECRET, BODY.replace('e1', 'e2'), incoming)).toBe(false);
    expect(verifyChatWebhook(SECRET, BODY, { ...incoming, 'x-chat-timestamp': '1000' })).toBe(false);
  });
});
