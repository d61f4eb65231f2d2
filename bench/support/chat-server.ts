import { join } from 'node:path';
import { HttpClient } from './http-client';
import { freePorts, type NodeChild, spawnNode, waitUntil } from './processes';
import { newSecret, TokenMinter } from './tokens';

export interface ChatServer {
  port: number;
  wsPort: number;
  dataDir: string;
  tokens: TokenMinter;
  /** A client for set-up and queries (the load phases make their own). */
  http: HttpClient;
  process: NodeChild;
  /** True unless the server said uWebSockets.js runs its JavaScript fallback. */
  nativeUws(): boolean;
  /** The WebSocket URL of a conversation, straight on WS_PORT as production proxies route it. */
  wsUrl(conversationId: string, token: string): string;
  stop(): Promise<void>;
}

export interface ChatServerOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** The token secret; nodes sharing a data directory must share it (default: a new one). */
  secret?: string;
  /** The server's log file in the data directory (one per node when several share it). */
  logName?: string;
}

/** A server process just spawned: not yet listening. */
export interface SpawnedChatServer {
  port: number;
  wsPort: number;
  secret: string;
  process: NodeChild;
}

/**
 * Spawns the product as a user would with `npm start` on the embedded store (the bench has built it
 * already, so this runs what `npm start` runs after its build: `node dist/main.js`), with its own data
 * directory, free ports, a secret the bench knows, and the abuse limits off so one bench user can send
 * as fast as the server accepts. Ports are chosen before the spawn, so the caller can time start-up
 * from the spawn itself.
 */
export async function spawnChatServer(options: ChatServerOptions): Promise<SpawnedChatServer> {
  const [port, wsPort] = (await freePorts(2)) as [number, number];
  const secret = options.secret ?? newSecret();
  const { EVENTSTORE_URL: _esdb, MONGODB_URL: _mongo, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    WS_PORT: String(wsPort),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    SECRET_KEY: secret,
    SEND_RATE_LIMIT: '0',
    TYPING_RATE_LIMIT: '0',
    CONVERSATIONS_PER_MINUTE: '0',
    MAX_SOCKETS_PER_USER: '100000',
    ...options.env,
  };
  const child = spawnNode('dist/main.js', [], env, join(options.dataDir, options.logName ?? 'server.log'));
  return { port, wsPort, secret, process: child };
}

/** What the server logs when another process took a port between choosing it and binding it. */
const PORT_TAKEN = 'another process uses the port';
const START_ATTEMPTS = 3;

/**
 * Spawns the product (see spawnChatServer) and waits until it answers `/health`; spawns it again on
 * new ports, a few times, when another process took one of them first.
 */
export async function startChatServer(options: ChatServerOptions): Promise<ChatServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !String(error).includes(PORT_TAKEN)) throw error;
    }
  }
}

async function startOnce(options: ChatServerOptions): Promise<ChatServer> {
  const { port, wsPort, secret, process: child } = await spawnChatServer(options);
  const http = new HttpClient(port, 8);
  try {
    await waitUntil(
      'the server did not answer /health',
      async () => (await http.request('GET', '/health')).status === 200,
      {
        timeoutMs: 60_000,
        abort: () => (child.hasExited() ? `it exited:\n${child.logTail()}` : undefined),
      },
    );
  } catch (error) {
    http.close();
    await child.stop();
    throw error;
  }
  return {
    port,
    wsPort,
    dataDir: options.dataDir,
    tokens: new TokenMinter(secret),
    http,
    process: child,
    // The warning comes at start-up, before one access line per request: read the whole log.
    nativeUws: () => !/JavaScript fallback/.test(child.logTail(Number.POSITIVE_INFINITY)),
    wsUrl: (conversationId, token) =>
      `ws://127.0.0.1:${wsPort}/api/v1/chat/ws/${encodeURIComponent(conversationId)}?token=${token}`,
    stop: async () => {
      http.close();
      await child.stop();
    },
  };
}
