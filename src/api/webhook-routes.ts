import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { registeredWebhooks, registerWebhook, unregisterWebhook } from '../commands/webhook-handlers';
import type { Registration } from '../domain/webhooks/webhooks';
import { WebhookNotFound } from '../domain/webhooks/webhooks';
import type { EventStore } from '../eventstore/port';
import { HttpProblem } from '../views/problem';
import { webhookEndpoint } from '../webhooks/endpoints';
import { type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/chat/admin/webhooks';
const OPERATOR = { name: 'operator', code: 'operator_role_required' };
const problem = (description: string) => ({ description, schema: s.Problem });

/** What the admin API knows of the server's webhooks: present when WEBHOOK_SECRET is set. */
export interface WebhookAdmin {
  /** The URLs of WEBHOOK_URLS: listed, never registered or removed through the API. */
  configuredUrls: readonly string[];
}

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  /** `config`: from WEBHOOK_URLS (change it there); `api`: registered through this API. */
  source: z.enum(['config', 'api']),
  registered_by: z.string().nullable(),
  registered_at: z.string().nullable(),
});
type Webhook = z.infer<typeof Webhook>;

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .describe('an http(s) URL that accepts POSTs of JSON');
const RegisterWebhookBody = z.strictObject({ url: HttpUrl });
const WebhookParams = z.strictObject({ webhook_id: z.string().min(1).max(64) });

const fromRegistration = (r: Registration): Webhook => ({
  id: r.webhook_id,
  url: r.url,
  source: 'api',
  registered_by: r.registered_by,
  registered_at: r.registered_at,
});
const fromConfig = (url: string): Webhook => ({
  id: webhookEndpoint(url).id,
  url,
  source: 'config',
  registered_by: null,
  registered_at: null,
});

/**
 * Webhook endpoints for push notifications, for callers with the `operator` role: registrations are
 * events of the `webhooks` stream, which the dispatching node reads every second.
 */
export function webhookRoutes(store: EventStore, admin: WebhookAdmin | undefined): Route[] {
  const configured = () => (admin?.configuredUrls ?? []).map(fromConfig);
  return [
    route({
      method: 'get',
      path: P,
      operationId: 'listWebhooks',
      tag: 'admin',
      summary:
        'The webhook endpoints that receive a signed POST for every message sent: those of WEBHOOK_URLS (`source: config`), then those registered here (`source: api`). See docs/webhooks.md.',
      role: OPERATOR,
      responses: { 200: { description: 'endpoints', schema: z.array(Webhook) } },
      async handle() {
        const { state } = await registeredWebhooks(store);
        const urls = new Set(admin?.configuredUrls ?? []);
        const registered = state.registrations.filter((r) => !urls.has(r.url)).map(fromRegistration);
        return { status: 200, body: [...configured(), ...registered] };
      },
    }),
    route({
      method: 'post',
      path: P,
      operationId: 'registerWebhook',
      tag: 'admin',
      summary:
        'Registers an endpoint: it receives every message sent from now on. A URL already registered (or configured) is answered 200 with its entry, so a retried request registers nothing twice.',
      role: OPERATOR,
      body: RegisterWebhookBody,
      responses: {
        200: { description: 'the URL was registered or configured already', schema: Webhook },
        201: { description: 'registered', schema: Webhook },
        409: problem(
          'too many endpoints registered (code `too_many_webhooks`), webhooks are off because the server has no WEBHOOK_SECRET (code `webhooks_disabled`), or too many concurrent registrations (code `concurrency_conflict`): retry',
        ),
      },
      async handle({ body, caller }) {
        if (admin === undefined) throw disabled();
        const known = configured().find((w) => w.url === body.url);
        if (known) return { status: 200, body: known };
        const { registration, created } = await registerWebhook(store, {
          url: body.url,
          operatorId: caller.actor.user_id,
          newId: randomBytes(6).toString('hex'),
          now: new Date().toISOString(),
        });
        return { status: created ? 201 : 200, body: fromRegistration(registration) };
      },
    }),
    route({
      method: 'delete',
      path: `${P}/:webhook_id`,
      operationId: 'unregisterWebhook',
      tag: 'admin',
      summary:
        'Removes a registered endpoint: deliveries to it stop within about a second (one in flight may still arrive). Endpoints of WEBHOOK_URLS are removed from the configuration instead.',
      role: OPERATOR,
      params: WebhookParams,
      responses: {
        200: { description: 'the entry removed', schema: Webhook },
        404: problem('no endpoint has this id (code `webhook_not_found`)'),
        409: problem(
          'the endpoint comes from WEBHOOK_URLS (code `configured_webhook`), or too many concurrent changes (code `concurrency_conflict`): retry',
        ),
      },
      async handle({ params, caller }) {
        if (configured().some((w) => w.id === params.webhook_id))
          throw new HttpProblem(
            409,
            'configured_webhook',
            'this endpoint comes from WEBHOOK_URLS: remove it from the configuration',
          );
        const { state } = await registeredWebhooks(store);
        const registration = state.registrations.find((r) => r.webhook_id === params.webhook_id);
        if (registration === undefined) throw new WebhookNotFound('webhook not found');
        await unregisterWebhook(store, {
          webhookId: params.webhook_id,
          operatorId: caller.actor.user_id,
          now: new Date().toISOString(),
        });
        return { status: 200, body: fromRegistration(registration) };
      },
    }),
  ];
}

function disabled(): HttpProblem {
  return new HttpProblem(
    409,
    'webhooks_disabled',
    'webhooks are off on this server: set WEBHOOK_SECRET to sign their requests',
  );
}
