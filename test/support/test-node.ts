import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/observability/logger';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server';
import { openStores, type Stores } from '../../src/stores';
import { tempDir } from './temp-dir';

/**
 * The one way tests start a real server in-process: embedded stores under a data directory, free
 * ports on loopback, tokens signed with the test secret, and a small HTTP client. The API and realtime
 * harnesses present it in their own terms.
 */
export const TEST_SECRET = 'test-secret-key-of-some-length';

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestNode {
  server: RunningServer;
  /** The server's DATA_DIR (the embedded event log is `<dataDir>/events.db`). */
  dataDir: string;
  /** http://127.0.0.1:<REST port> */
  url: string;
  call(method: string, path: string, options?: CallOptions): Promise<TestResponse>;
  /** Closes the server, and removes the data directory when the node made it. */
  stop(): Promise<void>;
}

export interface TestNodeOptions extends ServerOptions {
  /** Share an existing data directory (another node's); a fresh temp dir otherwise. */
  dataDir?: string;
  /** Overrides of the configuration (for example abuse limits). */
  env?: Record<string, string>;
  /** Wraps the stores the server opens from its configuration (for example in fault wrappers). */
  wrapStores?: (stores: Stores) => Stores;
  /** Prefix of the temp dir's name. */
  tempPrefix?: string;
}

export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const { dataDir: shared, env, wrapStores, tempPrefix, ...serverOptions } = options;
  const own = shared === undefined ? tempDir(tempPrefix) : undefined;
  const dataDir = shared ?? (own as { dir: string }).dir;
  const config = loadConfig({
    PORT: '0',
    WS_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET,
    ...env,
  });
  const stores = wrapStores ? wrapStores(await openStores(config)) : undefined;
  const server = await startServer(config, {
    logger: silentLogger(),
    ...serverOptions,
    ...(stores && { stores }),
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    server,
    dataDir,
    url,
    call: (method, path, callOptions) => httpCall(url, method, path, callOptions),
    async stop() {
      await server.close();
      own?.remove();
    },
  };
}

const KEY = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));

/** An HS256 token for `sub` signed with the test secret, valid for an hour unless claims or options say otherwise. */
export function tokenFor(
  sub: string,
  claims: Record<string, unknown> = {},
  options: jwt.SignOptions = {},
): string {
  const expiry = 'exp' in claims ? {} : { expiresIn: 3600 };
  return jwt.sign({ sub, name: `User ${sub}`, ...claims }, KEY, {
    algorithm: 'HS256',
    ...expiry,
    ...options,
  });
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
