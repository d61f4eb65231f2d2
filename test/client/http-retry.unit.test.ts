import { ChatApi, ChatApiError, ChatNetworkError } from '../../client/src/index';

/** A fetch that answers from a script and records each request's body. */
function scripted(answers: Array<() => Response>) {
  const bodies: any[] = [];
  const fetch = async (_url: unknown, init?: RequestInit) => {
    bodies.push(init?.body ? JSON.parse(String(init.body)) : undefined);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  return { fetch: fetch as typeof globalThis.fetch, bodies };
}
const problem =
  (status: number, code: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ status, code, detail: code, title: code, type: 'about:blank' }), {
      status,
      headers,
    });
const created = () => new Response(JSON.stringify({ id: 'c.1' }), { status: 201 });
const dropped = () => {
  throw new TypeError('fetch failed');
};

describe('retries (unit)', () => {
  it('a send is retried after a network error, 503 and 429 with one key, waiting Retry-After', async () => {
    const { fetch, bodies } = scripted([
      dropped,
      problem(503, 'unavailable'),
      problem(429, 'rate_limited', { 'retry-after': '2' }),
      created,
    ]);
    const waits: number[] = [];
    const api = new ChatApi({
      baseUrl: 'http://h',
      token: 't',
      fetch,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    await api.sendMessage({ conversation_id: 'c', content: 'hi' });
    expect(bodies).toHaveLength(4);
    const keys = new Set(bodies.map((b) => b.client_message_id));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toEqual(expect.any(String));
    expect(waits[2]).toBeGreaterThanOrEqual(2000);
  });

  it('an edit is not retried after a network error (it could have been applied)', async () => {
    const { fetch, bodies } = scripted([dropped, created]);
    const api = new ChatApi({ baseUrl: 'http://h', token: 't', fetch, sleep: async () => {} });
    await expect(api.editMessage('c.1', 'x')).rejects.toBeInstanceOf(ChatNetworkError);
    expect(bodies).toHaveLength(1);
  });

  it('a 4xx other than 429 is thrown at once as a typed error', async () => {
    const { fetch, bodies } = scripted([problem(404, 'not_found')]);
    const api = new ChatApi({ baseUrl: 'http://h', token: 't', fetch, sleep: async () => {} });
    const error = await api.sendMessage({ conversation_id: 'c', content: 'hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', retryAfterSeconds: null });
    expect(bodies).toHaveLength(1);
  });

  it('leaves a wait longer than its longest backoff to the caller', async () => {
    const { fetch, bodies } = scripted([
      problem(429, 'too_many_conversations', { 'retry-after': '60' }),
      created,
    ]);
    const api = new ChatApi({ baseUrl: 'http://h', token: 't', fetch, sleep: async () => {} });
    const error = await api.createConversation({ name: 'x', participant_ids: [] }).catch((e) => e);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 60 });
    expect(bodies).toHaveLength(1);
  });

  it('gives up after the configured attempts', async () => {
    const { fetch, bodies } = scripted([problem(503, 'a'), problem(503, 'b'), problem(503, 'c')]);
    const api = new ChatApi({
      baseUrl: 'http://h',
      token: 't',
      fetch,
      retry: { attempts: 3 },
      sleep: async () => {},
    });
    await expect(api.listConversations()).rejects.toMatchObject({ status: 503, code: 'c' });
    expect(bodies).toHaveLength(3);
  });
});
