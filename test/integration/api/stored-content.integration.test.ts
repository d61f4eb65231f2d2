import fc from 'fast-check';
import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import type { WsClient } from '../../support/ws-client';

/**
 * Message content is data: whatever a client sends (markup, script, SQL, control characters, emoji,
 * astral code points) is stored and returned exactly, over REST and WebSocket, and every response
 * carries the headers that stop a browser from sniffing or rendering it as a page.
 */

const C = '/api/v1/chat';
const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(document.cookie)">',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  // Template syntax of several engines; a server that evaluated it would answer 49.
  `\${7*7} {{7*7}} <%= 7*7 %>`,
  "'; DROP TABLE events; --",
  "Robert'); DELETE FROM messages WHERE 1=1;--",
  '%s%n%x%d',
  '\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f',
  'line\r\nSet-Cookie: session=stolen\r\n\r\n',
  '\t\b\f\v trailing spaces   ',
  '\u2028\u2029 separators',
  '\ufeffBOM and \u200bzero\u200dwidth and \u202eoverride',
  '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽',
  '𝄞 𐍈 😀 𠜎 \u{10FFFD}',
  'e\u0301 a\u0308 combining',
  '__proto__',
  '{"type":"message","content":"forged frame"}',
  '\\"\\\\ backslashes \\u0041',
  '</script><!--',
];

const { node, chat, clients } = realtimeSuite(
  {
    env: { SEND_RATE_LIMIT: '0', TYPING_RATE_LIMIT: '0', CONVERSATIONS_PER_MINUTE: '0' },
  },
  false,
);
let conversationId: string;
let single: WsClient;
let all: WsClient;
const alice = tokenFor('alice');
const bob = tokenFor('bob');
const auditor = tokenFor('auditor-1', { roles: ['auditor'] });

beforeAll(async () => {
  conversationId = await chat.createGroup(alice, ['bob']);
  single = await clients.connect(node.wsUrl(`/${conversationId}`, bob));
  all = await clients.connect(node.restWsUrl('', bob));
  await Promise.all([single.waitForType('connected'), all.waitForType('connected')]);
});

/** Sends `content` and checks that every way of reading it back returns exactly the same string. */
async function roundTrip(content: string): Promise<void> {
  const sent = await node.call('POST', `${C}/messages`, {
    token: alice,
    body: { conversation_id: conversationId, content },
  });
  expect(sent.status).toBe(201);
  expect(sent.headers.get('content-type')).toMatch(/^application\/json/);
  expect(sent.body.content).toBe(content);
  const id = sent.body.id as string;

  for (const socket of [single, all]) {
    const frame = await socket.waitFor((f) => f.type === 'message' && f.message.id === id, 10_000);
    expect(frame.message.content).toBe(content);
  }
  const history = await node.call('GET', `${C}/conversations/${conversationId}/messages?limit=1`, {
    token: bob,
  });
  expect(history.body[0]).toMatchObject({ id, content });
  const list = await node.call('GET', `${C}/conversations`, { token: bob });
  expect(list.body.find((c: { id: string }) => c.id === conversationId).last_message.content).toBe(content);

  const edited = await node.call('PUT', `${C}/messages/${id}`, { token: alice, body: { content } });
  expect(edited.body.content).toBe(content);
  const editFrame = await single.waitFor((f) => f.type === 'message_edited' && f.message.id === id, 10_000);
  expect(editFrame.message.content).toBe(content);

  const versions = await node.call('GET', `/api/v1/audit/messages/${id}/history`, { token: auditor });
  expect(versions.body.versions.map((v: { content?: string }) => v.content)).toEqual([content, content]);
}

describe('message content', () => {
  it.each(NASTY.map((s) => [JSON.stringify(s), s]))('%s comes back exactly as sent', async (_, content) => {
    await roundTrip(content);
  });

  it('any well-formed text comes back exactly as sent (property)', async () => {
    const content = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 300 })
      .filter((s) => s.trim().length > 0 && !/\p{Cs}/u.test(s));
    await fc.assert(fc.asyncProperty(content, roundTrip), { numRuns: 30 });
  });
});

describe('response headers', () => {
  const SAFE = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };

  it.each([
    [
      'a created message',
      'POST',
      `${C}/messages`,
      () => ({ conversation_id: conversationId, content: '<b>x</b>' }),
      201,
    ],
    ['history', 'GET', () => `${C}/conversations/${conversationId}/messages`, undefined, 200],
    [
      'a validation error',
      'POST',
      `${C}/messages`,
      () => ({ conversation_id: conversationId, content: 5 }),
      400,
    ],
    ['an unknown conversation', 'GET', `${C}/conversations/nosuchthing/messages`, undefined, 404],
    ['an unknown route', 'GET', '/<script>alert(1)</script>', undefined, 404],
    ['a wrong method', 'PATCH', `${C}/messages`, () => ({}), 405],
    ['a missing token', 'GET', `${C}/conversations`, undefined, 401],
    ['the health check', 'GET', '/health', undefined, 200],
    ['the OpenAPI document', 'GET', '/openapi.json', undefined, 200],
  ] as const)(
    '%s is JSON that a browser will neither sniff nor render',
    async (_, method, path, body, status) => {
      const url = typeof path === 'function' ? path() : path;
      const token = status === 401 || url === '/health' ? undefined : alice;
      const res = await node.call(method, url, { token, body: body?.() });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(
        status >= 400 ? /^application\/problem\+json/ : /^application\/json/,
      );
      for (const [name, value] of Object.entries(SAFE)) expect(res.headers.get(name)).toBe(value);
    },
  );

  it('an unknown route is not echoed back as markup', async () => {
    const res = await node.call('GET', '/%3Cscript%3Ealert(1)%3C/script%3E', { token: alice });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the API document', () => {
  it('says content is stored verbatim and must be escaped by clients', async () => {
    const doc = (await node.call('GET', '/openapi.json')).body;
    const send = doc.paths['/api/v1/chat/messages'].post.requestBody.content['application/json'].schema;
    const message =
      doc.paths['/api/v1/chat/messages'].post.responses['201'].content['application/json'].schema;
    for (const described of [send.properties.content.description, message.properties.content.description]) {
      expect(described).toMatch(/verbatim/);
      expect(described).toMatch(/must escape/);
    }
  });
});
