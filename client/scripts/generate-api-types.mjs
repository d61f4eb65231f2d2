// The client's REST types, generated from the server's OpenAPI document with openapi-typescript.
//   node generate-api-types.mjs                 writes client/src/generated/api.ts from the compiled
//                                               server (run after `tsc -p tsconfig.build.json`)
//   node generate-api-types.mjs --stdout FILE   prints the types for the OpenAPI document in FILE
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `// Generated from the server's OpenAPI document by client/scripts/generate-api-types.mjs.
// Do not edit: run \`npm run build\` (a test fails while this file differs from the server).
`;

async function apiTypesSource(document) {
  return HEADER + astToString(await openapiTS(document, { alphabetize: true }));
}

if (process.argv[2] === '--stdout') {
  const document = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  process.stdout.write(await apiTypesSource(document));
} else {
  const require = createRequire(import.meta.url);
  const here = dirname(fileURLToPath(import.meta.url));
  const dist = join(here, '..', '..', 'dist');
  const { serverOpenApi } = require('./server-openapi.cjs');
  const document = await serverOpenApi({
    createApi: require(join(dist, 'api', 'app.js')).createApi,
    abuseLimits: require(join(dist, 'limits', 'user-limits.js')).abuseLimits,
    loadConfig: require(join(dist, 'config', 'config.js')).loadConfig,
    Metrics: require(join(dist, 'observability', 'metrics.js')).Metrics,
  });
  const out = join(here, '..', 'src', 'generated', 'api.ts');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await apiTypesSource(document));
}
