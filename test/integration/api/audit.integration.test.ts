import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testServerSuite, tokenFor } from '../../support/api-server';

// One test sends 2,500 messages as fast as the server takes them: no send limit.
const api = testServerSuite({ SEND_RATE_LIMIT: '0' });
const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const auditor = tokenFor('auditor-1', { name: 'Auditor', roles: ['auditor'] });

const CHAT = '/api/v1/chat';
const AUDIT = '/api/v1/audit';

async function group(participant_ids = ['bob']): Promise<string> {
  const res = await api.call('POST', `${CHAT}/conversations`, {
    token: alice,
    body: { name: 'Team', participant_ids },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const send = async (token: string, conversation_id: string, content: string) => {
  const res = await api.call('POST', `${CHAT}/messages`, { token, body: { conversation_id, content } });
  expect(res.status).toBe(201);
  return res.body as { id: string; created_at: string };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The AuditRead events in the server's log, read from the SQLite file directly. */
function auditReads(): { stream_id: string; type: string; data: Record<string, unknown> }[] {
  const db = new Database(join(api.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT stream_id, type, data FROM events WHERE stream_id LIKE 'auditaccess-%' ORDER BY pos")
      .all() as { stream_id: string; type: string; data: string }[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) }));
  } finally {
    db.close();
  }
}

/** A conversation where bob's message was edited twice and alice's was deleted. */
async function editedAndDeleted() {
  const id = await group();
  const bobs = await send(bob, id, 'original words');
  await sleep(5);
  await api.call('PUT', `${CHAT}/messages/${bobs.id}`, { token: bob, body: { content: 'second words' } });
  await sleep(5);
  const midway = new Date().toISOString();
  await sleep(5);
  await api.call('PUT', `${CHAT}/messages/${bobs.id}`, { token: bob, body: { content: 'final words' } });
  const alices = await send(alice, id, 'regrettable');
  const deleted = await api.call('DELETE', `${CHAT}/messages/${alices.id}`, { token: alice });
  expect(deleted.status).toBeLessThan(300);
  return { id, bobs, alices, midway };
}

describe('audit API access', () => {
  it('refuses non-auditors with 403 auditor_role_required and anonymous callers with 401', async () => {
    const id = await group();
    const { id: message } = await send(alice, id, 'hi');
    const paths = [
      `${AUDIT}/conversations/${id}/events`,
      `${AUDIT}/conversations/${id}/events?format=ndjson`,
      `${AUDIT}/conversations/${id}/state?position=whatever`,
      `${AUDIT}/conversations/${id}/state?as_of=2024-01-01T00:00:00Z`,
      `${AUDIT}/messages/${message}/history`,
    ];
    const admin = api.token('root', { roles: ['admin', 'auditors'] });
    for (const path of paths) {
      for (const token of [alice, bob, admin]) {
        const res = await api.call('GET', path, { token });
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 403,
          code: 'auditor_role_required',
        });
      }
      expect((await api.call('GET', path)).status).toBe(401);
    }
    // The auditor role opens nothing on the chat side of a conversation the auditor is not part of.
    const chat = await api.call('GET', `${CHAT}/conversations/${id}/messages`, { token: auditor });
    expect(chat.status).toBe(404);
  });

  it('answers 404 for an unknown conversation or message, 400 for a bad query', async () => {
    for (const path of [
      `${AUDIT}/conversations/nope/events`,
      `${AUDIT}/conversations/nope/state?as_of=2024-01-01T00:00:00Z`,
      `${AUDIT}/messages/nope.1/history`,
    ]) {
      expect((await api.call('GET', path, { token: auditor })).status).toBe(404);
    }
    const id = await group();
    expect((await api.call('GET', `${AUDIT}/messages/${id}.7/history`, { token: auditor })).status).toBe(404);
    for (const query of [
      '',
      '?as_of=2024-01-01T00:00:00Z&position=x',
      '?as_of=yesterday',
      '?position=garbage',
    ]) {
      const res = await api.call('GET', `${AUDIT}/conversations/${id}/state${query}`, { token: auditor });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    const big = await api.call('GET', `${AUDIT}/conversations/${id}/events?limit=1001`, { token: auditor });
    expect(big.status).toBe(400);
  });
});

describe('audit reads', () => {
  it('show the original content of edited and deleted messages in events and message history', async () => {
    const { id, bobs, alices } = await editedAndDeleted();
    const res = await api.call('GET', `${AUDIT}/conversations/${id}/events`, { token: auditor });
    expect(res.status).toBe(200);
    const types = res.body.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['ConversationCreated', 'MessageSent', 'MessageEdited', 'MessageDeleted']),
    );
    const contents = res.body
      .filter((e: { type: string }) => e.type === 'MessageSent' || e.type === 'MessageEdited')
      .map((e: { data: { content: string } }) => e.data.content);
    expect(contents).toEqual(['original words', 'second words', 'final words', 'regrettable']);
    const positions = res.body.map((e: { position: string }) => e.position);
    expect(positions).toEqual([...positions].sort());
    expect(res.body[0]).toEqual({
      position: expect.any(String),
      revision: 0,
      event_id: expect.any(String),
      recorded_at: expect.any(String),
      type: 'ConversationCreated',
      data: expect.objectContaining({ conversation_id: id, created_by: 'alice' }),
    });

    const edited = await api.call('GET', `${AUDIT}/messages/${bobs.id}/history`, { token: auditor });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ message_id: bobs.id, conversation_id: id });
    expect(edited.body.versions).toEqual([
      expect.objectContaining({ kind: 'sent', version: 1, content: 'original words', by: 'bob' }),
      expect.objectContaining({ kind: 'edited', version: 2, content: 'second words', by: 'bob' }),
      expect.objectContaining({ kind: 'edited', version: 3, content: 'final words', by: 'bob' }),
    ]);
    const gone = await api.call('GET', `${AUDIT}/messages/${alices.id}/history`, { token: auditor });
    expect(gone.body.versions).toEqual([
      expect.objectContaining({ kind: 'sent', content: 'regrettable', by: 'alice' }),
      expect.objectContaining({ kind: 'deleted', by: 'alice', at: expect.any(String) }),
    ]);
  });

  it('pages the events by position with X-Next-After', async () => {
    const id = await group();
    for (let i = 1; i <= 5; i++) await send(alice, id, `m${i}`);
    const all = await api.call('GET', `${AUDIT}/conversations/${id}/events`, { token: auditor });
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const query: string = after === null ? '?limit=3' : `?limit=3&after=${after}`;
      const page = await api.call('GET', `${AUDIT}/conversations/${id}/events${query}`, { token: auditor });
      expect(page.status).toBe(200);
      seen.push(...page.body);
      after = page.headers.get('x-next-after');
      if (after === null) break;
    }
    expect(seen).toEqual(all.body);
    expect(all.body.length).toBeGreaterThan(6);
  });

  it('travels in time by position and by instant', async () => {
    const { id, bobs, alices, midway } = await editedAndDeleted();
    const events = (await api.call('GET', `${AUDIT}/conversations/${id}/events`, { token: auditor }))
      .body as {
      position: string;
      type: string;
    }[];
    const firstEdit = events.find((e) => e.type === 'MessageEdited') as { position: string };
    const byPosition = await api.call(
      'GET',
      `${AUDIT}/conversations/${id}/state?position=${firstEdit.position}`,
      {
        token: auditor,
      },
    );
    expect(byPosition.status).toBe(200);
    expect(byPosition.body.position).toBe(firstEdit.position);
    expect(byPosition.body.conversation).toMatchObject({ id, type: 'group', name: 'Team', is_active: true });
    expect(byPosition.body.participants.map((p: { user_id: string }) => p.user_id).sort()).toEqual([
      'alice',
      'bob',
    ]);
    expect(byPosition.body.messages).toEqual([
      expect.objectContaining({ id: bobs.id, content: 'second words', is_edited: true, is_deleted: false }),
    ]);
    expect(byPosition.body.unread).toEqual(
      expect.arrayContaining([
        { user_id: 'alice', count: 1 },
        { user_id: 'bob', count: 0 },
      ]),
    );

    const byInstant = await api.call('GET', `${AUDIT}/conversations/${id}/state?as_of=${midway}`, {
      token: auditor,
    });
    expect(byInstant.body.messages).toEqual([
      expect.objectContaining({ id: bobs.id, content: 'second words' }),
    ]);
    const now = await api.call(
      'GET',
      `${AUDIT}/conversations/${id}/state?as_of=${new Date().toISOString()}`,
      {
        token: auditor,
      },
    );
    expect(now.body.messages).toEqual([
      expect.objectContaining({ id: bobs.id, content: 'final words', is_edited: true }),
      expect.objectContaining({ id: alices.id, content: 'regrettable', is_deleted: true }),
    ]);
    const before = await api.call('GET', `${AUDIT}/conversations/${id}/state?as_of=2000-01-01T00:00:00Z`, {
      token: auditor,
    });
    expect(before.body).toMatchObject({ conversation: null, messages: [], position: null });
  });

  it('streams every event as NDJSON, across internal pages', async () => {
    const id = await group();
    const total = 2_500;
    for (let i = 0; i < total; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => send(alice, id, `n${i + j}`)));
    }
    for (const how of [{ headers: { accept: 'application/x-ndjson' } }, { query: '?format=ndjson' }]) {
      const response = await fetch(`${api.url}${AUDIT}/conversations/${id}/events${how.query ?? ''}`, {
        headers: { authorization: `Bearer ${auditor}`, ...how.headers },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/x-ndjson');
      const text = await response.text();
      expect(text.endsWith('\n')).toBe(true);
      const lines = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      // ConversationCreated, two ParticipantAdded, then every message.
      expect(lines).toHaveLength(total + 3);
      expect(lines.filter((e) => e.type === 'MessageSent')).toHaveLength(total);
      expect(lines.map((e) => e.revision)).toEqual(lines.map((_, i) => i));
    }
  });

  it('records each audit read in auditaccess-<auditor> before answering', async () => {
    const id = await group();
    const { id: message } = await send(alice, id, 'hi');
    const before = auditReads().length;
    await api.call('GET', `${AUDIT}/conversations/${id}/events?limit=5`, { token: auditor });
    await api.call('GET', `${AUDIT}/conversations/${id}/state?as_of=2030-01-01T00:00:00Z`, {
      token: auditor,
    });
    await api.call('GET', `${AUDIT}/messages/${message}/history`, { token: auditor });
    await api.call('GET', `${AUDIT}/conversations/${id}/events?format=ndjson`, { token: auditor });
    // Refused reads are not audit reads.
    await api.call('GET', `${AUDIT}/conversations/${id}/events`, { token: alice });
    const reads = auditReads().slice(before);
    expect(reads).toEqual([
      {
        stream_id: 'auditaccess-auditor-1',
        type: 'AuditRead',
        data: {
          auditor_id: 'auditor-1',
          what: 'conversation_events',
          conversation_id: id,
          message_id: null,
          query: { limit: 5 },
          at: expect.any(String),
        },
      },
      expect.objectContaining({
        data: expect.objectContaining({
          what: 'conversation_state',
          conversation_id: id,
          query: { as_of: '2030-01-01T00:00:00Z' },
        }),
      }),
      expect.objectContaining({
        data: expect.objectContaining({ what: 'message_history', conversation_id: id, message_id: message }),
      }),
      expect.objectContaining({
        data: expect.objectContaining({ what: 'conversation_events', query: { format: 'ndjson' } }),
      }),
    ]);
  });
});
