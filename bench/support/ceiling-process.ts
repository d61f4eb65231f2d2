import { join } from 'node:path';
import { HttpClient } from './http-client';
import { BENCH_BUILD, freePort, type NodeChild, spawnNode, waitUntil } from './processes';

export interface CeilingServer {
  port: number;
  process: NodeChild;
  stop(): Promise<void>;
}

/** Starts one of the ceiling servers (bench/ceilings/) in its own process and waits for /health. */
export async function startCeiling(
  name: 'koa-server' | 'uws-server',
  logDir: string,
  env: Record<string, string> = {},
): Promise<CeilingServer> {
  const port = await freePort();
  const child = spawnNode(
    join(BENCH_BUILD, 'ceilings', `${name}.js`),
    [],
    { ...process.env, ...env, PORT: String(port) },
    join(logDir, `${name}.log`),
  );
  const http = new HttpClient(port, 1);
  try {
    await waitUntil(
      `the ${name} ceiling did not answer /health`,
      async () => (await http.request('GET', '/health')).status === 200,
      { timeoutMs: 20_000, abort: () => (child.hasExited() ? `it exited:\n${child.logTail()}` : undefined) },
    );
  } catch (error) {
    await child.stop();
    throw error;
  } finally {
    http.close();
  }
  return { port, process: child, stop: () => child.stop() };
}
