import { startTestServer, type TestResponse, type TestServer } from '../../support/api-server';
import {
  type CallerKind,
  ROLES,
  type Role,
  roleToken,
  unauthenticatedKinds,
  wrongAudienceKinds,
} from '../../support/caller-kinds';
import { buildWorld, type ChatWorld, UNKNOWN_WORLD } from '../../support/chat-world';
import { logHead } from '../../support/event-log-head';
import { refusal, WsClients } from '../../support/ws-client';

/**
 * Every REST endpoint and both WebSocket paths, tried by every kind of caller, with the exact status
 * the design's rule gives (DESIGN decision 3 and 11): 401 without a valid token; 404 for a
 * non-participant, answered exactly like an unknown conversation; 403 for a participant without the
 * right and for non-auditors on audit endpoints; the auditor role opens nothing on the chat endpoints.
 * The operator role opens the webhook administration and the erasure of other users only.
 */

const C = '/api/v1/chat';
const A = '/api/v1/audit';
const NO_LIMITS = {
  SEND_RATE_LIMIT: '0',
  TYPING_RATE_LIMIT: '0',
  CONVERSATIONS_PER_MINUTE: '0',
  UPLOADS_PER_MINUTE: '0',
};
const WEBHOOKS_ON = { WEBHOOK_SECRET: 'webhook-secret-of-some-length' };

interface Request {
  path: string;
  body?: unknown;
}
interface EndpointCase {
  /** `METHOD /openapi/path`, optionally followed by ` (variant)`. */
  key: string;
  request(world: ChatWorld, me: string): Request;
  expect: Record<Role, number>;
}

const everyone = (status: number): Record<Role, number> => ({
  admin: status,
  participant: status,
  outsider: status,
  auditor: status,
  operator: status,
  moderator: status,
});
const members = (admin: number, participant: number): Record<Role, number> => ({
  admin,
  participant,
  outsider: 404,
  auditor: 404,
  operator: 404,
  moderator: 404,
});
const auditorsOnly = {
  admin: 403,
  participant: 403,
  outsider: 403,
  auditor: 200,
  operator: 403,
  moderator: 403,
};
const operatorsOnly = (status: number): Record<Role, number> => ({
  admin: 403,
  participant: 403,
  outsider: 403,
  auditor: 403,
  moderator: 403,
  operator: status,
});
const moderatorsOnly = (status: number): Record<Role, number> => ({
  admin: 403,
  participant: 403,
  outsider: 403,
  auditor: 403,
  operator: 403,
  moderator: status,
});

