import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { itWithBinaries } from '../../support/binaries';
import { NGINX_TEMPLATE, renderNginxConfig } from '../../support/nginx-config';
import { nginxArgs, writeNginxPrefix } from '../../support/nginx-process';
import { tempDir } from '../../support/temp-dir';
import { readYaml } from '../../support/yaml';
import { CHAT_METRICS, metricNamesIn, OTHER_SERIES } from './agreed-metrics';

const ROOT = join(__dirname, '../../..');
const DEPLOY = join(ROOT, 'deploy');
const compose = readYaml(join(ROOT, 'docker-compose.yml'));
const prometheus = readYaml(join(DEPLOY, 'prometheus/prometheus.yml'));
const alerts = readYaml(join(DEPLOY, 'prometheus/alerts.yml'));
const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana/dashboards/chat-backend.json'), 'utf8'));
const REPLICAS = ['app-1', 'app-2'];

/** `[host, port]` of every `server HOST:PORT ...;` line of one upstream block of the nginx config. */
function upstreamServers(name: string): string[] {
  const block = new RegExp(`upstream ${name} \\{([\\s\\S]*?)\\}`).exec(readFileSync(NGINX_TEMPLATE, 'utf8'));
  return [...(block?.[1] ?? '').matchAll(/^\s*server (\S+)/gm)].map((m) => m[1] as string);
}

const dashboardExprs = (): string[] =>
  dashboard.panels.flatMap((panel: any) => (panel.targets ?? []).map((target: any) => target.expr as string));
const alertRules = (): any[] => alerts.groups.flatMap((group: any) => group.rules);
const tmp = tempDir('chat-deploy-config-');
afterAll(() => tmp.remove());

