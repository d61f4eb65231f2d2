import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import activeUsersWeekly from '../../../src/analytics/examples/active-users-weekly';
import { replay } from '../../../src/analytics/run';
import { ExportWriter, makeHeader } from '../../../src/audit/export-format';
import { verifyExport } from '../../../src/audit/export-verifier';
import { loadConfig } from '../../../src/config/config';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { CachedKeyStore } from '../../../src/privacy/cached-key-store';
import { EncryptingEventStore } from '../../../src/privacy/encrypting-event-store';
import { ERASED_USERNAME } from '../../../src/privacy/personal-fields';
import { SqliteKeyStore } from '../../../src/privacy/sqlite/sqlite-key-store';
import { PROJECTIONS } from '../../../src/projections/catalog';
import { rebuildProjections } from '../../../src/projections/rebuild';
import { openStores } from '../../../src/stores';
import { type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { WsClients } from '../../support/ws-client';

/**
 * Crypto-shredding end to end over real HTTP and sockets: several users write, one is erased, and
 * every read path shows that user's personal data erased and everyone else's intact — before and after
 * a projection rebuild and a restart — while no file of the data directory keeps the erased text.
 */
const C = '/api/v1/chat';
const ENV = { SEND_RATE_LIMIT: '0', TYPING_RATE_LIMIT: '0', CONVERSATIONS_PER_MINUTE: '0' };

const ANN_NAME = 'Annwyn Quillfeather';
const ANN_TEXTS = ['zebracorn marmalade', 'quixotic lanterns', 'periwinkle sextant'];
const BOB_TEXT = 'harmonica obelisk';
const ANN_LATER = 'afterwards mandolin';
const ANN_FILE = 'annwyn-tax-return.txt';
const ANN_FILE_BYTES = 'contents of a file only ann should ever have';

const ann = tokenFor('ann', { name: ANN_NAME, picture: 'https://avatars.example/ann.png' });
const bob = tokenFor('bob', { name: 'Bob Keepname' });
const cat = tokenFor('cat');
const officer = tokenFor('po', { roles: ['privacy_officer'] });
const auditor = tokenFor('aud', { roles: ['auditor'] });

const dir = tempDir('chat-privacy-');
const clients = new WsClients();
let node: RealtimeNode;
let room: string;
let other: string;
let since: string;
let annMessageIds: string[];
let bobReplyId: string;
let exportBefore: string[];
let annFileId: string;

async function ok(method: string, path: string, token: string, body?: unknown) {
  const res = await node.call(method, C + path, { token, body });
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** The log of the data directory as the CLIs read it (through the privacy decorator). */
async function withLog<T>(use: (store: EncryptingEventStore) => Promise<T>): Promise<T> {
  const keys = new CachedKeyStore(SqliteKeyStore.open(join(dir.dir, 'keys.db')));
  const store = new EncryptingEventStore(SqliteEventStore.open(join(dir.dir, 'events.db')), keys);
  try {
    return await use(store);
  } finally {
    await store.close();
    await keys.close();
  }
}

/** The conversation's stream exported as the audit CLI does, straight from the files. */
function exportConversation(conversationId: string): Promise<string[]> {
  return withLog(async (store) => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const writer = new ExportWriter({ privateKey, publicKey });
    const header = makeHeader({ scope: 'conversation', conversationId }, publicKey, new Date().toISOString());
    const lines = [writer.header(header)];
    for (const event of await store.readStream(`conversation-${conversationId}`))
      lines.push(writer.event(event));
    lines.push(writer.trailer());
    return lines;
  });
}

/** Every file of the data directory's stores (log, read models, keys, with their WAL files). */
function storeFiles(prefix: string): Buffer {
  return Buffer.concat(
    readdirSync(dir.dir)
      .filter((name) => name.startsWith(prefix))
      .map((name) => readFileSync(join(dir.dir, name))),
  );
}

beforeAll(async () => {
  node = await startRealtimeNode({ dataDir: dir.dir, env: ENV });
  const created = await ok('POST', '/conversations', bob, {
    conversation_type: 'group',
    name: 'room',
    participant_ids: ['ann', 'cat'],
  });
  room = String(created.body.id);
  since = created.headers.get('x-consistency-token') as string;
  annMessageIds = [];
  for (const content of ANN_TEXTS.slice(0, 2)) {
    annMessageIds.push((await ok('POST', '/messages', ann, { conversation_id: room, content })).body.id);
  }
  await ok('PUT', `/messages/${annMessageIds[0]}`, ann, { content: ANN_TEXTS[2] });
  bobReplyId = (
    await ok('POST', '/messages', bob, {
      conversation_id: room,
      content: BOB_TEXT,
      reply_to_id: annMessageIds[1],
    })
  ).body.id;
  await ok('POST', '/messages', cat, { conversation_id: room, content: 'cat was here' });
  // A conversation whose last message is ann's: its preview in bob's list must be erased too.
  other = String(
    (await ok('POST', '/direct', bob, { recipient_user_id: 'ann', content: 'hello ann' })).body
      .conversation_id,
  );
  // A file ann shares: its name is a personal field, its bytes are removed with her keys.
  const upload = await fetch(
    `http://127.0.0.1:${node.server.port}${C}/attachments?filename=${encodeURIComponent(ANN_FILE)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${ann}`, 'content-type': 'text/plain' },
      body: ANN_FILE_BYTES,
    },
  );
  expect(upload.status).toBe(201);
  annFileId = String(((await upload.json()) as { attachment_id: string }).attachment_id);
  await ok('POST', '/messages', ann, {
    conversation_id: other,
    content: '',
    message_type: 'file',
    attachment_ids: [annFileId],
  });
  expect((await node.call('GET', `${C}/attachments/${annFileId}`, { token: bob })).status).toBe(200);
  await ok('POST', '/messages', ann, { conversation_id: other, content: ANN_TEXTS[1] });
  await ok('POST', '/presence', ann, { status: 'busy', status_message: 'periwinkle status' });
  exportBefore = await exportConversation(room);
}, 60_000);

