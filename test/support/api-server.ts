import type jwt from 'jsonwebtoken';
import type { RunningServer, ServerOptions } from '../../src/server';
import type { Stores } from '../../src/stores';
import { lateBound } from './late-bound';
import { startTestNode, type TestResponse, tokenFor } from './test-node';

export { type CallOptions, httpCall, TEST_SECRET, type TestResponse, tokenFor } from './test-node';

export interface TestServer {
  url: string;
  server: RunningServer;
  /** The server's DATA_DIR (the embedded event log is `<dataDir>/events.db`). */
  dataDir: string;
  token(sub: string, claims?: Record<string, unknown>, options?: jwt.SignOptions): string;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface TestServerOptions extends ServerOptions {
  /** Wraps the stores the server opens from its configuration (for example in fault wrappers). */
  wrapStores?: (stores: Stores) => Stores;
}

/**
 * The real server (embedded store in a temp dir) listening on a free port, and a small HTTP client.
 * `env` overrides configuration (for example abuse limits); `options` can pass a logger or metrics to
 * read back.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const node = await startTestNode({ ...options, env });
  return { ...node, token: tokenFor };
}

/**
 * A test server for the file or describe block it is called in: started before its tests, stopped
 * after them. The value forwards to the running server, so the tests use it like a variable set in
 * beforeAll; tokens come from `tokenFor`, which needs no server.
 */
export function testServerSuite(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(env, options);
  });
  afterAll(() => started?.stop());
  return lateBound(() => started, 'the test server');
}
