import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The layer rules of .dependency-cruiser.js, checked on the whole of src/ by dependency-cruiser: the
 * domain is pure, REST and WebSocket never import each other, store adapters stand alone and only the
 * composition root wires them, no cycles between folders or files.
 */
const ROOT = resolve(__dirname, '../..');
const CLI = resolve(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

async function violations(): Promise<{ violations: Violation[]; modules: number }> {
  const run = promisify(execFile);
  const args = [CLI, 'src', '--config', '.dependency-cruiser.js', '--output-type', 'json'];
  // A run with violations exits non-zero: the report on stdout is what counts.
  const { stdout } = await run(process.execPath, args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: report.summary.violations, modules: report.summary.totalCruised };
}

const brief = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('architecture', () => {
  it('keeps every layer rule', async () => {
    const result = await violations();
    expect(result.modules).toBeGreaterThan(100);
    expect(result.violations.map(brief)).toEqual([]);
  }, 60_000);
});
