import { closeSync, createReadStream, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs as parseArgv } from 'node:util';
import {
  auditRecord,
  type ExportHeader,
  ExportWriter,
  makeHeader,
  publicKeyPem,
} from '../audit/export-format';
import { exportSigningKey } from '../audit/export-key';
import { ExportVerifier } from '../audit/export-verifier';
import {
  conversationStream,
  logPagesUpTo,
  streamEvents,
  streamHead,
  streamPages,
} from '../audit/stream-queries';
import { loadConfig } from '../config/config';
import { type EventStore, isAfter, type Position, type RecordedEvent } from '../eventstore/port';
import { openStores } from '../stores';
import { tableLine } from './audit-table';
import { ProgressBar } from './progress-bar';
import { exitQuietlyWhenStdoutCloses } from './stdout-closed';

const USAGE = `usage: npm run audit -- replay <conversation> [--as-of ISO|--position P] [--format table|json|ndjson]
       npm run audit -- export <conversation|--all> --out FILE
       npm run audit -- verify FILE [--public-key PEMFILE]
       npm run audit -- public-key
replay      the conversation's events in log order, up to an instant (--as-of, by recorded time) or a
            log position (--position, inclusive); table (default) prints one line per event
export      writes a signed, hash-chained NDJSON export of one conversation or of the whole log
            (--all; snapshot streams are left out, audit-access streams are included)
verify      checks an export: exit 0 and "OK: N events", or exit 1 naming the first bad line;
            --public-key checks that the export was signed by that (pinned) key
public-key  prints the export signing key's public half (PEM), creating the key if needed
The key is AUDIT_EXPORT_KEY (Ed25519 PKCS#8 PEM) when set, else DATA_DIR/audit-export.key.
Exit codes: 0 success, 1 failure (or a rejected export), 2 usage error.`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

