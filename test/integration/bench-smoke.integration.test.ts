import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SCENARIOS } from '../../bench/results';
import { tempDir } from '../support/temp-dir';

/**
 * The benchmark suite runs end to end in its smoke profile: the real server (dist/, which `npm test`
 * builds first) and the ceilings in their own processes, real HTTP and WebSockets. Only that it runs
 * and loses nothing is asserted; its timings mean nothing at this size and are never checked.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

interface Spread {
  median: number;
  max: number;
}
interface Summary {
  scenarios: { scenario: string; figures: { key: string; ours: Spread }[] }[];
}

describe('benchmark suite, smoke profile', () => {
  const { dir, remove } = tempDir('chat-bench-smoke-');
  afterAll(remove);

  it('runs every scenario and its ceiling, and no acknowledged message is lost', async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'bench/tsconfig.json'], { cwd: ROOT });
    const out = join(dir, 'summary.json');
    const env = { ...process.env, EVENTSTORE_URL: '', MONGODB_URL: '' };
    await run(process.execPath, ['dist-bench/bench/cli.js', '--smoke', '--json-out', out], {
      cwd: ROOT,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const summary = JSON.parse(readFileSync(out, 'utf8')) as Summary;
    expect(summary.scenarios.map((s) => s.scenario)).toEqual([...SCENARIOS]);
    const figureOf = (scenario: string, key: string) =>
      summary.scenarios.find((s) => s.scenario === scenario)?.figures.find((f) => f.key === key)?.ours;
    expect(figureOf('send', 'accepted_per_s')?.median).toBeGreaterThan(0);
    expect(figureOf('send', 'lost')?.max).toBe(0);
    expect(figureOf('send', 'duplicates')?.max).toBe(0);
    expect(figureOf('scale', 'deliveries_per_s')?.median).toBeGreaterThan(0);
    expect(figureOf('scale', 'incomplete')?.max).toBe(0);
    expect(figureOf('restart', 'ready_s')?.median).toBeGreaterThan(0);
    expect(figureOf('cluster', 'direct_per_s')?.median).toBeGreaterThan(0);
    expect(figureOf('cluster', 'lost')?.max).toBe(0);
    expect(figureOf('cluster', 'duplicates')?.max).toBe(0);
    expect(figureOf('search', 'search_p99')?.median).toBeGreaterThan(0);
    expect(figureOf('privacy', 'send_per_s')?.median).toBeGreaterThan(0);
    expect(figureOf('privacy', 'replay_per_s')?.median).toBeGreaterThan(0);
    expect(figureOf('privacy', 'failed')?.max).toBe(0);
  }, 300_000);
});
