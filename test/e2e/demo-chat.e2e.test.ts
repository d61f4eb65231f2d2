import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, signInWithToken } from '../support/browser';
import {
  assertBuilt,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
  tokenFor,
} from '../support/server-process';
import { tempDir } from '../support/temp-dir';

jest.setTimeout(120_000);

/** Waits until an element's text is exactly `expected` (the page's CSP forbids evaluated strings). */
async function textIs(locator: Locator, expected: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.textContent();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${locator} shows ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`);
}

// The screenshots in docs/images are refreshed with UPDATE_SCREENSHOTS=1; other runs take them too,
// into a temporary folder, so that the tracked images change only when asked.
const IMAGES = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '..', '..', 'docs', 'images')
  : mkdtempSync(join(tmpdir(), 'demo-screenshots-'));

/** Two users in two browser contexts on the demo page of a real server process. */
describeInBrowser('demo page in Chromium: two users chatting (end-to-end)', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const data = tempDir();
  beforeAll(async () => {
    assertBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await killServerProcesses();
    data.remove();
  });

  async function pageFor(user: string, url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInWithToken(
      page,
      `${url}/demo`,
      tokenFor(user, { name: user[0]?.toUpperCase() + user.slice(1) }),
    );
    await page.locator('#status[data-state="open"]').waitFor();
    return page;
  }
  const unread = (page: Page, id: string) => page.locator(`#conversations li[data-id="${id}"] .unread`);
  const messageIds = async (page: Page) =>
    Promise.all(
      (await page.locator('#messages .message').all()).map(
        async (item) => (await item.getAttribute('data-id')) ?? '',
      ),
    );
  /** Waits until the unread badge of a conversation shows `count`. */
  const unreadIs = (page: Page, id: string, count: number) => textIs(unread(page, id), String(count));
  const message = (page: Page, text: string) =>
    page.locator('#messages .message', { has: page.locator('.content').getByText(text, { exact: true }) });

  /** The shown messages are distinct and consecutive in the conversation: no gap, no duplicate. */
  function expectContiguous(ids: string[], last: number): void {
    const seqs = ids.map((id) => Number(id.slice(id.lastIndexOf('.') + 1)));
    const first = seqs[0] ?? 0;
    expect(seqs).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
  }

  it('A sends, B sees it live; unread counts, typing, read receipts, edits, deletes, load more, a server restart, presence', async () => {
    let server: ServerProcess = await startServerProcess(data.dir);
    const port = server.port;
    const alice = tokenFor('alice', { name: 'Alice' });
    const created = await server.call('POST', '/api/v1/chat/conversations', {
      token: alice,
      body: { name: 'Team', participant_ids: ['bob'] },
    });
    const team = created.body.id as string;
    for (let n = 1; n <= 22; n++) {
      await server.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: team, content: `history ${n}` },
      });
    }

    const a = await pageFor('alice', server.url);
    const b = await pageFor('bob', server.url);
    await expect(unread(b, team).textContent()).resolves.toBe('22');

    // History: the latest page, then the older one.
    await a.click(`#conversations li[data-id="${team}"]`);
    await message(a, 'history 22').waitFor();
    expect(await messageIds(a)).toHaveLength(20);
    await a.click('#load-more');
    await message(a, 'history 1').waitFor();
    expect(await a.locator('#load-more').isHidden()).toBe(true);
    expectContiguous(await messageIds(a), 22);

    // A sends; B, elsewhere, sees the unread count change live; opening the conversation reads it.
    await a.fill('#message-input', 'hello <b>bob</b>');
    await a.press('#message-input', 'Enter');
    await unreadIs(b, team, 23);
    await b.click(`#conversations li[data-id="${team}"]`);
    await message(b, 'hello <b>bob</b>').waitFor();
    // Content is text: the markup shows as typed and creates no element.
    expect(await b.locator('#messages .message b').count()).toBe(0);
    await unreadIs(b, team, 0);
    await message(a, 'hello <b>bob</b>').locator('.seen', { hasText: 'Seen by bob' }).waitFor();
    await a.locator('#members .member[data-user="bob"][data-status="online"]').waitFor();

    // Typing shows while B types and clears when B sends.
    await b.locator('#message-input').pressSequentially('on my way', { delay: 20 });
    await a.locator('#typing', { hasText: 'Bob is typing' }).waitFor();
    await a.screenshot({ path: `${IMAGES}/demo-alice.png` });
    await b.press('#message-input', 'Enter');
    await message(a, 'on my way').waitFor();
    await textIs(a.locator('#typing'), '');

    // B edits; A sees the edit. A deletes; B sees the deletion.
    await message(b, 'on my way').locator('button.edit').click();
    await b.fill('#messages .edit-input', 'on my way, 5 minutes');
    await b.press('#messages .edit-input', 'Enter');
    await message(a, 'on my way, 5 minutes').locator('.meta', { hasText: '(edited)' }).waitFor();
    await message(a, 'history 22').locator('button.delete').click();
    await b.locator('#messages .message.deleted .content', { hasText: 'message deleted' }).waitFor();

    await b.screenshot({ path: `${IMAGES}/demo-bob.png` });

    // The server restarts. While the pages are cut off, messages reach the log through another
    // server process on the same data; then the server comes back on its port.
    server.child.kill('SIGTERM');
    await server.exited;
    await a.locator('#status[data-state="reconnecting"]').waitFor();
    const meanwhile = await startServerProcess(data.dir);
    for (const n of [1, 2, 3]) {
      await meanwhile.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: team, content: `while you were away ${n}` },
      });
    }
    meanwhile.child.kill('SIGTERM');
    await meanwhile.exited;
    server = await startServerProcess(data.dir, { PORT: String(port) });
    for (const page of [a, b]) {
      await page.locator('#status[data-state="open"]').waitFor({ timeout: 60_000 });
      await message(page, 'while you were away 3').waitFor();
    }
    await a.fill('#message-input', 'welcome back');
    await a.press('#message-input', 'Enter');
    for (const page of [a, b]) {
      await message(page, 'welcome back').waitFor();
      // 22 + hello + on my way + 3 while away + welcome back = 28 messages, each shown once, in order.
      expectContiguous(await messageIds(page), 28);
    }
    expect((await messageIds(a))[0]).toBe(`${team}.1`);

    // Bob leaves: Alice sees him go offline.
    await a.locator('#members .member[data-user="bob"][data-status="online"]').waitFor();
    await b.context().close();
    await a.locator('#members .member[data-user="bob"][data-status="offline"]').waitFor();
  });
});
