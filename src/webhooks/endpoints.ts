import { createHash } from 'node:crypto';

/** A receiver of webhooks: its URL, and a short id derived from it that names it in metrics and logs. */
export interface WebhookEndpoint {
  /** 12 hex digits of the URL's SHA-256: stable across restarts, so its checkpoint is found again. */
  id: string;
  url: string;
  /** Host (and port) only: URLs may carry credentials or tokens in their path or query. */
  host: string;
  /** Where in the log a registered endpoint starts (its registration); a configured one starts at the head. */
  after?: string;
}

export function webhookEndpoint(url: string): WebhookEndpoint {
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 12),
    url,
    host: new URL(url).host,
  };
}

/** An endpoint registered through the admin API: named by its registration's id. */
export function registeredEndpoint(registration: {
  webhook_id: string;
  url: string;
  position: string;
}): WebhookEndpoint {
  return {
    id: registration.webhook_id,
    url: registration.url,
    host: new URL(registration.url).host,
    after: registration.position,
  };
}
