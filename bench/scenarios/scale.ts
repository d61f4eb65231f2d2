import { performance } from 'node:perf_hooks';
import type { ScaleProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { type GroupsDataset, seedGroups } from '../seed/datasets';
import { startCeiling } from '../support/ceiling-process';
import { type ChatServer, startChatServer } from '../support/chat-server';
import { MESSAGES_PATH, PADDING, sendBody } from '../support/chat-setup';
import { selfCpuSeconds, treeCpuSeconds } from '../support/cpu-time';
import { DeliveryTracker } from '../support/delivery-tracker';
import { HttpClient } from '../support/http-client';
import { procStatusKb, removeDir, tempDir, waitUntil } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';
import { connectSubscribers } from '../support/subscribers';
import { taggedContent } from '../support/tagged-messages';

/** How long one message may take to reach every socket of its conversation before it counts as incomplete. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Handshakes in flight while the sockets open. */
const CONNECT_CONCURRENCY = 100;
/** A pause before the baseline memory reading, so start-up work has settled. */
const QUIET_MS = 1000;
/** When memory is first read after the last socket opened, before the server has had time to give any back. */
const FRESH_MS = 3000;

interface Fixture {
  dataDir: string;
  dataset: GroupsDataset;
}

interface Target {
  label: string;
  port: number;
  pid: number;
  socketUrl(conversationId: string, member: string): string;
  /** The token of the conversation's sender (its first member), none for the ceiling. */
  senderToken(group: number): string | undefined;
  /** The server's JS heap in use (MB), read from its /metrics; NaN where it has none. */
  heapUsedMb(): Promise<number>;
}

interface ScaleResult {
  deliveriesPerSecond: number;
  latencies: number[];
  incomplete: number;
  unexpectedCloses: number;
  /** Server RSS before the sockets connected, and with all of them open and idle (kB). */
  rssBeforeKb: number;
  rssOpenKb: number;
  /** Server RSS FRESH_MS after the last socket opened (kB). */
  rssFreshKb: number;
  /** The server's JS heap in use at the same two moments (MB), where the server reports it. */
  heapBeforeMb: number;
  heapOpenMb: number;
  sockets: number;
  /** Cores busy on average during the measured window: the server, then the load generator. */
  serverCores: number;
  clientCores: number;
}

export function scaleScenario(p: ScaleProfile): Scenario<Fixture> {
  const sockets = p.conversations * p.socketsPerConversation;
  return {
    name: 'scale',
    describe:
      `${sockets.toLocaleString('en-US')} sockets on one node: ${p.conversations} conversations of ` +
      `${p.socketsPerConversation} participants, one socket each; server RSS per idle socket, then messages ` +
      `POSTed by each conversation's first member with at most ${p.window} not yet on every socket of their ` +
      'conversation: deliveries/s and delivery latency. Ceiling: bare uWebSockets.js holding as many ' +
      'sockets on as many topics, publishing the same frames triggered by the same POST.',
    prepare: async () => {
      const dataDir = tempDir('scale');
      progress(`scale: seeding ${p.conversations} conversations of ${p.socketsPerConversation} participants`);
      const dataset = await seedGroups(dataDir, {
        conversations: p.conversations,
        members: p.socketsPerConversation,
      });
      return { dataDir, dataset };
    },
    run: (fixture) => runScale(p, fixture),
    cleanup: async (fixture) => removeDir(fixture.dataDir),
  };
}

async function runScale(p: ScaleProfile, { dataDir, dataset }: Fixture): Promise<ScenarioRun> {
  const notes: string[] = [];
  const ours = await measureOurs(p, dataDir, dataset, notes);
  const ceiling = await measureCeiling(p, dataDir, dataset);
  const [o, c] = [summarize(ours.latencies), summarize(ceiling.latencies)];
  for (const [who, r] of [
    ['ours', ours],
    ['ceiling', ceiling],
  ] as const) {
    if (r.incomplete > 0)
      notes.push(`${who}: ${r.incomplete} messages did not reach every socket within 10 s`);
    if (r.unexpectedCloses > 0) notes.push(`${who}: ${r.unexpectedCloses} sockets closed by the server`);
    notes.push(
      `${who}: cores busy while sending: server ${r.serverCores.toFixed(2)}, load generator ${r.clientCores.toFixed(2)}`,
    );
  }
  const perSocket = (r: ScaleResult) => (r.rssOpenKb - r.rssBeforeKb) / r.sockets;
  const perSocketFresh = (r: ScaleResult) => (r.rssFreshKb - r.rssBeforeKb) / r.sockets;
  const idle = `${p.idleMs / 1000} s`;
  const sockets = ours.sockets.toLocaleString('en-US');
  return {
    scenario: 'scale',
    figures: [
      figure(
        'deliveries_per_s',
        `deliveries/s to ${sockets} sockets in ${p.conversations} conversations`,
        '/s',
        ours.deliveriesPerSecond,
        ceiling.deliveriesPerSecond,
      ),
      figure('delivery_p50', 'delivery p50', 'ms', o.p50, c.p50),
      figure('delivery_p99', 'delivery p99', 'ms', o.p99, c.p99),
      figure('incomplete', 'messages not on every socket', 'msgs', ours.incomplete, ceiling.incomplete),
      figure(
        'rss_before',
        'server RSS before the sockets connected',
        'MB',
        ours.rssBeforeKb / 1024,
        ceiling.rssBeforeKb / 1024,
      ),
      figure(
        'rss_open',
        `server RSS with ${sockets} sockets idle for ${idle}`,
        'MB',
        ours.rssOpenKb / 1024,
        ceiling.rssOpenKb / 1024,
      ),
      figure(
        'rss_per_socket_fresh',
        `server RSS per socket, ${Math.min(FRESH_MS, p.idleMs) / 1000} s after the last connected`,
        'KB',
        perSocketFresh(ours),
        perSocketFresh(ceiling),
      ),
      figure(
        'rss_per_socket',
        `server RSS per socket idle for ${idle}`,
        'KB',
        perSocket(ours),
        perSocket(ceiling),
      ),
      figure(
        'heap_per_socket',
        `server JS heap in use per socket idle for ${idle}`,
        'KB',
        ((ours.heapOpenMb - ours.heapBeforeMb) * 1024) / ours.sockets,
      ),
      figure(
        'rss_per_socket_excess',
        'RSS per idle socket beyond bare uWS',
        'KB',
        perSocket(ours) - perSocket(ceiling),
      ),
    ],
    notes,
  };
}

async function measureOurs(
  p: ScaleProfile,
  dataDir: string,
  dataset: GroupsDataset,
  notes: string[],
): Promise<ScaleResult> {
  const server = await startChatServer({ dataDir });
  try {
    if (!server.nativeUws()) notes.push('the server ran the uWebSockets.js JavaScript fallback');
    await conversationsVisible(server, dataset);
    const senders = dataset.groups.map((g) => server.tokens.mint(g.members[0] as string));
    return await drive(p, dataset, {
      label: 'scale',
      port: server.port,
      pid: server.process.pid,
      socketUrl: (conversationId, member) => server.wsUrl(conversationId, server.tokens.mint(member)),
      senderToken: (group) => senders[group],
      heapUsedMb: async () => {
        const res = await server.http.request('GET', '/metrics');
        const match = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(res.body);
        return match ? Number(match[1]) / 1024 / 1024 : Number.NaN;
      },
    });
  } finally {
    await server.stop();
  }
}

async function measureCeiling(p: ScaleProfile, logDir: string, dataset: GroupsDataset): Promise<ScaleResult> {
  const ceiling = await startCeiling('uws-server', logDir);
  try {
    return await drive(p, dataset, {
      label: 'scale ceiling (uWS)',
      port: ceiling.port,
      pid: ceiling.process.pid,
      socketUrl: (conversationId) => `ws://127.0.0.1:${ceiling.port}/api/v1/chat/ws/${conversationId}`,
      senderToken: () => undefined,
      heapUsedMb: async () => Number.NaN,
    });
  } finally {
    await ceiling.stop();
  }
}

/** Waits until the server's read models know the seeded conversations (a socket is refused before). */
async function conversationsVisible(server: ChatServer, dataset: GroupsDataset): Promise<void> {
  const last = dataset.groups[dataset.groups.length - 1];
  if (!last) return;
  const token = server.tokens.mint(last.members[0] as string);
  await waitUntil(
    'the seeded conversations did not appear',
    async () =>
      (
        await server.http.request(
          'GET',
          `/api/v1/chat/conversations/${last.conversationId}/messages?limit=1`,
          { token },
        )
      ).status === 200,
    { timeoutMs: 120_000, everyMs: 200 },
  );
}

function rssKb(target: Target): number {
  const kb = procStatusKb(target.pid, 'VmRSS');
  if (kb === undefined) throw new Error(`${target.label}: the server process has gone`);
  return kb;
}

/**
 * Reads the server's memory, opens every socket, lets them idle and reads it again; then each worker
 * sends into the conversations in turn and waits for its message on every socket of the conversation.
 */
async function drive(p: ScaleProfile, dataset: GroupsDataset, target: Target): Promise<ScaleResult> {
  const tracker = new DeliveryTracker();
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const rssBeforeKb = rssKb(target);
  const heapBeforeMb = await target.heapUsedMb();
  const pool = await connectSubscribers(
    dataset.groups.flatMap((g, group) =>
      g.members.map((member) => ({ url: target.socketUrl(g.conversationId, member), group })),
    ),
    tracker,
    { concurrency: CONNECT_CONCURRENCY, label: target.label },
  );
  progress(`${target.label}: ${pool.size} sockets open; idle for ${p.idleMs / 1000} s`);
  await new Promise((r) => setTimeout(r, Math.min(FRESH_MS, p.idleMs)));
  const rssFreshKb = rssKb(target);
  await new Promise((r) => setTimeout(r, Math.max(0, p.idleMs - FRESH_MS)));
  const rssOpenKb = rssKb(target);
  const heapOpenMb = await target.heapUsedMb();
  const http = new HttpClient(target.port, p.window);
  progress(`${target.label}: sending for ${(p.warmupMs + p.durationMs) / 1000} s`);
  try {
    tracker.beginPhase('warmup');
    let measuredFrom = 0;
    let deliveriesBefore = 0;
    let cpuFrom = [0, 0];
    const cpuNow = () => [treeCpuSeconds(target.pid), selfCpuSeconds()];
    const warmup = setTimeout(() => {
      tracker.beginPhase('measured');
      measuredFrom = performance.now();
      deliveriesBefore = tracker.deliveries;
      cpuFrom = cpuNow();
    }, p.warmupMs);
    const end = performance.now() + p.warmupMs + p.durationMs;
    let incomplete = 0;
    let next = 0;
    const worker = async () => {
      while (performance.now() < end) {
        const group = next++ % dataset.groups.length;
        const tag = tracker.start(group);
        const res = await http.request('POST', MESSAGES_PATH, {
          token: target.senderToken(group),
          body: sendBody(dataset.groups[group]?.conversationId as string, taggedContent(tag, PADDING)),
        });
        if (res.status < 200 || res.status >= 300)
          throw new Error(`${target.label}: a send answered ${res.status}: ${res.body}`);
        tracker.ack(tag);
        if (!(await tracker.whenDelivered(tag, DELIVERY_TIMEOUT_MS))) incomplete++;
      }
    };
    await Promise.all(Array.from({ length: p.window }, worker));
    clearTimeout(warmup);
    const seconds = (performance.now() - measuredFrom) / 1000;
    const cpuTo = cpuNow();
    const busy = (i: number) => ((cpuTo[i] ?? 0) - (cpuFrom[i] ?? 0)) / seconds;
    return {
      deliveriesPerSecond: (tracker.deliveries - deliveriesBefore) / seconds,
      latencies: tracker.latencies('measured'),
      incomplete,
      unexpectedCloses: pool.unexpectedCloses(),
      rssBeforeKb,
      rssOpenKb,
      rssFreshKb,
      heapBeforeMb,
      heapOpenMb,
      sockets: pool.size,
      serverCores: busy(0),
      clientCores: busy(1),
    };
  } finally {
    http.close();
    await pool.close();
  }
}
