import { ChatApi } from '../../client/src/index';
import { createApi } from '../../src/api/app';
import { loadConfig } from '../../src/config/config';
import { abuseLimits } from '../../src/limits/user-limits';
import { Metrics } from '../../src/observability/metrics';

const { serverOpenApi } = require('../../client/scripts/server-openapi.cjs');

/** Every method of ChatApi, called with placeholder arguments, and the request each one made. */
async function requestsOfEveryMethod(): Promise<Map<string, string>> {
  let last = '';
  const fetch = async (url: unknown, init?: RequestInit) => {
    last = `${init?.method?.toLowerCase()} ${new URL(String(url)).pathname}`;
    return new Response('{}', { status: 200 });
  };
  const api = new ChatApi({
    baseUrl: 'http://chat.test',
    token: 't',
    fetch: fetch as typeof globalThis.fetch,
  });
  const requests = new Map<string, string>();
  const names = Object.getOwnPropertyNames(ChatApi.prototype).filter(
    (n) => n !== 'constructor' && n !== 'call',
  );
  for (const name of names) {
    last = '';
    const method = (api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
    await method?.call(api, 'arg-1', 'arg-2', {});
    requests.set(name, last);
  }
  return requests;
}

describe('ChatApi covers the REST API (unit)', () => {
  it('has one method per endpoint of the OpenAPI document, and none for an endpoint that does not exist', async () => {
    const document = (await serverOpenApi({ createApi, abuseLimits, loadConfig, Metrics })) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const endpoints = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    const asTemplate = (request: string) =>
      endpoints.find((endpoint) => {
        const pattern = new RegExp(`^${endpoint.replace(/\{[a-z_]+\}/g, 'arg-[12]')}$`);
        return pattern.test(request);
      }) ?? `no endpoint: ${request}`;
    const covered = [...(await requestsOfEveryMethod()).values()].map(asTemplate);
    expect(covered.filter((c) => c.startsWith('no endpoint'))).toEqual([]);
    expect(new Set(covered).size).toBe(covered.length);
    expect(endpoints.filter((e) => !covered.includes(e))).toEqual([]);
  });
});
