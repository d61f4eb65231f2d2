import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The layer rules, checked on the import statements of every source file. */
const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
}

/** Where an import points: a top-level folder of src/ ("domain", "api", ...) or a package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return `package:${specifier}`;
  const path = relative(SRC, resolve(dirname(file), specifier));
  return path.split('/')[0] as string;
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0] as string;

const rules: Record<string, (target: string) => boolean> = {
  // The domain is pure: zod and itself, no store, no framework, no clock.
  domain: (t) => t === 'domain' || t === 'package:zod',
  // Adapters know the port, not the chat.
  eventstore: (t) => ['eventstore', 'sqlite'].includes(t) || t.startsWith('package:'),
  // The read-model stores know their port, the log's positions and the shared database helper; the
  // projections depend on them, never the reverse.
  readmodels: (t) => ['readmodels', 'eventstore', 'sqlite'].includes(t) || t.startsWith('package:'),
  // The embedded stores' database helper sits below both of them.
  sqlite: (t) => t === 'sqlite' || t.startsWith('package:'),
  // Commands never reach for HTTP; they report conflicts through the logger and metrics.
  commands: (t) =>
    ['commands', 'domain', 'eventstore', 'observability'].includes(t) ||
    ['package:lru-cache', 'package:uuid'].includes(t) ||
    t.startsWith('package:node:'),
  // Abuse limits are plain in-memory counters: no store, no framework (configuration types only).
  limits: (t) => ['limits', 'config'].includes(t),
};

describe('architecture', () => {
  const files = sourceFiles(SRC);
  it.each(Object.keys(rules))('keeps the imports of src/%s within its layer', (layer) => {
    const allowed = rules[layer] as (t: string) => boolean;
    const violations = files
      .filter((file) => layerOf(file) === layer)
      .flatMap((file) => importsOf(file).map((specifier) => ({ file: relative(SRC, file), specifier })))
      .filter(({ file, specifier }) => !allowed(target(join(SRC, file), specifier)));
    expect(violations).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(files.filter((f) => layerOf(f) === 'domain').length).toBeGreaterThan(5);
  });
});
