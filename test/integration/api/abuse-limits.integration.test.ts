import { type TestResponse, testServerSuite } from '../../support/api-server';
import { logEvents } from '../../support/realtime-harness';

/**
 * Per-user limits over real HTTP. The rates are tiny (one token per 100 s, or two conversations a
 * minute) so that no token comes back while a test runs: every refusal below is deterministic.
 */
const P = '/api/v1/chat';
const api = testServerSuite({
  SEND_RATE_LIMIT: '0.01',
  SEND_BURST: '3',
  TYPING_RATE_LIMIT: '0.01',
  TYPING_BURST: '2',
  CONVERSATIONS_PER_MINUTE: '2',
  MAX_PARTICIPANTS: '4',
});

const token = (user: string, name = `User ${user}`) => api.token(user, { name });
const group = (as: string, participant_ids: string[] = []) =>
  api.call('POST', `${P}/conversations`, {
    token: token(as),
    body: { conversation_type: 'group', name: 'room', participant_ids },
  });
const send = (as: string, conversation_id: string, content: string, headers: Record<string, string> = {}) =>
  api.call('POST', `${P}/messages`, { token: token(as), body: { conversation_id, content }, headers });
const direct = (as: string, recipient_user_id: string, content = 'hi') =>
  api.call('POST', `${P}/direct`, { token: token(as), body: { recipient_user_id, content } });
const typing = (as: string, conversation_id: string) =>
  api.call('POST', `${P}/typing`, { token: token(as), body: { conversation_id, is_typing: true } });
const eventCount = () => logEvents(api.dataDir).length;
/** A refused command may still record its caller's profile (user stream): count conversation facts. */
const conversationEventCount = () =>
  logEvents(api.dataDir).filter((e) => e.stream_id.startsWith('conversation-')).length;

function expectRefusal(res: TestResponse, code: string, detail: string, maxSeconds: number): void {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, code, detail });
  const retryAfter = res.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxSeconds);
}

