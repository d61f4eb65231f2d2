import { startChatServer } from './support/chat-server';
import { createGroup, MESSAGES_PATH, PADDING, sendBody, settle } from './support/chat-setup';
import { DeliveryTracker } from './support/delivery-tracker';
import { HttpClient } from './support/http-client';
import { closedLoop } from './support/load';
import { removeDir, tempDir } from './support/processes';
import { progress } from './support/progress';
import { memoryVerdict, RssSampler } from './support/rss-sampler';
import { summarize } from './support/stats';
import { connectSubscribers } from './support/subscribers';
import { taggedContent } from './support/tagged-messages';

const USAGE = `usage: npm run soak -- [--sockets N] [--senders N] [--conversations N] [--seconds N] [--sample-every SECONDS]
  defaults: 200 sockets, 50 senders, 20 conversations, 120 seconds, a memory sample every 5 seconds`;

interface Options {
  sockets: number;
  senders: number;
  conversations: number;
  seconds: number;
  sampleEvery: number;
}

function parse(argv: string[]): Options {
  const options: Options = { sockets: 200, senders: 50, conversations: 20, seconds: 120, sampleEvery: 5 };
  const flags: Record<string, keyof Options> = {
    '--sockets': 'sockets',
    '--senders': 'senders',
    '--conversations': 'conversations',
    '--seconds': 'seconds',
    '--sample-every': 'sampleEvery',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') usage(0);
    const key = flags[arg];
    const value = Number(argv[++i]);
    if (!key) usage(2, `unknown argument ${JSON.stringify(arg)}`);
    if (!Number.isFinite(value) || value <= 0) usage(2, `${arg} needs a positive number`);
    options[key] = value;
  }
  if (options.conversations > options.sockets || options.conversations > options.senders) {
    usage(2, '--conversations may not exceed --sockets or --senders');
  }
  return options;
}

function usage(code: number, problem?: string): never {
  if (problem) console.error(problem);
  console.error(USAGE);
  process.exit(code);
}

/**
 * A bounded soak: the server started as `npm start` runs it, every sender sending as fast as it is
 * answered for the whole run into conversations that sockets follow, the server's RSS sampled
 * throughout. It ends by saying whether memory levelled off and whether anything acknowledged was lost.
 */
async function main(o: Options): Promise<boolean> {
  const dataDir = tempDir('soak');
  const server = await startChatServer({ dataDir });
  const http = new HttpClient(server.port, o.senders);
  const tracker = new DeliveryTracker();
  try {
    const conversations: string[] = [];
    for (let c = 0; c < o.conversations; c++) {
      const members = [
        ...range(o.senders)
          .filter((i) => i % o.conversations === c)
          .map((i) => `sender-${i}`),
        ...range(o.sockets)
          .filter((i) => i % o.conversations === c)
          .map((i) => `reader-${i}`),
      ];
      conversations.push(await createGroup(server, `owner-${c}`, members));
    }
    const pool = await connectSubscribers(
      range(o.sockets).map((i) => ({
        url: server.wsUrl(conversations[i % o.conversations] as string, server.tokens.mint(`reader-${i}`)),
        group: i % o.conversations,
      })),
      tracker,
      { concurrency: 20, label: 'soak' },
    );
    const tokens = range(o.senders).map((i) => server.tokens.mint(`sender-${i}`));
    const sampler = new RssSampler(server.process.pid, o.sampleEvery * 1000, (s) =>
      progress(
        `soak: ${s.t.toFixed(0)} s, server RSS ${s.mb.toFixed(1)} MB, ${tracker.counts().acknowledged} acknowledged`,
      ),
    );
    tracker.beginPhase('soak');
    progress(
      `soak: ${o.senders} senders, ${o.sockets} sockets in ${o.conversations} conversations for ${o.seconds} s`,
    );
    const load = await closedLoop({
      label: 'soak',
      workers: o.senders,
      warmupMs: 0,
      durationMs: o.seconds * 1000,
      op: async (worker) => {
        const group = worker % o.conversations;
        const tag = tracker.start(group);
        const res = await http.request('POST', MESSAGES_PATH, {
          token: tokens[worker],
          body: sendBody(conversations[group] as string, taggedContent(tag, PADDING)),
        });
        if (res.status >= 200 && res.status < 300) tracker.ack(tag);
        return res.status;
      },
    });
    sampler.stop();
    await settle(10_000, () => tracker.counts().lost === 0);
    const counts = tracker.counts();
    const memory = memoryVerdict(sampler.samples);
    const delivery = summarize(tracker.latencies('soak'));
    const closes = pool.unexpectedCloses();
    await pool.close();
    const lines = [
      `soak: ${o.seconds} s, ${o.senders} senders, ${o.sockets} sockets in ${o.conversations} conversations (load generator on the same machine)`,
      `sends: ${load.ok} accepted (${(load.ok / o.seconds).toFixed(0)}/s), ${load.failed} failed ${JSON.stringify(load.failures)}`,
      `delivery: ${counts.deliveries} frames, p50 ${delivery.p50.toFixed(1)} ms, p99 ${delivery.p99.toFixed(1)} ms, max ${delivery.max.toFixed(0)} ms; ${counts.duplicates} duplicates; ${closes} sockets closed by the server`,
      `server RSS: ${memory.startMb.toFixed(1)} MB at start, ${memory.peakMb.toFixed(1)} MB peak, ${memory.endMb.toFixed(1)} MB at the end (${sampler.samples.length} samples)`,
      `growth: ${memory.firstThirdMbPerMin.toFixed(1)} MB/min in the first third, ${memory.lastThirdMbPerMin.toFixed(1)} MB/min in the last third`,
      `memory ${memory.levelledOff ? 'levelled off' : 'did NOT level off'} (last third ≤ 2 MB/min or ≤ a quarter of the first third's growth)`,
      counts.lost === 0
        ? `nothing acknowledged was lost: all ${counts.acknowledged} acknowledged messages reached every subscriber`
        : `LOST: ${counts.lost} of ${counts.acknowledged} acknowledged messages never reached some subscriber`,
    ];
    console.log(lines.join('\n'));
    console.log(
      JSON.stringify({
        options: o,
        sends: { ok: load.ok, failed: load.failed },
        counts,
        delivery,
        memory,
        samples: sampler.samples,
      }),
    );
    return counts.lost === 0;
  } finally {
    http.close();
    await server.stop();
    removeDir(dataDir);
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

main(parse(process.argv.slice(2))).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
