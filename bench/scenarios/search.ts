import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SearchProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { LAST_WORD, type SearchDataset, seedSearch } from '../seed/search-dataset';
import { queryWords } from '../seed/search-words';
import { type ChatServer, startChatServer } from '../support/chat-server';
import { BENCH_BUILD, removeDir, spawnNode, tempDir, waitUntil } from '../support/processes';
import { progress } from '../support/progress';
import { type LatencySummary, summarize } from '../support/stats';

const API = '/api/v1/chat';
const WARMUP_REQUESTS = 50;
const SEED = 7;

interface Fixture {
  dataDir: string;
  dataset: SearchDataset;
}

export function searchScenario(p: SearchProfile): Scenario<Fixture> {
  return {
    name: 'search',
    describe:
      `GET /search?q=<word> (a page of 20) for a user in ${p.memberOf} of ${p.conversations.toLocaleString('en-US')} conversations ` +
      `holding ${p.messages.toLocaleString('en-US')} messages of ten Zipf-distributed words, the word drawn uniformly from a ` +
      `vocabulary of 5,000 (common and rare alike): ${p.requests} requests, one at a time. Ceiling: the same FTS5 ` +
      'query run directly on the read-model file with better-sqlite3 in its own process.',
    prepare: async () => {
      const dataDir = tempDir('search');
      progress(
        `search: seeding ${p.messages.toLocaleString('en-US')} messages in ${p.conversations} conversations`,
      );
      return { dataDir, dataset: await seedSearch(dataDir, p) };
    },
    run: (fixture) => runSearch(p, fixture),
    cleanup: async (fixture) => removeDir(fixture.dataDir),
  };
}

async function runSearch(p: SearchProfile, { dataDir, dataset }: Fixture): Promise<ScenarioRun> {
  const server = await startChatServer({ dataDir });
  let ours: LatencySummary;
  let hits = 0;
  try {
    const token = server.tokens.mint(dataset.searcher);
    await caughtUp(server, token);
    const latencies: number[] = [];
    const words = queryWords(WARMUP_REQUESTS + p.requests, SEED);
    for (const [i, word] of words.entries()) {
      const path = `${API}/search?q=${word}&limit=20`;
      const t0 = performance.now();
      const res = await server.http.request('GET', path, { token });
      const elapsed = performance.now() - t0;
      if (res.status !== 200)
        throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
      hits += (JSON.parse(res.body) as unknown[]).length;
      if (i >= WARMUP_REQUESTS) latencies.push(elapsed);
    }
    ours = summarize(latencies);
  } finally {
    await server.stop();
  }
  const ceiling = await ceilingRun(dataDir, dataset.searcher, p.requests);
  const notes: string[] = [];
  if (hits !== ceiling.hits)
    notes.push(`the server found ${hits} hits and the ceiling ${ceiling.hits} for the same queries`);
  return {
    scenario: 'search',
    figures: [
      figure('search_p50', 'GET search p50', 'ms', ours.p50, ceiling.p50),
      figure('search_p99', 'GET search p99', 'ms', ours.p99, ceiling.p99),
      figure(
        'hits_per_query',
        'hits per query (page of at most 20)',
        'hits',
        hits / (WARMUP_REQUESTS + p.requests),
      ),
    ],
    notes,
  };
}

/** Waits until the search index holds the last seeded message. */
async function caughtUp(server: ChatServer, token: string): Promise<void> {
  progress('search: waiting for the projections to catch up with the seeded log');
  const started = performance.now();
  await waitUntil(
    'the search projection did not catch up',
    async () => {
      const hits = await server.http.json<unknown[]>('GET', `${API}/search?q=${LAST_WORD}`, { token });
      return hits.length === 1;
    },
    { timeoutMs: 1_800_000, everyMs: 1000 },
  );
  progress(`search: caught up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function ceilingRun(
  dataDir: string,
  userId: string,
  requests: number,
): Promise<LatencySummary & { hits: number }> {
  progress('search: the ceiling runs the same queries on the read-model file');
  const logFile = join(dataDir, 'search-ceiling.out');
  const child = spawnNode(
    join(BENCH_BUILD, 'ceilings', 'search-query.js'),
    [dataDir, userId, String(requests), String(SEED)],
    { ...process.env },
    logFile,
  );
  const code = await child.exited;
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
  removeDir(logFile);
  if (code !== 0) throw new Error(`search-query exited with ${code}:\n${lines.slice(-20).join('\n')}`);
  return JSON.parse(lines[lines.length - 1] ?? '') as LatencySummary & { hits: number };
}
