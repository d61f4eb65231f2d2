/** Says, before any test runs, which server-backed suites run here and which are skipped and why. */
module.exports = async () => {
  const lines = [
    process.env.EVENTSTORE_URL
      ? `EventStoreDB contract suites (event store, ephemeral channel): run against ${process.env.EVENTSTORE_URL}`
      : 'EventStoreDB contract suites (event store, ephemeral channel): SKIPPED (no server here; set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it)',
    process.env.MONGODB_URL
      ? `MongoDB read-model and GridFS blob-store contract suites: run against ${process.env.MONGODB_URL}`
      : 'MongoDB read-model and GridFS blob-store contract suites: SKIPPED (set MONGODB_URL, or run `bash scripts/with-ferretdb.sh npm test`)',
    require('node:fs').existsSync('/usr/bin/chromium')
      ? 'Browser tests of the demo page: run in /usr/bin/chromium'
      : 'Browser tests of the demo page: SKIPPED (/usr/bin/chromium is missing: apt-get install -y chromium)',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
};
