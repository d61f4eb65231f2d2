// The server's OpenAPI document, which it builds from the same zod schemas that validate its requests.
// CommonJS so that both the build script (over dist/) and the drift test (over src/) can load it.
const { createServer } = require('node:http');

const silentLogger = {
  child: () => silentLogger,
  ...Object.fromEntries(
    ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((level) => [level, () => {}]),
  ),
};

/**
 * The OpenAPI document exactly as the server serves it at /openapi.json, from an app built with
 * inert dependencies: routes are declared at construction, their handlers never run here.
 */
async function serverOpenApi({ createApi, abuseLimits, loadConfig, Metrics }) {
  const app = createApi({
    // The document states the form of positions; any store's form reads as a string to the client.
    commands: { store: { positionPattern: /^[0-9a-z]+:[0-9a-f]{16}$/ } },
    readModels: {},
    consistency: {},
    auth: { kind: 'hs256', secret: 'openapi-generation-only-secret' },
    limits: abuseLimits(loadConfig({})),
    logger: silentLogger,
    metrics: new Metrics({ processMetrics: false }),
  });
  const server = createServer(app.callback());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}/openapi.json`);
    if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
    return await response.json();
  } finally {
    server.close();
  }
}

module.exports = { serverOpenApi };
