#!/usr/bin/env node
// Builds dist/ only when the sources changed since the last build, so that `npm run token`, `audit`,
// `analyze` and `projections` start in well under a second on an unchanged tree. The check is a
// fingerprint of every input's path, size and modification time (a few hundred stat calls); a build
// runs tsc incrementally, with its build info kept beside the fingerprint in the git-ignored .cache/.
// Progress goes to stderr: a command's stdout stays its own (`audit public-key > key.pem`).

const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'build');
const stampFile = path.join(cacheDir, 'fingerprint');
const buildInfo = path.join(cacheDir, 'tsconfig.build.tsbuildinfo');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
// What the commands run: when any is missing, dist/ was removed or never built.
const OUTPUTS = ['dist/main.js', 'dist/cli/token.js'];

function fingerprint() {
  const lines = [];
  const visit = (relative) => {
    const full = path.join(root, relative);
    let stat;
    try {
      stat = fs.statSync(full);
    } catch {
      lines.push(`${relative}\tmissing`);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(relative, entry));
    } else {
      lines.push(`${relative}\t${stat.size}\t${stat.mtimeMs}`);
    }
  };
  for (const input of INPUTS) visit(input);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function readStamp() {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const current = fingerprint();
const built = OUTPUTS.every((output) => fs.existsSync(path.join(root, output)));
if (built && readStamp() === current) process.exit(0);

fs.mkdirSync(cacheDir, { recursive: true });
// Incremental build info that outlived its output would make tsc skip emitting what is missing.
if (!built) fs.rmSync(buildInfo, { force: true });
process.stderr.write('building dist/ (sources changed since the last build)...\n');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const result = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', buildInfo],
  { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] },
);
if (result.status !== 0) process.exit(result.status ?? 1);
// The fingerprint taken before building: an edit made during the build triggers the next one.
fs.writeFileSync(stampFile, `${current}\n`);
