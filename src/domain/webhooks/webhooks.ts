import { z } from 'zod';
import { DomainError } from '../errors';
import { Timestamp } from '../time';

/**
 * Webhook endpoints registered by operators, stored in the stream `webhooks`: a category of its own,
 * which the chat projections, the realtime fan-out and the audit API never read.
 */
export const WEBHOOKS_STREAM = 'webhooks';

/** Registered endpoints at most (those of WEBHOOK_URLS come on top). */
export const MAX_REGISTERED_WEBHOOKS = 32;

export const WebhookRegistered = z.object({
  type: z.literal('WebhookRegistered'),
  data: z.object({
    webhook_id: z.string().min(1),
    url: z.string().min(1),
    registered_by: z.string().min(1),
    registered_at: Timestamp,
  }),
});
export const WebhookUnregistered = z.object({
  type: z.literal('WebhookUnregistered'),
  data: z.object({
    webhook_id: z.string().min(1),
    unregistered_by: z.string().min(1),
    unregistered_at: Timestamp,
  }),
});
export const WebhookEvent = z.discriminatedUnion('type', [WebhookRegistered, WebhookUnregistered]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const RegisterWebhook = z.object({
  type: z.literal('RegisterWebhook'),
  /** The id the registration gets if it is new. */
  webhook_id: z.string().min(1),
  url: z.string().min(1),
  operator_id: z.string().min(1),
  now: Timestamp,
});
export const UnregisterWebhook = z.object({
  type: z.literal('UnregisterWebhook'),
  webhook_id: z.string().min(1),
  operator_id: z.string().min(1),
  now: Timestamp,
});
export const WebhookCommand = z.discriminatedUnion('type', [RegisterWebhook, UnregisterWebhook]);
export type WebhookCommand = z.infer<typeof WebhookCommand>;

export interface Registration {
  webhook_id: string;
  url: string;
  registered_by: string;
  registered_at: string;
}

/** The endpoints registered now, in the order they were registered. */
export interface WebhooksState {
  registrations: readonly Registration[];
}

export class WebhookNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'webhook_not_found';
}
export class TooManyWebhooks extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'too_many_webhooks';
}

export function initialWebhooksState(): WebhooksState {
  return { registrations: [] };
}

/**
 * Registering a URL that is registered already changes nothing (a retried request is harmless: the
 * caller answers with the registration there is); unregistering an unknown id is refused.
 */
export function decideWebhooks(command: WebhookCommand, state: WebhooksState): WebhookEvent[] {
  switch (command.type) {
    case 'RegisterWebhook': {
      if (state.registrations.some((r) => r.url === command.url)) return [];
      if (state.registrations.length >= MAX_REGISTERED_WEBHOOKS)
        throw new TooManyWebhooks(`at most ${MAX_REGISTERED_WEBHOOKS} webhooks can be registered`);
      const { webhook_id, url, operator_id, now } = command;
      return [
        {
          type: 'WebhookRegistered',
          data: { webhook_id, url, registered_by: operator_id, registered_at: now },
        },
      ];
    }
    case 'UnregisterWebhook': {
      if (!state.registrations.some((r) => r.webhook_id === command.webhook_id))
        throw new WebhookNotFound('webhook not found');
      const { webhook_id, operator_id, now } = command;
      return [
        {
          type: 'WebhookUnregistered',
          data: { webhook_id, unregistered_by: operator_id, unregistered_at: now },
        },
      ];
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveWebhooks(state: WebhooksState, event: WebhookEvent): WebhooksState {
  switch (event.type) {
    case 'WebhookRegistered':
      return { registrations: [...state.registrations, { ...event.data }] };
    case 'WebhookUnregistered':
      return {
        registrations: state.registrations.filter((r) => r.webhook_id !== event.data.webhook_id),
      };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

export const webhooksDecider = {
  decide: decideWebhooks,
  evolve: evolveWebhooks,
  initialState: initialWebhooksState,
  parseEvent: (raw: unknown) => WebhookEvent.parse(raw),
};
