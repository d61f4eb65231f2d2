import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChildServer } from '../../test/support/child-server';
import { findBinary } from '../../test/support/find-binary';
import { renderNginxConfig } from '../../test/support/nginx-config';
import { startNginx } from '../../test/support/nginx-process';
import type { ClusterProfile } from '../profiles';
import { type Figure, figure, type Scenario, type ScenarioRun } from '../results';
import { type ChatServer, startChatServer } from '../support/chat-server';
import { createGroup, MESSAGES_PATH, PADDING, sendBody, settle } from '../support/chat-setup';
import { selfCpuSeconds, treeCpuSeconds } from '../support/cpu-time';
import { DeliveryTracker } from '../support/delivery-tracker';
import { HttpClient } from '../support/http-client';
import { closedLoop } from '../support/load';
import { freePort, REPO_ROOT, removeDir, tempDir } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';
import { connectSubscribers } from '../support/subscribers';
import { taggedContent } from '../support/tagged-messages';
import { newSecret } from '../support/tokens';

/** The three ways the load reaches the nodes, in the order they are measured. */
const PHASES = [
  { key: 'direct', label: 'direct to one node' },
  { key: 'nginx1', label: 'nginx, 1 node' },
  { key: 'nginx2', label: 'nginx, 2 nodes on one store' },
] as const;
type PhaseKey = (typeof PHASES)[number]['key'];

/** Where a phase sends its POSTs and opens its sockets, and which processes do the work. */
interface Entry {
  restPort: number;
  wsUrl(conversationId: string, token: string): string;
  /** Processes whose CPU time the phase reports: the nodes, and nginx when it is in front. */
  processes: { name: string; pid: number }[];
  /** The nodes behind the entry, whose metrics the phase reads. */
  nodes: ChatServer[];
}

/** Counters of one node's /metrics that say where a send's time went. */
interface NodeCounters {
  conflictRetries: number;
  appendSeconds: number;
  appends: number;
}

/** nginx in front of the nodes, run from the production config with local addresses. */
interface Proxy {
  port: number;
  server: ChildServer;
}

interface PhaseResult {
  acceptedPerSecond: number;
  p99: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  failed: number;
  unexpectedCloses: number;
  /** Cores busy on average during the measured window, per process, the load generator last. */
  cores: { name: string; cores: number }[];
  /** Non-2xx answers by status. */
  failures: Record<string, number>;
  /** Over the whole phase, all nodes: commands decided again after the other writer's append, and appends. */
  conflictRetries: number;
  meanAppendMs: number;
}

export function clusterScenario(p: ClusterProfile): Scenario<undefined> {
  return {
    name: 'cluster',
    describe:
      `${p.senders} senders POST into ${p.conversations} conversations with ${p.subscribersPerConversation} ` +
      'WebSocket subscribers each, as in send, for the most accepted per second: straight to one node, ' +
      'through nginx (the production config, deploy/nginx/nginx.conf) to that node, and through nginx to ' +
      'two nodes sharing one data directory (one embedded log and read models). No ceiling: whether a ' +
      'second process adds throughput on this machine, and what the proxy costs.',
    prepare: async () => undefined,
    run: () => runCluster(p),
    cleanup: async () => {},
  };
}

