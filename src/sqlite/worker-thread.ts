import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

// A worker thread loads its entry module with Node's own loader, which cannot read TypeScript. The
// compiled build runs `<name>.js` from dist/ as is. Running from source (under jest, whose transform does
// not reach worker threads), this bootstrap compiles `<name>.ts` and every module it imports with
// @swc/core, the compiler the tests already use, so the worker code is the same strict TypeScript either
// way and nothing has to be kept in sync with a copy in a string.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { entry, compiler } = workerData.bootstrap;
if (compiler) {
  const { readFileSync } = require('node:fs');
  const { transformSync } = require(compiler);
  const options = { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } };
  require.extensions['.ts'] = (module, filename) => {
    module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
  };
}
require(entry);
`;

/**
 * Starts the worker module `name` of the folder `dir`, from compiled output or from source alike. The
 * caller passes its own `__dirname`, so that the worker's module sits beside the code that starts it.
 */
export function startWorkerModule(dir: string, name: string, data: Record<string, unknown>): Worker {
  const extension = extname(__filename);
  const entry = join(dir, `${name}${extension}`);
  const compiler = extension === '.ts' ? require.resolve('@swc/core') : undefined;
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, bootstrap: { entry, compiler } } });
}
