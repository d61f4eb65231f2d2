/** At most this many endpoints: each has its own delivery loop, checkpoint and metric series. */
export const MAX_WEBHOOK_ENDPOINTS = 32;

/** The comma-separated list of WEBHOOK_URLS, without blanks and repeats; the reason when one is not usable. */
export function parseWebhookUrls(list: string): { urls: string[] } | { error: string } {
  const urls = [...new Set(list.split(',').map((url) => url.trim()))].filter((url) => url !== '');
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `not a URL: ${JSON.stringify(url)}` };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      return { error: `not an http(s) URL: ${JSON.stringify(url)}` };
  }
  if (urls.length > MAX_WEBHOOK_ENDPOINTS) return { error: `more than ${MAX_WEBHOOK_ENDPOINTS} URLs` };
  return { urls };
}
