import { testServerSuite, tokenFor } from '../../support/api-server';

// Paging is tested over 10,000 messages sent as fast as the server takes them: no send limit.
const api = testServerSuite({ SEND_RATE_LIMIT: '0' });
const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const mallory = tokenFor('mallory');

const P = '/api/v1/chat';

async function group(participant_ids = ['bob']) {
  const res = await api.call('POST', `${P}/conversations`, {
    token: alice,
    body: { name: 'Team', participant_ids },
  });
  return res.body.id as string;
}
const send = (token: string, conversation_id: string, content: string) =>
  api.call('POST', `${P}/messages`, { token, body: { conversation_id, content } });

describe('message history', () => {
  it('shows a message as soon as its send has answered (read your writes)', async () => {
    const id = await group();
    const sent = await send(alice, id, 'Hello!');
    const res = await api.call('GET', `${P}/conversations/${id}/messages`, { token: bob });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([sent.body]);
    expect(res.headers.get('x-consistency-token')).toEqual(expect.any(String));
  });

  it('pages newest first with before_id, naming the next page in a header', async () => {
    const id = await group();
    for (let i = 1; i <= 5; i++) await send(alice, id, `m${i}`);
    const first = await api.call('GET', `${P}/conversations/${id}/messages?limit=2`, { token: bob });
    expect(first.body.map((m: { content: string }) => m.content)).toEqual(['m5', 'm4']);
    const next = first.headers.get('x-next-before-id');
    expect(next).toBe(`${id}.4`);
    const second = await api.call('GET', `${P}/conversations/${id}/messages?limit=2&before_id=${next}`, {
      token: bob,
    });
    expect(second.body.map((m: { content: string }) => m.content)).toEqual(['m3', 'm2']);
    const bySeq = await api.call('GET', `${P}/conversations/${id}/messages?limit=50&before_id=2`, {
      token: bob,
    });
    expect(bySeq.body.map((m: { content: string }) => m.content)).toEqual(['m1']);
    expect(bySeq.headers.get('x-next-before-id')).toBeNull();
  });

  it('shows edits and deletions', async () => {
    const id = await group();
    const sent = await send(alice, id, 'draft');
    await api.call('PUT', `${P}/messages/${sent.body.id}`, { token: alice, body: { content: 'final' } });
    const edited = await api.call('GET', `${P}/conversations/${id}/messages`, { token: bob });
    expect(edited.body[0]).toMatchObject({ content: 'final', is_edited: true, is_deleted: false });
    await api.call('DELETE', `${P}/messages/${sent.body.id}`, { token: alice });
    const deleted = await api.call('GET', `${P}/conversations/${id}/messages`, { token: bob });
    expect(deleted.body[0]).toMatchObject({ id: sent.body.id, content: '', is_deleted: true });
  });

  it.each([['limit=-1'], ['limit=0'], ['limit=100000'], ['limit=abc'], ['consistency_token=not-a-position']])(
    'answers 400 to %s',
    async (query) => {
      const id = await group();
      const res = await api.call('GET', `${P}/conversations/${id}/messages?${query}`, { token: bob });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/query\.|position/);
    },
  );

  // Message ids are opaque: one that names no message of this conversation is unknown, not malformed.
  it.each([['before_id=garbage'], ['before_id=other.3'], ['before_id=-5'], ['before_id=7']])(
    'answers 404 to %s',
    async (query) => {
      const id = await group();
      const res = await api.call('GET', `${P}/conversations/${id}/messages?${query}`, { token: bob });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('message_not_found');
    },
  );

  it('answers a before_id of another conversation as an unknown message (404)', async () => {
    const id = await group();
    const res = await api.call('GET', `${P}/conversations/${id}/messages?before_id=other.3`, { token: bob });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('message_not_found');
  });

  it('hides history, participants and the conversation from non-participants', async () => {
    const id = await group();
    for (const path of [
      `${P}/conversations/${id}/messages`,
      `${P}/conversations/${id}/participants`,
      `${P}/conversations/${id}`,
    ]) {
      const hidden = await api.call('GET', path, { token: mallory });
      const unknown = await api.call('GET', path.replace(id, `x${id}`), { token: mallory });
      expect([hidden.status, unknown.status]).toEqual([404, 404]);
      expect(hidden.body).toEqual(unknown.body);
    }
  });

  it('returns each of 10,000 messages exactly once across pages', async () => {
    const id = await group();
    const total = 10_000;
    for (let start = 0; start < total; start += 200) {
      const batch = Array.from({ length: Math.min(200, total - start) }, (_, i) =>
        send(alice, id, `n${start + i}`),
      );
      const results = await Promise.all(batch);
      expect(results.every((r) => r.status === 201)).toBe(true);
    }
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const query: string = before ? `?limit=200&before_id=${before}` : '?limit=200';
      const page = await api.call('GET', `${P}/conversations/${id}/messages${query}`, { token: bob });
      seen.push(...page.body.map((m: { id: string }) => m.id));
      before = page.headers.get('x-next-before-id');
    } while (before);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => `${id}.${total - i}`));
  }, 120_000);
});

