import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util`'s parseArgs with the command-line conventions of every CLI here: `--help` or `-h`
 * prints the usage and exits 0; an unknown option, a missing value or a bad argument prints the reason
 * and the usage and exits 2.
 */
export function parseCommandLine<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed as ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error), usage);
  }
}

export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}