afterAll(async () => {
  await clients.closeAll();
  await node?.stop();
  dir.remove();
});

it('shows everything before the erasure, and stores no message text or name in clear', async () => {
  const history = (await ok('GET', `/conversations/${room}/messages`, bob)).body as { content: string }[];
  expect(history.map((m) => m.content)).toEqual(
    expect.arrayContaining([ANN_TEXTS[2], ANN_TEXTS[1], BOB_TEXT, 'cat was here']),
  );
  // The read models hold plaintext (they are what queries read): the erasure must rewrite them.
  const readModels = storeFiles('readmodels.db');
  for (const text of [ANN_TEXTS[2] as string, ANN_NAME]) expect(readModels.includes(text)).toBe(true);
  const log = storeFiles('events.db');
  for (const text of [...ANN_TEXTS, BOB_TEXT, ANN_NAME, 'Bob Keepname', 'periwinkle status'])
    expect(log.includes(text)).toBe(false);
});

it('erases on request of a privacy officer, then answers a repeat with already_erased, and refuses others', async () => {
  const first = await node.call('POST', `${C}/users/ann/erasure`, { token: officer });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ user_id: 'ann', erased_by: 'po', already_erased: false });
  const again = await node.call('POST', `${C}/users/ann/erasure`, { token: ann });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ user_id: 'ann', erased_by: 'po', already_erased: true });
  expect((await node.call('POST', `${C}/users/ann/erasure`, { token: bob })).status).toBe(403);
  // An erased message has nothing left to copy: forwarding it is refused, and writes nothing.
  const forward = await node.call('POST', `${C}/messages/${annMessageIds[0]}/forward`, {
    token: bob,
    body: { conversation_id: other },
  });
  expect([forward.status, forward.body.code]).toEqual([409, 'nothing_to_forward']);
  // What ann writes after the erasure is hers again, under a new key (her token now names her anew).
  await ok('POST', '/messages', tokenFor('ann', { name: 'Ann Anew' }), {
    conversation_id: room,
    content: ANN_LATER,
  });
});

