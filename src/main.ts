import { loadConfig } from './config/config';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.MONGODB_URL) {
    console.warn('MONGODB_URL is set but this version serves no read models yet; it is ignored.');
  }
  const server = await startServer(config);
  const store = server.storeKind === 'embedded' ? `embedded store in ${config.DATA_DIR}` : 'EventStoreDB';
  console.log(`chat backend listening on http://localhost:${server.port} (${store})`);
  console.log(
    `API docs: http://localhost:${server.port}/docs   dev token: npm run token -- <user-id> [name]`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests and closing the store`);
    await server.close();
    process.exit(0);
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