const conv = (w: ChatWorld) => `${C}/conversations/${w.conversationId}`;
const MATRIX: EndpointCase[] = [
  {
    key: `POST ${C}/conversations`,
    request: () => ({ path: `${C}/conversations`, body: { name: 'New', participant_ids: ['bob'] } }),
    expect: everyone(201),
  },
  { key: `GET ${C}/conversations`, request: () => ({ path: `${C}/conversations` }), expect: everyone(200) },
  {
    key: `PATCH ${C}/conversations/{conversation_id}`,
    request: (w) => ({ path: conv(w), body: { name: 'Renamed' } }),
    expect: members(200, 403),
  },
  {
    key: `GET ${C}/conversations/{conversation_id}`,
    request: (w) => ({ path: conv(w) }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/conversations/{conversation_id}/archive`,
    request: (w) => ({ path: `${conv(w)}/archive` }),
    expect: members(200, 403),
  },
  {
    key: `POST ${C}/conversations/{conversation_id}/participants`,
    request: (w) => ({ path: `${conv(w)}/participants`, body: { user_id: 'erin' } }),
    expect: members(201, 403),
  },
  {
    key: `GET ${C}/conversations/{conversation_id}/participants`,
    request: (w) => ({ path: `${conv(w)}/participants` }),
    expect: members(200, 200),
  },
  {
    key: `PATCH ${C}/conversations/{conversation_id}/participants/{user_id}`,
    request: (w) => ({ path: `${conv(w)}/participants/dave`, body: { role: 'admin' } }),
    expect: members(200, 403),
  },
  {
    key: `PATCH ${C}/conversations/{conversation_id}/participants/{user_id} (mute yourself)`,
    request: (w, me) => ({ path: `${conv(w)}/participants/${me}`, body: { is_muted: true } }),
    expect: members(200, 200),
  },
  {
    // Nobody mutes a conversation for someone else: 403 to participants, 404 to everyone else.
    key: `PATCH ${C}/conversations/{conversation_id}/participants/{user_id} (mute someone else)`,
    request: (w) => ({ path: `${conv(w)}/participants/dave`, body: { is_muted: true } }),
    expect: members(403, 403),
  },
  {
    key: `DELETE ${C}/conversations/{conversation_id}/participants/{user_id}`,
    request: (w) => ({ path: `${conv(w)}/participants/dave` }),
    expect: members(200, 403),
  },
  {
    // The last admin cannot leave without naming a successor: 409.
    key: `DELETE ${C}/conversations/{conversation_id}/participants/{user_id} (leave)`,
    request: (w, me) => ({ path: `${conv(w)}/participants/${me}` }),
    expect: members(409, 200),
  },
  {
    key: `POST ${C}/messages`,
    request: (w) => ({
      path: `${C}/messages`,
      body: { conversation_id: w.conversationId, content: 'hello' },
    }),
    expect: members(201, 201),
  },
  {
    key: `PUT ${C}/messages/{message_id}`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}`, body: { content: 'edited' } }),
    expect: members(200, 403),
  },
  {
    key: `DELETE ${C}/messages/{message_id}`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}` }),
    expect: members(200, 403),
  },
  {
    key: `DELETE ${C}/messages/{message_id} (the member's own)`,
    request: (w) => ({ path: `${C}/messages/${w.memberMessage}` }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/conversations/{conversation_id}/read`,
    request: (w) => ({ path: `${conv(w)}/read`, body: {} }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/direct`,
    request: () => ({ path: `${C}/direct`, body: { recipient_user_id: 'erin', content: 'hi' } }),
    expect: everyone(201),
  },
  {
    key: `POST ${C}/typing`,
    request: (w) => ({ path: `${C}/typing`, body: { conversation_id: w.conversationId, is_typing: true } }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/presence`,
    request: () => ({ path: `${C}/presence`, body: { status: 'busy' } }),
    expect: everyone(200),
  },
  {
    key: `GET ${C}/conversations/{conversation_id}/messages`,
    request: (w) => ({ path: `${conv(w)}/messages?limit=10` }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/messages/{message_id}/reactions`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}/reactions`, body: { emoji: '\u{1F44D}' } }),
    expect: members(200, 200),
  },
  {
    key: `DELETE ${C}/messages/{message_id}/reactions/{emoji}`,
    request: (w) => ({
      path: `${C}/messages/${w.adminMessage}/reactions/${encodeURIComponent('\u{1F44D}')}`,
    }),
    expect: members(200, 200),
  },
  {
    // Into the conversation the message comes from, which every participant can post to.
    key: `POST ${C}/messages/{message_id}/forward`,
    request: (w) => ({
      path: `${C}/messages/${w.adminMessage}/forward`,
      body: { conversation_id: w.conversationId },
    }),
    expect: members(201, 201),
  },
  {
    key: `GET ${C}/messages/{message_id}/replies`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}/replies` }),
    expect: members(200, 200),
  },
  {
    key: `GET ${C}/messages/{message_id}/versions`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}/versions` }),
    expect: members(200, 200),
  },
  {
    key: `POST ${C}/conversations/{conversation_id}/pins`,
    request: (w) => ({ path: `${conv(w)}/pins`, body: { message_id: w.memberMessage } }),
    expect: members(200, 403),
  },
  {
    key: `DELETE ${C}/conversations/{conversation_id}/pins/{message_id}`,
    request: (w) => ({ path: `${conv(w)}/pins/${w.memberMessage}` }),
    expect: members(200, 403),
  },
  {
    key: `GET ${C}/conversations/{conversation_id}/pins`,
    request: (w) => ({ path: `${conv(w)}/pins` }),
    expect: members(200, 200),
  },
  {
    // Uploads belong to no conversation: every valid token may upload.
    key: `POST ${C}/attachments`,
    request: () => ({ path: `${C}/attachments?filename=note.txt`, body: { any: 'bytes' } }),
    expect: everyone(201),
  },
  {
    // The participants of a conversation where a message carries it; 404 to everyone else.
    key: `GET ${C}/attachments/{attachment_id}`,
    request: (w) => ({ path: `${C}/attachments/${w.attachmentId}` }),
    expect: members(200, 200),
  },
  // Search names no conversation unless asked to: everyone searches their own conversations.
  { key: `GET ${C}/search`, request: () => ({ path: `${C}/search?q=admin` }), expect: everyone(200) },
  {
    key: `GET ${C}/search (one conversation)`,
    request: (w) => ({ path: `${C}/search?q=admin&conversation_id=${w.conversationId}` }),
    expect: members(200, 200),
  },
  // Erasing someone else takes the privacy_officer or operator role; erasing yourself is tried in
  // test/integration/privacy (it would erase this shared world). `zed` writes nothing here.
  {
    key: `POST ${C}/users/{user_id}/erasure`,
    request: () => ({ path: `${C}/users/zed/erasure` }),
    expect: operatorsOnly(200),
  },
  { key: `GET ${C}/users/online`, request: () => ({ path: `${C}/users/online` }), expect: everyone(200) },
  // Blocks are the caller's own: every valid token blocks, unblocks and lists whom it blocks.
  {
    key: `POST ${C}/users/{user_id}/block`,
    request: () => ({ path: `${C}/users/erin/block` }),
    expect: everyone(200),
  },
  {
    key: `DELETE ${C}/users/{user_id}/block`,
    request: () => ({ path: `${C}/users/erin/block` }),
    expect: everyone(200),
  },
  { key: `GET ${C}/users/blocked`, request: () => ({ path: `${C}/users/blocked` }), expect: everyone(200) },
  {
    key: `POST ${C}/conversations/{conversation_id}/participants/{user_id}/timeout`,
    request: (w) => ({ path: `${conv(w)}/participants/dave/timeout`, body: { duration_seconds: 60 } }),
    expect: members(200, 403),
  },
  {
    key: `DELETE ${C}/conversations/{conversation_id}/participants/{user_id}/timeout`,
    request: (w) => ({ path: `${conv(w)}/participants/dave/timeout` }),
    expect: members(200, 403),
  },
  {
    key: `POST ${C}/conversations/{conversation_id}/participants/{user_id}/ban`,
    request: (w) => ({ path: `${conv(w)}/participants/dave/ban`, body: { reason: 'spam' } }),
    expect: members(200, 403),
  },
  {
    key: `DELETE ${C}/conversations/{conversation_id}/participants/{user_id}/ban`,
    request: (w) => ({ path: `${conv(w)}/participants/dave/ban` }),
    expect: members(200, 403),
  },
  {
    // The admin wrote the message: reporting one's own message is a 400.
    key: `POST ${C}/messages/{message_id}/reports`,
    request: (w) => ({ path: `${C}/messages/${w.adminMessage}/reports`, body: { reason: 'spam' } }),
    expect: members(400, 201),
  },
  {
    key: `GET ${C}/moderation/reports`,
    request: () => ({ path: `${C}/moderation/reports?status=open` }),
    expect: moderatorsOnly(200),
  },
  {
    // The role is checked first; a moderator is told the report does not exist.
    key: `POST ${C}/moderation/reports/{report_id}/resolve`,
    request: () => ({ path: `${C}/moderation/reports/rp_unknown/resolve`, body: { outcome: 'dismissed' } }),
    expect: moderatorsOnly(404),
  },
  // Who the caller is: every valid token may ask, auditors included (it names no conversation).
  { key: `GET ${C}/me`, request: () => ({ path: `${C}/me` }), expect: everyone(200) },
  {
    key: `GET ${A}/conversations/{conversation_id}/events`,
    request: (w) => ({ path: `${A}/conversations/${w.conversationId}/events` }),
    expect: auditorsOnly,
  },
  {
    key: `GET ${A}/conversations/{conversation_id}/state`,
    request: (w) => ({
      path: `${A}/conversations/${w.conversationId}/state?as_of=${encodeURIComponent(new Date().toISOString())}`,
    }),
    expect: auditorsOnly,
  },
  {
    key: `GET ${A}/messages/{message_id}/history`,
    request: (w) => ({ path: `${A}/messages/${w.adminMessage}/history` }),
    expect: auditorsOnly,
  },
  {
    key: `GET ${C}/admin/webhooks`,
    request: () => ({ path: `${C}/admin/webhooks` }),
    expect: operatorsOnly(200),
  },
  {
    // A URL of its own per world: the operator's registration is new (nothing listens on port 9).
    key: `POST ${C}/admin/webhooks`,
    request: (w) => ({
      path: `${C}/admin/webhooks`,
      body: { url: `http://127.0.0.1:9/${w.conversationId}` },
    }),
    expect: operatorsOnly(201),
  },
  {
    key: `DELETE ${C}/admin/webhooks/{webhook_id}`,
    request: () => ({ path: `${C}/admin/webhooks/no-such-webhook` }),
    expect: operatorsOnly(404),
  },
];

