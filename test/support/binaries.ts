import { findBinary } from './find-binary';

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
