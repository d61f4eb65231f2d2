import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../../src/config/config';
import { silentLogger } from '../../../src/observability/logger';
import { type RunningServer, startServer } from '../../../src/server';
import { tempDir } from '../../support/temp-dir';

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
      { logger: silentLogger() },
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
