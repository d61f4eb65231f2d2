import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildServer, spawnChildServer } from './child-server';
import { waitForHttp } from './free-port';

/** Arguments that keep nginx out of the system's paths: its own prefix, pid file and startup log. */
export function nginxArgs(dir: string): string[] {
  return [
    '-p',
    `${dir}/`,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    'stderr',
    '-g',
    `daemon off; pid ${join(dir, 'nginx.pid')};`,
  ];
}

/** Makes `dir` an nginx prefix: the config as `nginx.conf`, and the directories it writes to. */
export function writeNginxPrefix(dir: string, config: string): void {
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), config);
}

/** Runs nginx in the foreground on `config` under the prefix `dir`; resolves once it answers on `port`. */
export async function startNginx(
  nginx: string,
  dir: string,
  config: string,
  port: number,
): Promise<ChildServer> {
  writeNginxPrefix(dir, config);
  const server = spawnChildServer(nginx, nginxArgs(dir));
  try {
    // /metrics is answered by nginx itself (404), whatever the upstreams do.
    await waitForHttp(`http://127.0.0.1:${port}/metrics`, 404, 15_000);
  } catch (error) {
    await server.stop();
    throw new Error(`nginx did not start: ${String(error)}\n${server.output()}`);
  }
  return server;
}
