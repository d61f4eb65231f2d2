import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type AnyProjection, isProjectionDefinition } from '../analytics/define';
import { EXAMPLES } from '../analytics/examples';
import { follow, outputOf, replay } from '../analytics/run';
import { type Sink, sinkFor } from '../analytics/sinks';
import { loadConfig } from '../config/config';
import type { Position } from '../eventstore/port';
import { openStores } from '../stores';
import { parseCommandLine, usageError } from './arguments';
import { ProgressBar } from './progress-bar';
import { exitQuietlyWhenStdoutCloses } from './stdout-closed';

const USAGE = `usage: npm run analyze -- <projection> [--out FILE.json|FILE.csv|sqlite:FILE#table] [--follow [--every SECONDS]]
<projection>  a bundled example (${Object.keys(EXAMPLES).join(', ')}),
              a projection source under src/ (src/analytics/custom/NAME.ts runs dist/analytics/custom/NAME.js),
              or a compiled .js module exporting the definition as \`default\` or \`projection\`
--out         where the rows go: a JSON or CSV file (replaced), or a table of an SQLite file (replaced);
              without it, a table on stdout
--follow      after the whole log, stay live and rewrite the output when new events arrive (Ctrl-C stops)
--every       with --follow, seconds between rewrites at most (default 5)
Reads the event log of this deployment (EVENTSTORE_URL, or the embedded log under DATA_DIR).
See docs/analytics.md.`;

interface Args {
  target: string;
  out: string | undefined;
  follow: boolean;
  everySeconds: number;
}

function argumentsOf(argv: string[]): Args {
  const { values, positionals } = parseCommandLine(
    argv,
    { out: { type: 'string' }, follow: { type: 'boolean' }, every: { type: 'string' } },
    USAGE,
  );
  const [target, extra] = positionals;
  if (extra !== undefined) usageError(`unexpected argument ${extra}`, USAGE);
  if (target === undefined) usageError('which projection?', USAGE);
  const everySeconds = values.every === undefined ? 5 : Number(values.every);
  if (!(everySeconds > 0)) usageError('--every needs a positive number of seconds', USAGE);
  return { target, out: values.out, follow: values.follow === true, everySeconds };
}

/** The repository root: this file runs as dist/cli/analyze.js. */
const ROOT = resolve(__dirname, '..', '..');

/** A bundled example's name, a .ts file under src/ (run from dist/), or a .js module. */
function loadProjection(target: string): AnyProjection {
  const example = EXAMPLES[target];
  if (example) return example;
  const file = modulePathOf(target);
  if (!existsSync(file)) {
    throw new Error(
      target.endsWith('.ts')
        ? `${file} not found: is ${target} under src/ and did the build succeed?`
        : `${target} is neither a bundled example (${Object.keys(EXAMPLES).join(', ')}) nor an existing file`,
    );
  }
  const loaded = require(file) as { default?: unknown; projection?: unknown };
  const definition = isProjectionDefinition(loaded.default) ? loaded.default : loaded.projection;
  if (!isProjectionDefinition(definition))
    throw new Error(`${target} exports no projection: export default defineProjection({...})`);
  return definition;
}

function modulePathOf(target: string): string {
  const absolute = isAbsolute(target) ? target : resolve(process.cwd(), target);
  if (!target.endsWith('.ts')) return absolute;
  const inSrc = relative(join(ROOT, 'src'), absolute);
  if (inSrc.startsWith('..') || isAbsolute(inSrc))
    throw new Error(`${target}: TypeScript projections must live under src/ (e.g. src/analytics/custom/)`);
  return join(ROOT, 'dist', inSrc.replace(/\.ts$/, '.js'));
}

async function main(argv: string[]): Promise<void> {
  const args = argumentsOf(argv);
  const definition = loadProjection(args.target);
  const sink: Sink = sinkFor(args.out, definition.name);
  const stores = await openStores(loadConfig());
  try {
    const { store } = stores;
    const head = await store.headPosition();
    const bar = new ProgressBar(definition.name);
    const result = await replay(store, definition, {
      onProgress: ({ events, position }) => {
        if (head) bar.update(store.fractionOf(position, head), events);
      },
    });
    bar.finish(result.events);
    sink.write(outputOf(definition, result.state));
    console.error(
      `${definition.name}: ${result.events.toLocaleString('en-US')} events, output in ${sink.description}`,
    );
    if (!args.follow) return;
    let events = result.events;
    const failed = new Promise<Error>((resolveFailure) => {
      const follower = follow(store, definition, {
        after: result.position as Position | undefined,
        state: result.state,
        intervalMs: args.everySeconds * 1000,
        onEvent: () => void events++,
        onOutput: (output) => {
          sink.write(output);
          console.error(
            `${new Date().toISOString()} ${definition.name}: ${events.toLocaleString('en-US')} events, output in ${sink.description}`,
          );
        },
        onError: resolveFailure,
      });
      console.error(`${definition.name}: following the log (Ctrl-C stops)`);
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        follower.close().then(() => resolveFailure(new StoppedError()), resolveFailure);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const error = await failed;
    if (!(error instanceof StoppedError)) throw error;
  } finally {
    sink.close();
    await stores.close();
  }
}

class StoppedError extends Error {}

exitQuietlyWhenStdoutCloses();
main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
