import { testServerSuite, tokenFor } from '../../support/api-server';

const api = testServerSuite();
const alice = tokenFor('alice', { name: 'Alice', picture: 'https://example.com/a.png' });
const bob = tokenFor('bob', { name: 'Bob' });
const carol = tokenFor('carol', { name: 'Carol' });
const mallory = tokenFor('mallory');

const P = '/api/v1/chat';

async function group(token = alice, participant_ids = ['bob', 'carol']) {
  const res = await api.call('POST', `${P}/conversations`, {
    token,
    body: { conversation_type: 'group', name: 'Development Team', description: 'Team chat', participant_ids },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function send(token: string, conversation_id: string | number, content = 'Hello team!', extra = {}) {
  return api.call('POST', `${P}/messages`, { token, body: { conversation_id, content, ...extra } });
}

describe('conversations', () => {
  it('reaches a participant whose id holds "%", "/" or non-ASCII through the percent-encoded path', async () => {
    const id = await group();
    for (const user_id of ['%41b', 'a/b', 'é\u0092']) {
      const added = await api.call('POST', `${P}/conversations/${id}/participants`, {
        token: alice,
        body: { user_id },
      });
      expect(added.status).toBe(201);
      const path = `${P}/conversations/${id}/participants/${encodeURIComponent(user_id)}`;
      const changed = await api.call('PATCH', path, { token: alice, body: { role: 'admin' } });
      expect({ user_id, status: changed.status, body: changed.body.user_id }).toEqual({
        user_id,
        status: 200,
        body: user_id,
      });
    }
  });

  it('creates a group with the creator as admin and answers in the seed shape', async () => {
    const res = await api.call('POST', `${P}/conversations`, {
      token: alice,
      body: {
        conversation_type: 'group',
        name: 'Development Team',
        description: 'Team collaboration chat',
        participant_ids: ['bob', 'carol'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-consistency-token')).toEqual(expect.any(String));
    expect(res.body).toMatchObject({
      conversation_type: 'group',
      name: 'Development Team',
      description: 'Team collaboration chat',
      user_id: 'alice',
      is_active: true,
      last_message_at: null,
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(res.body.participants.map((p: { user_id: string; role: string }) => [p.user_id, p.role])).toEqual([
      ['alice', 'admin'],
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
  });

  it('refuses a bad body naming the field', async () => {
    const res = await api.call('POST', `${P}/conversations`, {
      token: alice,
      body: { conversation_type: 'channel', participant_ids: 'bob' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.conversation_type',
      'body.participant_ids',
    ]);
  });

  it('lets admins add, re-role and remove participants, and members only leave', async () => {
    const id = await group();
    const added = await api.call('POST', `${P}/conversations/${id}/participants`, {
      token: alice,
      body: { user_id: 'dave' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ user_id: 'dave', role: 'member' });
    expect(
      (
        await api.call('POST', `${P}/conversations/${id}/participants`, {
          token: alice,
          body: { user_id: 'dave' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call('POST', `${P}/conversations/${id}/participants`, {
          token: bob,
          body: { user_id: 'erin' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call('DELETE', `${P}/conversations/${id}/participants/carol`, { token: bob })).status,
    ).toBe(403);
    expect(
      (await api.call('DELETE', `${P}/conversations/${id}/participants/bob`, { token: bob })).status,
    ).toBe(200);
    expect((await send(bob, id)).status).toBe(404);
    const promoted = await api.call('PATCH', `${P}/conversations/${id}/participants/carol`, {
      token: alice,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(
      (await api.call('DELETE', `${P}/conversations/${id}/participants/dave`, { token: carol })).status,
    ).toBe(200);
  });

  it('keeps a last admin until they name a successor', async () => {
    const id = await group();
    const leave = await api.call('DELETE', `${P}/conversations/${id}/participants/alice`, { token: alice });
    expect(leave.status).toBe(409);
    expect(leave.body.code).toBe('last_admin');
    const handover = await api.call(
      'DELETE',
      `${P}/conversations/${id}/participants/alice?successor_id=bob`,
      { token: alice },
    );
    expect(handover.status).toBe(200);
    expect(
      (
        await api.call('POST', `${P}/conversations/${id}/participants`, {
          token: bob,
          body: { user_id: 'alice' },
        })
      ).status,
    ).toBe(201);
  });

  it('lets a participant mute for themselves only', async () => {
    const id = await group();
    expect(
      (
        await api.call('PATCH', `${P}/conversations/${id}/participants/bob`, {
          token: bob,
          body: { is_muted: true },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call('PATCH', `${P}/conversations/${id}/participants/carol`, {
          token: bob,
          body: { is_muted: true },
        })
      ).status,
    ).toBe(403);
  });

  it('renames and archives (admins); an archived conversation accepts no sends', async () => {
    const id = await group();
    expect(
      (await api.call('PATCH', `${P}/conversations/${id}`, { token: bob, body: { name: 'x' } })).status,
    ).toBe(403);
    const renamed = await api.call('PATCH', `${P}/conversations/${id}`, {
      token: alice,
      body: { name: 'Renamed' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Renamed' });
    expect((await api.call('POST', `${P}/conversations/${id}/archive`, { token: alice })).status).toBe(200);
    const refused = await send(alice, id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conversation_archived');
  });

  it('hides a conversation from non-participants exactly like an unknown one', async () => {
    const id = await group();
    const hidden = await api.call('POST', `${P}/conversations/${id}/read`, { token: mallory });
    const unknown = await api.call('POST', `${P}/conversations/nope${id}/read`, { token: mallory });
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(hidden.body).toEqual(unknown.body);
  });
});

describe('messages', () => {
  it('sends a message in the seed shape with an id that leads to its conversation', async () => {
    const id = await group();
    const res = await send(bob, id, 'Hello!');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: `${id}.1`,
      conversation_id: id,
      user_id: 'bob',
      username: 'Bob',
      content: 'Hello!',
      message_type: 'text',
      reply_to_id: null,
      is_edited: false,
      is_deleted: false,
      edited_at: null,
    });
    const reply = await send(alice, id, 'Hi Bob', { reply_to_id: res.body.id, message_type: 'text' });
    expect(reply.body).toMatchObject({
      id: `${id}.2`,
      reply_to_id: res.body.id,
      user_avatar: 'https://example.com/a.png',
    });
    expect(reply.body.created_at >= res.body.created_at).toBe(true);
  });

  it('reads a conversation id sent as a JSON number as its decimal string', async () => {
    const res = await send(alice, 12345);
    expect(res.status).toBe(404);
  });

  it('refuses non-participants with 404 and bad content with the right status', async () => {
    const id = await group();
    expect((await send(mallory, id)).status).toBe(404);
    const empty = await send(alice, id, '   ');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('empty_content');
    const long = await send(alice, id, 'x'.repeat(10_001));
    expect(long.status).toBe(413);
    expect((await send(alice, id, 'x'.repeat(10_000))).status).toBe(201);
    // Ids are opaque: a reply target of any form that names no message here is unknown.
    const badReply = await send(alice, id, 'hi', { reply_to_id: 'not a message id' });
    expect(badReply.status).toBe(404);
    expect(badReply.body.code).toBe('message_not_found');
    const elsewhere = await send(alice, id, 'hi', { reply_to_id: 'other.1' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('message_not_found');
  });

  it('edits only your own message, and never a deleted one', async () => {
    const id = await group();
    const sent = await send(bob, id, 'tpyo');
    const path = `${P}/messages/${sent.body.id}`;
    expect((await api.call('PUT', path, { token: alice, body: { content: 'x' } })).status).toBe(403);
    expect((await api.call('PUT', path, { token: mallory, body: { content: 'x' } })).status).toBe(404);
    const edited = await api.call('PUT', path, { token: bob, body: { content: 'typo' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: sent.body.id, content: 'typo', is_edited: true });
    expect((await api.call('DELETE', path, { token: carol })).status).toBe(403);
    const deleted = await api.call('DELETE', path, { token: bob });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: sent.body.id, is_deleted: true, deleted_by: 'bob' });
    expect((await api.call('DELETE', path, { token: bob })).status).toBe(200);
    const late = await api.call('PUT', path, { token: bob, body: { content: 'again' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('message_deleted');
  });

  it('lets an admin delete anyone’s message', async () => {
    const id = await group();
    const sent = await send(carol, id, 'spam');
    expect((await api.call('DELETE', `${P}/messages/${sent.body.id}`, { token: alice })).status).toBe(200);
  });

  it('answers 404 for a message id of any form that names no message', async () => {
    expect(
      (await api.call('PUT', `${P}/messages/123`, { token: alice, body: { content: 'x' } })).status,
    ).toBe(404);
    expect(
      (await api.call('PUT', `${P}/messages/zzz.99`, { token: alice, body: { content: 'x' } })).status,
    ).toBe(404);
    const id = await group();
    expect((await api.call('DELETE', `${P}/messages/${id}.42`, { token: alice })).status).toBe(404);
  });

  it('creates one message for retries with the same Idempotency-Key, also via client_message_id', async () => {
    const id = await group();
    const headers = { 'idempotency-key': 'key-1' };
    const first = await api.call('POST', `${P}/messages`, {
      token: alice,
      headers,
      body: { conversation_id: id, content: 'once' },
    });
    const again = await api.call('POST', `${P}/messages`, {
      token: alice,
      headers,
      body: { conversation_id: id, content: 'once' },
    });
    const viaBody = await send(alice, id, 'once', { client_message_id: 'key-1' });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(viaBody.body).toEqual(first.body);
    expect(first.body.client_message_id).toBe('key-1');
    const next = await send(alice, id, 'next');
    expect(next.body.id).toBe(`${id}.2`);
    const reused = await api.call('POST', `${P}/messages`, {
      token: alice,
      headers,
      body: { conversation_id: id, content: 'different' },
    });
    expect(reused.status).toBe(422);
    expect((await send(bob, id, 'once', { client_message_id: 'key-1' })).body.id).toBe(`${id}.3`);
  });

  it('marks read up to the latest message or a given one', async () => {
    const id = await group();
    const m1 = await send(alice, id, 'one');
    await send(alice, id, 'two');
    const upTo = await api.call('POST', `${P}/conversations/${id}/read`, {
      token: bob,
      body: { message_id: m1.body.id },
    });
    expect(upTo.status).toBe(200);
    expect(upTo.body).toMatchObject({
      conversation_id: id,
      user_id: 'bob',
      last_read_message_id: m1.body.id,
    });
    const all = await api.call('POST', `${P}/conversations/${id}/read`, { token: bob });
    expect(all.body.last_read_message_id).toBe(`${id}.2`);
    expect(
      (
        await api.call('POST', `${P}/conversations/${id}/read`, {
          token: bob,
          body: { message_id: `${id}.9` },
        })
      ).status,
    ).toBe(404);
  });
});

describe('direct messages', () => {
  it('creates the pair’s conversation on first use and reuses it', async () => {
    const first = await api.call('POST', `${P}/direct`, {
      token: alice,
      body: { recipient_user_id: 'bob', content: 'Hi there!' },
    });
    expect(first.status).toBe(201);
    const back = await api.call('POST', `${P}/direct`, {
      token: bob,
      body: { recipient_user_id: 'alice', content: 'Hello!' },
    });
    expect(back.body.conversation_id).toBe(first.body.conversation_id);
    expect(back.body.id).toBe(`${first.body.conversation_id}.2`);
    const viaCreate = await api.call('POST', `${P}/conversations`, {
      token: alice,
      body: { conversation_type: 'direct', participant_ids: ['bob'] },
    });
    expect(viaCreate.status).toBe(200);
    expect(viaCreate.body.id).toBe(first.body.conversation_id);
    expect((await send(carol, first.body.conversation_id)).status).toBe(404);
  });

  it('refuses messaging yourself', async () => {
    const res = await api.call('POST', `${P}/direct`, {
      token: alice,
      body: { recipient_user_id: 'alice', content: 'me' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('cannot_message_yourself');
  });
});

describe('typing and presence', () => {
  it('accepts typing from participants only', async () => {
    const id = await group();
    const res = await api.call('POST', `${P}/typing`, {
      token: bob,
      body: { conversation_id: id, is_typing: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ conversation_id: id, user_id: 'bob', username: 'Bob', is_typing: true });
    expect(
      (
        await api.call('POST', `${P}/typing`, {
          token: mallory,
          body: { conversation_id: id, is_typing: true },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.call('POST', `${P}/typing`, { token: bob, body: { conversation_id: id, is_typing: 'yes' } }))
        .status,
    ).toBe(400);
  });

  it('sets a status with a message', async () => {
    const res = await api.call('POST', `${P}/presence`, {
      token: carol,
      body: { status: 'busy', status_message: 'Working on the new feature' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: 'carol',
      username: 'Carol',
      status: 'busy',
      status_message: 'Working on the new feature',
    });
    expect(
      (await api.call('POST', `${P}/presence`, { token: carol, body: { status: 'sleeping' } })).status,
    ).toBe(400);
  });
});

describe('hostile input', () => {
  it('refuses invalid JSON, unknown fields, prototype keys and oversized bodies with 4xx', async () => {
    const id = await group();
    const invalid = await api.call('POST', `${P}/messages`, { token: alice, body: '{"conversation_id":' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('invalid_json');
    const unknown = await send(alice, id, 'hi', { admin: true });
    expect(unknown.status).toBe(400);
    const proto = await api.call('POST', `${P}/messages`, {
      token: alice,
      body: `{"conversation_id":"${id}","content":"x","__proto__":{"admin":true}}`,
    });
    expect(proto.status).toBe(400);
    const huge = await send(alice, id, 'x'.repeat(200_000));
    expect(huge.status).toBe(413);
    const wrongType = await api.call('POST', `${P}/messages`, { token: alice, body: [1, 2] });
    expect(wrongType.status).toBe(400);
  });
});
