#!/usr/bin/env node
// Builds only what is older than its sources, so that `npm run token`, `audit`, `analyze` and
// `projections` start in well under a second on an unchanged tree:
//   node scripts/build-if-stale.js           the server (dist/)
//   node scripts/build-if-stale.js --client  the server, then the client package and the demo page
// The check is a fingerprint of every input's path, size and modification time (a few hundred stat
// calls), kept in the git-ignored .cache/ with tsc's incremental build info. Progress goes to stderr:
// a command's stdout stays its own (`audit public-key > key.pem`).

const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'build');
const buildInfo = path.join(cacheDir, 'tsconfig.build.tsbuildinfo');
const tsc = () => require.resolve('typescript/bin/tsc', { paths: [root] });

const TARGETS = {
  server: {
    label: 'dist/',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'],
    // What the commands run: when any is missing, dist/ was removed or never built.
    outputs: ['dist/main.js', 'dist/cli/token.js'],
    build: (built) => {
      // Incremental build info that outlived its output would make tsc skip emitting what is missing.
      if (!built) fs.rmSync(buildInfo, { force: true });
      return run(process.execPath, [
        tsc(),
        '-p',
        'tsconfig.build.json',
        '--incremental',
        '--tsBuildInfoFile',
        buildInfo,
      ]);
    },
  },
  client: {
    label: 'the client and the demo page',
    // The client's types are generated from the server's OpenAPI document, so the server's sources count.
    inputs: [
      'src',
      'client/src',
      'client/demo',
      'client/scripts',
      'client/package.json',
      'client/tsconfig.json',
    ],
    outputs: ['client/dist/index.js', 'client/dist/demo/index.html', 'client/dist/demo/app.js'],
    build: () =>
      run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build', '-w', 'client']),
  },
};

function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] }).status ?? 1;
}

function fingerprint(inputs) {
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
      for (const entry of fs.readdirSync(full).sort()) {
        // Generated files are outputs of the client's build, not inputs.
        if (entry === 'generated' || entry === 'dist') continue;
        visit(path.join(relative, entry));
      }
    } else {
      lines.push(`${relative}\t${stat.size}\t${stat.mtimeMs}`);
    }
  };
  for (const input of inputs) visit(input);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function ensure(name) {
  const target = TARGETS[name];
  const stampFile = path.join(cacheDir, `${name}.fingerprint`);
  const current = fingerprint(target.inputs);
  const built = target.outputs.every((output) => fs.existsSync(path.join(root, output)));
  let stamp;
  try {
    stamp = fs.readFileSync(stampFile, 'utf8').trim();
  } catch {}
  if (built && stamp === current) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  process.stderr.write(`building ${target.label} (sources changed since the last build)...\n`);
  const status = target.build(built);
  if (status !== 0) process.exit(status);
  // The fingerprint taken before building: an edit made during the build triggers the next one.
  fs.writeFileSync(stampFile, `${current}\n`);
}

ensure('server');
if (process.argv.includes('--client')) ensure('client');
