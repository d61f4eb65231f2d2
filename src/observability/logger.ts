import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** pino level name: fatal, error, warn, info, debug, trace or silent. */
  level?: string;
  /** Human-readable lines instead of JSON (a terminal in development); needs the pino-pretty package. */
  pretty?: boolean;
}

/**
 * The process's root logger: JSON lines on stdout. Components take a child (`logger.child({ component })`)
 * so that every line names where it came from; request handlers add `req_id` and `user_id` the same way.
 * Message content and tokens never go into a log line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const base = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  if (options.pretty && prettyAvailable()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(base);
}

/** A logger that drops everything: for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
