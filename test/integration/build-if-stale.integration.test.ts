import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './../support/temp-dir';

/**
 * `npm run token|audit|analyze|projections` build first, through scripts/build-if-stale.js: on an
 * unchanged tree it must not compile at all, and after an edit it must. Run on a copy of the
 * project, so the build under test never rewrites the dist/ other tests use.
 */

const ROOT = join(__dirname, '..', '..');
const copy = tempDir('chat-build-');

beforeAll(() => {
  for (const entry of [
    'src',
    'scripts',
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
    'package-lock.json',
  ])
    cpSync(join(ROOT, entry), join(copy.dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy.dir, 'node_modules'), 'dir');
});
afterAll(() => copy.remove());

function build(): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join(copy.dir, 'scripts', 'build-if-stale.js')], {
    cwd: copy.dir,
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

const builtAt = () => statSync(join(copy.dir, 'dist', 'cli', 'token.js')).mtimeMs;

test('builds a fresh tree, skips an unchanged one, and rebuilds after an edit', () => {
  const first = build();
  expect(first).toEqual({ status: 0, stderr: expect.stringContaining('building dist/') });
  const before = builtAt();

  const again = build();
  expect(again).toEqual({ status: 0, stderr: '' });
  expect(builtAt()).toBe(before);

  const edited = join(copy.dir, 'src', 'cli', 'token.ts');
  appendFileSync(edited, '// an edit\n');
  const rebuilt = build();
  expect(rebuilt).toEqual({ status: 0, stderr: expect.stringContaining('building dist/') });
  expect(builtAt()).toBeGreaterThan(before);
}, 300_000);
