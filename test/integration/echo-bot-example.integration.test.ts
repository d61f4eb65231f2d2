import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/api-server';

const ROOT = join(__dirname, '..', '..');

/** examples/echo-bot.mjs, run as its own process on the built client, against a real server. */
describe('the echo bot example', () => {
  let server: TestServer;
  let bot: ChildProcess | undefined;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'client', 'dist', 'index.js'))) {
      throw new Error('client/dist is missing: run `npm run build` (npm test does)');
    }
    server = await startTestServer();
  });
  afterAll(async () => {
    bot?.kill('SIGTERM');
    await server.stop();
  });

  it('answers /echo with the text, once, as a reply, and ignores other messages', async () => {
    let output = '';
    bot = spawn(process.execPath, [join(ROOT, 'examples', 'echo-bot.mjs')], {
      env: {
        ...process.env,
        CHAT_URL: server.url,
        CHAT_TOKEN: server.token('echo-bot', { name: 'Echo bot' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    bot.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await until(
      async () => output.includes('echo-bot: open'),
      () => `the bot to connect:\n${output}`,
    );

    const alice = server.token('alice');
    const group = await server.call('POST', '/api/v1/chat/conversations', {
      token: alice,
      body: { name: 'Bots', participant_ids: ['echo-bot'] },
    });
    const conversation = group.body.id as string;
    const send = (content: string) =>
      server.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: conversation, content },
      });
    await send('no command here');
    const asked = await send('/echo hello, bot');
    const history = async () =>
      (await server.call('GET', `/api/v1/chat/conversations/${conversation}/messages`, { token: alice }))
        .body as {
        user_id: string;
        content: string;
        reply_to_id: string | null;
      }[];
    await until(
      async () => (await history()).some((m) => m.user_id === 'echo-bot'),
      () => `the bot's answer:\n${output}`,
    );
    const answers = (await history()).filter((m) => m.user_id === 'echo-bot');
    expect(answers).toEqual([expect.objectContaining({ content: 'hello, bot', reply_to_id: asked.body.id })]);
  });
});

async function until(check: () => Promise<boolean>, what: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what()}`);
}
