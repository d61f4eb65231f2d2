import { spawnSync } from 'node:child_process';
import { startTestServer, type TestServer } from '../../support/api-server';
import { WsClients } from '../../support/ws-client';

const P = '/api/v1/chat';
const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const SKIPPED =
  'promtool check of /metrics skipped: promtool is not installed (Debian: apt-get install prometheus)';

if (promtool.error === undefined && promtool.status === 0) {
  describe('GET /metrics under promtool', () => {
    let server: TestServer;
    const clients = new WsClients();

    beforeAll(async () => {
      server = await startTestServer({ SEND_RATE_LIMIT: '0.001', SEND_BURST: '1' });
    });
    afterAll(async () => {
      await clients.closeAll();
      await server.stop();
    });

    it('passes `promtool check metrics` once every kind of metric has samples', async () => {
      const ann = server.token('ann');
      const created = await server.call('POST', `${P}/conversations`, {
        token: ann,
        body: { conversation_type: 'group', name: 'scrape', participant_ids: ['bob'] },
      });
      const ws = await clients.connect(
        `ws://127.0.0.1:${server.server.wsPort}${P}/ws/${created.body.id}?token=${server.token('bob')}`,
      );
      await ws.waitForType('connected');
      for (const content of ['one', 'two']) {
        await server.call('POST', `${P}/messages`, {
          token: ann,
          body: { conversation_id: created.body.id, content },
        });
      }
      await ws.waitForType('message');

      const res = await server.call('GET', '/metrics');
      expect(res.body).toContain('chat_commands_total{command="send_message",outcome="refused"} 1');
      const check = spawnSync('promtool', ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
      expect({ status: check.status, problems: `${check.stdout}${check.stderr}` }).toEqual({
        status: 0,
        problems: '',
      });
    });
  });
} else {
  console.warn(SKIPPED);
  it.skip(SKIPPED, () => undefined);
}
