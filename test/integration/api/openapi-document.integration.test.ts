import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testServerSuite } from '../../support/api-server';
import { rawRequest } from '../../support/raw-http';
import { tempDir } from '../../support/temp-dir';

type Operation = {
  operationId: string;
  tags: string[];
  responses: Record<string, { links?: Record<string, { operationId: string }> }>;
  requestBody?: { required: boolean };
};
type Document = {
  openapi: string;
  info: { description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** A concrete URL for a templated path: every parameter filled with an id-shaped value. */
const concrete = (path: string) => path.replace(/\{[a-z_]+\}/g, 'c1');

describe('the OpenAPI document and the routes it describes', () => {
  const api = testServerSuite();
  let doc: Document;
  beforeAll(async () => {
    doc = (await api.call('GET', '/openapi.json')).body;
  });

  it('validates as OpenAPI 3.1', () => {
    // The validator is an ES module, which this test runner cannot load: its own CLI runs it.
    const dir = tempDir();
    const validate = (document: unknown): { valid: boolean; errors?: unknown } => {
      const file = join(dir.dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      try {
        return JSON.parse(execFileSync(process.execPath, [cli, file], { encoding: 'utf8' }));
      } catch (error) {
        return JSON.parse((error as { stdout: string }).stdout);
      }
    };
    try {
      expect(doc.openapi).toBe('3.1.0');
      expect(validate(doc)).toEqual({ valid: true });
      // The validator does refuse a broken document: a response without its required description.
      const broken = structuredClone(doc) as any;
      delete broken.paths['/api/v1/chat/messages'].post.responses['201'].description;
      expect(validate(broken).valid).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('answers an undeclared method on every path with 405, an Allow header naming exactly the declared methods, and a problem document', async () => {
    // The Allow header is built from the router's own routes, so this also checks that the router
    // and the document agree on every path the document names.
    for (const [path, operations] of Object.entries(doc.paths)) {
      const declared = Object.keys(operations).filter((m) => METHODS.includes(m));
      const allowed = new Set(declared.map((m) => m.toUpperCase()));
      if (allowed.has('GET')) allowed.add('HEAD');
      const undeclared = ['TRACE', 'OPTIONS', ...METHODS.map((m) => m.toUpperCase())].filter(
        (m) => !allowed.has(m),
      );
      for (const method of undeclared) {
        const res = await rawRequest(api.url, method, concrete(path), {
          authorization: `Bearer ${api.token('alice')}`,
        });
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 405 });
        expect(String(res.headers.allow).split(', ').sort()).toEqual([...allowed].sort());
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json).toMatchObject({ status: 405, code: 'method_not_allowed' });
      }
    }
  });

  it('still answers a CORS preflight, and a path no route serves with 404', async () => {
    const preflight = await rawRequest(api.url, 'OPTIONS', '/api/v1/chat/messages', {
      origin: 'https://chat.example.com',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(204);
    const nowhere = await rawRequest(api.url, 'TRACE', '/api/v1/chat/nothing-here', {});
    expect(nowhere.status).toBe(404);
  });

  it('documents every declared operation with the method the server serves it on', async () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const res = await rawRequest(api.url, method.toUpperCase(), concrete(path), {});
        // Anonymous: every operation of the API needs a token, so a served route answers 401.
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 401 });
      }
    }
  });

  it('groups every operation under one of the six tags, listing those in use in a fixed order', () => {
    const order = [
      'conversations',
      'messages',
      'attachments',
      'typing and presence',
      'users',
      'moderation',
      'audit',
      'admin',
    ];
    const listed = doc.tags.map((t) => t.name);
    expect(listed).toEqual(order.filter((name) => listed.includes(name)));
    expect(listed).toEqual(
      expect.arrayContaining([
        'conversations',
        'messages',
        'attachments',
        'typing and presence',
        'moderation',
        'audit',
        'admin',
      ]),
    );
    const used = new Set(
      Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags)),
    );
    expect(new Set(listed)).toEqual(used);
    const names = new Set(doc.tags.map((t) => t.name));
    const ids: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect({ path, method, tags: op.tags.length }).toEqual({ path, method, tags: 1 });
        expect(names.has(op.tags[0] as string)).toBe(true);
        ids.push(op.operationId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('links only to operations that exist, so that a client can chain create -> send -> edit', () => {
    const ids = new Set(
      Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId)),
    );
    const links = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).flatMap((op) =>
        Object.values(op.responses).flatMap((r) => Object.values(r.links ?? {})),
      ),
    );
    for (const link of links) expect(ids).toContain(link.operationId);
    const create = doc.paths['/api/v1/chat/conversations']?.post;
    const send = doc.paths['/api/v1/chat/messages']?.post;
    expect(Object.values(create?.responses['201']?.links ?? {}).map((l) => l.operationId)).toContain(
      'sendMessage',
    );
    expect(Object.values(send?.responses['201']?.links ?? {}).map((l) => l.operationId)).toEqual(
      expect.arrayContaining(['editMessage', 'deleteMessage']),
    );
  });

  it('lists the statuses an operation can answer, and requires a body where no body is a 400', async () => {
    const create = doc.paths['/api/v1/chat/conversations']?.post as Operation;
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '409', '413', '415', '429', '503']),
    );
    expect(create.requestBody?.required).toBe(true);
    const read = doc.paths['/api/v1/chat/conversations/{conversation_id}/read']?.post as Operation;
    expect(read.requestBody?.required).toBe(false);

    const alice = api.token('alice');
    const none = await rawRequest(api.url, 'POST', '/api/v1/chat/conversations', {
      authorization: `Bearer ${alice}`,
    });
    expect(none.status).toBe(400);
    const mine = await api.call('GET', '/api/v1/chat/conversations', { token: alice });
    expect(mine.body).toEqual([]);
  });

  it('states the exact form of the positions, cursors and message ids the server hands out', async () => {
    const alice = api.token('alice');
    const P = '/api/v1/chat';
    const parameter = (path: string, name: string) => {
      const operation = doc.paths[path]?.get as unknown as
        | { parameters: { name: string; schema: { pattern?: string } }[] }
        | undefined;
      const pattern = operation?.parameters.find((p) => p.name === name)?.schema.pattern;
      expect(pattern).toEqual(expect.any(String));
      return pattern as string;
    };
    const created = await api.call('POST', `${P}/conversations`, {
      token: alice,
      body: { name: 'forms', participant_ids: [] },
    });
    await api.call('POST', `${P}/conversations`, {
      token: alice,
      body: { name: 'more', participant_ids: [] },
    });
    const sent = await api.call('POST', `${P}/messages`, {
      token: alice,
      body: { conversation_id: created.body.id, content: 'hi' },
    });
    const token = sent.headers.get('x-consistency-token') as string;
    const tokenForm = new RegExp(parameter(`${P}/conversations`, 'consistency_token'));
    expect(token).toMatch(tokenForm);
    // Another log's epoch, or another shape, is outside the stated form (and refused: 400).
    expect(`000000000000${token.slice(12)}`).not.toMatch(tokenForm);
    const page = await api.call('GET', `${P}/conversations?limit=1`, { token: alice });
    expect(page.headers.get('x-next-before')).toMatch(new RegExp(parameter(`${P}/conversations`, 'before')));
    const edit = doc.paths[`${P}/messages/{message_id}`]?.put as unknown as {
      parameters: { name: string; schema: { pattern?: string } }[];
    };
    const idForm = edit.parameters.find((p) => p.name === 'message_id')?.schema.pattern;
    expect(idForm).toEqual(expect.any(String));
    expect(sent.body.id).toMatch(new RegExp(idForm as string));
  });

  it('states that a direct conversation names exactly one other user, and holds to it', async () => {
    const create = doc.paths['/api/v1/chat/conversations']?.post as unknown as {
      requestBody: { content: { 'application/json': { schema: { anyOf: unknown[] } } } };
    };
    expect(create.requestBody.content['application/json'].schema.anyOf).toContainEqual(
      expect.objectContaining({
        properties: expect.objectContaining({
          conversation_type: expect.objectContaining({ const: 'direct' }),
          participant_ids: expect.objectContaining({ minItems: 1, maxItems: 1 }),
        }),
        required: ['conversation_type', 'participant_ids'],
      }),
    );
    const alice = api.token('alice');
    const create2 = (participant_ids: string[]) =>
      api.call('POST', '/api/v1/chat/conversations', {
        token: alice,
        body: { conversation_type: 'direct', participant_ids },
      });
    for (const ids of [[], ['bob', 'carol'], ['alice', 'bob']]) {
      const refused = await create2(ids);
      expect({ ids, status: refused.status }).toEqual({ ids, status: 400 });
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.participant_ids']);
    }
    expect((await create2(['bob'])).status).toBe(201);
  });

  it('opens the /docs page with how to get a token, the WebSocket URL and the realtime protocol', async () => {
    expect(doc.info.description).toContain('npm run token -- alice Alice');
    expect(doc.info.description).toContain('/api/v1/chat/ws/{conversation_id}?token=');
    expect(doc.info.description).toContain('](/docs/realtime.md)');
    const page = await api.call('GET', '/docs/init.js');
    expect(page.body).toContain('/openapi.json');
    const protocol = await fetch(`${api.url}/docs/realtime.md`);
    expect(protocol.status).toBe(200);
    expect(protocol.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await protocol.text()).toBe(
      readFileSync(join(__dirname, '..', '..', '..', 'docs', 'realtime.md'), 'utf8'),
    );
  });
});
