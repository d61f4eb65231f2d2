import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// Debian installs nginx under /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * The absolute path of an executable found on PATH (or in the sbin directories), or undefined. Kept
 * apart from the jest helpers of binaries.ts: the benchmark (bench/) uses it too, without jest.
 */
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
