import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { testServerSuite, tokenFor } from '../../support/api-server';
import { logHead } from '../../support/event-log-head';
import { pollUntil } from '../../support/poll';
import { rawRequest } from '../../support/raw-http';
import { WsClients } from '../../support/ws-client';

/**
 * Attachments over real HTTP: uploads (multipart and raw), what is refused (leaving nothing in the
 * store), how files are served (types, dispositions, sniffing), who may fetch them, and messages that
 * carry them in answers, history and frames.
 */

const MAX = 4096;
const api = testServerSuite({ SEND_RATE_LIMIT: '0', ATTACHMENT_MAX_BYTES: String(MAX) });
const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const mallory = tokenFor('mallory');
const P = '/api/v1/chat';
const clients = new WsClients();
afterEach(() => clients.closeAll());

/** A 3x2 RGB PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000000b49444154789c6360c00400001400017dfe1eee0000000049454e44ae426082',
  'hex',
);
const GIF = Buffer.from('474946383961050007000000002c00000000010001000002024401003b', 'hex');

const blobFiles = () =>
  readdirSync(join(api.dataDir, 'blobs')).filter((name) => name !== 'tmp').length +
  readdirSync(join(api.dataDir, 'blobs', 'tmp')).length;

function raw(token: string, body: Buffer | string, type: string, filename?: string) {
  const query = filename === undefined ? '' : `?filename=${encodeURIComponent(filename)}`;
  return rawRequest(
    api.url,
    'POST',
    `${P}/attachments${query}`,
    {
      authorization: `Bearer ${token}`,
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  );
}

function multipart(token: string, parts: { name: string; filename?: string; type?: string; body: Buffer }[]) {
  const boundary = '----chat-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), part.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return rawRequest(
    api.url,
    'POST',
    `${P}/attachments`,
    {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(body.length),
    },
    body,
  );
}

async function upload(token: string, body: Buffer | string, type: string, filename = 'file.bin') {
  const res = await raw(token, body, type, filename);
  expect(res.status).toBe(201);
  return res.json as { attachment_id: string; filename: string; media_type: string };
}

function fetchFile(token: string | undefined, id: string, headers: Record<string, string> = {}) {
  return rawRequest(api.url, 'GET', `${P}/attachments/${id}`, {
    ...(token && { authorization: `Bearer ${token}` }),
    ...headers,
  });
}

async function group(...others: string[]) {
  const res = await api.call('POST', `${P}/conversations`, {
    token: alice,
    body: { name: 'Files', participant_ids: others },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function sendWith(token: string, conversation_id: string, ids: string[], message_type = 'file') {
  return api.call('POST', `${P}/messages`, {
    token,
    body: { conversation_id, message_type, attachment_ids: ids },
  });
}

describe('uploading', () => {
  it('takes a multipart file part and records its name, type, size, hash and dimensions', async () => {
    const res = await multipart(alice, [
      { name: 'note', body: Buffer.from('ignored field') },
      { name: 'file', filename: 'pixel.png', type: 'image/png', body: PNG },
    ]);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      attachment_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      filename: 'pixel.png',
      size: PNG.length,
      media_type: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
      width: 3,
      height: 2,
    });
  });

  it('takes a raw body with its Content-Type and ?filename=', async () => {
    const res = await raw(alice, GIF, 'image/gif', 'anim.gif');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ filename: 'anim.gif', media_type: 'image/gif', width: 5, height: 7 });
    const text = await raw(alice, 'plain words', 'Text/Plain; Charset=utf-8', 'notes.txt');
    expect(text.json).toMatchObject({ media_type: 'text/plain; charset=utf-8', size: 11 });
  });

  it('keeps only the last segment of a path in the file name', async () => {
    expect((await upload(alice, 'x', 'text/plain', '../../etc/passwd')).filename).toBe('passwd');
    expect((await upload(alice, 'x', 'text/plain', 'a/b\\c')).filename).toBe('c');
    expect((await upload(alice, 'x', 'text/plain', 'bad\u0000\u202ename\n.txt')).filename).toBe(
      'badname.txt',
    );
    expect((await upload(alice, 'x', 'text/plain', '..')).filename).toBe('file');
    const res = await multipart(alice, [
      { name: 'file', filename: '..\\..\\windows\\system.ini', type: 'text/plain', body: Buffer.from('x') },
    ]);
    expect(res.json.filename).toBe('system.ini');
  });

  it('refuses a file over the limit with 413 and leaves nothing in the store', async () => {
    const before = blobFiles();
    const declared = await raw(alice, Buffer.alloc(MAX + 1), 'application/octet-stream', 'big.bin');
    expect({ status: declared.status, code: declared.json.code }).toEqual({
      status: 413,
      code: 'attachment_too_large',
    });
    const form = await multipart(alice, [
      { name: 'file', filename: 'big.bin', type: 'application/octet-stream', body: Buffer.alloc(MAX + 1) },
    ]);
    expect(form.status).toBe(413);
    // Without a Content-Length: refused once the bytes pass the limit.
    const chunked = await rawRequest(
      api.url,
      'POST',
      `${P}/attachments?filename=big.bin`,
      {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/octet-stream',
        'transfer-encoding': 'chunked',
      },
      Buffer.alloc(MAX + 1),
    );
    expect(chunked.status).toBe(413);
    expect(blobFiles()).toBe(before);
  });

  it('refuses an image whose bytes are not of its declared type, naming the problem', async () => {
    const before = blobFiles();
    const res = await raw(alice, GIF, 'image/png', 'fake.png');
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('media_type_mismatch');
    expect(res.json.detail).toContain('declared image/png');
    expect(res.json.detail).toContain('image/gif');
    const text = await raw(alice, 'hello', 'image/jpeg', 'fake.jpg');
    expect(text.json.code).toBe('media_type_mismatch');
    expect(blobFiles()).toBe(before);
  });

  it('refuses a media type that is not one, and a form without a file part', async () => {
    expect((await raw(alice, 'x', 'not a type', 'x')).json.code).toBe('invalid_media_type');
    expect((await raw(alice, 'x', '*/*', 'x')).json.code).toBe('invalid_media_type');
    expect((await raw(alice, 'x', 'image/*', 'x')).json.code).toBe('invalid_media_type');
    const empty = await raw(alice, '', 'text/plain', 'empty.txt');
    expect({ status: empty.status, code: empty.json.code }).toEqual({ status: 400, code: 'empty_file' });
    const noFile = await multipart(alice, [{ name: 'other', filename: 'a.txt', body: Buffer.from('x') }]);
    expect(noFile.status).toBe(400);
    expect(noFile.json.detail).toContain('file');
  });

  it.each([
    ['a raw body', 'application/octet-stream', Buffer.alloc(0)],
    [
      'a multipart form',
      'multipart/form-data; boundary=cut',
      Buffer.from(
        '--cut\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
    ],
  ])('leaves nothing behind when the client goes away mid-upload (%s)', async (_, type, head) => {
    const before = blobFiles();
    const url = new URL(api.url);
    const closed = new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `${P}/attachments?filename=cut.bin`,
        headers: {
          authorization: `Bearer ${alice}`,
          'content-type': type,
          'content-length': String(head.length + MAX),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      // Half the body, then the connection is cut once the server has started writing the upload.
      req.write(Buffer.concat([head, Buffer.alloc(MAX / 2)]), async () => {
        const started = await pollUntil(
          async () => blobFiles(),
          (n) => n > before,
          { timeoutMs: 5000 },
        );
        expect(started).toBeGreaterThan(before);
        req.destroy();
      });
    });
    await closed;
    // The server notices the closed connection on its own time.
    expect(
      await pollUntil(
        async () => blobFiles(),
        (n) => n === before,
        { timeoutMs: 5000 },
      ),
    ).toBe(before);
  });

  it('refuses a form that ends before its closing boundary with 400, leaving nothing', async () => {
    const before = blobFiles();
    const body = Buffer.from(
      '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nsome text but no end',
    );
    const res = await rawRequest(
      api.url,
      'POST',
      `${P}/attachments`,
      {
        authorization: `Bearer ${alice}`,
        'content-type': 'multipart/form-data; boundary=cut',
        'content-length': String(body.length),
      },
      body,
    );
    expect({ status: res.status, code: res.json.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(res.json.detail).toContain('file');
    expect(blobFiles()).toBe(before);
  });

  it('needs a token', async () => {
    expect((await raw('', 'x', 'text/plain')).status).toBe(401);
  });
});

