import { loadConfig } from './config/config';
import { createLogger, type Logger } from './observability/logger';
import { startServer } from './server';

/**
 * Starts the server and stops it gracefully on SIGTERM or SIGINT: no new connections, running requests
 * answer (for at most SHUTDOWN_TIMEOUT_MS), sockets close with 1001, projections flush their
 * checkpoints, stores close. Exit code 0 when nothing was cut, 1 when requests were cut at the deadline,
 * the stop failed, or a second signal forced the exit. Nothing acknowledged is lost either way: the log
 * commits before any answer.
 *
 * Logs are JSON lines on stdout, or readable lines when stdout is a terminal (development).
 */
async function main(logger: Logger): Promise<void> {
  const config = loadConfig();
  logger.level = config.LOG_LEVEL;
  const server = await startServer(config, { logger });
  const store = server.storeKind === 'embedded' ? `embedded store in ${config.DATA_DIR}` : 'EventStoreDB';
  // Tests and supervisors read the ports from these two lines (either may be 0 in the configuration).
  logger.info(
    { port: server.port, store: server.storeKind },
    `chat backend listening on http://localhost:${server.port} (${store})`,
  );
  logger.info(
    { ws_port: server.wsPort },
    `WebSockets on ws://localhost:${server.wsPort}/api/v1/chat/ws (also through the REST port)`,
  );
  logger.info(
    `API docs: http://localhost:${server.port}/docs   dev token: npm run token -- <user-id> [name]`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    // close() stops listening before it first yields, so this line is true once printed.
    const closing = server.close({ deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
    logger.info(
      `${signal}: refusing new connections, finishing running requests (at most ${config.SHUTDOWN_TIMEOUT_MS} ms)`,
    );
    try {
      const { cut, projectionsCaughtUp } = await closing;
      if (!projectionsCaughtUp) {
        logger.warn(
          'projections had not applied the whole log: they catch up from their checkpoints at start',
        );
      }
      if (cut > 0) {
        logger.error(
          { cut, duration_ms: Date.now() - started },
          `stopped after ${Date.now() - started} ms, cutting ${cut} request(s) at the deadline`,
        );
        process.exit(1);
      }
      logger.info({ duration_ms: Date.now() - started }, `stopped cleanly in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

// The level is known once the configuration is read; a configuration error is still logged.
const logger = createLogger({ level: 'info', pretty: process.stdout.isTTY === true });
main(logger).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  logger.fatal({ err: error }, `could not start: ${message}`);
  if (/EADDRINUSE/.test(message)) logger.fatal('another process uses the port: set PORT to a free one');
  process.exit(1);
});
