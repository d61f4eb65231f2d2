import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from './api/app';
import { type AuthConfig, tokenVerifier } from './api/auth';
import { Consistency } from './api/consistency';
import { commandDeps } from './commands/deps';
import type { Config } from './config/config';
import { signingSecret } from './config/secret';
import { startProjector } from './projections/projector';
import { RealtimeServer } from './realtime/realtime-server';
import { forwardWebSocketUpgrades } from './realtime/upgrade-proxy';
import { openStores } from './stores';

export interface RunningServer {
  port: number;
  wsPort: number;
  storeKind: string;
  close(): Promise<void>;
}

/** The composition root: real adapters chosen from configuration, wired into the API. */
export async function startServer(
  config: Config,
  log: (message: string) => void = console.log,
): Promise<RunningServer> {
  const stores = await openStores(config);
  const commands = commandDeps(stores.store, stores.ephemeral);
  const projector = await startProjector(stores.store, stores.readModels.projections, log);
  const consistency = new Consistency(
    projector.progress,
    projector.consumersOf,
    (token) => stores.store.parsePosition(token),
    config.CONSISTENCY_TIMEOUT_MS,
  );
  const auth = authConfig(config);
  const realtime = new RealtimeServer({
    store: stores.store,
    readModels: stores.readModels.readModels,
    commands,
    verifyToken: tokenVerifier(auth),
    allowedOrigins: config.WS_ALLOWED_ORIGINS.split(',').map((o) => o.trim()),
    log,
  });
  const wsPort = await realtime.listen(config.HOST, config.WS_PORT);
  const app = createApi({
    commands,
    readModels: stores.readModels.readModels,
    consistency,
    connectedUsers: () => realtime.onlineUsers(),
    auth,
    bodyLimit: config.BODY_LIMIT,
    log,
  });
  const server = createServer(app.callback());
  // Bodies arrive within a few seconds or the connection is dropped: slow clients cannot hold sockets open.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  forwardWebSocketUpgrades(server, wsPort);
  await listen(server, config.PORT, config.HOST);
  return {
    port: (server.address() as AddressInfo).port,
    wsPort,
    storeKind: stores.kind,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await realtime.close();
      server.closeAllConnections();
      await closed;
      await projector.stop();
      await stores.close();
    },
  };
}

export function authConfig(config: Config): AuthConfig {
  const claims = { audience: config.JWT_AUDIENCE, issuer: config.JWT_ISSUER };
  if (config.JWKS_URL) return { kind: 'jwks', jwksUrl: config.JWKS_URL, ...claims };
  return { kind: 'hs256', secret: signingSecret(config.SECRET_KEY, config.DATA_DIR), ...claims };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
