import { testServerSuite, tokenFor } from '../../support/api-server';
import { logHead } from '../../support/event-log-head';

/**
 * Blocks, timeouts, bans and reports over real HTTP: what each answers, what it refuses (writing
 * nothing), and what the rules stop (direct messages, adding, writing while timed out).
 */

const api = testServerSuite({ SEND_RATE_LIMIT: '0', CONVERSATIONS_PER_MINUTE: '0' });
const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const carol = tokenFor('carol', { name: 'Carol' });
const moderator = tokenFor('mod', { name: 'Mod', roles: ['moderator'] });
const auditor = tokenFor('aud', { name: 'Aud', roles: ['auditor'] });
const P = '/api/v1/chat';

async function group(owner = alice, members = ['bob', 'carol']) {
  const res = await api.call('POST', `${P}/conversations`, {
    token: owner,
    body: { name: 'Team', participant_ids: members },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const send = (token: string, conversation_id: string, content = 'hello') =>
  api.call('POST', `${P}/messages`, { token, body: { conversation_id, content } });
const direct = (token: string, recipient_user_id: string) =>
  api.call('POST', `${P}/direct`, { token, body: { recipient_user_id, content: 'hi' } });
const block = (token: string, user: string) => api.call('POST', `${P}/users/${user}/block`, { token });
const unblock = (token: string, user: string) => api.call('DELETE', `${P}/users/${user}/block`, { token });

/** Runs `request` and checks it answered `status` with `code` and wrote nothing to the log. */
async function refused(request: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = logHead(api.dataDir);
  const res = await request();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body).toMatchObject({ status, detail: expect.any(String) });
  expect(logHead(api.dataDir)).toEqual(before);
  return res;
}

describe('blocking', () => {
  it('blocks once, lists whom the caller blocks, and unblocks once', async () => {
    const first = await block(alice, 'mallory');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      user_id: 'alice',
      blocked_user_id: 'mallory',
      blocked: true,
      blocked_at: expect.any(String),
    });
    expect(first.headers.get('x-consistency-token')).not.toBeNull();
    const head = logHead(api.dataDir);
    const again = await block(alice, 'mallory');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-consistency-token')).toBeNull();
    expect(logHead(api.dataDir)).toEqual(head);

    const listed = await api.call('GET', `${P}/users/blocked`, { token: alice });
    expect(listed.body).toEqual([{ user_id: 'mallory', blocked_at: first.body.blocked_at }]);

    expect((await unblock(alice, 'mallory')).body).toMatchObject({ blocked: false, blocked_at: null });
    const head2 = logHead(api.dataDir);
    expect((await unblock(alice, 'mallory')).body).toMatchObject({ blocked: false });
    expect(logHead(api.dataDir)).toEqual(head2);
    expect((await api.call('GET', `${P}/users/blocked`, { token: alice })).body).toEqual([]);
  });

  it('refuses blocking yourself', async () => {
    await refused(() => block(alice, 'alice'), 400, 'cannot_block_yourself');
  });

  it('stops direct messages both ways, with the same neutral 403, until unblocked', async () => {
    const dave = tokenFor('dave');
    const erin = tokenFor('erin');
    expect((await direct(dave, 'erin')).status).toBe(201);
    expect((await block(erin, 'dave')).status).toBe(200);
    const toBlocker = await refused(() => direct(dave, 'erin'), 403, 'blocked');
    const toBlocked = await refused(() => direct(erin, 'dave'), 403, 'blocked');
    expect(toBlocker.body.detail).toBe(toBlocked.body.detail);
    // By conversation id too, and opening the conversation again.
    const opened = await api.call('POST', `${P}/conversations`, {
      token: dave,
      body: { conversation_type: 'direct', participant_ids: ['erin'] },
    });
    expect(opened.status).toBe(403);
    const conversationId = (await direct(dave, 'frank')).body.conversation_id as string;
    expect(conversationId).toMatch(/^dm_/);
    const dm = (await api.call('GET', `${P}/conversations`, { token: dave })).body.find(
      (c: { participants?: unknown; conversation_type: string; id: string }) =>
        c.conversation_type === 'direct' && c.id !== conversationId,
    );
    await refused(() => send(dave, dm.id), 403, 'blocked');
    expect((await unblock(erin, 'dave')).status).toBe(200);
    expect((await direct(dave, 'erin')).status).toBe(201);
    expect((await send(erin, dm.id)).status).toBe(201);
  });

  it('a blocked user cannot add the blocker to a group or create one with them; groups they share go on', async () => {
    const gina = tokenFor('gina');
    const shared = await group(gina, ['hank']);
    expect((await block(tokenFor('hank'), 'gina')).status).toBe(200);
    const other = await group(gina, []);
    await refused(
      () =>
        api.call('POST', `${P}/conversations/${other}/participants`, {
          token: gina,
          body: { user_id: 'hank' },
        }),
      403,
      'blocked',
    );
    await refused(
      () =>
        api.call('POST', `${P}/conversations`, {
          token: gina,
          body: { name: 'x', participant_ids: ['hank'] },
        }),
      403,
      'blocked',
    );
    expect((await send(gina, shared)).status).toBe(201);
    expect((await send(tokenFor('hank'), shared)).status).toBe(201);
  });
});