async function runCluster(p: ClusterProfile): Promise<ScenarioRun> {
  const dataDir = tempDir('cluster');
  const secret = newSecret();
  const notes: string[] = [];
  const results: Partial<Record<PhaseKey, PhaseResult>> = {};
  const nodes: ChatServer[] = [];
  let proxy: Proxy | undefined;
  try {
    const a = await startChatServer({ dataDir, secret, logName: 'node-a.log' });
    nodes.push(a);
    if (!a.nativeUws()) notes.push('the nodes ran the uWebSockets.js JavaScript fallback');
    results.direct = await measure(p, 'direct', a, {
      restPort: a.port,
      wsUrl: a.wsUrl,
      processes: [{ name: 'node A', pid: a.process.pid }],
      nodes: [a],
    });
    const nginx = findBinary('nginx');
    if (!nginx) {
      notes.push(
        'nginx is not installed (`apt-get install -y nginx`; .ci/run installs it): the phases through nginx were skipped',
      );
    } else {
      proxy = await startProxy(nginx, dataDir, 'nginx-1', [a]);
      results.nginx1 = await measure(p, 'nginx1', a, viaProxy(proxy, [a]));
      await proxy.server.stop();
      const b = await startChatServer({ dataDir, secret, logName: 'node-b.log' });
      nodes.push(b);
      proxy = await startProxy(nginx, dataDir, 'nginx-2', [a, b]);
      results.nginx2 = await measure(p, 'nginx2', a, viaProxy(proxy, [a, b]));
    }
  } finally {
    await proxy?.server.stop();
    for (const node of nodes) await node.stop();
    removeDir(dataDir);
  }
  for (const phase of PHASES) {
    const r = results[phase.key];
    if (!r) continue;
    const cores = r.cores.map((c) => `${c.name} ${c.cores.toFixed(2)}`).join(', ');
    notes.push(
      `${phase.label}: ${r.acknowledged} messages acknowledged; cores busy: ${cores} (of the machine's); ` +
        `${r.conflictRetries} commands decided again after a concurrent append; mean append ` +
        `${r.meanAppendMs.toFixed(2)} ms`,
    );
    if (r.failed > 0) notes.push(`${phase.label}: failed sends by status: ${JSON.stringify(r.failures)}`);
    if (r.unexpectedCloses > 0)
      notes.push(`${phase.label}: ${r.unexpectedCloses} sockets closed by the server`);
  }
  return { scenario: 'cluster', figures: figures(results), notes };
}

function figures(results: Partial<Record<PhaseKey, PhaseResult>>): Figure[] {
  const value = (key: PhaseKey, pick: (r: PhaseResult) => number) => {
    const r = results[key];
    return r ? pick(r) : Number.NaN;
  };
  const sum = (pick: (r: PhaseResult) => number) =>
    PHASES.reduce((total, phase) => total + value(phase.key, pick), 0);
  return [
    ...PHASES.map((phase) =>
      figure(
        `${phase.key}_per_s`,
        `accepted messages/s, ${phase.label}`,
        '/s',
        value(phase.key, (r) => r.acceptedPerSecond),
      ),
    ),
    ...PHASES.map((phase) =>
      figure(
        `${phase.key}_p99`,
        `HTTP p99, ${phase.label}`,
        'ms',
        value(phase.key, (r) => r.p99),
      ),
    ),
    figure(
      'proxy_share',
      'nginx, 1 node / direct',
      'x',
      value('nginx1', (r) => r.acceptedPerSecond) / value('direct', (r) => r.acceptedPerSecond),
    ),
    figure(
      'scaling',
      'nginx, 2 nodes / nginx, 1 node',
      'x',
      value('nginx2', (r) => r.acceptedPerSecond) / value('nginx1', (r) => r.acceptedPerSecond),
    ),
    figure(
      'lost',
      'acknowledged, never delivered (all phases)',
      'msgs',
      sum((r) => r.lost),
    ),
    figure(
      'duplicates',
      'frames delivered twice (all phases)',
      'frames',
      sum((r) => r.duplicates),
    ),
    figure(
      'failed',
      'failed sends (non-2xx, all phases)',
      'reqs',
      sum((r) => r.failed),
    ),
  ];
}

async function startProxy(nginx: string, dataDir: string, name: string, nodes: ChatServer[]): Promise<Proxy> {
  const port = await freePort();
  const config = renderNginxConfig(
    {
      listen: port,
      rest: nodes.map((node) => `127.0.0.1:${node.port}`),
      ws: nodes.map((node) => `127.0.0.1:${node.wsPort}`),
    },
    readFileSync(join(REPO_ROOT, 'deploy', 'nginx', 'nginx.conf'), 'utf8'),
  );
  progress(`cluster: nginx in front of ${nodes.length} node(s)`);
  return { port, server: await startNginx(nginx, join(dataDir, name), config, port) };
}

function viaProxy(proxy: Proxy, nodes: ChatServer[]): Entry {
  return {
    restPort: proxy.port,
    wsUrl: (id, token) =>
      `ws://127.0.0.1:${proxy.port}/api/v1/chat/ws/${encodeURIComponent(id)}?token=${token}`,
    processes: [
      ...nodes.map((node, i) => ({ name: `node ${'AB'[i] ?? i}`, pid: node.process.pid })),
      { name: 'nginx', pid: proxy.server.child.pid ?? 0 },
    ],
    nodes,
  };
}

/**
 * The send scenario's closed loop through one entry: new conversations (created on `setup`), their
 * subscribers connected through the entry, every sender keeping one POST in flight; then a wait for
 * frames still on their way, and what was acknowledged but never reached every subscriber.
 */
