import { loadConfig } from './config/config';
import { startServer } from './server';

/**
 * Starts the server and stops it gracefully on SIGTERM or SIGINT: no new connections, running requests
 * answer (for at most SHUTDOWN_TIMEOUT_MS), sockets close with 1001, projections flush their
 * checkpoints, stores close. Exit code 0 when nothing was cut, 1 when requests were cut at the deadline,
 * the stop failed, or a second signal forced the exit. Nothing acknowledged is lost either way: the log
 * commits before any answer.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const store = server.storeKind === 'embedded' ? `embedded store in ${config.DATA_DIR}` : 'EventStoreDB';
  // Tests and supervisors read the ports from these two lines (either may be 0 in the configuration).
  console.log(`chat backend listening on http://localhost:${server.port} (${store})`);
  console.log(`WebSockets on ws://localhost:${server.wsPort}/api/v1/chat/ws (also through the REST port)`);
  console.log(
    `API docs: http://localhost:${server.port}/docs   dev token: npm run token -- <user-id> [name]`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    // close() stops listening before it first yields, so this line is true once printed.
    const closing = server.close({ deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
    console.log(
      `${signal}: refusing new connections, finishing running requests (at most ${config.SHUTDOWN_TIMEOUT_MS} ms)`,
    );
    try {
      const { cut, projectionsCaughtUp } = await closing;
      if (!projectionsCaughtUp) {
        console.warn(
          'projections had not applied the whole log: they catch up from their checkpoints at start',
        );
      }
      if (cut > 0) {
        console.error(`stopped after ${Date.now() - started} ms, cutting ${cut} request(s) at the deadline`);
        process.exit(1);
      }
      console.log(`stopped cleanly in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (error) {
      console.error(
        `stop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`could not start: ${message}`);
  if (/EADDRINUSE/.test(message)) console.error('another process uses the port: set PORT to a free one');
  process.exit(1);
});
