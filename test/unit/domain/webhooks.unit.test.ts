import {
  MAX_REGISTERED_WEBHOOKS,
  TooManyWebhooks,
  type WebhookEvent,
  WebhookNotFound,
  webhooksDecider,
} from '../../../src/domain/webhooks/webhooks';
import { givenFor } from './given-when-then';

const given = givenFor(webhooksDecider);
const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';

const registered = (id: string, url: string): WebhookEvent => ({
  type: 'WebhookRegistered',
  data: { webhook_id: id, url, registered_by: 'op', registered_at: NOW },
});
const register = (id: string, url: string) =>
  ({ type: 'RegisterWebhook', webhook_id: id, url, operator_id: 'op2', now: LATER }) as const;
const unregister = (id: string) =>
  ({ type: 'UnregisterWebhook', webhook_id: id, operator_id: 'op2', now: LATER }) as const;

describe('webhook registrations', () => {
  it('registers a new URL under the id the command brings', () => {
    given([])
      .when(register('w1', 'https://push.example/a'))
      .then([
        {
          type: 'WebhookRegistered',
          data: {
            webhook_id: 'w1',
            url: 'https://push.example/a',
            registered_by: 'op2',
            registered_at: LATER,
          },
        },
      ]);
  });

  it('registers a URL once: registering it again changes nothing', () => {
    given([registered('w1', 'https://push.example/a')])
      .when(register('w2', 'https://push.example/a'))
      .thenNothing();
  });

  it('registers a URL again after it was removed, under the new id', () => {
    given([
      registered('w1', 'https://push.example/a'),
      {
        type: 'WebhookUnregistered',
        data: { webhook_id: 'w1', unregistered_by: 'op', unregistered_at: NOW },
      },
    ])
      .when(register('w2', 'https://push.example/a'))
      .then([
        {
          type: 'WebhookRegistered',
          data: {
            webhook_id: 'w2',
            url: 'https://push.example/a',
            registered_by: 'op2',
            registered_at: LATER,
          },
        },
      ]);
  });

  it(`refuses more than ${MAX_REGISTERED_WEBHOOKS} endpoints`, () => {
    const full = Array.from({ length: MAX_REGISTERED_WEBHOOKS }, (_, i) =>
      registered(`w${i}`, `https://h${i}.example`),
    );
    given(full).when(register('new', 'https://new.example')).thenThrows(TooManyWebhooks);
  });

  it('removes a registered endpoint', () => {
    given([registered('w1', 'https://push.example/a')])
      .when(unregister('w1'))
      .then([
        {
          type: 'WebhookUnregistered',
          data: { webhook_id: 'w1', unregistered_by: 'op2', unregistered_at: LATER },
        },
      ]);
  });

  it('refuses to remove an unknown or removed endpoint', () => {
    given([]).when(unregister('w1')).thenThrows(WebhookNotFound);
    given([
      registered('w1', 'https://push.example/a'),
      {
        type: 'WebhookUnregistered',
        data: { webhook_id: 'w1', unregistered_by: 'op', unregistered_at: NOW },
      },
    ])
      .when(unregister('w1'))
      .thenThrows(WebhookNotFound);
  });
});