async function newGroup(as: string, participants: string[] = []): Promise<string> {
  const res = await group(as, participants);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('send rate (SEND_RATE_LIMIT, SEND_BURST)', () => {
  const SENDS = 'at most 0.01 messages per second per user (bursts of 3)';

  it('accepts the burst, then answers 429 with Retry-After and writes nothing', async () => {
    const id = await newGroup('alice', ['bob']);
    for (const content of ['one', 'two', 'three'])
      expect((await send('alice', id, content)).status).toBe(201);
    const before = eventCount();
    expectRefusal(await send('alice', id, 'four'), 'rate_limited', SENDS, 100);
    expect(eventCount()).toBe(before);
    const history = await api.call('GET', `${P}/conversations/${id}/messages`, { token: token('bob') });
    expect(history.body.map((m: { content: string }) => m.content)).toEqual(['three', 'two', 'one']);
  });

  it('limits each user on their own', async () => {
    const id = await newGroup('carol', ['dave']);
    for (let i = 0; i < 3; i++) expect((await send('carol', id, `c${i}`)).status).toBe(201);
    expect((await send('carol', id, 'over')).status).toBe(429);
    expect((await send('dave', id, 'dave is not limited by carol')).status).toBe(201);
  });

  it('counts direct messages in the same bucket as messages', async () => {
    const id = await newGroup('erin', ['frank']);
    expect((await direct('erin', 'frank', 'first')).status).toBe(201);
    expect((await send('erin', id, 'second')).status).toBe(201);
    expect((await direct('erin', 'frank', 'third')).status).toBe(201);
    const before = eventCount();
    expectRefusal(await direct('erin', 'frank', 'fourth'), 'rate_limited', SENDS, 100);
    expectRefusal(await send('erin', id, 'fourth'), 'rate_limited', SENDS, 100);
    expect(eventCount()).toBe(before);
  });

  it('counts a retry of an accepted Idempotency-Key too, and the retry never creates a second message', async () => {
    const id = await newGroup('gina', ['hank']);
    const first = await send('gina', id, 'once', { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    const retried = await send('gina', id, 'once', { 'Idempotency-Key': 'k-1' });
    expect(retried.body.id).toBe(first.body.id);
    expect((await send('gina', id, 'other', { 'Idempotency-Key': 'k-2' })).status).toBe(201);
    expectRefusal(await send('gina', id, 'once', { 'Idempotency-Key': 'k-1' }), 'rate_limited', SENDS, 100);
    const history = await api.call('GET', `${P}/conversations/${id}/messages`, { token: token('gina') });
    expect(history.body.map((m: { content: string }) => m.content)).toEqual(['other', 'once']);
  });

  it('writes nothing for a refused request, not even the profile of a renamed user', async () => {
    const id = await newGroup('ivan', ['judy']);
    for (let i = 0; i < 3; i++) expect((await send('ivan', id, `i${i}`)).status).toBe(201);
    const before = logEvents(api.dataDir);
    const renamed = await api.call('POST', `${P}/messages`, {
      token: token('ivan', 'Ivan the Renamed'),
      body: { conversation_id: id, content: 'over the limit' },
    });
    expect(renamed.status).toBe(429);
    expect(logEvents(api.dataDir)).toEqual(before);
  });

  it('validates the body before counting: a bad request costs no token', async () => {
    const id = await newGroup('kate', ['liam']);
    for (let i = 0; i < 5; i++) {
      const bad = await api.call('POST', `${P}/messages`, {
        token: token('kate'),
        body: { conversation_id: id },
      });
      expect(bad.status).toBe(400);
    }
    for (let i = 0; i < 3; i++) expect((await send('kate', id, `k${i}`)).status).toBe(201);
    expect((await send('kate', id, 'over')).status).toBe(429);
  });
});

describe('typing rate (TYPING_RATE_LIMIT, TYPING_BURST)', () => {
  it('accepts the burst, then answers 429 naming the limit', async () => {
    const id = await newGroup('mona', ['nick']);
    expect((await typing('mona', id)).status).toBe(200);
    expect((await typing('mona', id)).status).toBe(200);
    expectRefusal(
      await typing('mona', id),
      'rate_limited',
      'at most 0.01 typing updates per second per user (bursts of 2)',
      100,
    );
    expect((await typing('nick', id)).status).toBe(200);
  });

  it('keeps typing and sending apart: a user out of typing tokens still sends', async () => {
    const id = await newGroup('olga', ['pete']);
    await typing('olga', id);
    await typing('olga', id);
    expect((await typing('olga', id)).status).toBe(429);
    expect((await send('olga', id, 'still here')).status).toBe(201);
  });
});

describe('new conversations (CONVERSATIONS_PER_MINUTE)', () => {
  const CONVERSATIONS = 'at most 2 new conversations per minute per user';

  it('answers 429 too_many_conversations past the cap, with Retry-After, writing nothing', async () => {
    await newGroup('quinn');
    await newGroup('quinn', ['rose']);
    const before = eventCount();
    // Two a minute: the next one comes back 30 s after the bucket emptied.
    expectRefusal(await group('quinn', ['rose']), 'too_many_conversations', CONVERSATIONS, 30);
    expect(eventCount()).toBe(before);
    expect((await group('rose')).status).toBe(201);
  });

  it('counts a direct conversation when it is new, whether opened by POST /conversations or a first direct message', async () => {
    const open = (recipient: string) =>
      api.call('POST', `${P}/conversations`, {
        token: token('sam'),
        body: { conversation_type: 'direct', participant_ids: [recipient] },
      });
    expect((await open('tina')).status).toBe(201);
    expect((await direct('sam', 'uma', 'hello uma')).status).toBe(201);
    // Both tokens are spent; existing direct conversations stay open to sam.
    expect((await open('tina')).status).toBe(200);
    expect((await direct('sam', 'tina', 'hello tina')).status).toBe(201);
    const before = eventCount();
    expectRefusal(await direct('sam', 'victor', 'hello victor'), 'too_many_conversations', CONVERSATIONS, 30);
    expectRefusal(await open('wendy'), 'too_many_conversations', CONVERSATIONS, 30);
    expect(eventCount()).toBe(before);
    const conversations = await api.call('GET', `${P}/conversations`, { token: token('victor') });
    expect(conversations.body).toEqual([]);
  });

  it('does not count a refused creation: too many participants costs no token', async () => {
    const tooMany = await group('xena', ['a', 'b', 'c', 'd']);
    expect(tooMany.status).toBe(400);
    await newGroup('xena');
    await newGroup('xena');
    expect((await group('xena')).status).toBe(429);
  });
});

describe('participants per conversation (MAX_PARTICIPANTS)', () => {
  const CAP = 'a conversation has at most 4 participants, its creator included';

  it('creates a group of exactly the cap and refuses one more participant with 400 naming the cap', async () => {
    const before = conversationEventCount();
    const over = await group('yara', ['p1', 'p2', 'p3', 'p4']);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ status: 400, code: 'too_many_participants', detail: CAP });
    expect(conversationEventCount()).toBe(before);
    const full = await group('yara', ['p1', 'p2', 'p3']);
    expect(full.status).toBe(201);
    expect(full.body.participants).toHaveLength(4);
  });

  it('adds participants up to the cap, then answers 400; a repeated add still answers 200', async () => {
    const id = await newGroup('zack', ['q1']);
    const add = (user_id: string) =>
      api.call('POST', `${P}/conversations/${id}/participants`, { token: token('zack'), body: { user_id } });
    expect((await add('q2')).status).toBe(201);
    expect((await add('q3')).status).toBe(201);
    const before = eventCount();
    const over = await add('q4');
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'too_many_participants', detail: CAP });
    expect(eventCount()).toBe(before);
    expect((await add('q3')).status).toBe(200);
    const participants = await api.call('GET', `${P}/conversations/${id}/participants`, {
      token: token('zack'),
    });
    expect(participants.body).toHaveLength(4);
  });
});

describe('OpenAPI', () => {
  it('documents the 429 and its Retry-After on every limited route', async () => {
    const doc = (await api.call('GET', '/openapi.json')).body;
    for (const path of ['/messages', '/direct', '/typing', '/conversations']) {
      const refusal = doc.paths[`${P}${path}`].post.responses['429'];
      expect(refusal).toMatchObject({
        content: { 'application/problem+json': { schema: expect.any(Object) } },
        headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
      });
    }
    expect(
      doc.paths[`${P}/conversations/{conversation_id}/participants`].post.responses['400'].description,
    ).toMatch(/too_many_participants/);
  });
});
