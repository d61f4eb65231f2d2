import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RestartProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { seedLog } from '../seed/datasets';
import { spawnChatServer, startChatServer } from '../support/chat-server';
import { HttpClient } from '../support/http-client';
import {
  BENCH_BUILD,
  freePort,
  type NodeChild,
  removeDir,
  spawnNode,
  tempDir,
  waitUntil,
} from '../support/processes';
import { progress } from '../support/progress';

/** How often start-up is polled: fine enough for figures of a few hundred milliseconds and up. */
const POLL_MS = 10;
const START_TIMEOUT_MS = 300_000;

interface Fixture {
  dataDir: string;
  events: number;
}

interface Readiness {
  checks?: { projections?: { projections?: { projection: string; lag_events: number }[] } };
}

export function restartScenario(p: RestartProfile): Scenario<Fixture> {
  return {
    name: 'restart',
    describe:
      `restart a node on a log of ${p.events.toLocaleString('en-US')} events whose read models a running ` +
      'server has caught up: time from spawning `node dist/main.js` to /health/live and to /health/ready ' +
      'answering 200 (projections caught up). Ceiling: a process that opens the same SQLite files, reads ' +
      'the head of the log and answers HTTP.',
    prepare: async () => {
      const dataDir = tempDir('restart');
      progress(`restart: seeding a log of ${p.events.toLocaleString('en-US')} events`);
      const events = await seedLog(dataDir, p.events);
      await catchUp(dataDir);
      return { dataDir, events };
    },
    run: runRestart,
    cleanup: async ({ dataDir }) => removeDir(dataDir),
  };
}

/** Runs the server once until its projections have applied the whole log, and stops it gracefully. */
async function catchUp(dataDir: string): Promise<void> {
  progress('restart: a server builds the read models from the seeded log');
  const started = performance.now();
  const server = await startChatServer({ dataDir, logName: 'catch-up.log' });
  try {
    await waitUntil(
      'the projections did not catch up with the seeded log',
      async () => {
        const res = await server.http.request('GET', '/health/ready');
        return res.status === 200 && behind(res.body) === 0;
      },
      {
        timeoutMs: 1_800_000,
        everyMs: 500,
        abort: () => (server.process.hasExited() ? `it exited:\n${server.process.logTail()}` : undefined),
      },
    );
  } finally {
    await server.stop();
  }
  progress(`restart: read models caught up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The most events any projection is behind, as /health/ready reports it. */
function behind(body: string): number {
  const projections = (JSON.parse(body) as Readiness).checks?.projections?.projections ?? [];
  return Math.max(0, ...projections.map((p) => p.lag_events));
}

async function runRestart({ dataDir, events }: Fixture): Promise<ScenarioRun> {
  const ours = await timeOurs(dataDir);
  const ceiling = await timeCeiling(dataDir);
  const notes: string[] = [];
  if (ours.lagAtReady > 0) notes.push(`ready answered 200 with projections ${ours.lagAtReady} events behind`);
  return {
    scenario: 'restart',
    figures: [
      figure(
        'ready_s',
        `spawn to /health/ready 200 (${events.toLocaleString('en-US')} events)`,
        's',
        ours.readyS,
        ceiling.readyS,
      ),
      figure('live_s', 'spawn to /health/live 200', 's', ours.liveS),
      figure('lag_at_ready', 'projections behind at the first ready 200', 'events', ours.lagAtReady),
    ],
    notes,
  };
}

interface Startup {
  liveS: number;
  readyS: number;
  lagAtReady: number;
}

async function timeOurs(dataDir: string): Promise<Startup> {
  progress('restart: starting the server');
  const started = performance.now();
  const server = await spawnChatServer({ dataDir, logName: 'restart.log' });
  try {
    await pollUntil200(server.port, '/health/live', server.process);
    const liveS = (performance.now() - started) / 1000;
    const ready = await pollUntil200(server.port, '/health/ready', server.process);
    const readyS = (performance.now() - started) / 1000;
    progress(`restart: live after ${liveS.toFixed(2)} s, ready after ${readyS.toFixed(2)} s`);
    return { liveS, readyS, lagAtReady: behind(ready) };
  } finally {
    await server.process.stop();
  }
}

async function timeCeiling(dataDir: string): Promise<Startup> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode(
    join(BENCH_BUILD, 'ceilings', 'open-store.js'),
    [],
    { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    join(dataDir, 'open-store.log'),
  );
  try {
    await pollUntil200(port, '/health/ready', child);
    const readyS = (performance.now() - started) / 1000;
    return { liveS: readyS, readyS, lagAtReady: 0 };
  } finally {
    await child.stop();
  }
}

/** Polls `path` until it answers 200; returns that answer's body. */
async function pollUntil200(port: number, path: string, child: NodeChild): Promise<string> {
  const http = new HttpClient(port, 1);
  const deadline = performance.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.hasExited())
        throw new Error(`the process exited before ${path} answered:\n${child.logTail()}`);
      const res = await http.request('GET', path).catch(() => undefined);
      if (res?.status === 200) return res.body;
      if (performance.now() > deadline)
        throw new Error(`${path} did not answer 200 within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    http.close();
  }
}
