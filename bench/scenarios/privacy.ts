import type { ReplayReport } from '../children/replay-report';
import type { PrivacyProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { seedLog } from '../seed/datasets';
import { startChatServer } from '../support/chat-server';
import { createGroup, MESSAGES_PATH, PADDING, sendBody } from '../support/chat-setup';
import { HttpClient } from '../support/http-client';
import { closedLoop, type LoadResult } from '../support/load';
import { removeDir, tempDir } from '../support/processes';
import { progress } from '../support/progress';
import { summarize } from '../support/stats';
import { child, type Log } from './replay';

/** Encryption of personal fields switched off: what the figures are compared with. */
const PLAIN = { ENCRYPT_PERSONAL_DATA: 'false' };

interface Fixture {
  encrypted: Log;
  plain: Log;
}

export function privacyScenario(p: PrivacyProfile): Scenario<Fixture> {
  return {
    name: 'privacy',
    describe:
      'what encrypting personal fields (content, names, avatars, status messages) costs: the most sends ' +
      `${p.senders} concurrent senders get accepted per second, and a rebuild of every projection from a log ` +
      `of ${p.events.toLocaleString('en-US')} events written encrypted. Ceiling: the same with ` +
      'ENCRYPT_PERSONAL_DATA=false, run right after it.',
    prepare: async () => {
      const encrypted = tempDir('privacy-encrypted');
      const plain = tempDir('privacy-plain');
      progress(`privacy: seeding an encrypted log of ${p.events.toLocaleString('en-US')} events`);
      const encryptedEvents = await seedLog(encrypted, p.events);
      progress(`privacy: seeding a plain log of ${p.events.toLocaleString('en-US')} events`);
      const plainEvents = await seedLog(plain, p.events, PLAIN);
      return {
        encrypted: { dataDir: encrypted, events: encryptedEvents },
        plain: { dataDir: plain, events: plainEvents },
      };
    },
    run: (fixture) => runPrivacy(p, fixture),
    cleanup: async ({ encrypted, plain }) => {
      removeDir(encrypted.dataDir);
      removeDir(plain.dataDir);
    },
  };
}

async function runPrivacy(p: PrivacyProfile, { encrypted, plain }: Fixture): Promise<ScenarioRun> {
  const sendEncrypted = await measureSends(p, {});
  const sendPlain = await measureSends(p, PLAIN);
  const rebuildEncrypted = await child('rebuild-projections', 'children', encrypted);
  const rebuildPlain = await child('rebuild-projections', 'children', plain);
  const sendRate = (r: LoadResult) => r.ok / (r.elapsedMs / 1000);
  const replayRate = (r: ReplayReport) => r.events / r.seconds;
  const [httpEncrypted, httpPlain] = [summarize(sendEncrypted.latencies), summarize(sendPlain.latencies)];
  return {
    scenario: 'privacy',
    figures: [
      figure('send_per_s', 'accepted messages/s', '/s', sendRate(sendEncrypted), sendRate(sendPlain)),
      figure('http_p50', `HTTP p50, ${p.senders} in flight`, 'ms', httpEncrypted.p50, httpPlain.p50),
      figure('http_p99', `HTTP p99, ${p.senders} in flight`, 'ms', httpEncrypted.p99, httpPlain.p99),
      figure(
        'replay_per_s',
        `rebuild, log events/s (${encrypted.events.toLocaleString('en-US')} events)`,
        '/s',
        replayRate(rebuildEncrypted),
        replayRate(rebuildPlain),
      ),
      figure('failed', 'failed sends (non-2xx)', 'reqs', sendEncrypted.failed, sendPlain.failed),
    ],
    notes: [],
  };
}

/** A fresh server with `env`, its senders sending as fast as it accepts for the profile's duration. */
async function measureSends(p: PrivacyProfile, env: Record<string, string>): Promise<LoadResult> {
  const label = env === PLAIN ? 'plain' : 'encrypted';
  const dataDir = tempDir(`privacy-send-${label}`);
  const server = await startChatServer({ dataDir, env });
  const http = new HttpClient(server.port, p.senders);
  try {
    const senders = Array.from({ length: p.senders }, (_, i) => `sender-${i}`);
    const conversations: string[] = [];
    for (let c = 0; c < p.conversations; c++)
      conversations.push(
        await createGroup(
          server,
          `owner-${c}`,
          senders.filter((_, i) => i % p.conversations === c),
        ),
      );
    const tokens = senders.map((s) => server.tokens.mint(s));
    progress(`privacy: ${p.senders} senders for ${(p.warmupMs + p.durationMs) / 1000} s, ${label}`);
    let n = 0;
    return await closedLoop({
      label: `send (${label})`,
      workers: p.senders,
      warmupMs: p.warmupMs,
      durationMs: p.durationMs,
      op: async (worker) =>
        (
          await http.request('POST', MESSAGES_PATH, {
            token: tokens[worker],
            body: sendBody(conversations[worker % p.conversations] as string, `${n++} ${PADDING}`),
          })
        ).status,
    });
  } finally {
    http.close();
    await server.stop();
    removeDir(dataDir);
  }
}