describe('conversation lists and receipts', () => {
  it('lists conversations by activity with unread counts that reading clears', async () => {
    const older = await group();
    const newer = await group();
    await send(alice, newer, 'one');
    await send(alice, newer, 'two');
    const before = await api.call('GET', `${P}/conversations`, { token: bob });
    expect(before.status).toBe(200);
    const mine = before.body.filter((c: { id: string }) => [older, newer].includes(c.id));
    expect(mine.map((c: { id: string; unread_count: number }) => [c.id, c.unread_count])).toEqual([
      [newer, 2],
      [older, 0],
    ]);
    expect(mine[0].last_message).toMatchObject({ content: 'two', user_id: 'alice' });
    await api.call('POST', `${P}/conversations/${newer}/read`, { token: bob });
    const after = await api.call('GET', `${P}/conversations/${newer}`, { token: bob });
    expect(after.body.unread_count).toBe(0);
    const forAlice = await api.call('GET', `${P}/conversations/${newer}`, { token: alice });
    expect(forAlice.body.unread_count).toBe(0);
  });

  it('pages the conversation list: 50 by default, X-Next-Before names the next page', async () => {
    const reader = `pager-${Date.now()}`;
    const readerToken = api.token(reader);
    const total = 51;
    // Different creators: the cap on new conversations per minute is per user.
    for (let start = 0; start < total; start += 10) {
      const created = await Promise.all(
        Array.from({ length: Math.min(10, total - start) }, (_, i) =>
          api.call('POST', `${P}/conversations`, {
            token: api.token(`creator-${start + i}`),
            body: { name: `List ${start + i}`, participant_ids: [reader] },
          }),
        ),
      );
      expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    }
    const whole = await api.call('GET', `${P}/conversations?limit=200`, { token: readerToken });
    expect(whole.body).toHaveLength(total);
    expect(whole.headers.get('x-next-before')).toBeNull();

    const byDefault = await api.call('GET', `${P}/conversations`, { token: readerToken });
    expect(byDefault.body).toEqual(whole.body.slice(0, 50));
    expect(byDefault.headers.get('x-next-before')).toMatch(/^[0-9]+\.[A-Za-z0-9_-]+$/);

    const walked: { id: string }[] = [];
    let before: string | null = null;
    do {
      const query: string = before ? `?limit=20&before=${before}` : '?limit=20';
      const page = await api.call('GET', `${P}/conversations${query}`, { token: readerToken });
      expect(page.status).toBe(200);
      walked.push(...page.body);
      before = page.headers.get('x-next-before');
    } while (before && walked.length <= total);
    expect(walked.map((c) => c.id)).toEqual(whole.body.map((c: { id: string }) => c.id));
  }, 60_000);

  it.each([
    ['a cursor of another form', 'before=not%20a%20cursor', 'query.before'],
    ['an empty cursor', 'before=', 'query.before'],
    ['a cursor without an id', 'before=1706351400000', 'query.before'],
    ['a cursor without a time', 'before=.c1', 'query.before'],
    ['a cursor whose time is not a number', 'before=yesterday.c1', 'query.before'],
    ['a cursor past year 2286', 'before=99999999999999.c1', 'query.before'],
    ['a cursor with a bad id', 'before=1706351400000.a%20b', 'query.before'],
    ['a cursor with an id over 64 characters', `before=0.${'A'.repeat(65)}`, 'query.before'],
    ['two cursors', 'before=a&before=b', 'query.before'],
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=201', 'limit=201', 'query.limit'],
    ['limit=ten', 'limit=ten', 'query.limit'],
  ])('answers 400 to the conversation list given %s, naming the parameter', async (_, query, path) => {
    const res = await api.call('GET', `${P}/conversations?${query}`, { token: bob });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    expect(res.body.detail).toContain(path);
  });

  it('reads a well-formed cursor as a place in the order: one before every conversation ends the list', async () => {
    // A well-formed cursor only names a place in the order; it reveals and grants nothing.
    const res = await api.call('GET', `${P}/conversations?before=0.x`, {
      token: bob,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers.get('x-next-before')).toBeNull();
  });

  it('lists participants with read receipts', async () => {
    const id = await group();
    const sent = await send(alice, id, 'read me');
    await api.call('POST', `${P}/conversations/${id}/read`, { token: bob });
    const res = await api.call('GET', `${P}/conversations/${id}/participants`, { token: bob });
    expect(res.status).toBe(200);
    expect(
      res.body.map((p: { user_id: string; role: string; last_read_message_id: string }) => [
        p.user_id,
        p.role,
        p.last_read_message_id,
      ]),
    ).toEqual([
      ['alice', 'admin', sent.body.id],
      ['bob', 'member', sent.body.id],
    ]);
    expect(res.body[0].username).toBe('Alice');
  });

  it('lists online users by their chosen status', async () => {
    await api.call('POST', `${P}/presence`, {
      token: alice,
      body: { status: 'busy', status_message: 'focus' },
    });
    await api.call('POST', `${P}/presence`, { token: bob, body: { status: 'offline' } });
    const res = await api.call('GET', `${P}/users/online`, { token: mallory });
    expect(res.status).toBe(200);
    const ids = res.body.map((u: { user_id: string }) => u.user_id);
    expect(ids).toContain('alice');
    expect(ids).not.toContain('bob');
    expect(res.body.find((u: { user_id: string }) => u.user_id === 'alice')).toMatchObject({
      status: 'busy',
      status_message: 'focus',
      username: 'Alice',
    });
  });

  it('waits for a consistency token before answering a query', async () => {
    const id = await group();
    const sent = await send(alice, id, 'token');
    const token = sent.headers.get('x-consistency-token');
    const res = await api.call('GET', `${P}/conversations/${id}/messages`, {
      token: bob,
      headers: { 'x-consistency-token': token ?? '' },
    });
    expect(res.body[0].id).toBe(sent.body.id);
  });
});
