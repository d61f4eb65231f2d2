import { testServerSuite, tokenFor } from '../../support/api-server';

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
const search = (token: string, query: string) => api.call('GET', `${P}/search?${query}`, { token });
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('GET /search', () => {
  it('finds a message as soon as its send has answered, with highlights as offsets', async () => {
    const id = await group();
    const sent = await send(alice, id, 'Ship the <b>Zürich</b> release');
    const res = await search(bob, q('zurich'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ ...sent.body, highlights: [{ start: 12, end: 18 }] }]);
    expect(res.body[0].content.slice(12, 18)).toBe('Zürich');
  });

  it('pages newest first with the X-Next-Before cursor, within bounds of limit', async () => {
    const id = await group();
    const word = `pg${Date.now()}`;
    for (let i = 1; i <= 5; i++) await send(alice, id, `${word} ${i}`);
    const first = await search(bob, `${q(word)}&limit=2`);
    expect(first.body.map((m: { content: string }) => m.content)).toEqual([`${word} 5`, `${word} 4`]);
    const next = first.headers.get('x-next-before');
    expect(next).toEqual(expect.any(String));
    const rest = await search(bob, `${q(word)}&limit=100&before=${encodeURIComponent(next as string)}`);
    expect(rest.body.map((m: { content: string }) => m.content)).toEqual([
      `${word} 3`,
      `${word} 2`,
      `${word} 1`,
    ]);
    expect(rest.headers.get('x-next-before')).toBeNull();
  });

  it('searches one conversation, 404 for one the caller is not in, exactly like an unknown one', async () => {
    const id = await group();
    await send(alice, id, 'scoped words');
    const other = await group(['carol']);
    await send(alice, other, 'scoped words elsewhere');
    const scoped = await search(bob, `${q('scoped')}&conversation_id=${id}`);
    expect(scoped.body.map((m: { content: string }) => m.content)).toEqual(['scoped words']);
    const outsider = await search(mallory, `${q('scoped')}&conversation_id=${id}`);
    const unknown = await search(mallory, `${q('scoped')}&conversation_id=c0ffee00000000000000abcd`);
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual(unknown.body);
    expect((await search(mallory, q('scoped'))).body).toEqual([]);
  });

  it('stops finding the messages of a conversation the caller was removed from', async () => {
    const id = await group(['bob', 'carol']);
    const word = `rm${Date.now()}`;
    await send(alice, id, `${word} before removal`);
    expect((await search(bob, q(word))).body).toHaveLength(1);
    const removed = await api.call('DELETE', `${P}/conversations/${id}/participants/bob`, { token: alice });
    expect(removed.status).toBeLessThan(300);
    expect((await search(bob, q(word))).body).toEqual([]);
    expect((await search(bob, `${q(word)}&conversation_id=${id}`)).status).toBe(404);
  });

  it('finds edits by their new content and never a deleted message', async () => {
    const id = await group();
    const word = `ed${Date.now()}`;
    const sent = await send(alice, id, `${word} draft`);
    await api.call('PUT', `${P}/messages/${sent.body.id}`, {
      token: alice,
      body: { content: `${word} final` },
    });
    expect((await search(bob, q('draft'))).body.map((m: { id: string }) => m.id)).not.toContain(sent.body.id);
    expect((await search(bob, q(`${word} final`))).body).toMatchObject([
      { id: sent.body.id, is_edited: true },
    ]);
    await api.call('DELETE', `${P}/messages/${sent.body.id}`, { token: alice });
    expect((await search(bob, q(word))).body).toEqual([]);
  });

  // User text is data: none of these may reach FTS5 as syntax (a 500) or find everything.
  it.each([
    ['"'],
    ['*'],
    ['NEAR('],
    ['a OR'],
    ['-x'],
    ['content:'],
    ['"a" OR "b"'],
    ['x*'],
    ['^a'],
    ['a AND NOT b'],
    ["'; DROP TABLE x; --"],
    ['(a'],
    ['{a b}: c'],
  ])('treats %s as plain words', async (text) => {
    const id = await group();
    await send(alice, id, 'plain words only');
    const res = await search(bob, `${q(text)}&conversation_id=${id}`);
    expect([200, 400]).toContain(res.status);
    if (res.status === 200) expect(res.body).toEqual([]);
    else expect(res.body.detail).toMatch(/q must contain a word with letters or digits/);
  });

  it.each([
    ['', /q must not be empty|query\.q/],
    [q('   '), /q must not be empty/],
    [q('" * - ( ) :'), /q must contain a word with letters or digits/],
    [q('x'.repeat(201)), /at most 200 characters/],
    [`${q('a')}&limit=0`, /query\.limit/],
    [`${q('a')}&limit=101`, /query\.limit/],
    [`${q('a')}&before=garbage`, /position/],
    [`${q('a')}&conversation_id=${encodeURIComponent('bad id!')}`, /conversation id/],
  ])('answers 400 to %s, naming the problem', async (query, detail) => {
    const res = await search(bob, query);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(detail);
  });
});
