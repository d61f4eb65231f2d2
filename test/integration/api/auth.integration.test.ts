import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TEST_SECRET, testServerSuite } from '../../support/api-server';

const api = testServerSuite();

const send = (token?: string) =>
  api.call('POST', '/api/v1/chat/presence', { token, body: { status: 'online' } });

describe('authentication', () => {
  it('answers /health without a token', async () => {
    const res = await api.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('accepts a valid token', async () => {
    expect((await send(api.token('alice'))).status).toBe(200);
  });

  const key = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));
  const refused: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['a malformed token', () => 'not-a-jwt'],
    ['a wrong signature', () => jwt.sign({ sub: 'alice' }, 'another-secret-entirely', { expiresIn: 60 })],
    ['an expired token', () => jwt.sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }, key)],
    ['a token without exp', () => jwt.sign({ sub: 'alice' }, key)],
    ['a token without sub', () => jwt.sign({ name: 'x' }, key, { expiresIn: 60 })],
    [
      'alg none',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(`{"sub":"alice","exp":${Math.floor(Date.now() / 1000) + 60}}`).toString('base64url')}.`,
    ],
    [
      'an RS256 token',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return jwt.sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256', expiresIn: 60 });
      },
    ],
  ];
  it.each(refused)('refuses %s with 401 and a problem document', async (_, make) => {
    const res = await send(make());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized', title: 'Unauthorized' });
    expect(res.body.detail).toEqual(expect.any(String));
  });

  it('refuses a token on the wrong scheme', async () => {
    const res = await api.call('POST', '/api/v1/chat/presence', {
      headers: { authorization: `Basic ${api.token('alice')}` },
      body: { status: 'online' },
    });
    expect(res.status).toBe(401);
  });
});

describe('public documents', () => {
  it('serves an OpenAPI document naming every command endpoint', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const path of [
      '/api/v1/chat/conversations',
      '/api/v1/chat/messages',
      '/api/v1/chat/messages/{message_id}',
      '/api/v1/chat/conversations/{conversation_id}/read',
      '/api/v1/chat/direct',
      '/api/v1/chat/typing',
      '/api/v1/chat/presence',
      '/api/v1/chat/conversations/{conversation_id}/participants',
    ]) {
      expect(paths).toContain(path);
    }
    const send = res.body.paths['/api/v1/chat/messages'].post;
    expect(send.requestBody.content['application/json'].schema.properties).toHaveProperty('content');
    expect(send.responses['201'].content['application/json'].schema.properties).toHaveProperty(
      'client_message_id',
    );
  });

  it('serves a docs page', async () => {
    const page = await api.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const asset = await fetch(`${api.url}/docs/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(1000);
  });

  it('answers unknown routes with a JSON 404 and sets anti-sniffing headers', async () => {
    const res = await api.call('GET', '/api/v1/chat/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
