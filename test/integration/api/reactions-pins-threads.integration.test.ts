import { testServerSuite, tokenFor } from '../../support/api-server';
import { logHead } from '../../support/event-log-head';
import { WsClients } from '../../support/ws-client';

/**
 * Reactions, pins, threads and edit history over real HTTP and a real socket: what each answers,
 * what it refuses (writing nothing), and the frames every participant receives.
 */

const api = testServerSuite({ SEND_RATE_LIMIT: '0' });
const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const carol = tokenFor('carol', { name: 'Carol' });
const mallory = tokenFor('mallory');
const P = '/api/v1/chat';
const THUMBS = '\u{1F44D}';
const FLAG = '\u{1F1EB}\u{1F1F7}';
const clients = new WsClients();
afterEach(() => clients.closeAll());

async function group() {
  const res = await api.call('POST', `${P}/conversations`, {
    token: alice,
    body: { name: 'Team', participant_ids: ['bob', 'carol'] },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function send(token: string, conversation_id: string, content: string, reply_to_id?: string) {
  const res = await api.call('POST', `${P}/messages`, {
    token,
    body: { conversation_id, content, ...(reply_to_id && { reply_to_id }) },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; reactions: unknown[]; reply_count: number };
}

const react = (token: string, id: string, emoji: string) =>
  api.call('POST', `${P}/messages/${id}/reactions`, { token, body: { emoji } });
const unreact = (token: string, id: string, emoji: string) =>
  api.call('DELETE', `${P}/messages/${id}/reactions/${encodeURIComponent(emoji)}`, { token });
const history = async (token: string, conversation: string) =>
  (await api.call('GET', `${P}/conversations/${conversation}/messages`, { token })).body as {
    id: string;
    reactions: unknown;
    reply_count: number;
    last_reply_at: string | null;
  }[];

/** Runs `request` and checks it is refused with `status` and `code`, leaving the log untouched. */
async function refused(request: () => ReturnType<typeof api.call>, status: number, code: string) {
  const before = logHead(api.dataDir);
  const res = await request();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(logHead(api.dataDir)).toEqual(before);
  return res;
}

describe('reactions', () => {
  it('adds and removes idempotently, answering the reactions with `me` for the caller', async () => {
    const c = await group();
    const m = await send(bob, c, 'ship it?');
    expect(m.reactions).toEqual([]);
    const first = await react(alice, m.id, THUMBS);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-consistency-token')).toEqual(expect.any(String));
    expect(first.body).toEqual({
      conversation_id: c,
      message_id: m.id,
      reactions: [{ emoji: THUMBS, count: 1, me: true }],
    });
    const before = logHead(api.dataDir);
    const again = await react(alice, m.id, THUMBS);
    expect(again.body.reactions).toEqual([{ emoji: THUMBS, count: 1, me: true }]);
    expect(logHead(api.dataDir)).toEqual(before);

    expect((await react(bob, m.id, THUMBS)).body.reactions).toEqual([{ emoji: THUMBS, count: 2, me: true }]);
    expect((await react(carol, m.id, ':party_parrot:')).body.reactions).toEqual([
      { emoji: THUMBS, count: 2, me: false },
      { emoji: ':party_parrot:', count: 1, me: true },
    ]);
    expect((await history(bob, c))[0]?.reactions).toEqual([
      { emoji: THUMBS, count: 2, me: true },
      { emoji: ':party_parrot:', count: 1, me: false },
    ]);

    expect((await unreact(alice, m.id, THUMBS)).body.reactions).toEqual([
      { emoji: THUMBS, count: 1, me: false },
      { emoji: ':party_parrot:', count: 1, me: false },
    ]);
    const unchanged = logHead(api.dataDir);
    const absent = await unreact(alice, m.id, FLAG);
    expect([absent.status, absent.body.reactions]).toEqual([
      200,
      [
        { emoji: THUMBS, count: 1, me: false },
        { emoji: ':party_parrot:', count: 1, me: false },
      ],
    ]);
    expect(logHead(api.dataDir)).toEqual(unchanged);
  });

  it('refuses bad emoji naming the field, a deleted message, and outsiders like an unknown message', async () => {
    const c = await group();
    const m = await send(bob, c, 'hello');
    for (const emoji of ['a', 'ok', `${THUMBS}${THUMBS}`, ':Nope:', '', 7]) {
      const res = await refused(
        () => api.call('POST', `${P}/messages/${m.id}/reactions`, { token: alice, body: { emoji } }),
        400,
        'invalid_request',
      );
      expect(new Set(res.body.errors.map((e: { path: string }) => e.path))).toEqual(new Set(['body.emoji']));
    }
    await refused(() => unreact(alice, m.id, 'word'), 400, 'invalid_request');
    await refused(
      () => api.call('POST', `${P}/messages/${m.id}/reactions`, { token: alice, body: {} }),
      400,
      'invalid_request',
    );
    // An outsider cannot tell a real message from one that does not exist.
    const outsider = await refused(() => react(mallory, m.id, THUMBS), 404, 'conversation_not_found');
    const unknown = await refused(
      () => react(mallory, 'c0ffee00000000000000abcd.1', THUMBS),
      404,
      'conversation_not_found',
    );
    expect(outsider.body).toEqual(unknown.body);
    await refused(() => react(alice, `${c}.99`, THUMBS), 404, 'message_not_found');
    await refused(() => react(alice, 'not-a-message', THUMBS), 404, 'message_not_found');
    await react(alice, m.id, THUMBS);
    expect((await api.call('DELETE', `${P}/messages/${m.id}`, { token: bob })).status).toBe(200);
    await refused(() => react(carol, m.id, THUMBS), 409, 'message_deleted');
    expect((await history(alice, c))[0]?.reactions).toEqual([]);
    expect((await unreact(alice, m.id, THUMBS)).body.reactions).toEqual([]);
  });

  it('refuses a 21st different emoji on a message with 409 and writes nothing', async () => {
    const c = await group();
    const m = await send(bob, c, 'vote');
    for (let i = 0; i < 20; i++) expect((await react(alice, m.id, `:e${i}:`)).status).toBe(200);
    await refused(() => react(bob, m.id, ':e20:'), 409, 'too_many_reactions');
    expect((await react(bob, m.id, ':e3:')).status).toBe(200);
  });
});

describe('pins', () => {
  it('lets admins pin and unpin, lists newest pin first, and unpins a deleted message', async () => {
    const c = await group();
    const one = await send(bob, c, 'one');
    const two = await send(carol, c, 'two');
    const pin = (id: string) =>
      api.call('POST', `${P}/conversations/${c}/pins`, { token: alice, body: { message_id: id } });
    const pinned = await pin(one.id);
    expect([pinned.status, pinned.body]).toEqual([
      200,
      {
        conversation_id: c,
        message_id: one.id,
        pinned: true,
        pinned_by: 'alice',
        pinned_at: expect.any(String),
      },
    ]);
    const before = logHead(api.dataDir);
    expect((await pin(one.id)).body.pinned_at).toBe(pinned.body.pinned_at);
    expect(logHead(api.dataDir)).toEqual(before);
    await pin(two.id);
    const list = await api.call('GET', `${P}/conversations/${c}/pins`, { token: bob });
    expect(
      list.body.map((p: { message: { id: string; content: string }; pinned_by: string }) => [
        p.message.id,
        p.message.content,
        p.pinned_by,
      ]),
    ).toEqual([
      [two.id, 'two', 'alice'],
      [one.id, 'one', 'alice'],
    ]);
    await refused(
      () => api.call('POST', `${P}/conversations/${c}/pins`, { token: bob, body: { message_id: one.id } }),
      403,
      'not_an_admin',
    );
    await refused(
      () => api.call('DELETE', `${P}/conversations/${c}/pins/${one.id}`, { token: bob }),
      403,
      'not_an_admin',
    );
    await refused(
      () => api.call('GET', `${P}/conversations/${c}/pins`, { token: mallory }),
      404,
      'conversation_not_found',
    );
    const other = await group();
    const elsewhere = await send(alice, other, 'elsewhere');
    await refused(() => pin(elsewhere.id), 404, 'message_not_found');
    await refused(
      () => api.call('POST', `${P}/conversations/${c}/pins`, { token: alice, body: { message_id: 5 } }),
      404,
      'message_not_found',
    );
    await refused(
      () => api.call('POST', `${P}/conversations/${c}/pins`, { token: alice, body: {} }),
      400,
      'invalid_request',
    );
    const unpinned = await api.call('DELETE', `${P}/conversations/${c}/pins/${one.id}`, { token: alice });
    expect(unpinned.body).toMatchObject({ pinned: false, pinned_by: null });
    expect((await api.call('DELETE', `${P}/messages/${two.id}`, { token: carol })).status).toBe(200);
    expect((await api.call('GET', `${P}/conversations/${c}/pins`, { token: bob })).body).toEqual([]);
    await refused(() => pin(two.id), 409, 'message_deleted');
  });
});

describe('threads', () => {
  it('counts replies on every message and pages a thread oldest first', async () => {
    const c = await group();
    const root = await send(alice, c, 'question');
    const replies = [];
    for (let i = 1; i <= 5; i++) replies.push(await send(i % 2 ? bob : carol, c, `answer ${i}`, root.id));
    await send(alice, c, 'unrelated');
    const list = await history(alice, c);
    const top = list.find((m) => m.id === root.id);
    expect(top).toMatchObject({ reply_count: 5, last_reply_at: expect.any(String) });
    expect(list[0]).toMatchObject({ reply_count: 0, last_reply_at: null });
    const first = await api.call('GET', `${P}/messages/${root.id}/replies?limit=2`, { token: carol });
    expect(first.body.map((m: { content: string }) => m.content)).toEqual(['answer 1', 'answer 2']);
    const next = first.headers.get('x-next-after-id');
    expect(next).toBe(replies[1]?.id);
    const rest = await api.call('GET', `${P}/messages/${root.id}/replies?limit=10&after_id=${next}`, {
      token: carol,
    });
    expect(rest.body.map((m: { content: string }) => m.content)).toEqual([
      'answer 3',
      'answer 4',
      'answer 5',
    ]);
    expect(rest.headers.get('x-next-after-id')).toBeNull();
    await refused(
      () => api.call('GET', `${P}/messages/${root.id}/replies`, { token: mallory }),
      404,
      'message_not_found',
    );
    await refused(
      () => api.call('GET', `${P}/messages/${c}.99/replies`, { token: alice }),
      404,
      'message_not_found',
    );
    await refused(
      () => api.call('GET', `${P}/messages/${root.id}/replies?limit=0`, { token: alice }),
      400,
      'invalid_request',
    );
  });
});

describe('edit history for participants', () => {
  it('lists every version oldest first; a deleted message shows none', async () => {
    const c = await group();
    const m = await send(bob, c, 'v1');
    for (const content of ['v2', 'v3']) {
      expect((await api.call('PUT', `${P}/messages/${m.id}`, { token: bob, body: { content } })).status).toBe(
        200,
      );
    }
    const res = await api.call('GET', `${P}/messages/${m.id}/versions`, { token: carol });
    expect(res.body).toEqual({
      message_id: m.id,
      conversation_id: c,
      deleted: false,
      versions: [
        { version: 1, content: 'v1', at: expect.any(String) },
        { version: 2, content: 'v2', at: expect.any(String) },
        { version: 3, content: 'v3', at: expect.any(String) },
      ],
    });
    await refused(
      () => api.call('GET', `${P}/messages/${m.id}/versions`, { token: mallory }),
      404,
      'message_not_found',
    );
    expect((await api.call('DELETE', `${P}/messages/${m.id}`, { token: alice })).status).toBe(200);
    const deleted = await api.call('GET', `${P}/messages/${m.id}/versions`, { token: bob });
    expect(deleted.body).toEqual({ message_id: m.id, conversation_id: c, deleted: true, versions: [] });
    expect(JSON.stringify(deleted.body)).not.toMatch(/v[123]/);
  });
});

describe('forwarding', () => {
  it('copies the current content into another conversation; only participants of the source see where from', async () => {
    const source = await group();
    const m = await send(bob, source, 'original');
    await api.call('PUT', `${P}/messages/${m.id}`, { token: bob, body: { content: 'edited original' } });
    // alice and dave share a conversation; dave is not in the source.
    const target = (
      await api.call('POST', `${P}/conversations`, {
        token: alice,
        body: { name: 'Other', participant_ids: ['dave'] },
      })
    ).body.id as string;
    const res = await api.call('POST', `${P}/messages/${m.id}/forward`, {
      token: alice,
      body: { conversation_id: target },
    });
    expect(res.status).toBe(201);
    const from = { conversation_id: source, message_id: m.id, user_id: 'bob' };
    expect(res.body).toMatchObject({
      conversation_id: target,
      user_id: 'alice',
      content: 'edited original',
      is_forwarded: true,
      forwarded_from: from,
    });
    const dave = tokenFor('dave', { name: 'Dave' });
    const seen = async (token: string) =>
      (
        (await api.call('GET', `${P}/conversations/${target}/messages`, { token })).body as Record<
          string,
          unknown
        >[]
      )[0];
    expect(await seen(alice)).toMatchObject({ is_forwarded: true, forwarded_from: from });
    expect(await seen(dave)).toMatchObject({
      is_forwarded: true,
      forwarded_from: null,
      content: 'edited original',
    });
    // Where the caller cannot see the source, or is not in the target: 404, nothing written.
    await refused(
      () =>
        api.call('POST', `${P}/messages/${m.id}/forward`, { token: dave, body: { conversation_id: target } }),
      404,
      'message_not_found',
    );
    await refused(
      () =>
        api.call('POST', `${P}/messages/${m.id}/forward`, {
          token: carol,
          body: { conversation_id: target },
        }),
      404,
      'conversation_not_found',
    );
    await refused(
      () => api.call('POST', `${P}/messages/${m.id}/forward`, { token: alice, body: {} }),
      400,
      'invalid_request',
    );
    await api.call('DELETE', `${P}/messages/${m.id}`, { token: bob });
    await refused(
      () =>
        api.call('POST', `${P}/messages/${m.id}/forward`, {
          token: alice,
          body: { conversation_id: target },
        }),
      409,
      'message_deleted',
    );
  });

  it('is keyed like a send: a retry with the same key creates one copy', async () => {
    const c = await group();
    const m = await send(bob, c, 'once');
    const forward = () =>
      api.call('POST', `${P}/messages/${m.id}/forward`, {
        token: alice,
        body: { conversation_id: c, client_message_id: 'fwd-1' },
      });
    const first = await forward();
    const again = await forward();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.forwarded_from).toEqual({ conversation_id: c, message_id: m.id, user_id: 'bob' });
  });
});

describe('frames', () => {
  it('reach every socket of the conversation, with positions, in order', async () => {
    const c = await group();
    const watcher = await clients.connect(
      `ws://127.0.0.1:${api.server.wsPort}${P}/ws/${c}?token=${encodeURIComponent(carol)}`,
    );
    await watcher.waitForType('connected');
    const m = await send(bob, c, 'frame me');
    await react(alice, m.id, THUMBS);
    await react(bob, m.id, THUMBS);
    await unreact(alice, m.id, THUMBS);
    await api.call('POST', `${P}/conversations/${c}/pins`, { token: alice, body: { message_id: m.id } });
    await send(carol, c, 'a reply', m.id);
    await api.call('DELETE', `${P}/messages/${m.id}`, { token: bob });
    const deleted = await watcher.waitForType('message_unpinned');
    expect(deleted).toMatchObject({ pin: { message_id: m.id, unpinned_by: 'bob' } });
    const frames = watcher.frames.filter((f) => f.type !== 'connected' && f.type !== 'presence');
    expect(frames.map((f) => f.type)).toEqual([
      'message',
      'reaction_added',
      'reaction_added',
      'reaction_removed',
      'message_pinned',
      'message',
      'message_deleted',
      'message_unpinned',
    ]);
    expect(frames[0]?.message).toMatchObject({ reactions: [], reply_count: 0, last_reply_at: null });
    expect(frames[2]).toEqual({
      type: 'reaction_added',
      conversation_id: c,
      position: expect.any(String),
      reaction: { message_id: m.id, emoji: THUMBS, user_id: 'bob', count: 2, reacted_at: expect.any(String) },
      timestamp: expect.any(String),
    });
    expect(frames[3]).toMatchObject({
      reaction: { user_id: 'alice', count: 1, removed_at: expect.any(String) },
    });
    expect(frames[4]).toMatchObject({
      pin: { message_id: m.id, pinned_by: 'alice', pinned_at: expect.any(String) },
    });
    expect(frames[5]?.message).toMatchObject({ reply_to_id: m.id });
    const positions = frames.map((f) => f.position as string);
    expect([...positions].sort()).toEqual(positions);
  });
});
