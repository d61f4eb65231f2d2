/**
 * A WebSocket upgrade that meets a briefly unavailable read-model store (the membership check) is
 * refused with 503 and Retry-After, as a REST request is, and a retry opens the socket.
 */
import type { Stores } from '../../../src/stores';
import { FaultPlan, faultyStores } from '../../support/faults';
import { Chat, type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { refusal, WsClients } from '../../support/ws-client';

describe('a WebSocket upgrade while the read models are unavailable', () => {
  const plan = new FaultPlan();
  const clients = new WsClients();
  let node: RealtimeNode;

  beforeAll(async () => {
    node = await startRealtimeNode({ wrapStores: (stores: Stores) => faultyStores(stores, plan) });
  });
  afterAll(async () => {
    plan.releaseAll();
    await clients.closeAll();
    await node.stop();
  });

  it('is a 503 with Retry-After, and the retry opens the socket', async () => {
    const ann = tokenFor('ann');
    const id = await new Chat(node).createGroup(ann, ['bob']);
    plan.failNext('isParticipant');
    const refused = await refusal(node.wsUrl(`/${id}`, ann));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ status: 503, code: 'store_unavailable' });
    const socket = await clients.connect(node.wsUrl(`/${id}`, ann));
    await socket.waitForType('connected');
  });
});
