import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { ERASED_USERNAME } from '../../../src/privacy/personal-fields';
import {
  assertBuilt,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
  tokenFor,
  wholeHistory,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';

/**
 * `privacy encrypt-log` on a data directory written by the server itself: first with encryption off
 * (the log of a deployment older than encryption), including a user erased then, and then with it on.
 * The new directory must hold no personal value in clear, and a server started on it must show the
 * same conversation, the erased user still erased.
 */
const CLI = resolve(__dirname, '../../../dist/cli/privacy.js');
const run = promisify(execFile);
const C = '/api/v1/chat';

const ANN_NAME = 'Annwyn Quillfeather';
const ANN_TEXT = 'zebracorn marmalade';
const BOB_NAME = 'Bob Keepname';
const BOB_PLAIN = 'harmonica obelisk';
const BOB_EDITED = 'harmonica obelisk, edited';
const CAT_PLAIN = 'quixotic lanterns';
const BOB_STATUS = 'periwinkle status';
const BOB_ENCRYPTED = 'mandolin afterwards';

const ann = tokenFor('ann', { name: ANN_NAME });
const bob = tokenFor('bob', { name: BOB_NAME });
const cat = tokenFor('cat', { name: 'Cat' });
const officer = tokenFor('po', { roles: ['privacy_officer'] });

const root = tempDir('chat-encrypt-log-');
const source = join(root.dir, 'old');
let room: string;
let historyBefore: Awaited<ReturnType<typeof wholeHistory>>;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function privacy(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const childEnv = { ...process.env, EVENTSTORE_URL: '', MONGODB_URL: '', ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: childEnv, cwd: root.dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function ok(server: ServerProcess, method: string, path: string, token: string, body?: unknown) {
  const res = await server.call(method, C + path, { token, body });
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** The log's files (the database and its WAL, if any) as bytes. */
function logBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((name) => name.startsWith('events.db'))
      .map((name) => readFileSync(join(dir, name))),
  );
}

/** What a reader sees of a history: who wrote what, under which name. */
function shown(history: Awaited<ReturnType<typeof wholeHistory>>) {
  return history.map((m) => {
    const { id, user_id, content, username } = m as typeof m & { username: string };
    return { id, user_id, content, username };
  });
}

beforeAll(async () => {
  assertBuilt();
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`node scripts/build-if-stale.js\` (npm test does)`);
  mkdirSync(source);
  const plain = await startServerProcess(source, { ENCRYPT_PERSONAL_DATA: 'false' });
  room = String(
    (
      await ok(plain, 'POST', '/conversations', bob, {
        conversation_type: 'group',
        name: 'room',
        participant_ids: ['ann', 'cat'],
      })
    ).body.id,
  );
  await ok(plain, 'POST', '/messages', ann, { conversation_id: room, content: ANN_TEXT });
  const bobs = (await ok(plain, 'POST', '/messages', bob, { conversation_id: room, content: BOB_PLAIN }))
    .body;
  await ok(plain, 'PUT', `/messages/${bobs.id}`, bob, { content: BOB_EDITED });
  await ok(plain, 'POST', '/messages', cat, { conversation_id: room, content: CAT_PLAIN });
  await ok(plain, 'POST', '/presence', bob, { status: 'busy', status_message: BOB_STATUS });
  await ok(plain, 'POST', `/users/ann/erasure`, officer);
  await stop(plain);

  const encrypted = await startServerProcess(source);
  const sent = await ok(encrypted, 'POST', '/messages', bob, {
    conversation_id: room,
    content: BOB_ENCRYPTED,
  });
  historyBefore = await wholeHistory(
    encrypted,
    bob,
    room,
    sent.headers.get('x-consistency-token') ?? undefined,
  );
  await stop(encrypted);
}, 90_000);

afterAll(async () => {
  await killServerProcesses();
  root.remove();
});

it('starts from a log holding personal data in clear, and a history showing the erased user erased', () => {
  const bytes = logBytes(source);
  for (const text of [BOB_PLAIN, BOB_EDITED, CAT_PLAIN, BOB_NAME, ANN_TEXT, BOB_STATUS])
    expect(bytes.includes(text)).toBe(true);
  expect(bytes.includes(BOB_ENCRYPTED)).toBe(false);
  const contents = historyBefore.map((m) => m.content);
  expect(contents).toEqual(['', BOB_EDITED, CAT_PLAIN, BOB_ENCRYPTED]);
});

describe('encrypt-log into a new directory', () => {
  const target = join(root.dir, 'new');
  let outcome: Outcome;

  beforeAll(async () => {
    outcome = await privacy(['encrypt-log', '--from', source, '--to', target]);
  }, 60_000);

  it('exits 0 once verified, with a summary, the new epoch and the old directory to destroy', () => {
    expect(outcome.stderr).not.toMatch(/refused|NOT VERIFIED/);
    expect(outcome.code).toBe(0);
    const out = outcome.stdout;
    const count = (label: string) =>
      Number(new RegExp(`${label}:\\s+([\\d,]+)`).exec(out)?.[1]?.replace(/,/g, ''));
    expect(count('events copied')).toBeGreaterThan(5);
    // Bob's and cat's names, contents, the edit and the status message were in clear.
    expect(count('personal fields encrypted')).toBeGreaterThanOrEqual(6);
    // The message sent once encryption was on: content and name.
    expect(count('already encrypted \\(as-is\\)')).toBeGreaterThanOrEqual(2);
    // Ann's name and message, erased before encryption existed.
    expect(count('erased \\(written as erased\\)')).toBeGreaterThanOrEqual(2);
    expect(out).toMatch(/^verified: [\d,]+ events match/m);
    expect(out).toMatch(/new epoch/);
    expect(out).toMatch(/destroy/);
  });

  it('keeps the same streams, revisions, ids and recorded times, under a new epoch', async () => {
    const read = async (dir: string) => {
      const store = SqliteEventStore.open(join(dir, 'events.db'));
      try {
        const events = await store.readAll({ maxCount: 10_000 });
        return { events, head: await store.headPosition() };
      } finally {
        await store.close();
      }
    };
    const [before, after] = [await read(source), await read(target)];
    const key = (e: (typeof before.events)[number]) =>
      `${e.streamId}@${e.revision}:${e.id}:${e.type}:${e.recordedAt}`;
    expect(after.events.map(key)).toEqual(
      before.events.filter((e) => !e.streamId.startsWith('snapshot-')).map(key),
    );
    expect(after.head?.split(':')[0]).not.toEqual(before.head?.split(':')[0]);
  });

  it('stores no personal value in clear, nor the erased user’s', () => {
    const bytes = logBytes(target);
    expect(bytes.length).toBeGreaterThan(0);
    for (const text of [
      BOB_PLAIN,
      BOB_EDITED,
      CAT_PLAIN,
      BOB_NAME,
      BOB_STATUS,
      BOB_ENCRYPTED,
      ANN_TEXT,
      ANN_NAME,
    ])
      expect(bytes.includes(text)).toBe(false);
    expect(existsSync(join(target, 'keys.db'))).toBe(true);
  });

  it('serves the same history from the new directory, its read models rebuilt from the log', async () => {
    const server = await startServerProcess(target);
    try {
      let history = await wholeHistory(server, bob, room);
      for (let tries = 0; history.length < historyBefore.length && tries < 100; tries++) {
        await new Promise((done) => setTimeout(done, 100));
        history = await wholeHistory(server, bob, room);
      }
      expect(shown(history)).toEqual(shown(historyBefore));
      const erased = shown(history).find((m) => m.user_id === 'ann');
      expect(erased).toMatchObject({ content: '', username: ERASED_USERNAME });
      expect(JSON.stringify(history)).not.toContain(ANN_TEXT);
    } finally {
      await stop(server);
    }
  }, 60_000);
});

describe('refusals', () => {
  it('refuses a target that is not empty, and leaves it as it was', async () => {
    const target = join(root.dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const outcome = await privacy(['encrypt-log', '--from', source, '--to', target]);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/refused: .*occupied is not empty/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses a source without an event log', async () => {
    const outcome = await privacy([
      'encrypt-log',
      '--from',
      join(root.dir, 'missing'),
      '--to',
      join(root.dir, 'x'),
    ]);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/refused: no event log in .*missing/);
    expect(existsSync(join(root.dir, 'x'))).toBe(false);
  });

  it('refuses EventStoreDB, saying why', async () => {
    const outcome = await privacy(['encrypt-log', '--from', source, '--to', join(root.dir, 'y')], {
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
    });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(
      /refused: EVENTSTORE_URL is set: encrypt-log migrates the embedded log only/,
    );
  });

  it('wants both directories', async () => {
    const outcome = await privacy(['encrypt-log', '--from', source]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--from and --to are required/);
  });
});
