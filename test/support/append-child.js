// A second process on the embedded event store, for the durability tests. Runs the compiled store, so
// `npx tsc -p tsconfig.build.json` must have run. Usage:
//   node append-child.js <file> <prefix> <appenders> [appendsPerAppender]
// Each of <appenders> concurrent loops appends to stream `<prefix>-<i>`, continuing after whatever the
// stream already holds, one to three events per append, with the expected revision. After every
// acknowledged append it prints one JSON line {stream, revision, ids}: `revision` is the last one written.
// Without appendsPerAppender it runs until killed; with it, it closes the store and exits 0.
const { randomUUID } = require('node:crypto');
const { SqliteEventStore } = require('../../dist/eventstore/sqlite/sqlite-event-store.js');

const [file, prefix, appendersArg, perAppenderArg] = process.argv.slice(2);
const appenders = Number(appendersArg);
const perAppender = perAppenderArg === undefined ? Number.POSITIVE_INFINITY : Number(perAppenderArg);

async function appendLoop(store, stream) {
  const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  let revision = last[0] === undefined ? -1 : last[0].revision;
  for (let n = 0; n < perAppender; n++) {
    const ids = Array.from({ length: 1 + (n % 3) }, () => randomUUID());
    const events = ids.map((id, i) => ({ id, type: 'Appended', data: { n, i, pid: process.pid } }));
    const result = await store.append(stream, events, revision === -1 ? 'no_stream' : revision);
    revision = result.revision;
    // Synchronous on Linux for pipes and files: a printed line was acknowledged, and nothing later is.
    process.stdout.write(`${JSON.stringify({ stream, revision, ids })}\n`);
  }
}

async function main() {
  const store = SqliteEventStore.open(file);
  const loops = Array.from({ length: appenders }, (_, i) => appendLoop(store, `${prefix}-${i}`));
  await Promise.all(loops);
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
