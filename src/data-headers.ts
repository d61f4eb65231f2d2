/**
 * Headers on every answer of the server, REST, WebSocket refusals and shutdown refusals alike: the
 * answers are data, and a browser must never sniff them or render them as a page.
 */
export const DATA_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};
