import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayReport } from '../children/replay-report';
import type { ReplayProfile } from '../profiles';
import { figure, type Scenario, type ScenarioRun } from '../results';
import { seedLog } from '../seed/datasets';
import { BENCH_BUILD, removeDir, spawnNode, tempDir } from '../support/processes';
import { progress } from '../support/progress';

export interface Log {
  dataDir: string;
  events: number;
}

interface Fixture {
  large: Log;
  small: Log;
}

export function replayScenario(p: ReplayProfile): Scenario<Fixture> {
  return {
    name: 'replay',
    describe:
      `rebuild every projection of the chat API from a log of ${p.events.toLocaleString('en-US')} ` +
      `events, and from one of ${p.smallEvents.toLocaleString('en-US')} to show whether peak memory grows with ` +
      'the log: log events per second and peak RSS of the rebuilding process. Ceiling: one bare scan of the ' +
      'same log (keyset pages, JSON.parse of every event) in its own process.',
    prepare: async () => {
      const large = tempDir('replay-large');
      const small = tempDir('replay-small');
      progress(`replay: seeding a log of ${p.events.toLocaleString('en-US')} events`);
      const largeEvents = await seedLog(large, p.events);
      progress(`replay: seeding a log of ${p.smallEvents.toLocaleString('en-US')} events`);
      const smallEvents = await seedLog(small, p.smallEvents);
      return {
        large: { dataDir: large, events: largeEvents },
        small: { dataDir: small, events: smallEvents },
      };
    },
    run: runReplay,
    cleanup: async ({ large, small }) => {
      removeDir(large.dataDir);
      removeDir(small.dataDir);
    },
  };
}

async function runReplay({ large, small }: Fixture): Promise<ScenarioRun> {
  const rebuildLarge = await child('rebuild-projections', 'children', large);
  const scanLarge = await child('log-scan', 'ceilings', large);
  const rebuildSmall = await child('rebuild-projections', 'children', small);
  const scanSmall = await child('log-scan', 'ceilings', small);
  const mb = (r: ReplayReport) => r.maxRssKb / 1024;
  const rate = (r: ReplayReport) => r.events / r.seconds;
  const notes: string[] = [];
  if (rebuildLarge.events !== scanLarge.events) {
    notes.push(`the rebuild applied ${rebuildLarge.events} events of a log of ${scanLarge.events}`);
  }
  return {
    scenario: 'replay',
    figures: [
      figure(
        'events_per_s',
        `log events/s (${large.events.toLocaleString('en-US')} events)`,
        '/s',
        rate(rebuildLarge),
        rate(scanLarge),
      ),
      figure('seconds', 'time to rebuild / to scan', 's', rebuildLarge.seconds, scanLarge.seconds),
      figure(
        'peak_rss',
        `peak RSS, ${large.events.toLocaleString('en-US')} events`,
        'MB',
        mb(rebuildLarge),
        mb(scanLarge),
      ),
      figure(
        'peak_rss_small',
        `peak RSS, ${small.events.toLocaleString('en-US')} events`,
        'MB',
        mb(rebuildSmall),
        mb(scanSmall),
      ),
      figure(
        'rss_growth',
        'peak RSS growth for the larger log',
        'x',
        mb(rebuildLarge) / mb(rebuildSmall),
        mb(scanLarge) / mb(scanSmall),
      ),
    ],
    notes,
  };
}

/** Runs a replay child on a data directory and reads the report it prints last. */
export async function child(name: string, folder: string, log: Log): Promise<ReplayReport> {
  progress(`replay: ${name} over ${log.events.toLocaleString('en-US')} events`);
  const logFile = join(log.dataDir, `${name}.out`);
  const process = spawnNode(
    join(BENCH_BUILD, folder, `${name}.js`),
    [log.dataDir],
    { ...globalThis.process.env },
    logFile,
  );
  const code = await process.exited;
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
  removeDir(logFile);
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${lines.slice(-20).join('\n')}`);
  return JSON.parse(lines[lines.length - 1] ?? '') as ReplayReport;
}