describe('timeouts', () => {
  it('a timed-out member gets 403 timed_out with until; others write on; lifting restores them', async () => {
    const id = await group();
    const message = (await send(bob, id)).body.id as string;
    const timeout = await api.call('POST', `${P}/conversations/${id}/participants/bob/timeout`, {
      token: alice,
      body: { duration_seconds: 600 },
    });
    expect(timeout.status).toBe(200);
    expect(timeout.body).toEqual({
      conversation_id: id,
      user_id: 'bob',
      timed_out_until: expect.any(String),
    });
    const until = timeout.body.timed_out_until as string;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(590_000);

    const sent = await refused(() => send(bob, id), 403, 'timed_out');
    expect(sent.body.until).toBe(until);
    await refused(
      () => api.call('PUT', `${P}/messages/${message}`, { token: bob, body: { content: 'x' } }),
      403,
      'timed_out',
    );
    await refused(
      () => api.call('POST', `${P}/messages/${message}/reactions`, { token: bob, body: { emoji: ':+1:' } }),
      403,
      'timed_out',
    );
    await refused(
      () => api.call('POST', `${P}/typing`, { token: bob, body: { conversation_id: id, is_typing: true } }),
      403,
      'timed_out',
    );
    expect((await send(carol, id)).status).toBe(201);
    expect((await api.call('DELETE', `${P}/messages/${message}`, { token: bob })).status).toBe(200);

    const lifted = await api.call('DELETE', `${P}/conversations/${id}/participants/bob/timeout`, {
      token: alice,
    });
    expect(lifted.body).toEqual({ conversation_id: id, user_id: 'bob', timed_out_until: null });
    expect((await send(bob, id)).status).toBe(201);
  });

  it('takes an ISO until, refuses one in the past, both or neither, members, admins and yourself', async () => {
    const id = await group();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const res = await api.call('POST', `${P}/conversations/${id}/participants/carol/timeout`, {
      token: alice,
      body: { until },
    });
    expect(res.body.timed_out_until).toBe(until);
    const path = `${P}/conversations/${id}/participants/carol/timeout`;
    await refused(
      () => api.call('POST', path, { token: alice, body: { until: '2001-01-01T00:00:00Z' } }),
      400,
      'invalid_timeout',
    );
    await refused(() => api.call('POST', path, { token: alice, body: {} }), 400, 'invalid_request');
    await refused(
      () => api.call('POST', path, { token: alice, body: { until: '2999-01-01T00:00:00Z' } }),
      400,
      'invalid_timeout',
    );
    await refused(
      () => api.call('POST', path, { token: alice, body: { until, duration_seconds: 5 } }),
      400,
      'invalid_request',
    );
    await refused(
      () => api.call('POST', path, { token: bob, body: { duration_seconds: 5 } }),
      403,
      'not_an_admin',
    );
    await refused(
      () =>
        api.call('POST', `${P}/conversations/${id}/participants/alice/timeout`, {
          token: alice,
          body: { duration_seconds: 5 },
        }),
      400,
      'cannot_moderate_yourself',
    );
    await refused(
      () => api.call('POST', path, { token: tokenFor('zoe'), body: { duration_seconds: 5 } }),
      404,
      'conversation_not_found',
    );
  });
});

