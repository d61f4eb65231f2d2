import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// Debian installs nginx under /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable found on PATH (or in the sbin directories), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/**
 * `it` when every binary is installed, else `it.skip`, after saying which binary is missing and how to
 * install it (`.ci/run` installs them).
 */
export function itWithBinaries(...names: string[]): { it: jest.It; paths: Record<string, string> } {
  const paths: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const path = findBinary(name);
    if (path) paths[name] = path;
    else missing.push(name);
  }
  if (missing.length === 0) return { it, paths };
  process.stdout.write(
    `SKIPPED: tests that need ${missing.join(', ')} (not installed; \`apt-get install -y nginx prometheus\` provides them, .ci/run does it)\n`,
  );
  return { it: it.skip, paths };
}