describe('docker-compose.yml', () => {
  it('runs two identical app replicas on one EventStoreDB and one MongoDB, reachable only inside', () => {
    const [one, two] = REPLICAS.map((name) => compose.services[name]);
    expect(one).toEqual(two);
    expect(one.environment).toMatchObject({
      EVENTSTORE_URL: expect.stringMatching(/^esdb:\/\/kurrentdb:2113/),
      MONGODB_URL: expect.stringMatching(/^mongodb:\/\/mongodb:27017\//),
      SECRET_KEY: expect.stringContaining(':?'),
    });
    expect(one.ports).toBeUndefined();
    expect(Object.keys(one.depends_on)).toEqual(['kurrentdb', 'mongodb']);
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kurrentdb', 'mongodb', 'nginx', 'prometheus', 'grafana', 'blackbox']),
    );
  });

  it('publishes the API on 8000 through nginx, and mounts only files that exist', () => {
    expect(compose.services.nginx.ports).toEqual(['8000:8000']);
    expect(compose.services.nginx.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    const mounts = Object.values<any>(compose.services)
      .flatMap((service) => service.volumes ?? [])
      .filter((volume: string) => volume.startsWith('./'))
      .map((volume: string) => volume.split(':')[0] as string);
    expect(mounts.length).toBeGreaterThanOrEqual(6);
    for (const source of mounts) expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
  });

  it('has nginx balance REST over every replica PORT and WebSockets over every replica WS_PORT', () => {
    const env = compose.services['app-1'].environment;
    expect(upstreamServers('chat_rest')).toEqual(REPLICAS.map((name) => `${name}:${env.PORT}`));
    expect(upstreamServers('chat_ws')).toEqual(REPLICAS.map((name) => `${name}:${env.WS_PORT}`));
  });

  it('has Prometheus scrape every replica and probe its readiness through the blackbox exporter', () => {
    const env = compose.services['app-1'].environment;
    const job = (name: string) => prometheus.scrape_configs.find((c: any) => c.job_name === name);
    expect(job('chat').static_configs[0].targets).toEqual(REPLICAS.map((name) => `${name}:${env.PORT}`));
    expect(job('chat-ready').static_configs[0].targets).toEqual(
      REPLICAS.map((name) => `http://${name}:${env.PORT}/health/ready`),
    );
    expect(job('chat-ready').relabel_configs).toContainEqual({
      target_label: '__address__',
      replacement: 'blackbox:9115',
    });
    expect(compose.services.prometheus.volumes).toEqual(
      expect.arrayContaining([
        './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    );
  });

  it('provisions Grafana with the Prometheus datasource the dashboard uses and loads the dashboard folder', () => {
    const datasources = readYaml(join(DEPLOY, 'grafana/provisioning/datasources/prometheus.yml')).datasources;
    const providers = readYaml(join(DEPLOY, 'grafana/provisioning/dashboards/chat.yml')).providers;
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const uids = new Set(
      dashboard.panels.filter((p: any) => p.type !== 'row').map((p: any) => p.datasource?.uid as string),
    );
    expect([...uids]).toEqual([datasources[0].uid]);
    expect(compose.services.grafana.volumes).toContain(
      `./deploy/grafana/dashboards:${providers[0].options.path}:ro`,
    );
  });
});

describe('the Grafana dashboard and the alerting rules', () => {
  const allowed = new Set<string>([...CHAT_METRICS, ...OTHER_SERIES]);

  it('refer only to the metric names the server exports', () => {
    const used = [...dashboardExprs(), ...alertRules().map((rule) => rule.expr as string)].flatMap(
      metricNamesIn,
    );
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((name) => !allowed.has(name))).toEqual([]);
  });

  it('has panels for requests, latency, commands, projection lag, sockets, deliveries and loop failures', () => {
    const used = new Set(dashboardExprs().flatMap(metricNamesIn));
    for (const name of [
      'chat_http_request_duration_seconds',
      'chat_commands_total',
      'chat_projection_lag_seconds',
      'chat_projection_lag_events',
      'chat_ws_connections',
      'chat_ws_frames_delivered_total',
      'chat_loop_failures_total',
    ]) {
      expect([name, used.has(name)]).toEqual([name, true]);
    }
    expect(dashboardExprs().some((e) => /histogram_quantile\(0\.99, sum by \(route, le\)/.test(e))).toBe(
      true,
    );
    expect(dashboardExprs().some((e) => /sum by \(command, outcome\)/.test(e))).toBe(true);
  });

  it('alerts on projection lag, a degraded projection or loop, the 5xx rate and readiness', () => {
    expect(alertRules().map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'ChatProjectionLagging',
        'ChatProjectionDegraded',
        'ChatLoopDegraded',
        'ChatHigh5xxRate',
        'ChatNotReady',
      ]),
    );
  });
});

describe('checked by the servers themselves', () => {
  const nginx = itWithBinaries('nginx');
  const promtool = itWithBinaries('promtool');

  nginx.it('nginx -t accepts deploy/nginx/nginx.conf rendered with local upstreams', () => {
    const dir = join(tmp.dir, 'nginx');
    const config = renderNginxConfig({
      listen: 18000,
      rest: ['127.0.0.1:18001', '127.0.0.1:18002'],
      ws: ['127.0.0.1:18011', '127.0.0.1:18012'],
    });
    expect(config).not.toMatch(/app-\d/);
    writeNginxPrefix(dir, config);
    const out = execFileSync(nginx.paths.nginx as string, ['-t', ...nginxArgs(dir)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
  });

  const promtoolRun = (...args: string[]) =>
    execFileSync(promtool.paths.promtool as string, args, {
      cwd: join(DEPLOY, 'prometheus'),
      encoding: 'utf8',
    });

  promtool.it('promtool check config accepts deploy/prometheus/prometheus.yml and its rule file', () => {
    expect(promtoolRun('check', 'config', 'prometheus.yml')).toMatch(/SUCCESS: 1 rule files found/);
  });

  promtool.it(
    'promtool check rules accepts the alerts, and their unit tests pass (promtool test rules)',
    () => {
      expect(promtoolRun('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
      expect(promtoolRun('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
    },
  );

  promtool.it(
    "every dashboard query is valid PromQL (checked as recording rules with Grafana's interval filled in)",
    () => {
      const exprs = dashboardExprs().map((expr) => expr.replaceAll('$__rate_interval', '1m'));
      const rules = exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr }));
      const file = join(tmp.dir, 'dashboard-queries.yml');
      // JSON is YAML: promtool reads it as a rule file.
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(promtoolRun('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${exprs.length} rules found`));
    },
  );
});
