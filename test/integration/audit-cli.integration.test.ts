import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Position } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { tempDir } from '../support/temp-dir';

/** Runs the compiled CLI (`npm test` builds dist/ first) against the temp data directory. */
const CLI = resolve(__dirname, '../../dist/cli/audit.js');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('audit CLI', () => {
  const { dir, remove } = tempDir('chat-audit-cli-');
  const env = { ...process.env, DATA_DIR: dir, AUDIT_EXPORT_KEY: '', EVENTSTORE_URL: '', MONGODB_URL: '' };
  let positions: Position[] = [];

  async function audit(...args: string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, cwd: dir });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const at = (s: number) => `2030-01-01T00:00:0${s}.000Z`;
    const created = await store.append(
      'conversation-c1',
      [
        {
          id: randomUUID(),
          type: 'ConversationCreated',
          data: {
            conversation_id: 'c1',
            conversation_type: 'group',
            name: 'audit me',
            description: null,
            avatar_url: null,
            created_by: 'alice',
            created_at: at(0),
          },
        },
      ],
      'no_stream',
    );
    await store.append(
      'snapshot-conversation-c1',
      [{ id: randomUUID(), type: 'Snapshot', data: { state: 'not a fact' } }],
      'any',
    );
    const sent = await store.append(
      'conversation-c1',
      [1, 2, 3].map((seq) => ({
        id: randomUUID(),
        type: 'MessageSent',
        data: {
          conversation_id: 'c1',
          message_id: `m${seq}`,
          seq,
          user_id: 'alice',
          username: 'Alice',
          user_avatar: null,
          content: `message number ${seq}`,
          message_type: 'text',
          reply_to_id: null,
          client_message_id: null,
          created_at: at(seq),
        },
      })),
      0,
    );
    await store.append(
      'auditaccess-auditor1',
      [{ id: randomUUID(), type: 'AuditRead', data: { auditor_id: 'auditor1', conversation_id: 'c1' } }],
      'any',
    );
    const all = await store.readAll({ maxCount: 100 });
    positions = all.filter((e) => e.streamId === 'conversation-c1').map((e) => e.position);
    expect(positions).toHaveLength(4);
    expect(sent.position).toBe(positions[3]);
    expect(created.position).toBe(positions[0]);
    await store.close();
  });

  afterAll(() => remove());

  it('exports a conversation that verify accepts, and rejects it once a byte is changed', async () => {
    const file = join(dir, 'c1.ndjson');
    const exported = await audit('export', 'c1', '--out', file);
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stderr).toContain('exported 4 events');
    expect(statSync(join(dir, 'audit-export.key')).mode & 0o777).toBe(0o600);

    expect(await audit('verify', file)).toMatchObject({ code: 0, stdout: 'OK: 4 events\n' });
    const pem = join(dir, 'pinned.pem');
    writeFileSync(pem, (await audit('public-key')).stdout);
    expect(await audit('verify', file, '--public-key', pem)).toMatchObject({ code: 0 });

    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('message number 2');
    expect(at).toBeGreaterThan(0);
    const tampered = join(dir, 'tampered.ndjson');
    writeFileSync(tampered, `${text.slice(0, at)}M${text.slice(at + 1)}`);
    const rejected = await audit('verify', tampered);
    expect(rejected.code).toBe(1);
    // Header is line 1, ConversationCreated line 2, message 1 line 3, message 2 line 4.
    expect(rejected.stdout).toMatch(/line 4:/);
  });

  it('exports the whole log without snapshot streams but with audit-access streams', async () => {
    const file = join(dir, 'all.ndjson');
    expect(await audit('export', '--all', '--out', file)).toMatchObject({ code: 0 });
    const streams = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; stream_id?: string })
      .filter((r) => r.kind === 'event')
      .map((r) => r.stream_id);
    expect(streams).toEqual([
      'conversation-c1',
      'conversation-c1',
      'conversation-c1',
      'conversation-c1',
      'auditaccess-auditor1',
    ]);
    expect(await audit('verify', file)).toMatchObject({ code: 0, stdout: 'OK: 5 events\n' });
  });

  it('replays a conversation up to a position', async () => {
    const cut = positions[2] as string;
    const replay = await audit('replay', 'c1', '--format', 'json', '--position', cut);
    expect(replay.code).toBe(0);
    const events = JSON.parse(replay.stdout) as { position: string; type: string }[];
    expect(events.map((e) => e.position)).toEqual(positions.slice(0, 3));
    expect(events.map((e) => e.type)).toEqual(['ConversationCreated', 'MessageSent', 'MessageSent']);

    const table = await audit('replay', 'c1', '--as-of', '2031-01-01T00:00:00Z');
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n')).toHaveLength(4);
    expect(table.stdout).toContain('"message number 3"');
  });

  it('exits 2 with usage on an unknown command or a bad option', async () => {
    const unknown = await audit('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: npm run audit');
    expect((await audit('replay', 'c1', '--format', 'xml')).code).toBe(2);
    expect((await audit('export', 'c1')).code).toBe(2);
  });
});
