import { performance } from 'node:perf_hooks';
import type { HistoryProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { type HistoryDataset, seedHistory } from '../seed/datasets';
import { type ChatServer, startChatServer } from '../support/chat-server';
import { removeDir, tempDir, waitUntil } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';

const API = '/api/v1/chat';
const WARMUP_REQUESTS = 50;

interface Fixture {
  dataDir: string;
  dataset: HistoryDataset;
}

export function historyScenario(p: HistoryProfile): Scenario<Fixture> {
  return {
    name: 'history',
    describe:
      `GET a page of 50 messages before a random id in the older half of a ${p.messages.toLocaleString('en-US')}-message ` +
      `conversation, and GET the conversation list of a user in ${p.conversations.toLocaleString('en-US')} ` +
      `conversations: ${p.requests} requests each, one at a time. No ceiling: the targets are absolute.`,
    prepare: async () => {
      const dataDir = tempDir('history');
      progress(
        `history: seeding ${p.messages.toLocaleString('en-US')} messages and ${p.conversations} conversations`,
      );
      return { dataDir, dataset: await seedHistory(dataDir, p) };
    },
    run: (fixture) => runHistory(p, fixture),
    cleanup: async (fixture) => removeDir(fixture.dataDir),
  };
}

async function runHistory(p: HistoryProfile, { dataDir, dataset }: Fixture): Promise<ScenarioRun> {
  const server = await startChatServer({ dataDir });
  try {
    const member = server.tokens.mint(dataset.member);
    const reader = server.tokens.mint(dataset.reader);
    await caughtUp(server, dataset, member, reader);
    const messages = await timed(server, p.requests, () => {
      const seq = 51 + Math.floor(Math.random() * Math.max(1, dataset.messages / 2 - 51));
      return {
        path: `${API}/conversations/${dataset.conversationId}/messages?limit=50&before_id=${dataset.conversationId}.${seq}`,
        token: member,
      };
    });
    const list = await timed(server, p.requests, () => ({ path: `${API}/conversations`, token: reader }));
    return {
      scenario: 'history',
      figures: [
        figure('messages_p50', 'GET messages p50', 'ms', messages.p50),
        figure('messages_p99', 'GET messages p99', 'ms', messages.p99),
        figure(
          'conversations_p50',
          `GET conversations p50 (${dataset.conversations} conversations)`,
          'ms',
          list.p50,
        ),
        figure(
          'conversations_p99',
          `GET conversations p99 (${dataset.conversations} conversations)`,
          'ms',
          list.p99,
        ),
      ],
      notes: [],
    };
  } finally {
    await server.stop();
  }
}

/** Waits until the server's projections show the newest seeded message and every conversation. */
async function caughtUp(
  server: ChatServer,
  dataset: HistoryDataset,
  member: string,
  reader: string,
): Promise<void> {
  progress('history: waiting for the projections to catch up with the seeded log');
  const started = performance.now();
  await waitUntil(
    'the projections did not catch up',
    async () => {
      const [newest] = await server.http.json<{ id: string }[]>(
        'GET',
        `${API}/conversations/${dataset.conversationId}/messages?limit=1`,
        { token: member },
      );
      const listed = await listLength(server, reader);
      return newest?.id === dataset.newestMessageId && listed === dataset.conversations;
    },
    { timeoutMs: 600_000, everyMs: 500 },
  );
  progress(`history: caught up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** How many conversations the user's list holds, following its pages. */
async function listLength(server: ChatServer, token: string): Promise<number> {
  let length = 0;
  let before: string | undefined;
  do {
    const query = before === undefined ? '?limit=200' : `?limit=200&before=${before}`;
    const res = await server.http.request('GET', `${API}/conversations${query}`, { token });
    if (res.status !== 200)
      throw new Error(`GET conversations answered ${res.status}: ${res.body.slice(0, 200)}`);
    length += (JSON.parse(res.body) as unknown[]).length;
    const next = res.headers['x-next-before'];
    before = typeof next === 'string' ? next : undefined;
  } while (before !== undefined);
  return length;
}

/** `count` requests one after another (after a short warm-up): their latencies. */
async function timed(server: ChatServer, count: number, next: () => { path: string; token: string }) {
  const latencies: number[] = [];
  for (let i = 0; i < WARMUP_REQUESTS + count; i++) {
    const { path, token } = next();
    const t0 = performance.now();
    const res = await server.http.request('GET', path, { token });
    const elapsed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
    if (i >= WARMUP_REQUESTS) latencies.push(elapsed);
  }
  return summarize(latencies);
}