describe('bans', () => {
  it('removes and bans; a banned user cannot be added back until unbanned', async () => {
    const id = await group();
    const banned = await api.call('POST', `${P}/conversations/${id}/participants/bob/ban`, {
      token: alice,
      body: { reason: 'spam' },
    });
    expect(banned.status).toBe(200);
    expect(banned.body).toEqual({ conversation_id: id, user_id: 'bob', banned: true });
    const participants = await api.call('GET', `${P}/conversations/${id}/participants`, { token: alice });
    expect(participants.body.map((p: { user_id: string }) => p.user_id).sort()).toEqual(['alice', 'carol']);
    await refused(() => send(bob, id), 404, 'conversation_not_found');
    const add = () =>
      api.call('POST', `${P}/conversations/${id}/participants`, { token: alice, body: { user_id: 'bob' } });
    await refused(add, 409, 'user_banned');
    const head = logHead(api.dataDir);
    expect(
      (await api.call('POST', `${P}/conversations/${id}/participants/bob/ban`, { token: alice })).body.banned,
    ).toBe(true);
    expect(logHead(api.dataDir)).toEqual(head);

    const unbanned = await api.call('DELETE', `${P}/conversations/${id}/participants/bob/ban`, {
      token: alice,
    });
    expect(unbanned.body).toEqual({ conversation_id: id, user_id: 'bob', banned: false });
    expect((await add()).status).toBe(201);
  });

  it('appears in audit time travel and in the audit event list', async () => {
    const id = await group();
    await api.call('POST', `${P}/conversations/${id}/participants/carol/timeout`, {
      token: alice,
      body: { duration_seconds: 60 },
    });
    await api.call('POST', `${P}/conversations/${id}/participants/bob/ban`, {
      token: alice,
      body: { reason: 'spam' },
    });
    const state = await api.call(
      'GET',
      `/api/v1/audit/conversations/${id}/state?as_of=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
      { token: auditor },
    );
    expect(state.status).toBe(200);
    expect(state.body.banned).toEqual([
      { user_id: 'bob', banned_by: 'alice', banned_at: expect.any(String), reason: 'spam' },
    ]);
    expect(
      state.body.participants.find((p: { user_id: string }) => p.user_id === 'carol').timed_out_until,
    ).toEqual(expect.any(String));
    const events = await api.call('GET', `/api/v1/audit/conversations/${id}/events`, { token: auditor });
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['ParticipantTimedOut', 'ParticipantRemoved', 'ParticipantBanned']),
    );
  });
});

describe('reports', () => {
  it('a participant reports; moderators list open reports with the message and resolve them', async () => {
    const id = await group();
    const message = (await send(bob, id, 'buy cheap things')).body.id as string;
    const report = await api.call('POST', `${P}/messages/${message}/reports`, {
      token: carol,
      body: { reason: 'spam' },
    });
    expect(report.status).toBe(201);
    expect(report.body).toEqual({
      report_id: expect.stringMatching(/^rp_/),
      message_id: message,
      conversation_id: id,
      status: 'open',
      reported_at: expect.any(String),
    });
    const again = await api.call('POST', `${P}/messages/${message}/reports`, {
      token: carol,
      body: { reason: 'really' },
    });
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: report.body });

    const open = await api.call('GET', `${P}/moderation/reports?status=open&limit=200`, { token: moderator });
    expect(open.status).toBe(200);
    const listed = open.body.find((r: { report_id: string }) => r.report_id === report.body.report_id);
    expect(listed).toMatchObject({
      status: 'open',
      reason: 'spam',
      reported_by: 'carol',
      conversation_id: id,
      message_id: message,
      message: { id: message, user_id: 'bob', content: 'buy cheap things', is_deleted: false },
      outcome: null,
    });

    const resolved = await api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
      token: moderator,
      body: { outcome: 'message_deleted', note: 'spam link' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({
      report_id: report.body.report_id,
      status: 'resolved',
      outcome: 'message_deleted',
      resolved_by: 'mod',
      resolved_at: expect.any(String),
      message_deleted: true,
    });
    // The token of the resolution (written after the deletion) reads the deletion too.
    const history = await api.call('GET', `${P}/conversations/${id}/messages`, {
      token: alice,
      headers: { 'x-consistency-token': resolved.headers.get('x-consistency-token') as string },
    });
    expect(history.body.find((m: { id: string }) => m.id === message)).toMatchObject({ is_deleted: true });
    const openAfter = await api.call('GET', `${P}/moderation/reports`, { token: moderator });
    expect(openAfter.body.some((r: { report_id: string }) => r.report_id === report.body.report_id)).toBe(
      false,
    );
    const done = await api.call('GET', `${P}/moderation/reports?status=resolved`, { token: moderator });
    expect(done.body.find((r: { report_id: string }) => r.report_id === report.body.report_id)).toMatchObject(
      {
        status: 'resolved',
        outcome: 'message_deleted',
        note: 'spam link',
        resolved_by: 'mod',
        message: { is_deleted: true, content: '' },
      },
    );
    // The same outcome again changes nothing; another is a conflict.
    const head = logHead(api.dataDir);
    const repeat = await api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
      token: moderator,
      body: { outcome: 'message_deleted' },
    });
    expect(repeat.body).toEqual({ ...resolved.body, message_deleted: false });
    const byAnother = await api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
      token: tokenFor('mod2', { roles: ['moderator'] }),
      body: { outcome: 'message_deleted' },
    });
    expect(byAnother.body).toMatchObject({ resolved_by: 'mod', resolved_at: resolved.body.resolved_at });
    expect(logHead(api.dataDir)).toEqual(head);
    await refused(
      () =>
        api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
          token: moderator,
          body: { outcome: 'dismissed' },
        }),
      409,
      'report_resolved',
    );
  });

  it('refuses own messages, blank reasons, messages one cannot see and deleted ones; non-moderators get 403', async () => {
    const id = await group();
    const message = (await send(bob, id)).body.id as string;
    const report = (token: string, reason = 'spam', target = message) =>
      api.call('POST', `${P}/messages/${target}/reports`, { token, body: { reason } });
    await refused(() => report(bob), 400, 'cannot_report_own_message');
    await refused(() => report(carol, '   '), 400, 'invalid_request');
    await refused(() => report(tokenFor('zoe')), 404, 'message_not_found');
    await refused(() => report(carol, 'spam', 'nonsense'), 404, 'message_not_found');
    await api.call('DELETE', `${P}/messages/${message}`, { token: bob });
    await refused(() => report(carol), 409, 'message_deleted');
    for (const token of [alice, auditor]) {
      await refused(
        () => api.call('GET', `${P}/moderation/reports`, { token }),
        403,
        'moderator_role_required',
      );
      await refused(
        () =>
          api.call('POST', `${P}/moderation/reports/rp_x/resolve`, { token, body: { outcome: 'dismissed' } }),
        403,
        'moderator_role_required',
      );
    }
    await refused(
      () =>
        api.call('POST', `${P}/moderation/reports/rp_x/resolve`, {
          token: moderator,
          body: { outcome: 'dismissed' },
        }),
      404,
      'report_not_found',
    );
  });

  it('dismissing leaves the message', async () => {
    const id = await group();
    const message = (await send(bob, id, 'fine')).body.id as string;
    const report = await api.call('POST', `${P}/messages/${message}/reports`, {
      token: alice,
      body: { reason: 'hmm' },
    });
    const resolved = await api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
      token: moderator,
      body: { outcome: 'dismissed' },
    });
    expect(resolved.body).toMatchObject({ outcome: 'dismissed', message_deleted: false });
    // Another moderator deciding otherwise afterwards is refused, and deletes nothing.
    await refused(
      () =>
        api.call('POST', `${P}/moderation/reports/${report.body.report_id}/resolve`, {
          token: tokenFor('mod2', { roles: ['moderator'] }),
          body: { outcome: 'message_deleted' },
        }),
      409,
      'report_resolved',
    );
    const history = await api.call('GET', `${P}/conversations/${id}/messages`, { token: alice });
    expect(history.body.find((m: { id: string }) => m.id === message)).toMatchObject({ is_deleted: false });
  });
});
