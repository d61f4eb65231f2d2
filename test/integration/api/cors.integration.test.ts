import { testServerSuite } from '../../support/api-server';

const PAGE = 'https://chat.example.com';

describe('CORS for browser clients', () => {
  const api = testServerSuite({ CORS_ALLOWED_ORIGINS: `${PAGE}, https://admin.example.com` });

  it('answers a preflight from an allowed origin, allowing the Authorization header', async () => {
    const res = await api.call('OPTIONS', '/api/v1/chat/messages', {
      headers: {
        Origin: PAGE,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('lets an allowed page read the paging and consistency headers, and the body of a refusal', async () => {
    const alice = api.token('alice');
    const created = await api.call('POST', '/api/v1/chat/conversations', {
      token: alice,
      body: { conversation_type: 'group', name: 'g', participant_ids: ['bob'] },
      headers: { Origin: PAGE },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(created.headers.get('access-control-expose-headers')).toMatch(/X-Consistency-Token/);
    expect(created.headers.get('access-control-expose-headers')).toMatch(/X-Next-Before-Id/);
    expect(created.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);

    const refused = await api.call('GET', '/api/v1/chat/conversations', { headers: { Origin: PAGE } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('gives other origins no CORS headers, so their pages cannot read answers', async () => {
    const preflight = await api.call('OPTIONS', '/api/v1/chat/messages', {
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await api.call('GET', '/health', { headers: { Origin: 'https://evil.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  const api = testServerSuite();

  it('allows any origin, without credentials (tokens travel in the Authorization header)', async () => {
    const res = await api.call('GET', '/health', { headers: { Origin: 'https://any.example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
