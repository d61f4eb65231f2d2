import type { SendProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { startCeiling } from '../support/ceiling-process';
import { type ChatServer, startChatServer } from '../support/chat-server';
import { createGroup, MESSAGES_PATH, PADDING, sendBody, settle } from '../support/chat-setup';
import { DeliveryTracker } from '../support/delivery-tracker';
import { HttpClient } from '../support/http-client';
import { closedLoop, type LoadResult, openLoop } from '../support/load';
import { removeDir, tempDir } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';
import { connectSubscribers } from '../support/subscribers';
import { taggedContent } from '../support/tagged-messages';
import { newSecret, TokenMinter } from '../support/tokens';

interface Setup {
  conversations: string[];
  senderTokens: string[];
  tracker: DeliveryTracker;
}

export function sendScenario(p: SendProfile): Scenario<undefined> {
  return {
    name: 'send',
    describe:
      `${p.senders} concurrent senders POST messages into ${p.conversations} conversations with ` +
      `${p.subscribersPerConversation} WebSocket subscribers each: the most accepted per second, then ` +
      'end-to-end delivery latency at half that rate. Ceiling: the same koa stack answering a trivial ' +
      'authenticated POST.',
    prepare: async () => undefined,
    run: () => runSend(p),
    cleanup: async () => {},
  };
}

async function runSend(p: SendProfile): Promise<ScenarioRun> {
  const dataDir = tempDir('send');
  const notes: string[] = [];
  try {
    const ours = await measureOurs(p, dataDir, notes);
    const ceiling = await measureCeiling(p, dataDir);
    const rate = (r: LoadResult) => r.ok / (r.elapsedMs / 1000);
    const maxHttp = summarize(ours.max.latencies);
    const ceilingHttp = summarize(ceiling.latencies);
    const halfHttp = summarize(ours.half.latencies);
    const delivery = summarize(ours.delivery);
    return {
      scenario: 'send',
      figures: [
        figure('accepted_per_s', 'accepted messages/s', '/s', rate(ours.max), rate(ceiling)),
        figure('http_p50', `HTTP p50, ${p.senders} in flight`, 'ms', maxHttp.p50, ceilingHttp.p50),
        figure('http_p99', `HTTP p99, ${p.senders} in flight`, 'ms', maxHttp.p99, ceilingHttp.p99),
        figure('half_rate', 'offered rate at half load', '/s', ours.halfRate),
        figure('half_http_p99', 'HTTP p99 at half load', 'ms', halfHttp.p99),
        figure('delivery_p50', 'delivery p50 at half load', 'ms', delivery.p50),
        figure('delivery_p99', 'delivery p99 at half load', 'ms', delivery.p99),
        figure('delivery_max', 'delivery max at half load', 'ms', delivery.max),
        figure('lost', 'acknowledged, never delivered', 'msgs', ours.lost),
        figure('duplicates', 'frames delivered twice', 'frames', ours.duplicates),
        figure('failed', 'failed sends (non-2xx)', 'reqs', ours.max.failed + ours.half.failed),
      ],
      notes,
    };
  } finally {
    removeDir(dataDir);
  }
}

async function measureOurs(p: SendProfile, dataDir: string, notes: string[]) {
  const server = await startChatServer({ dataDir });
  const http = new HttpClient(server.port, p.senders);
  try {
    if (!server.nativeUws()) notes.push('the server ran the uWebSockets.js JavaScript fallback');
    const setup = await setUp(server, p);
    const pool = await connectSubscribers(
      setup.conversations.flatMap((id, group) =>
        Array.from({ length: p.subscribersPerConversation }, (_, j) => ({
          url: server.wsUrl(id, server.tokens.mint(`sub-${group}-${j}`)),
          group,
        })),
      ),
      setup.tracker,
      { concurrency: 20, label: 'send' },
    );
    const send = async (worker: number) => {
      // Sender i is a participant of conversation i mod C (see setUp).
      const sender = worker % p.senders;
      const group = sender % p.conversations;
      const tag = setup.tracker.start(group);
      const conversation = setup.conversations[group] as string;
      const res = await http.request('POST', MESSAGES_PATH, {
        token: setup.senderTokens[sender],
        body: sendBody(conversation, taggedContent(tag, PADDING)),
      });
      if (res.status >= 200 && res.status < 300) setup.tracker.ack(tag);
      return res.status;
    };
    progress(
      `send: ${p.senders} senders for ${(p.warmupMs + p.maxLoadMs) / 1000} s (the most the server accepts)`,
    );
    setup.tracker.beginPhase('max');
    const max = await closedLoop({
      label: 'send (max)',
      workers: p.senders,
      warmupMs: p.warmupMs,
      durationMs: p.maxLoadMs,
      op: send,
    });
    const halfRate = max.ok / (max.elapsedMs / 1000) / 2;
    progress(`send: ${Math.round(halfRate)} messages/s offered for ${p.halfLoadMs / 1000} s (half load)`);
    setup.tracker.beginPhase('half');
    const half = await openLoop({
      label: 'send (half load)',
      ratePerSecond: halfRate,
      durationMs: p.halfLoadMs,
      maxInFlight: p.senders * 4,
      op: send,
    });
    progress(`send: waiting up to ${p.settleMs / 1000} s for frames still on their way`);
    await settle(p.settleMs, () => setup.tracker.counts().lost === 0);
    const counts = setup.tracker.counts();
    if (pool.unexpectedCloses() > 0)
      notes.push(`${pool.unexpectedCloses()} subscriber sockets were closed by the server`);
    if (half.skipped > 0) notes.push(`${half.skipped} half-load sends skipped: too many in flight`);
    notes.push(`${counts.acknowledged} messages acknowledged, ${counts.deliveries} frames delivered`);
    await pool.close();
    return {
      max,
      half,
      halfRate,
      delivery: setup.tracker.latencies('half'),
      lost: counts.lost,
      duplicates: counts.duplicates,
    };
  } finally {
    http.close();
    await server.stop();
  }
}

/** Conversations with their senders and subscribers as participants, created over the API. */
async function setUp(server: ChatServer, p: SendProfile): Promise<Setup> {
  const conversations: string[] = [];
  for (let group = 0; group < p.conversations; group++) {
    const senders = Array.from({ length: p.senders }, (_, i) => i)
      .filter((i) => i % p.conversations === group)
      .map((i) => `sender-${i}`);
    const subscribers = Array.from({ length: p.subscribersPerConversation }, (_, j) => `sub-${group}-${j}`);
    conversations.push(await createGroup(server, `owner-${group}`, [...senders, ...subscribers]));
  }
  const senderTokens = Array.from({ length: p.senders }, (_, i) => server.tokens.mint(`sender-${i}`));
  const tracker = new DeliveryTracker();
  return { conversations, senderTokens, tracker };
}

/** The koa ceiling, driven by the same closed loop with the same bodies and the same kind of token. */
async function measureCeiling(p: SendProfile, logDir: string): Promise<LoadResult> {
  const secret = newSecret();
  const ceiling = await startCeiling('koa-server', logDir, { SECRET_KEY: secret });
  const http = new HttpClient(ceiling.port, p.senders);
  const tokens = new TokenMinter(secret);
  const senderTokens = Array.from({ length: p.senders }, (_, i) => tokens.mint(`sender-${i}`));
  let tag = 0;
  try {
    progress(`send ceiling (koa): ${p.senders} senders for ${(p.warmupMs + p.maxLoadMs) / 1000} s`);
    return await closedLoop({
      label: 'koa ceiling',
      workers: p.senders,
      warmupMs: p.warmupMs,
      durationMs: p.maxLoadMs,
      op: async (worker) =>
        (
          await http.request('POST', MESSAGES_PATH, {
            token: senderTokens[worker],
            body: sendBody(`conversation-${worker % p.conversations}`, taggedContent(tag++, PADDING)),
          })
        ).status,
    });
  } finally {
    http.close();
    await ceiling.stop();
  }
}
