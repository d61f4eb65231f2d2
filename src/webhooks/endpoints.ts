import { createHash } from 'node:crypto';

/** A receiver of webhooks: its URL, and a short id derived from it that names it in metrics and logs. */
export interface WebhookEndpoint {
  /** 12 hex digits of the URL's SHA-256: stable across restarts, so its checkpoint is found again. */
  id: string;
  url: string;
  /** Host (and port) only: URLs may carry credentials or tokens in their path or query. */
  host: string;
}

export function webhookEndpoint(url: string): WebhookEndpoint {
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 12),
    url,
    host: new URL(url).host,
  };
}
