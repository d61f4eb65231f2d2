import { randomUUID } from 'node:crypto';
import {
  decideWebhooks,
  evolveWebhooks,
  initialWebhooksState,
  type Registration,
  WEBHOOKS_STREAM,
  type WebhookCommand,
  WebhookEvent,
  type WebhooksState,
} from '../domain/webhooks/webhooks';
import {
  type EventStore,
  type JsonObject,
  type Position,
  WrongExpectedRevisionError,
} from '../eventstore/port';
import { ConcurrencyConflict } from './errors';

const ATTEMPTS = 5;

/** A registration with the position of its event: deliveries to it start after that position. */
export interface RecordedRegistration extends Registration {
  position: Position;
}

export interface RegisteredWebhooks {
  state: WebhooksState;
  registrations: RecordedRegistration[];
  /** Revision of the stream's last event, or 'no_stream'. */
  revision: number | 'no_stream';
}

/**
 * The registered endpoints, folded from the `webhooks` stream. The stream holds a few events per
 * registration, so it is read whole, with no snapshot or cache.
 */
export async function registeredWebhooks(store: Pick<EventStore, 'readStream'>): Promise<RegisteredWebhooks> {
  const recorded = await store.readStream(WEBHOOKS_STREAM);
  let state = initialWebhooksState();
  const positions = new Map<string, Position>();
  for (const raw of recorded) {
    const event = WebhookEvent.parse({ type: raw.type, data: raw.data });
    state = evolveWebhooks(state, event);
    if (event.type === 'WebhookRegistered') positions.set(event.data.webhook_id, raw.position);
  }
  const last = recorded[recorded.length - 1];
  return {
    state,
    registrations: state.registrations.map((r) => ({
      ...r,
      position: positions.get(r.webhook_id) as Position,
    })),
    revision: last === undefined ? 'no_stream' : last.revision,
  };
}

/** Decides on the current registrations and appends, again on a concurrent change (a few times). */
async function execute(
  store: EventStore,
  command: (state: WebhooksState) => WebhookCommand,
): Promise<{ state: WebhooksState; events: WebhookEvent[]; position?: Position }> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await registeredWebhooks(store);
    const events = decideWebhooks(command(state), state);
    if (events.length === 0) return { state, events };
    try {
      const result = await store.append(
        WEBHOOKS_STREAM,
        events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as JsonObject })),
        revision,
      );
      return { state: events.reduce(evolveWebhooks, state), events, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (attempt >= ATTEMPTS) throw new ConcurrencyConflict(WEBHOOKS_STREAM);
    }
  }
}

/**
 * Registers `url` under `newId`, or answers the registration the URL has already (created false).
 */
export async function registerWebhook(
  store: EventStore,
  input: { url: string; operatorId: string; newId: string; now: string },
): Promise<{ registration: Registration; created: boolean }> {
  const { state, events } = await execute(store, () => ({
    type: 'RegisterWebhook',
    webhook_id: input.newId,
    url: input.url,
    operator_id: input.operatorId,
    now: input.now,
  }));
  const registration = state.registrations.find((r) => r.url === input.url) as Registration;
  return { registration, created: events.length > 0 };
}

export async function unregisterWebhook(
  store: EventStore,
  input: { webhookId: string; operatorId: string; now: string },
): Promise<void> {
  await execute(store, () => ({
    type: 'UnregisterWebhook',
    webhook_id: input.webhookId,
    operator_id: input.operatorId,
    now: input.now,
  }));
}
