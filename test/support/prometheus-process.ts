import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildServer, spawnChildServer } from './child-server';
import { freePort, waitForHttp } from './free-port';
import { readYaml } from './yaml';

const DEPLOY = join(__dirname, '../../deploy/prometheus');

export interface PrometheusServer {
  server: ChildServer;
  url: string;
  /** The value of an instant query that returns one sample, or undefined when it returns none. */
  queryValue(expr: string): Promise<number | undefined>;
}

/**
 * deploy/prometheus/prometheus.yml with its `chat` job scraping `target` every `interval`, the alerting
 * rules loaded from the repository, and no readiness probe (there is no blackbox exporter here).
 */
export function renderPrometheusConfig(target: string, interval = '1s'): unknown {
  const config = readYaml(join(DEPLOY, 'prometheus.yml'));
  const chat = config.scrape_configs.find((job: { job_name: string }) => job.job_name === 'chat');
  if (!chat) throw new Error('deploy/prometheus/prometheus.yml has no `chat` job');
  return {
    ...config,
    global: { ...config.global, scrape_interval: interval, evaluation_interval: interval },
    rule_files: config.rule_files.map((file: string) => join(DEPLOY, file)),
    scrape_configs: [{ ...chat, static_configs: [{ targets: [target] }] }],
  };
}

/** Runs prometheus in the foreground with `config`, a storage dir under `dir` and a free port. */
export async function startPrometheus(
  binary: string,
  dir: string,
  config: unknown,
): Promise<PrometheusServer> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  // JSON is YAML: Prometheus reads it as is.
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const port = await freePort();
  const server = spawnChildServer(binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/-/ready`, 200, 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`prometheus did not start: ${String(error)}\n${server.output()}`);
  }
  return {
    server,
    url,
    async queryValue(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; data?: { result: { value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${JSON.stringify(body)}`);
      const result = body.data?.result ?? [];
      if (result.length > 1) throw new Error(`query ${expr} returned ${result.length} series`);
      return result[0] ? Number(result[0].value[1]) : undefined;
    },
  };
}
