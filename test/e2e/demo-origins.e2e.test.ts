import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/api-server';
import { DEMO_BUILD, describeInBrowser, launchChromium, signInWithToken } from '../support/browser';

jest.setTimeout(60_000);

/** The demo's build output served by a plain static server: a page of another origin than the API. */
async function staticDemo(): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { 'app.js': 'text/javascript', 'app.css': 'text/css' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.replace(/^\/demo\//, '') || 'index.html';
    if (!['index.html', 'app.js', 'app.css'].includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[name] ?? 'text/html' });
    res.end(readFileSync(join(DEMO_BUILD, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describeInBrowser('demo page from another origin, and development sign-in (end-to-end)', () => {
  let browser: Browser;
  let site: { origin: string; server: Server };
  const servers: TestServer[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    site = await staticDemo();
  });
  afterAll(async () => {
    await browser?.close();
    site?.server.close();
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function api(env: Record<string, string | undefined>): Promise<TestServer> {
    const s = await startTestServer(env as Record<string, string>);
    servers.push(s);
    return s;
  }
  async function crossOriginPage(s: TestServer, user: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    const url = `${site.origin}/demo/?server=${encodeURIComponent(s.url)}`;
    await signInWithToken(page, url, s.token(user, { name: user }));
    return page;
  }

  it('works when the page origin is allowed for REST and WebSocket', async () => {
    const s = await api({ CORS_ALLOWED_ORIGINS: site.origin, WS_ALLOWED_ORIGINS: site.origin });
    const group = await s.call('POST', '/api/v1/chat/conversations', {
      token: s.token('alice'),
      body: { name: 'Across origins', participant_ids: ['bob'] },
    });
    const page = await crossOriginPage(s, 'alice');
    await page.locator('#status[data-state="open"]').waitFor();
    await page.click(`#conversations li[data-id="${group.body.id}"]`);
    await page.fill('#message-input', 'sent from another origin');
    await page.press('#message-input', 'Enter');
    await page.locator('#messages .message .content', { hasText: 'sent from another origin' }).waitFor();
    const history = await s.call('GET', `/api/v1/chat/conversations/${group.body.id}/messages`, {
      token: s.token('bob'),
    });
    expect(history.body.map((m: { content: string }) => m.content)).toEqual(['sent from another origin']);
  });

  it('cannot sign in when the page origin is not allowed by CORS', async () => {
    const s = await api({ CORS_ALLOWED_ORIGINS: 'http://elsewhere.example', WS_ALLOWED_ORIGINS: '*' });
    const page = await crossOriginPage(s, 'alice');
    await page.locator('#error', { hasText: 'network error' }).waitFor();
    expect(await page.locator('#chat').isHidden()).toBe(true);
  });

  it('gets no WebSocket when the page origin is not allowed by WS_ALLOWED_ORIGINS', async () => {
    const s = await api({
      CORS_ALLOWED_ORIGINS: site.origin,
      WS_ALLOWED_ORIGINS: 'http://elsewhere.example',
    });
    const page = await crossOriginPage(s, 'alice');
    await page.locator('#chat').waitFor();
    // REST works; the socket is refused (403 at the upgrade) and the page keeps retrying.
    await page.locator('#status[data-state="reconnecting"]').waitFor();
    expect(await page.locator('#status').getAttribute('data-state')).not.toBe('open');
  });

  it('signs in as any user name with the development form, only on a server with its generated secret', async () => {
    const dev = await api({ SECRET_KEY: undefined });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${dev.url}/demo`);
    await page.locator('#dev-form').waitFor();
    await page.fill('#dev-user', 'zoe');
    await page.click('#dev-form button');
    await page.locator('#me', { hasText: 'signed in as zoe' }).waitFor();
    await page.locator('#status[data-state="open"]').waitFor();

    const configured = await api({});
    const other = await (await browser.newContext()).newPage();
    const config = other.waitForResponse((r) => r.url().endsWith('/demo/config.json'));
    await other.goto(`${configured.url}/demo`);
    expect(await (await config).json()).toEqual({ dev_sign_in: false });
    expect(await other.locator('#dev-form').isHidden()).toBe(true);
  });
});
