import { loadConfig } from '../../../src/config/config';
import { parseWebhookUrls } from '../../../src/config/webhook-urls';
import { backoffDelay } from '../../../src/supervision/supervisor';
import { deliverUntilAccepted } from '../../../src/webhooks/delivery';
import { webhookEndpoint } from '../../../src/webhooks/endpoints';
import { contentPreview } from '../../../src/webhooks/payload';

const endpoint = webhookEndpoint('http://receiver.invalid/hooks?token=abc');
const settings = { secret: 'a-webhook-secret-of-length', timeoutMs: 1000, backoff: { minMs: 1, maxMs: 4 } };

function answering(...statuses: (number | Error)[]) {
  const calls: RequestInit[] = [];
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    calls.push(init as RequestInit);
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return new Response(next === 204 ? null : 'ok', { status: next });
  });
  return { calls, spy };
}

afterEach(() => jest.restoreAllMocks());

describe('webhook backoff', () => {
  it('doubles from the minimum up to the cap, the upper half jittered', () => {
    const backoff = { minMs: 1000, maxMs: 300_000 };
    const ceilings = [1, 2, 3, 4, 5, 9, 10, 20].map((n) => backoffDelay(n, backoff, () => 1));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16_000, 256_000, 300_000, 300_000]);
    const floors = [1, 2, 10].map((n) => backoffDelay(n, backoff, () => 0));
    expect(floors).toEqual([500, 1000, 150_000]);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, backoff);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});

describe('deliverUntilAccepted', () => {
  it('retries non-2xx answers and network errors until a 2xx, with growing delays', async () => {
    const { calls } = answering(
      500,
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      302,
      204,
    );
    const failures: { outcome: string; attempt: number; delay: number }[] = [];
    const attempts = await deliverUntilAccepted(
      endpoint,
      '{"a":1}',
      'event-1',
      settings,
      {
        attempted: () => {},
        failed: (result, attempt, delay) => failures.push({ outcome: result.outcome, attempt, delay }),
      },
      new AbortController().signal,
      () => 1,
    );
    expect(attempts).toBe(4);
    expect(failures).toEqual([
      { outcome: 'http_error', attempt: 1, delay: 1 },
      { outcome: 'network_error', attempt: 2, delay: 2 },
      { outcome: 'http_error', attempt: 3, delay: 4 },
    ]);
    const headers = calls.map((c) => c.headers as Record<string, string>);
    expect(headers.map((h) => h['X-Chat-Delivery-Attempt'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(headers.map((h) => h['X-Chat-Event-Id']))).toEqual(new Set(['event-1']));
    expect(calls.every((c) => c.body === '{"a":1}' && c.redirect === 'manual')).toBe(true);
  });

  it('stops when aborted, between attempts', async () => {
    answering(500, 500, 500);
    const abort = new AbortController();
    const delivery = deliverUntilAccepted(
      endpoint,
      '{}',
      'event-2',
      { ...settings, backoff: { minMs: 10_000, maxMs: 10_000 } },
      { attempted: () => {}, failed: () => abort.abort() },
      abort.signal,
    );
    await expect(delivery).rejects.toThrow(/abort/i);
  });
});

describe('endpoints and previews', () => {
  it('name an endpoint by a hash of its URL and log only its host', () => {
    expect(endpoint.id).toMatch(/^[0-9a-f]{12}$/);
    expect(webhookEndpoint(endpoint.url).id).toBe(endpoint.id);
    expect(endpoint.host).toBe('receiver.invalid');
  });

  it('cut previews by characters, never inside an emoji, and send none at 0', () => {
    expect(contentPreview('short', 10)).toBe('short');
    expect(contentPreview('👋👋👋👋', 2)).toBe('👋👋…');
    expect(contentPreview('anything', 0)).toBeNull();
  });
});

describe('webhook configuration', () => {
  const base = { SECRET_KEY: 'x'.repeat(16) };
  it('needs a secret of 16 characters or more with URLs, and http(s) URLs', () => {
    expect(() => loadConfig({ ...base, WEBHOOK_URLS: 'https://push.example/hook' })).toThrow(
      /WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ ...base, WEBHOOK_URLS: 'https://a.example', WEBHOOK_SECRET: 'short' })).toThrow(
      /WEBHOOK_SECRET must be at least 16/,
    );
    expect(() =>
      loadConfig({ ...base, WEBHOOK_URLS: 'ftp://a.example', WEBHOOK_SECRET: 'y'.repeat(16) }),
    ).toThrow(/WEBHOOK_URLS: not an http\(s\) URL/);
    const config = loadConfig({
      ...base,
      WEBHOOK_URLS: ' https://a.example/x , http://b.example:8080/y,',
      WEBHOOK_SECRET: 'y'.repeat(16),
    });
    expect(parseWebhookUrls(config.WEBHOOK_URLS)).toEqual({
      urls: ['https://a.example/x', 'http://b.example:8080/y'],
    });
    expect(loadConfig(base).WEBHOOK_URLS).toBe('');
  });
});
