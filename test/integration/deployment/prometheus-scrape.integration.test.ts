import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { itWithBinaries } from '../../support/binaries';
import { stopChildServers } from '../../support/child-server';
import {
  type PrometheusServer,
  renderPrometheusConfig,
  startPrometheus,
} from '../../support/prometheus-process';
import {
  assertBuilt,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
  tokenFor,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';
import { sleep } from '../../support/ws-client';
import { CHAT_METRICS } from './agreed-metrics';

const { it: itWithPrometheus, paths } = itWithBinaries('prometheus', 'promtool');
const alice = tokenFor('alice', { name: 'Alice' });
const SENT = 7;
const SEND_COUNTER = 'chat_commands_total{command="send_message",outcome="ok"}';

// prom-client's default process metrics include gauges named *_total, which promtool's linter flags.
const LIBRARY_LINT =
  /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;

/**
 * What `promtool check metrics` reports about the exposition, apart from prom-client's own defaults.
 * A parse error is reported as a problem too.
 */
function lintProblems(promtool: string, exposition: string): string[] {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
  if (run.status !== 0 && lines.length === 0) return [`exit code ${run.status}, no output`];
  return lines.filter((line) => !LIBRARY_LINT.test(line));
}

/** Polls an instant query until it returns `expected` or `timeoutMs` passes; returns the last value. */
async function settle(prometheus: PrometheusServer, expr: string, expected: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value: number | undefined;
  while (Date.now() < deadline) {
    value = await prometheus.queryValue(expr);
    if (value === expected) break;
    await sleep(250);
  }
  return value;
}

/**
 * The server's GET /metrics scraped by a real Prometheus run from deploy/prometheus/prometheus.yml.
 * While the server answers 404 on /metrics, each test says so and checks nothing.
 */
describe('Prometheus scraping a running server', () => {
  const data = tempDir('chat-prometheus-');
  let server: ServerProcess;
  let prometheus: PrometheusServer | undefined;
  let metrics: { status: number; body: string };

  const served = (): boolean => {
    if (metrics.status !== 404) return true;
    process.stdout.write(
      'SKIPPED: the server answers 404 on GET /metrics, so there is nothing to scrape yet\n',
    );
    return false;
  };

  beforeAll(async () => {
    if (!paths.prometheus || !paths.promtool) return;
    assertBuilt();
    // Webhooks on (no endpoints): their families are exported too.
    server = await startServerProcess(join(data.dir, 'server'), {
      WEBHOOK_SECRET: 'webhook-secret-of-some-length',
    });
    const res = await fetch(`${server.url}/metrics`);
    metrics = { status: res.status, body: await res.text() };
  });
  afterAll(async () => {
    await prometheus?.server.stop();
    await stopChildServers();
    await killServerProcesses();
    data.remove();
  });

  itWithPrometheus(
    'answers /metrics in the Prometheus text format, and promtool finds no problem in ours',
    () => {
      if (!served()) return;
      expect(metrics.status).toBe(200);
      expect(lintProblems(paths.promtool as string, metrics.body)).toEqual([]);
    },
  );

  itWithPrometheus('exports every metric the dashboard and the alerts refer to', () => {
    if (!served()) return;
    const exported = new Set([...metrics.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(CHAT_METRICS.filter((name) => !exported.has(name))).toEqual([]);
  });

  itWithPrometheus(
    `counts the messages sent: a query for ${SEND_COUNTER} returns ${SENT}`,
    async () => {
      if (!served()) return;
      prometheus = await startPrometheus(
        paths.prometheus as string,
        join(data.dir, 'prometheus'),
        renderPrometheusConfig(`127.0.0.1:${server.port}`),
      );
      expect(await settle(prometheus, `up{job="chat"}`, 1)).toBe(1);
      const created = await server.call('POST', '/api/v1/chat/conversations', {
        token: alice,
        body: { conversation_type: 'group', name: 'Counted', participant_ids: ['bob'] },
      });
      expect(created.status).toBe(201);
      for (let i = 0; i < SENT; i++) {
        const res = await server.call('POST', '/api/v1/chat/messages', {
          token: alice,
          body: { conversation_id: created.body.id, content: `counted ${i}` },
        });
        expect(res.status).toBe(201);
      }
      expect(await settle(prometheus, `sum(${SEND_COUNTER})`, SENT)).toBe(SENT);
      // Prometheus evaluates the repository's alerting rules against the live series without error.
      const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as any;
      const health = rules.data.groups.flatMap((g: any) => g.rules.map((r: any) => `${r.name}: ${r.health}`));
      expect(health.length).toBeGreaterThan(5);
      expect(health.filter((h: string) => !h.endsWith(': ok') && !h.endsWith(': unknown'))).toEqual([]);
    },
    60_000,
  );
});