/** The command's arguments by `node:util`'s parser: unknown options and missing values are usage errors. */
function parseArgs(argv: string[], valued: string[], flags: string[] = []): Parsed {
  const options = Object.fromEntries([
    ...valued.map((name) => [name.slice(2), { type: 'string' as const }]),
    ...flags.map((name) => [name.slice(2), { type: 'boolean' as const }]),
  ]);
  try {
    const { values, positionals } = parseArgv({ args: argv, options, allowPositionals: true, strict: true });
    const parsed = new Map<string, string | true>();
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' || value === true) parsed.set(`--${name}`, value);
    }
    return { positional: positionals, options: parsed };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function option(parsed: Parsed, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'replay':
        return await replay(parseArgs(rest, ['--as-of', '--position', '--format']));
      case 'export':
        return await exportCommand(parseArgs(rest, ['--out'], ['--all']));
      case 'verify':
        return await verifyCommand(parseArgs(rest, ['--public-key']));
      case 'public-key':
        return publicKey(parseArgs(rest, []));
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function replay(args: Parsed): Promise<number> {
  const [conversation, extra] = args.positional;
  if (conversation === undefined || extra !== undefined)
    throw new UsageError('replay takes one conversation id');
  const format = option(args, '--format') ?? 'table';
  if (!['table', 'json', 'ndjson'].includes(format)) throw new UsageError(`unknown format ${format}`);
  const asOfText = option(args, '--as-of');
  const positionText = option(args, '--position');
  if (asOfText !== undefined && positionText !== undefined)
    throw new UsageError('give --as-of or --position, not both');
  const asOf = asOfText === undefined ? undefined : Date.parse(asOfText);
  if (asOf !== undefined && Number.isNaN(asOf))
    throw new UsageError(`--as-of ${asOfText} is not an ISO time`);

  const stores = await openStores(loadConfig());
  try {
    const store = stores.store;
    let upTo: Position | undefined;
    if (positionText !== undefined) {
      try {
        upTo = store.parsePosition(positionText);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const events: RecordedEvent[] = [];
    for await (const event of streamEvents(store, conversationStream(conversation))) {
      // A stream is read in log order: stop at the first event past the cut.
      if (upTo !== undefined && isAfter(event.position, upTo)) break;
      if (asOf !== undefined && Date.parse(event.recordedAt) > asOf) break;
      if (format === 'ndjson') process.stdout.write(`${JSON.stringify(present(event))}\n`);
      else events.push(event);
    }
    if (format === 'json') process.stdout.write(`${JSON.stringify(events.map(present), null, 2)}\n`);
    if (format === 'table') {
      for (const event of events) console.log(tableLine(event));
      console.error(`${events.length} events`);
    }
    return 0;
  } finally {
    await stores.close();
  }
}

function present(event: RecordedEvent) {
  return { ...auditRecord(event), metadata: event.metadata };
}

async function exportCommand(args: Parsed): Promise<number> {
  const all = args.options.get('--all') === true;
  const [conversation, extra] = args.positional;
  const out = option(args, '--out');
  if (out === undefined) throw new UsageError('export needs --out FILE');
  if (extra !== undefined || all === (conversation !== undefined))
    throw new UsageError('export takes one conversation id or --all');

  const config = loadConfig();
  const key = exportSigningKey(process.env.AUDIT_EXPORT_KEY, config.DATA_DIR);
  const stores = await openStores(config);
  try {
    const store = stores.store;
    const pages = all ? wholeLogPages(store) : await conversationPages(store, conversation as string);
    if (!pages) {
      console.error(`conversation ${conversation} has no events`);
      return 1;
    }
    const header = makeHeader(
      all ? { scope: 'all' } : { scope: 'conversation', conversationId: conversation as string },
      key.publicKey,
      new Date().toISOString(),
    );
    const bar = new ProgressBar(all ? 'export --all' : `export ${conversation}`);
    const count = await writeExport(out, new ExportWriter(key), header, pages, bar);
    bar.finish(count);
    console.error(`exported ${count} events to ${out}`);
    return 0;
  } finally {
    await stores.close();
  }
}

/** Pages of an export, each with how far through the export it reaches (0 to 1). */
type ExportPages = AsyncGenerator<{ events: RecordedEvent[]; done: number }>;

/**
 * The log as it stood when the export began (events appended meanwhile belong to the next export),
 * without the snapshot streams.
 */
async function* wholeLogPages(store: EventStore): ExportPages {
  const head = await store.headPosition();
  if (head === undefined) return;
  for await (const page of logPagesUpTo(store, head)) {
    const last = page[page.length - 1] as RecordedEvent;
    const events = page.filter((e) => !e.streamId.startsWith('snapshot-'));
    yield { events, done: store.fractionOf(last.position, head) };
  }
}

/** A conversation's stream up to its last event when the export began; undefined when it has none. */
async function conversationPages(store: EventStore, conversation: string): Promise<ExportPages | undefined> {
  const streamId = conversationStream(conversation);
  const lastEvent = await streamHead(store, streamId);
  if (!lastEvent) return undefined;
  return (async function* () {
    for await (const page of streamPages(store, streamId)) {
      const events = page.filter((e) => e.revision <= lastEvent.revision);
      const last = events[events.length - 1];
      if (last) yield { events, done: (last.revision + 1) / (lastEvent.revision + 1) };
      if (events.length < page.length) return;
    }
  })();
}

/**
 * Writes the export beside `out` and renames it at the end: an interrupted export leaves no file that
 * looks whole. Answers the number of events written.
 */
async function writeExport(
  out: string,
  writer: ExportWriter,
  header: ExportHeader,
  pages: ExportPages,
  bar: ProgressBar,
): Promise<number> {
  const partial = `${out}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  let count = 0;
  try {
    writeSync(fd, `${writer.header(header)}\n`);
    for await (const { events, done } of pages) {
      let chunk = '';
      for (const event of events) chunk += `${writer.event(event)}\n`;
      if (chunk) writeSync(fd, chunk);
      count += events.length;
      bar.update(done, count);
    }
    writeSync(fd, `${writer.trailer()}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, out);
  return count;
}

async function verifyCommand(args: Parsed): Promise<number> {
  const [file, extra] = args.positional;
  if (file === undefined || extra !== undefined) throw new UsageError('verify takes one FILE');
  const keyFile = option(args, '--public-key');
  const trusted = keyFile === undefined ? undefined : readFileSync(keyFile, 'utf8');
  const verifier = new ExportVerifier(trusted);
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) verifier.push(line);
  const result = verifier.end();
  if (result.ok) {
    console.log(`OK: ${result.count} events`);
    return 0;
  }
  console.log(`FAILED: line ${result.line}: ${result.reason}`);
  return 1;
}

function publicKey(args: Parsed): number {
  if (args.positional.length > 0) throw new UsageError('public-key takes no arguments');
  const config = loadConfig();
  const key = exportSigningKey(process.env.AUDIT_EXPORT_KEY, config.DATA_DIR);
  process.stdout.write(publicKeyPem(key.publicKey));
  return 0;
}

exitQuietlyWhenStdoutCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