async function measure(
  p: ClusterProfile,
  key: PhaseKey,
  setup: ChatServer,
  entry: Entry,
): Promise<PhaseResult> {
  const label = `cluster (${PHASES.find((phase) => phase.key === key)?.label})`;
  const conversations: string[] = [];
  for (let group = 0; group < p.conversations; group++) {
    const senders = Array.from({ length: p.senders }, (_, i) => i)
      .filter((i) => i % p.conversations === group)
      .map((i) => `sender-${i}`);
    const subscribers = Array.from(
      { length: p.subscribersPerConversation },
      (_, j) => `sub-${key}-${group}-${j}`,
    );
    conversations.push(await createGroup(setup, `owner-${key}-${group}`, [...senders, ...subscribers]));
  }
  const senderTokens = Array.from({ length: p.senders }, (_, i) => setup.tokens.mint(`sender-${i}`));
  const tracker = new DeliveryTracker();
  const pool = await connectSubscribers(
    conversations.flatMap((id, group) =>
      Array.from({ length: p.subscribersPerConversation }, (_, j) => ({
        url: entry.wsUrl(id, setup.tokens.mint(`sub-${key}-${group}-${j}`)),
        group,
      })),
    ),
    tracker,
    { concurrency: 20, label },
  );
  const http = new HttpClient(entry.restPort, p.senders);
  try {
    progress(`${label}: ${p.senders} senders for ${(p.warmupMs + p.durationMs) / 1000} s`);
    let cpuFrom: number[] = [];
    let wallFrom = 0;
    const cpuNow = () => [...entry.processes.map((proc) => treeCpuSeconds(proc.pid)), selfCpuSeconds()];
    const startCpu = setTimeout(() => {
      cpuFrom = cpuNow();
      wallFrom = performance.now();
    }, p.warmupMs);
    const countersBefore = await Promise.all(entry.nodes.map(nodeCounters));
    const result = await closedLoop({
      label,
      workers: p.senders,
      warmupMs: p.warmupMs,
      durationMs: p.durationMs,
      op: async (worker) => {
        // Sender i is a participant of conversation i mod C.
        const group = worker % p.conversations;
        const tag = tracker.start(group);
        const res = await http.request('POST', MESSAGES_PATH, {
          token: senderTokens[worker],
          body: sendBody(conversations[group] as string, taggedContent(tag, PADDING)),
        });
        if (res.status >= 200 && res.status < 300) tracker.ack(tag);
        return res.status;
      },
    });
    clearTimeout(startCpu);
    const cpuTo = cpuNow();
    const countersAfter = await Promise.all(entry.nodes.map(nodeCounters));
    const delta = (pick: (c: NodeCounters) => number) =>
      countersAfter.reduce((sum, c, i) => sum + pick(c) - pick(countersBefore[i] as NodeCounters), 0);
    const wall = (performance.now() - wallFrom) / 1000;
    const names = [...entry.processes.map((proc) => proc.name), 'load generator'];
    const cores = names.map((name, i) => ({ name, cores: ((cpuTo[i] ?? 0) - (cpuFrom[i] ?? 0)) / wall }));
    progress(`${label}: waiting up to ${p.settleMs / 1000} s for frames still on their way`);
    await settle(p.settleMs, () => tracker.counts().lost === 0);
    const counts = tracker.counts();
    const latency = summarize(result.latencies);
    return {
      acceptedPerSecond: result.ok / (result.elapsedMs / 1000),
      p99: latency.p99,
      acknowledged: counts.acknowledged,
      lost: counts.lost,
      duplicates: counts.duplicates,
      failed: result.failed,
      unexpectedCloses: pool.unexpectedCloses(),
      cores,
      failures: result.failures,
      conflictRetries: delta((c) => c.conflictRetries),
      meanAppendMs: (1000 * delta((c) => c.appendSeconds)) / delta((c) => c.appends),
    };
  } finally {
    http.close();
    await pool.close();
  }
}

/** The sum over all label sets of each counter this scenario reads from a node's /metrics. */
async function nodeCounters(node: ChatServer): Promise<NodeCounters> {
  const text = (await node.http.request('GET', '/metrics')).body;
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return {
    conflictRetries: sum('chat_command_conflict_retries_total'),
    appendSeconds: sum('chat_eventstore_append_duration_seconds_sum'),
    appends: sum('chat_eventstore_append_duration_seconds_count'),
  };
}
