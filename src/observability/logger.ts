import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** pino level name: fatal, error, warn, info, debug, trace or silent. */
  level?: string;
  /** Human-readable lines instead of JSON (a terminal in development); needs the pino-pretty package. */
  pretty?: boolean;
  /** Where the lines go (default stdout); tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * The process's root logger: JSON lines on stdout. Components take a child (`logger.child({ component })`)
 * so that every line names where it came from; request handlers add `req_id` and `user_id` the same way.
 * Message content and tokens never go into a log line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  const destination = options.destination ?? (options.pretty ? prettyStream() : undefined);
  return destination ? pino(settings, destination) : pino(settings);
}

/** A logger that drops everything: for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * pino-pretty in this thread, writing synchronously: a development terminal needs no throughput, and
 * the last lines before `process.exit` must not be lost. Undefined when the package is not installed
 * (a production image without dev dependencies), which leaves JSON.
 */
function prettyStream(): DestinationStream | undefined {
  let pretty: typeof import('pino-pretty');
  try {
    pretty = require('pino-pretty');
  } catch {
    return undefined;
  }
  return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' });
}
