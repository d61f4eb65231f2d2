import { performance } from 'node:perf_hooks';
import type { FanoutProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { startCeiling } from '../support/ceiling-process';
import { startChatServer } from '../support/chat-server';
import { createGroup, MESSAGES_PATH, PADDING, sendBody } from '../support/chat-setup';
import { DeliveryTracker } from '../support/delivery-tracker';
import { HttpClient } from '../support/http-client';
import { removeDir, tempDir } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';
import { connectSubscribers } from '../support/subscribers';
import { taggedContent } from '../support/tagged-messages';

/** How long one message may take to reach every socket before it counts as incomplete. */
const DELIVERY_TIMEOUT_MS = 10_000;

interface Target {
  label: string;
  port: number;
  /** The WebSocket URL of the n-th socket. */
  socketUrl(n: number): string;
  /** The body and token of a send; the tag goes in the content. */
  token: string | undefined;
  conversationId: string;
}

interface FanoutResult {
  deliveriesPerSecond: number;
  latencies: number[];
  incomplete: number;
  unexpectedCloses: number;
}

export function fanoutScenario(p: FanoutProfile): Scenario<undefined> {
  return {
    name: 'fanout',
    describe:
      `one conversation with ${p.sockets} subscribed sockets; messages are POSTed with at most ` +
      `${p.window} not yet delivered to every socket: deliveries/s and delivery latency. Ceiling: bare ` +
      'uWebSockets.js publishing the same frames to as many sockets of one topic, triggered by the same POST.',
    prepare: async () => undefined,
    run: () => runFanout(p),
    cleanup: async () => {},
  };
}

async function runFanout(p: FanoutProfile): Promise<ScenarioRun> {
  const dataDir = tempDir('fanout');
  const notes: string[] = [];
  try {
    const ours = await measureOurs(p, dataDir, notes);
    const ceiling = await measureCeiling(p, dataDir);
    const [o, c] = [summarize(ours.latencies), summarize(ceiling.latencies)];
    for (const [who, r] of [
      ['ours', ours],
      ['ceiling', ceiling],
    ] as const) {
      if (r.incomplete > 0)
        notes.push(`${who}: ${r.incomplete} messages did not reach every socket within 10 s`);
      if (r.unexpectedCloses > 0) notes.push(`${who}: ${r.unexpectedCloses} sockets closed by the server`);
    }
    return {
      scenario: 'fanout',
      figures: [
        figure(
          'deliveries_per_s',
          `deliveries/s to ${p.sockets} sockets`,
          '/s',
          ours.deliveriesPerSecond,
          ceiling.deliveriesPerSecond,
        ),
        figure('delivery_p50', 'delivery p50', 'ms', o.p50, c.p50),
        figure('delivery_p99', 'delivery p99', 'ms', o.p99, c.p99),
        figure('incomplete', 'messages not on every socket', 'msgs', ours.incomplete, ceiling.incomplete),
      ],
      notes,
    };
  } finally {
    removeDir(dataDir);
  }
}

async function measureOurs(p: FanoutProfile, dataDir: string, notes: string[]): Promise<FanoutResult> {
  const server = await startChatServer({ dataDir });
  try {
    if (!server.nativeUws()) notes.push('the server ran the uWebSockets.js JavaScript fallback');
    const users = Array.from({ length: p.users }, (_, i) => `fan-user-${i}`);
    const conversationId = await createGroup(server, 'fan-owner', ['fan-sender', ...users]);
    const tokens = users.map((u) => server.tokens.mint(u));
    return await drive(p, {
      label: 'fanout',
      port: server.port,
      socketUrl: (n) => server.wsUrl(conversationId, tokens[n % tokens.length] as string),
      token: server.tokens.mint('fan-sender'),
      conversationId,
    });
  } finally {
    await server.stop();
  }
}

async function measureCeiling(p: FanoutProfile, logDir: string): Promise<FanoutResult> {
  const ceiling = await startCeiling('uws-server', logDir);
  try {
    return await drive(p, {
      label: 'fanout ceiling (uWS)',
      port: ceiling.port,
      socketUrl: () => `ws://127.0.0.1:${ceiling.port}/api/v1/chat/ws/conversation`,
      token: undefined,
      conversationId: 'conversation',
    });
  } finally {
    await ceiling.stop();
  }
}

/**
 * Opens the sockets, then sends with at most `window` messages not yet on every socket: the rate
 * settles at what the slower of server and client sustains, and no socket's buffer overflows.
 */
async function drive(p: FanoutProfile, target: Target): Promise<FanoutResult> {
  const tracker = new DeliveryTracker();
  const pool = await connectSubscribers(
    Array.from({ length: p.sockets }, (_, n) => ({ url: target.socketUrl(n), group: 0 })),
    tracker,
    { concurrency: 50, label: target.label },
  );
  const http = new HttpClient(target.port, p.window);
  progress(`${target.label}: ${p.sockets} sockets open; sending for ${(p.warmupMs + p.durationMs) / 1000} s`);
  try {
    tracker.beginPhase('warmup');
    let measuredFrom = 0;
    let deliveriesBefore = 0;
    const warmup = setTimeout(() => {
      tracker.beginPhase('measured');
      measuredFrom = performance.now();
      deliveriesBefore = tracker.deliveries;
    }, p.warmupMs);
    const end = performance.now() + p.warmupMs + p.durationMs;
    let incomplete = 0;
    const worker = async () => {
      while (performance.now() < end) {
        const tag = tracker.start(0);
        const res = await http.request('POST', MESSAGES_PATH, {
          token: target.token,
          body: sendBody(target.conversationId, taggedContent(tag, PADDING)),
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
    return {
      deliveriesPerSecond: (tracker.deliveries - deliveriesBefore) / seconds,
      latencies: tracker.latencies('measured'),
      incomplete,
      unexpectedCloses: pool.unexpectedCloses(),
    };
  } finally {
    http.close();
    await pool.close();
  }
}
