/**
 * A poison event (one the projections cannot apply) in the log of a running server: the projections
 * halt at it without skipping it and keep retrying; the process keeps serving; the failure is visible
 * with the event's position in the log, in /health/ready and in `npm run projections -- status`.
 * The child runs the compiled server in dist/ (`npm test` builds it first).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { assertBuilt, killServerProcesses, startServerProcess, tokenFor } from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';

const run = promisify(execFile);
const ann = tokenFor('ann');

describe('a poison event in the log', () => {
  const data = tempDir();
  beforeAll(assertBuilt);
  afterAll(async () => {
    await killServerProcesses();
    data.remove();
  });

  it('halts the projections at it, visibly, while the node keeps serving', async () => {
    const server = await startServerProcess(data.dir, {
      CONSISTENCY_TIMEOUT_MS: '200',
      READY_MAX_LAG_SECONDS: '1',
    });
    const created = await server.call('POST', '/api/v1/chat/conversations', {
      token: ann,
      body: { conversation_type: 'group', name: 'poison', participant_ids: [] },
    });
    expect(created.status).toBe(201);

    // Another writer on the same log appends an event no projection can read.
    const writer = SqliteEventStore.open(join(data.dir, 'events.db'));
    const { position } = await writer.append(
      'conversation-broken',
      [{ id: '6f1c1a52-9a1e-4c53-8b7e-2f4a0c9d1e01', type: 'MessageSent', data: { seq: 'not a number' } }],
      'any',
    );
    await writer.close();

    const sent = await server.call('POST', '/api/v1/chat/messages', {
      token: ann,
      body: { conversation_id: created.body.id, content: 'after the poison event' },
    });
    expect(sent.status).toBe(201);

    let ready = await server.call('GET', '/health/ready');
    for (let i = 0; i < 100 && ready.status !== 503; i++) {
      await sleep(100);
      ready = await server.call('GET', '/health/ready');
    }
    expect(ready.status).toBe(503);
    expect(ready.body.failing).toEqual(['projections']);
    const failing = ready.body.checks.projections.projections.filter((p: { failure?: unknown }) => p.failure);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0].failure).toMatchObject({ first: position, last: position });
    expect(server.output()).toContain(position);

    // The server's own stores: not a MongoDB or EventStoreDB that another suite of this run points at.
    const { MONGODB_URL: _mongo, EVENTSTORE_URL: _esdb, ...env } = process.env;
    const status = await run(
      process.execPath,
      [join(__dirname, '../../../dist/cli/projections.js'), 'status'],
      { env: { ...env, DATA_DIR: data.dir } },
    );
    expect(status.stdout).toMatch(new RegExp(`DEGRADED: failing at ${position}`));

    // The node still serves: reads, writes and liveness.
    expect((await server.call('GET', '/health/live')).status).toBe(200);
    expect((await server.call('GET', '/api/v1/chat/conversations', { token: ann })).status).toBe(200);
  }, 60_000);
});