describe('serving', () => {
  it('serves an allowlisted image inline with its recorded type, length, ETag and a sandbox', async () => {
    const { attachment_id } = await upload(alice, PNG, 'image/png', 'pixel.png');
    const res = await fetchFile(alice, attachment_id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="pixel.png"; filename*=UTF-8''pixel.png`,
    );
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-length']).toBe(String(PNG.length));
    const etag = `"${createHash('sha256').update(PNG).digest('hex')}"`;
    expect(res.headers.etag).toBe(etag);
    expect((await fetchFile(alice, attachment_id, { 'if-none-match': etag })).status).toBe(304);
    expect((await fetchFile(alice, attachment_id, { 'if-none-match': `"other", W/${etag}` })).status).toBe(
      304,
    );
    expect((await fetchFile(alice, attachment_id, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('serves HTML and SVG as downloads under their own type, never inline, never sniffed', async () => {
    for (const [type, name, body] of [
      ['text/html', 'page.html', '<script>alert(1)</script>'],
      [
        'image/svg+xml',
        'logo.svg',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ],
      ['application/octet-stream', 'ünïcode "name".bin', '<html><script>alert(1)</script></html>'],
    ] as const) {
      const { attachment_id } = await upload(alice, body, type, name);
      const res = await fetchFile(alice, attachment_id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toMatch(/^attachment; /);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(res.text).toBe(body);
    }
  });

  it('answers 404 to others until a message shares it, then to participants only', async () => {
    const { attachment_id } = await upload(alice, 'shared later', 'text/plain', 'later.txt');
    expect((await fetchFile(bob, attachment_id)).status).toBe(404);
    expect((await fetchFile(alice, attachment_id)).status).toBe(200);
    const c = await group('bob');
    const sent = await sendWith(alice, c, [attachment_id]);
    expect(sent.status).toBe(201);
    const token = sent.headers.get('x-consistency-token') as string;
    expect((await fetchFile(bob, `${attachment_id}?consistency_token=${token}`)).status).toBe(200);
    const denied = await fetchFile(mallory, attachment_id);
    expect({ status: denied.status, code: denied.json.code }).toEqual({
      status: 404,
      code: 'attachment_not_found',
    });
    expect((await fetchFile(bob, 'ab'.repeat(16))).status).toBe(404);
    expect((await fetchFile(undefined, attachment_id)).status).toBe(401);
    // Deleting the message withdraws it from the other participants.
    const deleted = await api.call('DELETE', `${P}/messages/${sent.body.id}`, { token: alice });
    const after = deleted.headers.get('x-consistency-token') as string;
    expect((await fetchFile(bob, `${attachment_id}?consistency_token=${after}`)).status).toBe(404);
    expect((await fetchFile(alice, attachment_id)).status).toBe(200);
  });
});

describe('messages with attachments', () => {
  it('carry their attachments in the answer, in history, in search and in the frame', async () => {
    const c = await group('bob');
    const watcher = await clients.connect(
      `ws://127.0.0.1:${api.server.wsPort}${P}/ws/${c}?token=${encodeURIComponent(bob)}`,
    );
    await watcher.waitForType('connected');
    const png = await upload(alice, PNG, 'image/png', 'pixel.png');
    const expected = {
      id: png.attachment_id,
      name: 'pixel.png',
      size: PNG.length,
      media_type: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
      width: 3,
      height: 2,
    };
    const sent = await api.call('POST', `${P}/messages`, {
      token: alice,
      body: {
        conversation_id: c,
        message_type: 'image',
        content: 'holiday',
        attachment_ids: [png.attachment_id],
      },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([expected]);
    const frame = await watcher.waitForType('message');
    expect(frame.message).toMatchObject({ id: sent.body.id, attachments: [expected] });
    // The frame's position is a consistency token: fetching with it waits for who may fetch.
    const viaFrame = await fetchFile(bob, `${png.attachment_id}?consistency_token=${frame.position}`);
    expect(viaFrame.status).toBe(200);
    const history = await api.call('GET', `${P}/conversations/${c}/messages`, { token: bob });
    expect(history.body[0]).toMatchObject({ id: sent.body.id, attachments: [expected] });
    const found = await api.call('GET', `${P}/search?q=holiday`, { token: bob });
    expect(found.status).toBe(200);
    expect(found.body[0]).toMatchObject({ id: sent.body.id, attachments: [expected] });
    const text = await api.call('POST', `${P}/messages`, {
      token: alice,
      body: { conversation_id: c, content: 'no files' },
    });
    expect(text.body.attachments).toEqual([]);
  });

  it('refuses ids that are unknown or not the sender’s, and attachments on text messages, writing nothing', async () => {
    const c = await group('bob');
    const mine = await upload(alice, 'mine', 'text/plain', 'mine.txt');
    const before = logHead(api.dataDir);
    const unknown = await sendWith(alice, c, ['ab'.repeat(16)]);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({
      status: 404,
      code: 'attachment_not_found',
    });
    expect(unknown.body.detail).toContain('ab'.repeat(16));
    const stolen = await sendWith(bob, c, [mine.attachment_id]);
    expect(stolen.status).toBe(404);
    const onText = await sendWith(alice, c, [mine.attachment_id], 'text');
    expect({ status: onText.status, code: onText.body.code }).toEqual({
      status: 400,
      code: 'invalid_attachments',
    });
    const notImage = await sendWith(alice, c, [mine.attachment_id], 'image');
    expect(notImage.body.code).toBe('invalid_attachments');
    const tooMany = await sendWith(
      alice,
      c,
      Array.from({ length: 11 }, () => mine.attachment_id),
    );
    expect(tooMany.status).toBe(400);
    expect(logHead(api.dataDir)).toEqual(before);
  });

  it('travel with a direct message and with a forward', async () => {
    const file = await upload(alice, 'direct', 'text/plain', 'direct.txt');
    const direct = await api.call('POST', `${P}/direct`, {
      token: alice,
      body: { recipient_user_id: 'bob', message_type: 'file', attachment_ids: [file.attachment_id] },
    });
    expect(direct.status).toBe(201);
    expect(direct.body.attachments).toMatchObject([{ id: file.attachment_id, name: 'direct.txt' }]);
    // Bob forwards it to a conversation of his with mallory: mallory may then fetch it.
    const other = await api.call('POST', `${P}/conversations`, {
      token: bob,
      body: { name: 'Elsewhere', participant_ids: ['mallory'] },
    });
    const forwarded = await api.call('POST', `${P}/messages/${direct.body.id}/forward`, {
      token: bob,
      body: { conversation_id: other.body.id },
    });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body.attachments).toMatchObject([{ id: file.attachment_id }]);
    const token = forwarded.headers.get('x-consistency-token') as string;
    expect((await fetchFile(mallory, `${file.attachment_id}?consistency_token=${token}`)).status).toBe(200);
  });
});
