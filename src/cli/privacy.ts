import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/config';
import { parseCommandLine, usageError } from './arguments';
import { type EncryptedLogCopy, encryptLog, LogMigrationRefused } from './encrypt-log';
import { ProgressBar } from './progress-bar';

const USAGE = `usage: npm run privacy -- encrypt-log --from <DATA_DIR> --to <NEW_DATA_DIR>
encrypt-log  copies the embedded event log of --from into a new embedded log in --to (which must be
             empty or absent), in global order with the same streams, revisions, event ids, types,
             metadata and recorded times (snapshots aside: a cache), with every personal field
             encrypted (already encrypted values as they are, erased users' values as their erased
             marker); then reads both logs back and verifies that they match and that no personal
             field of the new log is stored in clear. Exits 0 once verified.
             Stop the server on --from first. The new log has a new epoch: positions from the old one
             are refused by it, so read models are rebuilt on --to (the server catches up from the log
             on start). keys.db, secret.key and audit-export.key are copied. Then destroy --from: it
             still holds the personal data in clear.
             EventStoreDB (EVENTSTORE_URL) and keys in MongoDB (MONGODB_URL) are not supported.`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(
    argv,
    { from: { type: 'string' }, to: { type: 'string' } },
    USAGE,
  );
  const [command, ...rest] = positionals;
  if (command !== 'encrypt-log' || rest.length > 0) {
    usageError(command === undefined ? 'no command' : `unknown command ${positionals.join(' ')}`, USAGE);
  }
  if (values.from === undefined || values.to === undefined) usageError('--from and --to are required', USAGE);
  const from = resolve(values.from);
  const to = resolve(values.to);
  const config = loadConfig();
  refuseUnsupported(config.EVENTSTORE_URL, config.MONGODB_URL, from, to);

  const copying = new Progress('copy');
  const verifying = new Progress('verify');
  const result = await encryptLog(from, to, {
    onCopied: (fraction, events) => copying.update(fraction, events),
    onCopyDone: (events) => copying.finish(events),
    onVerified: (fraction, events) => verifying.update(fraction, events),
    onVerifyDone: (events) => verifying.finish(events),
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\n${to} holds an incomplete copy: remove it before trying again (${from} is intact)`,
    );
  });
  printSummary(result, from, to);
  if (result.verification.problems.length > 0) process.exit(1);
}

function refuseUnsupported(
  eventStoreUrl: string | undefined,
  mongoUrl: string | undefined,
  from: string,
  to: string,
) {
  if (eventStoreUrl) {
    throw new LogMigrationRefused(
      'EVENTSTORE_URL is set: encrypt-log migrates the embedded log only. An EventStoreDB log cannot be ' +
        'rewritten in place; migrating it means writing a new EventStoreDB database (see docs/privacy.md).',
    );
  }
  if (mongoUrl) {
    throw new LogMigrationRefused(
      'MONGODB_URL is set: the data keys live in MongoDB, not in the data directory; encrypt-log migrates ' +
        'an embedded deployment whose keys are in DATA_DIR/keys.db (unset MONGODB_URL to run it).',
    );
  }
  if (!existsSync(join(from, 'events.db')))
    throw new LogMigrationRefused(`no event log in ${from} (events.db)`);
  if (from === to) throw new LogMigrationRefused('--from and --to are the same directory');
  if (existsSync(to) && readdirSync(to).length > 0) {
    throw new LogMigrationRefused(`${to} is not empty: the new log needs an empty (or absent) directory`);
  }
}

function printSummary(
  { counts, verification, seconds, copiedFiles }: EncryptedLogCopy,
  from: string,
  to: string,
) {
  const n = (value: number) => value.toLocaleString('en-US');
  console.log(`events copied:               ${n(counts.events)}`);
  console.log(`personal fields encrypted:   ${n(counts.fieldsEncrypted)}`);
  console.log(`already encrypted (as-is):   ${n(counts.alreadyEncrypted)}`);
  console.log(`erased (written as erased):  ${n(counts.erased)}`);
  console.log(
    `snapshot events not copied:  ${n(counts.snapshotsSkipped)} (a cache; rewritten as commands run)`,
  );
  console.log(`files copied:                ${copiedFiles.length > 0 ? copiedFiles.join(', ') : '(none)'}`);
  console.log(`time:                        ${seconds.toFixed(1)} s`);
  if (verification.problems.length > 0) {
    console.log(`NOT VERIFIED: ${verification.problems.length} problem(s) (the first ones):`);
    for (const problem of verification.problems) console.log(`  ${problem}`);
    console.log(`Keep ${from}; remove ${to} before trying again.`);
    return;
  }
  console.log(
    `verified: ${n(verification.compared)} events match (streams, revisions, ids, types, metadata, recorded times, decrypted data); ` +
      'no personal field is stored in clear',
  );
  console.log(
    `The new log in ${to} has a new epoch: positions and cursors from the old log are refused by it. ` +
      'Start the server on it with empty read models (they catch up from the log) or run ' +
      '`npm run projections -- rebuild` there. Webhook checkpoints start over too.',
  );
  console.log(
    `Then destroy ${from} (shred its files, and its backups): it still holds personal data in clear.`,
  );
}

/** A progress bar drawn only for a log longer than its first page: a short run prints its summary alone. */
class Progress {
  private bar: ProgressBar | undefined;

  constructor(private readonly label: string) {}

  update(fraction: number, events: number): void {
    if (!this.bar && fraction >= 1) return;
    this.bar ??= new ProgressBar(this.label);
    this.bar.update(fraction, events);
  }

  finish(events: number): void {
    this.bar?.finish(events);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof LogMigrationRefused
      ? `refused: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error),
  );
  process.exit(1);
});