const methodOf = (c: EndpointCase) => c.key.split(' ')[0] as string;
const routeOf = (c: EndpointCase) => c.key.replace(/ \(.*\)$/, '');
const ROLE_NAMES = Object.keys(ROLES) as Role[];

function callAs(api: TestServer, c: EndpointCase, header: string | undefined, request: Request) {
  return api.call(methodOf(c), request.path, {
    headers: header === undefined ? {} : { authorization: header },
    body: request.body,
  });
}

/** What a refusal looks like to the caller: everything but the instance-specific parts. */
function shapeOf(res: TestResponse) {
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: res.body,
  };
}

function expectProblem(res: TestResponse, status: number) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code: expect.any(String), detail: expect.any(String) });
}

let api: TestServer;
const clients = new WsClients();
beforeAll(async () => {
  api = await startTestServer({ ...NO_LIMITS, ...WEBHOOKS_ON });
  // Each caller's first act records their profile in the log; do it now so that a refused request
  // below can be held to writing nothing at all.
  for (const role of ROLE_NAMES) {
    const res = await api.call('POST', `${C}/presence`, {
      token: roleToken(role),
      body: { status: 'online' },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await clients.closeAll();
  await api.stop();
});

describe('the matrix covers the API', () => {
  it('has an expectation for every endpoint of /openapi.json, and none for an endpoint that does not exist', async () => {
    const doc = (await api.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(new Set(MATRIX.map(routeOf))).toEqual(new Set(documented));
  });
});

describe.each(MATRIX.map((c) => [c.key, c] as const))('%s', (_, endpoint) => {
  let shared: ChatWorld;
  beforeAll(async () => {
    shared = await buildWorld(api.call, { admin: roleToken('admin'), member: roleToken('participant') });
  });

  it.each(unauthenticatedKinds().map((k) => [k.name, k] as const))(
    'answers 401 to %s, whatever the body, and writes nothing',
    async (_, kind: CallerKind) => {
      const before = logHead(api.dataDir);
      const request = endpoint.request(shared, 'alice');
      const res = await callAs(api, endpoint, kind.header, request);
      expect(res.status).toBe(401);
      expectProblem(res, 401);
      expect(res.body.code).toBe('unauthorized');
      if (methodOf(endpoint) !== 'GET') {
        const garbled = await api.call(methodOf(endpoint), request.path, {
          headers: kind.header === undefined ? {} : { authorization: kind.header },
          body: '{"not json',
        });
        expect(garbled.status).toBe(401);
      }
      expect(logHead(api.dataDir)).toEqual(before);
    },
  );

  it.each(ROLE_NAMES.map((role) => [role, endpoint.expect[role]] as const))(
    'answers the %s %i',
    async (role, status) => {
      const world = await buildWorld(api.call, {
        admin: roleToken('admin'),
        member: roleToken('participant'),
      });
      const me = ROLES[role].user;
      const before = logHead(api.dataDir);
      const res = await callAs(api, endpoint, `Bearer ${roleToken(role)}`, endpoint.request(world, me));
      expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
      if (status >= 400) {
        expectProblem(res, status);
        expect(logHead(api.dataDir)).toEqual(before);
      }
      if (status === 404 || (status === 403 && role === 'outsider')) {
        // No existence oracle: the same answer, byte for byte, as for a conversation that does not exist.
        const unknown = await callAs(
          api,
          endpoint,
          `Bearer ${roleToken(role)}`,
          endpoint.request(UNKNOWN_WORLD, me),
        );
        expect(shapeOf(res)).toEqual(shapeOf(unknown));
      }
    },
  );
});

describe.each([
  ['the single-conversation path', true],
  ['the all-conversations path', false],
] as const)('WebSocket upgrades on %s', (_, single) => {
  let world: ChatWorld;
  beforeAll(async () => {
    world = await buildWorld(api.call, { admin: roleToken('admin'), member: roleToken('participant') });
  });
  afterEach(() => clients.closeAll());

  const ports = [
    ['the WebSocket port', () => api.server.wsPort],
    ['the REST port (forwarded)', () => api.server.port],
  ] as const;
  const urlOf = (port: number, token: string, conversationId = world.conversationId) =>
    `ws://127.0.0.1:${port}${C}/ws${single ? `/${conversationId}` : ''}?token=${encodeURIComponent(token)}`;

  describe.each(ports)('on %s', (_, portOf) => {
    it.each(unauthenticatedKinds().map((k) => [k.name, k] as const))(
      'answers 401 to %s',
      async (_, kind: CallerKind) => {
        const answer = await refusal(urlOf(portOf(), kind.wsToken), kind.wsHeaders);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ status: 401, code: 'unauthorized' });
      },
    );

    const expected: Record<Role, number> = single
      ? { admin: 101, participant: 101, outsider: 404, auditor: 404, operator: 404, moderator: 404 }
      : everyone(101);
    it.each(ROLE_NAMES.map((role) => [role, expected[role]] as const))(
      'answers the %s %i',
      async (role, status) => {
        const url = urlOf(portOf(), roleToken(role));
        if (status === 101) {
          const client = await clients.connect(url);
          expect(await client.waitForType('connected')).toMatchObject(
            single ? { conversation_id: world.conversationId } : {},
          );
          return;
        }
        const answer = await refusal(url);
        expect(answer.status).toBe(status);
        // No existence oracle: an unknown conversation gets the very same refusal.
        const unknown = await refusal(urlOf(portOf(), roleToken(role), UNKNOWN_WORLD.conversationId));
        expect({ status: answer.status, type: answer.headers['content-type'], body: answer.body }).toEqual({
          status: unknown.status,
          type: unknown.headers['content-type'],
          body: unknown.body,
        });
      },
    );
  });
});

describe('a server configured with JWT_AUDIENCE', () => {
  const AUDIENCE = 'chat-api';
  let aud: TestServer;
  let world: ChatWorld;
  beforeAll(async () => {
    aud = await startTestServer({ ...NO_LIMITS, JWT_AUDIENCE: AUDIENCE });
    world = await buildWorld(aud.call, {
      admin: roleToken('admin', AUDIENCE),
      member: roleToken('participant', AUDIENCE),
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await aud.stop();
  });

  it.each(wrongAudienceKinds(AUDIENCE).map((k) => [k.name, k] as const))(
    'answers 401 to %s on every endpoint and both WebSocket paths',
    async (_, kind) => {
      for (const endpoint of MATRIX) {
        const res = await callAs(aud, endpoint, kind.header, endpoint.request(world, 'alice'));
        expect({ endpoint: endpoint.key, status: res.status }).toEqual({
          endpoint: endpoint.key,
          status: 401,
        });
      }
      for (const port of [aud.server.wsPort, aud.server.port]) {
        for (const path of [`/${world.conversationId}`, '']) {
          const answer = await refusal(`ws://127.0.0.1:${port}${C}/ws${path}?token=${kind.wsToken}`);
          expect({ port, path, status: answer.status }).toEqual({ port, path, status: 401 });
        }
      }
    },
  );

  it('lets a token for its audience in (the control case)', async () => {
    const res = await aud.call('GET', `${C}/conversations/${world.conversationId}`, {
      token: roleToken('participant', AUDIENCE),
    });
    expect(res.status).toBe(200);
    const client = await clients.connect(
      `ws://127.0.0.1:${aud.server.wsPort}${C}/ws/${world.conversationId}?token=${roleToken('participant', AUDIENCE)}`,
    );
    await client.waitForType('connected');
  });
});
