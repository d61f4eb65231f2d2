import { testServerSuite, tokenFor } from '../../support/api-server';

/**
 * What a new user following the seed document meets in their first hour: opaque ids, named groups,
 * two idempotency keys on one send, retries that answer the message as it is now, and who am I.
 */

const C = '/api/v1/chat';

const api = testServerSuite({ SEND_RATE_LIMIT: '0', CONVERSATIONS_PER_MINUTE: '0' });
const alice = tokenFor('alice', { name: 'Alice', picture: 'https://example.com/alice.png' });
const bob = tokenFor('bob', { name: 'Bob' });
let conversationId: string;
let messageId: string;
beforeAll(async () => {
  const created = await api.call('POST', `${C}/conversations`, {
    token: alice,
    body: { name: 'Team', participant_ids: ['bob'] },
  });
  expect(created.status).toBe(201);
  conversationId = created.body.id;
  const sent = await api.call('POST', `${C}/messages`, {
    token: alice,
    body: { conversation_id: conversationId, content: 'first' },
  });
  expect(sent.status).toBe(201);
  messageId = sent.body.id;
});

describe('message ids are opaque: one that names no message the caller can see is a 404', () => {
  const unknownIds = () => [
    'abc',
    'ab',
    '42',
    'not.a.message',
    `${conversationId}.999`,
    `${conversationId}.0`,
    'c0ffee00000000000000abcd.1',
    `x${'y'.repeat(150)}`,
  ];

  test('PUT and DELETE /messages/{id}', async () => {
    for (const id of unknownIds()) {
      const path = `${C}/messages/${encodeURIComponent(id)}`;
      const edit = await api.call('PUT', path, { token: alice, body: { content: 'x' } });
      expect([id, edit.status]).toEqual([id, 404]);
      const removed = await api.call('DELETE', path, { token: alice });
      expect([id, removed.status]).toEqual([id, 404]);
    }
  });

  test('message_id of POST /conversations/{id}/read', async () => {
    for (const id of unknownIds()) {
      const read = await api.call('POST', `${C}/conversations/${conversationId}/read`, {
        token: alice,
        body: { message_id: id },
      });
      expect([id, read.status]).toEqual([id, 404]);
    }
  });

  test('before_id of GET /conversations/{id}/messages', async () => {
    for (const id of unknownIds()) {
      const page = await api.call(
        'GET',
        `${C}/conversations/${conversationId}/messages?before_id=${encodeURIComponent(id)}`,
        { token: alice },
      );
      expect([id, page.status]).toEqual([id, 404]);
    }
    const known = await api.call(
      'GET',
      `${C}/conversations/${conversationId}/messages?before_id=${messageId}`,
      {
        token: alice,
      },
    );
    expect(known.status).toBe(200);
  });
});

test('a group needs a non-empty name: 400 naming the field', async () => {
  for (const body of [
    { conversation_type: 'group', participant_ids: ['bob'] },
    { participant_ids: ['bob'], name: null },
    { participant_ids: ['bob'], name: '   ' },
    {},
  ]) {
    const res = await api.call('POST', `${C}/conversations`, { token: alice, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.name');
  }
  const direct = await api.call('POST', `${C}/conversations`, {
    token: alice,
    body: { conversation_type: 'direct', participant_ids: ['carol'] },
  });
  expect(direct.status).toBe(201);
});

describe('a send with both Idempotency-Key and client_message_id', () => {
  const send = (headerKey: string, bodyKey: string, content = 'keyed') =>
    api.call('POST', `${C}/messages`, {
      token: bob,
      headers: { 'Idempotency-Key': headerKey },
      body: { conversation_id: conversationId, content, client_message_id: bodyKey },
    });

  test('is accepted, and a retry matching either key answers the same message', async () => {
    const first = await send('http-1', 'app-1');
    expect(first.status).toBe(201);
    expect(first.body.client_message_id).toBe('app-1');
    const byBodyKey = await send('http-2', 'app-1');
    const byHeader = await send('http-1', 'app-2');
    expect(byBodyKey.body.id).toBe(first.body.id);
    expect(byHeader.body.id).toBe(first.body.id);
    const fresh = await send('http-3', 'app-3');
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(first.body.id);
    const reused = await send('http-1', 'app-9', 'another body');
    expect(reused.status).toBe(422);
  });
});

test('a retried send answers the message as it is now: edited, then deleted', async () => {
  const body = { conversation_id: conversationId, content: 'v1', client_message_id: 'retry-me' };
  const first = await api.call('POST', `${C}/messages`, { token: bob, body });
  expect(first.status).toBe(201);
  const edited = await api.call('PUT', `${C}/messages/${first.body.id}`, {
    token: bob,
    body: { content: 'v2' },
  });
  expect(edited.status).toBe(200);
  const afterEdit = await api.call('POST', `${C}/messages`, { token: bob, body });
  expect(afterEdit.body).toMatchObject({
    id: first.body.id,
    content: 'v2',
    is_edited: true,
    edited_at: edited.body.edited_at,
    is_deleted: false,
  });
  expect((await api.call('DELETE', `${C}/messages/${first.body.id}`, { token: bob })).status).toBe(200);
  const afterDelete = await api.call('POST', `${C}/messages`, { token: bob, body });
  expect(afterDelete.body).toMatchObject({ id: first.body.id, is_deleted: true, content: '' });
  const history = await api.call('GET', `${C}/conversations/${conversationId}/messages`, { token: bob });
  const stored = history.body.find((m: { id: string }) => m.id === first.body.id);
  expect(afterDelete.body).toEqual(stored);
});

describe('GET /me', () => {
  test("the caller's id, display name, avatar and roles, from the token", async () => {
    const auditor = api.token('audrey', { name: 'Audrey', roles: ['auditor'] });
    expect((await api.call('GET', `${C}/me`, { token: alice })).body).toEqual({
      user_id: 'alice',
      username: 'Alice',
      user_avatar: 'https://example.com/alice.png',
      roles: [],
    });
    expect((await api.call('GET', `${C}/me`, { token: auditor })).body).toEqual({
      user_id: 'audrey',
      username: 'Audrey',
      user_avatar: null,
      roles: ['auditor'],
    });
  });

  test('a token without name or picture falls back to the recorded profile', async () => {
    const bare = api.token('alice', { name: undefined });
    expect((await api.call('GET', `${C}/me`, { token: bare })).body).toEqual({
      user_id: 'alice',
      username: 'Alice',
      user_avatar: 'https://example.com/alice.png',
      roles: [],
    });
    const stranger = api.token('nobody-yet', { name: undefined });
    expect((await api.call('GET', `${C}/me`, { token: stranger })).body).toEqual({
      user_id: 'nobody-yet',
      username: 'nobody-yet',
      user_avatar: null,
      roles: [],
    });
  });

  test('needs a token', async () => {
    expect((await api.call('GET', `${C}/me`)).status).toBe(401);
  });
});
