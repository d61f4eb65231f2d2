import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/observability/logger';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server';
import { openStores, type Stores } from '../../src/stores';
import { tempDir } from './temp-dir';

export const TEST_SECRET = 'test-secret-key-of-some-length';

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

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
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
  const data = tempDir();
  const config = loadConfig({
    PORT: '0',
    WS_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: data.dir,
    SECRET_KEY: TEST_SECRET,
    ...env,
  });
  const { wrapStores, ...serverOptions } = options;
  const stores = wrapStores ? wrapStores(await openStores(config)) : undefined;
  const server = await startServer(config, {
    logger: silentLogger(),
    ...serverOptions,
    ...(stores && { stores }),
  });
  const url = `http://127.0.0.1:${server.port}`;
  const key = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));
  return {
    url,
    server,
    dataDir: data.dir,
    token: (sub, claims = {}, options = {}) =>
      jwt.sign({ sub, name: `User ${sub}`, ...claims }, key, {
        algorithm: 'HS256',
        expiresIn: 3600,
        ...options,
      }),
    call: (method, path, options) => httpCall(url, method, path, options),
    async stop() {
      await server.close();
      data.remove();
    },
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP request with an optional bearer token and JSON body; the answer's body parsed when JSON. */
export async function httpCall(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: response.status, headers: response.headers, body: parsed };
}
