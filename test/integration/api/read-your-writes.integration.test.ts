import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestResponse, type TestServer } from '../../support/api-server';
import { FaultPlan, faultyStores } from '../../support/faults';

/**
 * Read-your-writes over real HTTP, with the projector paused by holding every `apply` of the real
 * embedded projection store: a write answers only once the projections that consume it have applied
 * it, or after the consistency timeout with a token that queries wait for.
 */

const P = '/api/v1/chat';

/** Whether the request is still unanswered after a while in which an unguarded one would answer. */
async function unanswered(request: Promise<TestResponse>, ms = 300): Promise<boolean> {
  const marker = Symbol('unanswered');
  return (await Promise.race([request, sleep(ms, marker)])) === marker;
}

/** The answer, or a failure naming what did not happen in time (far below the consistency timeout). */
async function within(request: Promise<TestResponse>, ms: number, what: string): Promise<TestResponse> {
  const late = Symbol('late');
  const answer = await Promise.race([request, sleep(ms, late)]);
  if (answer === late) throw new Error(`${what} within ${ms} ms`);
  return answer as TestResponse;
}

async function startPaused(consistencyTimeoutMs: number) {
  const plan = new FaultPlan();
  const api = await startTestServer(
    { CONSISTENCY_TIMEOUT_MS: String(consistencyTimeoutMs) },
    { wrapStores: (stores) => faultyStores(stores, plan) },
  );
  const alice = api.token('alice', { name: 'Alice' });
  const created = await api.call('POST', `${P}/conversations`, {
    token: alice,
    body: { conversation_type: 'group', name: 'Team', participant_ids: ['bob'] },
  });
  expect(created.status).toBe(201);
  const conversation = created.body.id as string;
  const send = (content: string) =>
    api.call('POST', `${P}/messages`, { token: alice, body: { conversation_id: conversation, content } });
  const history = async (headers: Record<string, string> = {}) => {
    const res = await api.call('GET', `${P}/conversations/${conversation}/messages`, {
      token: alice,
      headers,
    });
    expect(res.status).toBe(200);
    return (res.body as { content: string }[]).map((m) => m.content);
  };
  return { api, plan, send, history };
}

describe('read-your-writes with a paused projector', () => {
  let api: TestServer | undefined;
  let plan: FaultPlan | undefined;
  afterEach(async () => {
    plan?.releaseAll();
    await api?.stop();
    api = undefined;
  });

  it('answers a send only once the projection consuming it has resumed and applied it', async () => {
    const world = await startPaused(60_000);
    ({ api, plan } = world);
    await world.send('before the pause');
    world.plan.pause('apply');
    const sending = world.send('while paused');
    // The projector has read the message and is held writing it.
    await world.plan.whenHeld('apply');
    expect(await unanswered(sending)).toBe(true);
    // It is in the log but not yet in history: answering now would let the client miss it.
    expect(await world.history()).toEqual(['before the pause']);
    world.plan.resume();
    const sent = await within(sending, 10_000, 'the send did not answer once the projector resumed');
    expect(sent.status).toBe(201);
    expect(sent.headers.get('x-consistency-token')).toEqual(expect.any(String));
    expect(await world.history()).toEqual(['while paused', 'before the pause']);
  });

  it('answers 2xx with a consistency token after the timeout, and a query given the token waits for it', async () => {
    const world = await startPaused(3000);
    ({ api, plan } = world);
    world.plan.pause('apply');
    const sending = world.send('slow to project');
    await world.plan.whenHeld('apply');
    // It waits for the projector first, then for no more than the timeout.
    expect(await unanswered(sending)).toBe(true);
    const sent = await within(sending, 15_000, 'the send did not answer on its consistency timeout');
    expect(sent.status).toBe(201);
    const token = sent.headers.get('x-consistency-token');
    expect(token).toEqual(expect.any(String));
    // Answered on the timeout, while the projector is still held.
    expect(world.plan.held('apply')).toBeGreaterThan(0);
    expect(await world.history()).toEqual([]);

    const waiting = world.history({ 'X-Consistency-Token': token as string });
    await sleep(100);
    world.plan.resume();
    expect(await waiting).toEqual(['slow to project']);
  });
});