async function expectErased(): Promise<void> {
  const history = (await ok('GET', `/conversations/${room}/messages`, bob)).body as Record<string, unknown>[];
  const byId = new Map(history.map((m) => [m.id, m]));
  for (const id of annMessageIds)
    expect(byId.get(id)).toMatchObject({
      user_id: 'ann',
      content: '',
      username: ERASED_USERNAME,
      user_avatar: null,
    });
  expect(byId.get(bobReplyId)).toMatchObject({
    content: BOB_TEXT,
    reply_to_id: annMessageIds[1],
    username: 'Bob Keepname',
  });
  expect(history.map((m) => m.content)).toEqual(expect.arrayContaining(['cat was here', ANN_LATER]));
  // Ids and order stay: newest first, seqs unbroken.
  expect(history.map((m) => m.id)).toEqual([...history.map((m) => m.id)].sort().reverse());

  for (const text of ANN_TEXTS) {
    const hits = (await ok('GET', `/search?q=${encodeURIComponent(text)}`, bob)).body as unknown[];
    expect(hits).toEqual([]);
  }
  expect(((await ok('GET', `/search?q=harmonica`, bob)).body as unknown[]).length).toBe(1);

  const list = (await ok('GET', '/conversations', bob)).body as { id: string; last_message: any }[];
  const direct = list.find((c) => c.id === other);
  expect(direct?.last_message).toMatchObject({ content: '', username: ERASED_USERNAME });
  const direct_history = (await ok('GET', `/conversations/${other}/messages`, bob)).body as {
    attachments?: { id: string; name: string }[];
  }[];
  const shared = direct_history.flatMap((m) => m.attachments ?? []);
  expect(shared).toEqual([expect.objectContaining({ id: annFileId, name: '' })]);
  expect((await node.call('GET', `${C}/attachments/${annFileId}`, { token: bob })).status).toBe(404);
  const participants = JSON.stringify((await ok('GET', `/conversations/${room}/participants`, bob)).body);
  expect(participants).not.toContain(ANN_NAME);
  expect(participants).toContain('Ann Anew');

  const socket = await clients.connect(node.wsUrl(`/${room}`, bob, { since }));
  const frames = await socket.waitForCount((f) => f.type === 'message', 5);
  const shown = JSON.stringify(frames);
  for (const text of [...ANN_TEXTS, ANN_NAME]) expect(shown).not.toContain(text);
  expect(shown).toContain(BOB_TEXT);
  expect(frames.filter((f) => f.message.user_id === 'ann' && f.message.content === '').length).toBe(2);
  await socket.close();

  const asOf = encodeURIComponent(new Date().toISOString());
  const state = JSON.stringify(
    (await ok('GET', `/../audit/conversations/${room}/state?as_of=${asOf}`, auditor)).body,
  );
  const events = JSON.stringify(
    (await ok('GET', `/../audit/conversations/${room}/events?limit=1000`, auditor)).body,
  );
  for (const body of [state, events]) {
    for (const text of [...ANN_TEXTS, ANN_NAME]) expect(body).not.toContain(text);
    expect(body).toContain(BOB_TEXT);
  }

  // An export taken before the erasure still verifies; one taken now verifies and shows it erased,
  // and both hash the same stored bytes for the events they share.
  expect(verifyExport(exportBefore)).toEqual({ ok: true, count: exportBefore.length - 2 });
  const now = await exportConversation(room);
  expect(verifyExport(now)).toMatchObject({ ok: true });
  const dataOf = (lines: string[]) => lines.slice(1, -1).map((l) => JSON.stringify(JSON.parse(l).data));
  expect(dataOf(now).slice(0, exportBefore.length - 2)).toEqual(dataOf(exportBefore));
  const views = now
    .slice(1, -1)
    .map((l) => JSON.stringify(JSON.parse(l).view ?? null))
    .join('\n');
  for (const text of [...ANN_TEXTS, ANN_NAME]) expect(views).not.toContain(text);
  expect(views).toContain(BOB_TEXT);
  expect(views).toContain(ANN_LATER);

  // Analytics replays the log through the same decorator: the weekly active users name no erased user.
  const weekly = await withLog(async (store) => {
    const { state } = await replay(store, activeUsersWeekly);
    return JSON.stringify(activeUsersWeekly.output?.(state));
  });
  expect(weekly).not.toContain(ANN_NAME);
  expect(weekly).toContain('Bob Keepname');
}

function expectNoPlaintextInFiles(): void {
  for (const prefix of ['events.db', 'readmodels.db', 'keys.db']) {
    const bytes = storeFiles(prefix);
    for (const text of [...ANN_TEXTS, ANN_NAME, ANN_FILE, 'periwinkle status'])
      expect({ file: prefix, text, found: bytes.includes(text) }).toEqual({
        file: prefix,
        text,
        found: false,
      });
  }
  // The file's bytes are gone from the blob store (and nothing of them is in any other file).
  const blobs = join(dir.dir, 'blobs');
  const blobBytes = readdirSync(blobs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  expect(blobBytes.filter((text) => text.includes(ANN_FILE_BYTES) || text.includes(ANN_FILE))).toEqual([]);
  // The search itself finds what is there: bob's text is in the read models, encrypted in the log.
  expect(storeFiles('readmodels.db').includes(BOB_TEXT)).toBe(true);
  expect(storeFiles('events.db').includes(BOB_TEXT)).toBe(false);
}

it('shows the erased user erased on every read path, everyone else intact', async () => {
  await expectErased();
});

it('leaves no plaintext of the erased user in the data directory', () => {
  expectNoPlaintextInFiles();
});

it('reaches the same state after a projection rebuild and a restart', async () => {
  await node.stop();
  const config = loadConfig({ DATA_DIR: dir.dir, SECRET_KEY: 'test-secret-key-of-some-length' });
  const stores = await openStores(config);
  try {
    await rebuildProjections(stores.store, stores.readModels.projections, [...PROJECTIONS], {
      dropPreviousAfterMs: 0,
    });
  } finally {
    await stores.close();
  }
  node = await startRealtimeNode({ dataDir: dir.dir, env: ENV });
  await expectErased();
  expectNoPlaintextInFiles();
}, 60_000);
