import { type ChildProcess, spawn } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import type { RecordedEvent } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { EncryptingEventStore } from '../../src/privacy/encrypting-event-store';
import { SqliteKeyStore } from '../../src/privacy/sqlite/sqlite-key-store';
import { type CallOptions, httpCall, TEST_SECRET, type TestResponse } from './api-server';

const MAIN = join(__dirname, '../../dist/main.js');

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The compiled server (`node dist/main.js`) running as a child process on a data directory. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  wsPort: number;
  /** Everything the process printed so far (JSON log lines), stdout and stderr interleaved. */
  output(): string;
  exited: Promise<ProcessExit>;
  /**
   * Resolves with the message of the first line whose message matches `pattern`: the `msg` of a JSON
   * log line, or the line itself when it is not one.
   */
  printed(pattern: RegExp, timeoutMs?: number): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<TestResponse>;
}

const running = new Set<ChildProcess>();

/** Configuration the child gets: free ports, the test secret, abuse limits off, generous waits. */
function childEnv(dataDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The embedded stores only: server-backed suites set these for their own servers.
  delete base.EVENTSTORE_URL;
  delete base.MONGODB_URL;
  delete base.UWS_USE_FALLBACK;
  return {
    ...base,
    PORT: '0',
    WS_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET,
    SEND_RATE_LIMIT: '0',
    TYPING_RATE_LIMIT: '0',
    CONVERSATIONS_PER_MINUTE: '0',
    CONSISTENCY_TIMEOUT_MS: '30000',
    // The start-up lines that name the ports are info lines.
    LOG_LEVEL: 'info',
    ...env,
  };
}

export function assertBuilt(): void {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npx tsc -p tsconfig.build.json\` (npm test does)`);
  }
}

/** Starts the server and resolves once it has printed both of its ports. */
export function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: childEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const watchers = new Set<() => void>();
  const take = (chunk: string) => {
    output += chunk;
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout?.setEncoding('utf8').on('data', take);
  child.stderr?.setEncoding('utf8').on('data', take);
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve(exit);
      for (const watcher of [...watchers]) watcher();
    });
  });
  const printed = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const watcher = () => {
        const match = output
          .split('\n')
          .map(messageOf)
          .find((message) => pattern.test(message));
        if (match !== undefined) finish(() => resolve(match));
        else if (exit) {
          const how = describe(exit);
          finish(() => reject(new Error(`the server exited (${how}):\n${output}`)));
        }
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        watchers.delete(watcher);
        settle();
      };
      watchers.add(watcher);
      watcher();
    });
  return (async () => {
    const http = await printed(/listening on http:\/\/localhost:\d+/);
    const ws = await printed(/WebSockets on ws:\/\/localhost:\d+/);
    const port = Number(/localhost:(\d+)/.exec(http)?.[1]);
    const url = `http://127.0.0.1:${port}`;
    return {
      child,
      url,
      port,
      wsPort: Number(/localhost:(\d+)/.exec(ws)?.[1]),
      output: () => output,
      exited,
      printed,
      call: (method, path, options) => httpCall(url, method, path, options),
    };
  })();
}

function messageOf(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === 'string' ? parsed.msg : line;
  } catch {
    return line;
  }
}

function describe(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** Kills every server process still running (for afterEach/afterAll) and waits for them to end. */
export async function killServerProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

const key = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));

/** A token the child server accepts (HS256 with the test secret, valid for an hour). */
export function tokenFor(sub: string, claims: Record<string, unknown> = {}): string {
  return jwt.sign({ sub, name: `User ${sub}`, ...claims }, key, { algorithm: 'HS256', expiresIn: 3600 });
}

/** The whole event log of a data directory, read in pages (works while a server runs on it). */
export async function readLog(
  dataDir: string,
): Promise<{ events: RecordedEvent[]; head: string | undefined }> {
  // Through the privacy decorator, as the server reads it: personal fields decrypted.
  const keys = SqliteKeyStore.open(join(dataDir, 'keys.db'));
  const store = new EncryptingEventStore(SqliteEventStore.open(join(dataDir, 'events.db')), keys);
  try {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: events[events.length - 1]?.position, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) break;
    }
    return { events, head: events[events.length - 1]?.position };
  } finally {
    await store.close();
    await keys.close();
  }
}

/** Every message of a conversation through the REST history, paged with before_id, oldest first. */
export async function wholeHistory(
  server: Pick<ServerProcess, 'call'>,
  token: string,
  conversationId: string,
  consistencyToken?: string,
): Promise<{ id: string; user_id: string; content: string; client_message_id: string | null }[]> {
  const pages: { id: string; user_id: string; content: string; client_message_id: string | null }[][] = [];
  let before: string | undefined;
  for (;;) {
    const query = `limit=50${before ? `&before_id=${encodeURIComponent(before)}` : ''}`;
    const headers: Record<string, string> = consistencyToken
      ? { 'X-Consistency-Token': consistencyToken }
      : {};
    const res = await server.call('GET', `/api/v1/chat/conversations/${conversationId}/messages?${query}`, {
      token,
      headers,
    });
    if (res.status !== 200) throw new Error(`history answered ${res.status}: ${JSON.stringify(res.body)}`);
    pages.push(res.body);
    before = res.headers.get('x-next-before-id') ?? undefined;
    if (!before) break;
  }
  return pages.flat().reverse();
}
