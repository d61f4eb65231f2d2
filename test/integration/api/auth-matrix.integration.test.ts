import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../../src/config/config';
import { type RunningServer, startServer } from '../../../src/server';
import { startTestServer, TEST_SECRET, type TestServer } from '../../support/api-server';
import { tempDir } from '../../support/temp-dir';

describe('every authenticated endpoint', () => {
  let api: TestServer;
  let routes: [string, string][];
  beforeAll(async () => {
    api = await startTestServer();
    const doc = (await api.call('GET', '/openapi.json')).body;
    routes = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.security)
          .map(
            ([method, _]) => [method.toUpperCase(), path.replace(/\{[a-z_]+\}/g, 'abc')] as [string, string],
          ),
    );
  });
  afterAll(() => api.stop());

  it('lists every command endpoint', () => {
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  const expired = () =>
    jwt.sign(
      { sub: 'alice', exp: Math.floor(Date.now() / 1000) - 10 },
      createSecretKey(Buffer.from(TEST_SECRET)),
    );
  it.each([
    ['no token', () => undefined],
    ['an expired token', expired],
    ['a forged token', () => jwt.sign({ sub: 'alice' }, 'forged-secret-of-some-length', { expiresIn: 60 })],
  ])('answers 401 to %s, before reading the body', async (_, make) => {
    for (const [method, path] of routes) {
      const body = method === 'GET' ? undefined : '{not json';
      const res = await api.call(method, path, { token: make(), body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });
});

describe('RS256 tokens from a JWKS URL', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: Server;
  let server: RunningServer;
  let url: string;
  const data = tempDir();
  beforeAll(async () => {
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' };
    jwks = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    server = await startServer(
      loadConfig({ PORT: '0', WS_PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, JWKS_URL: jwksUrl }),
      () => {},
    );
    url = `http://127.0.0.1:${server.port}/api/v1/chat/presence`;
  });
  afterAll(async () => {
    await server.close();
    jwks.close();
    data.remove();
  });

  const call = (token: string) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'online' }),
    });

  it('accepts a token signed by a key of the set', async () => {
    const token = jwt.sign({ sub: 'alice', name: 'Alice' }, privateKey, {
      algorithm: 'RS256',
      keyid: 'key-1',
      expiresIn: 60,
    });
    expect((await call(token)).status).toBe(200);
  });

  it('refuses HS256, unknown keys and other signers', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const tokens = [
      jwt.sign({ sub: 'alice' }, 'some-shared-secret-value', {
        algorithm: 'HS256',
        keyid: 'key-1',
        expiresIn: 60,
      }),
      jwt.sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256', keyid: 'key-2', expiresIn: 60 }),
      jwt.sign({ sub: 'alice' }, other, { algorithm: 'RS256', keyid: 'key-1', expiresIn: 60 }),
    ];
    for (const token of tokens) expect((await call(token)).status).toBe(401);
  });
});
