import type { EphemeralSignal } from '../../../src/eventstore/ephemeral';
import { LEASE_COALESCE_MS, LEASE_EVERY_MS } from '../../../src/realtime/presence-tracker';
import { type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { sleep, WsClients } from '../../support/ws-client';

/**
 * A node's presence lease lists every user connected to it, so publishing one per connecting user
 * would cost work quadratic in the users of a reconnect storm. Leases are coalesced instead: many
 * users connecting at once publish a number of leases bounded by the time the connects took, not by
 * how many users connected, and the last one still lists everyone.
 */

const C = '/api/v1/chat';
const USERS = 150;

describe('presence leases while many users connect', () => {
  let node: RealtimeNode;
  const clients = new WsClients();
  const leases: string[][] = [];

  beforeAll(async () => {
    node = await startRealtimeNode({
      wrapStores: (stores) => {
        const publish = stores.ephemeral.publish.bind(stores.ephemeral);
        stores.ephemeral.publish = (signal: EphemeralSignal) => {
          if (signal.type === 'presence_lease') leases.push([...(signal.data.users as string[])]);
          return publish(signal);
        };
        return stores;
      },
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await node?.stop();
  });

  it('publishes a bounded number of leases, the last listing every connected user', async () => {
    const users = Array.from({ length: USERS }, (_, i) => `lease-user-${i}`);
    await sleep(LEASE_COALESCE_MS * 2);
    const before = leases.length;
    const started = Date.now();
    await Promise.all(
      users.map(async (user) => {
        const client = await clients.connect(node.wsUrl('', tokenFor(user)));
        await client.waitForType('connected');
      }),
    );
    // Let the last coalesced lease go out.
    await sleep(LEASE_COALESCE_MS * 3);
    const elapsed = Date.now() - started;
    const published = leases.slice(before);

    // One at the start, one per coalescing period, and the periodic renewals.
    const bound = 2 + Math.ceil(elapsed / LEASE_COALESCE_MS) + Math.ceil(elapsed / LEASE_EVERY_MS);
    expect(published.length).toBeGreaterThan(0);
    expect(published.length).toBeLessThanOrEqual(Math.min(bound, USERS / 3));
    expect(new Set(published.at(-1))).toEqual(new Set(users));

    const res = await node.call('GET', `${C}/users/online`, { token: tokenFor(users[0] as string) });
    expect(res.status).toBe(200);
    const online = new Set((res.body as { user_id: string }[]).map((u) => u.user_id));
    for (const user of users) expect(online.has(user)).toBe(true);
  }, 60_000);
});
