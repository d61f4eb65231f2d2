import { startTestServer, type TestServer } from '../support/api-server';

/** The demo page and its development sign-in, on a real server. */
describe('demo page', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  async function server(env: Record<string, string | undefined> = {}) {
    const s = await startTestServer(env as Record<string, string>);
    servers.push(s);
    return s;
  }

  it('is served from the build output with a CSP that allows only its own scripts', async () => {
    const s = await server();
    const bare = await fetch(`${s.url}/demo`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/demo/');
    const page = await s.call('GET', '/demo/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="app.js">');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const script = await s.call('GET', '/demo/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect((await s.call('GET', '/demo/../package.json')).status).toBe(404);
    expect((await s.call('GET', '/demo/secret.key')).status).toBe(404);
  });

  it('offers no development sign-in when SECRET_KEY is configured', async () => {
    const s = await server();
    expect((await s.call('GET', '/demo/config.json')).body).toEqual({ dev_sign_in: false });
    const attempt = await s.call('POST', '/demo/dev-token', { body: { user_id: 'mallory' } });
    expect(attempt.status).toBeGreaterThanOrEqual(400);
    expect(attempt.body?.token).toBeUndefined();
  });

  it('signs in as any user name with the generated development secret', async () => {
    const s = await server({ SECRET_KEY: undefined });
    expect((await s.call('GET', '/demo/config.json')).body).toEqual({ dev_sign_in: true });
    const signed = await s.call('POST', '/demo/dev-token', { body: { user_id: 'zoe' } });
    expect(signed.status).toBe(200);
    const list = await s.call('GET', '/api/v1/chat/conversations', { token: signed.body.token });
    expect(list.status).toBe(200);
    const bad = await s.call('POST', '/demo/dev-token', { body: { user_id: 'no spaces <b>' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.user_id']);
  });

  it('is off with DEMO_ENABLED=false', async () => {
    const s = await server({ DEMO_ENABLED: 'false' });
    expect((await s.call('GET', '/demo/')).status).toBe(404);
    expect((await s.call('GET', '/demo/config.json')).status).toBe(404);
  });
});
