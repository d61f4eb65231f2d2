import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testServerSuite, tokenFor } from '../../support/api-server';
import { pollUntil } from '../../support/poll';
import { rawRequest } from '../../support/raw-http';

/**
 * The collector on a running node, with a grace period of a second and a half: an upload no message
 * carries goes, one a message carries stays (its message deleted or not).
 */

const GRACE_HOURS = 1.5 / 3600;
const api = testServerSuite({
  SEND_RATE_LIMIT: '0',
  ATTACHMENT_GRACE_HOURS: String(GRACE_HOURS),
  ATTACHMENT_GC_INTERVAL_SECONDS: '0.2',
});
const alice = tokenFor('alice', { name: 'Alice' });
const P = '/api/v1/chat';

async function upload(name: string): Promise<string> {
  const res = await rawRequest(
    api.url,
    'POST',
    `${P}/attachments?filename=${name}`,
    { authorization: `Bearer ${alice}`, 'content-type': 'text/plain' },
    `contents of ${name}`,
  );
  expect(res.status).toBe(201);
  return String(res.json.attachment_id);
}

const stored = () => readdirSync(join(api.dataDir, 'blobs')).filter((name) => name !== 'tmp');
const status = async (id: string) =>
  (await rawRequest(api.url, 'GET', `${P}/attachments/${id}`, { authorization: `Bearer ${alice}` })).status;

it('removes uploads no message carried once the grace period is over, and keeps the others', async () => {
  const conversation = await api.call('POST', `${P}/conversations`, {
    token: alice,
    body: { name: 'Keep', participant_ids: ['bob'] },
  });
  const orphan = await upload('orphan.txt');
  const kept = await upload('kept.txt');
  const keptThenDeleted = await upload('deleted.txt');
  for (const id of [kept, keptThenDeleted]) {
    const sent = await api.call('POST', `${P}/messages`, {
      token: alice,
      body: { conversation_id: conversation.body.id, message_type: 'file', attachment_ids: [id] },
    });
    expect(sent.status).toBe(201);
    if (id === keptThenDeleted) await api.call('DELETE', `${P}/messages/${sent.body.id}`, { token: alice });
  }
  // Within the grace period the orphan is still there.
  expect(await status(orphan)).toBe(200);
  expect(
    await pollUntil(
      () => status(orphan),
      (s) => s === 404,
      { timeoutMs: 10_000 },
    ),
  ).toBe(404);
  // Well past the grace period, the others are still served and their files still stored.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await status(kept)).toBe(200);
  expect(await status(keptThenDeleted)).toBe(200);
  expect(stored().sort()).toEqual([kept, `${kept}.json`, keptThenDeleted, `${keptThenDeleted}.json`].sort());
});

describe('the upload rate', () => {
  const limited = testServerSuite({ UPLOADS_PER_MINUTE: '2' });
  it('refuses a user’s uploads over UPLOADS_PER_MINUTE with 429 and Retry-After, others still upload', async () => {
    const post = (token: string) =>
      rawRequest(
        limited.url,
        'POST',
        `${P}/attachments?filename=n.txt`,
        { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        'note',
      );
    expect((await post(alice)).status).toBe(201);
    expect((await post(alice)).status).toBe(201);
    const refused = await post(alice);
    expect({ status: refused.status, code: refused.json.code }).toEqual({
      status: 429,
      code: 'too_many_uploads',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(tokenFor('bob'))).status).toBe(201);
  });
});
