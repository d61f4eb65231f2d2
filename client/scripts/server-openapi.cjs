// The server's OpenAPI document, which it builds from the same zod schemas that validate its requests.
// CommonJS so that both the build script (over dist/) and the drift test (over src/) can load it.
const { createServer } = require('node:http');

/**
 * The OpenAPI document exactly as the server serves it at /openapi.json, from an app built with
 * inert dependencies: routes are declared at construction, their handlers never run here.
 */
async function serverOpenApi({ createApi, abuseLimits, loadConfig }) {
  const app = createApi({
    commands: {},
    readModels: {},
    consistency: {},
    auth: { kind: 'hs256', secret: 'openapi-generation-only-secret' },
    limits: abuseLimits(loadConfig({})),
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
