import { ChatApiError, ChatNetworkError } from './errors.js';
import { backoffDelay, retryAfterSeconds, sleep } from './retry.js';

/** A token, or a function the client calls for a fresh one before each request and reconnect. */
export type TokenSource = string | (() => string | Promise<string>);

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export interface HttpOptions {
  /** Where the server is, e.g. `http://localhost:8000` (or `''` for the page's own origin). */
  baseUrl: string;
  token: TokenSource;
  fetch?: typeof globalThis.fetch;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Which failures a request may be retried after. `safe`: reads and keyed sends, which cannot take
 * effect twice: network errors, 503 and 429. `refused`: other commands, only after 429 (the server
 * wrote nothing); an unanswered edit or delete is left to the caller.
 */
export type RetryMode = 'safe' | 'refused';

export interface RequestSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  query?: Record<string, string | number | boolean | null | undefined> | undefined;
  body?: unknown;
  /** A body sent as it is instead of as JSON (an upload); with a FormData, fetch sets the type. */
  rawBody?: { data: Blob | FormData | ArrayBuffer | Uint8Array | string; contentType?: string };
  /** `blob` answers the bytes as they came (a download) instead of parsing JSON. */
  responseType?: 'json' | 'blob';
  headers?: Record<string, string>;
  retry: RetryMode;
}

export interface HttpAnswer<T> {
  data: T;
  status: number;
  headers: Headers;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 10_000 };

export async function resolveToken(token: TokenSource): Promise<string> {
  return typeof token === 'string' ? token : await token();
}

/** `fillPath('/messages/{message_id}', { message_id: 'c.1' })`, each value URL-encoded. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

export class HttpTransport {
  private readonly fetch: typeof globalThis.fetch;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
  }

  async request<T>(spec: RequestSpec): Promise<HttpAnswer<T>> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.policy.attempts;
      let response: Response;
      try {
        response = await this.send(spec);
      } catch (error) {
        if (error instanceof ChatApiError) throw error;
        if (last || spec.retry !== 'safe') throw new ChatNetworkError(error);
        await this.sleep(backoffDelay(attempt, this.policy, this.random));
        continue;
      }
      if (response.ok && spec.responseType === 'blob') {
        return { data: (await response.blob()) as T, status: response.status, headers: response.headers };
      }
      if (response.ok) {
        const text = await response.text();
        return {
          data: (text ? JSON.parse(text) : null) as T,
          status: response.status,
          headers: response.headers,
        };
      }
      const error = await apiError(response);
      const retryable = error.status === 429 || (error.status === 503 && spec.retry === 'safe');
      // The server's hint wins over our own backoff; a wait longer than our longest is the caller's
      // call (it has `retryAfterSeconds`), not a request hanging for a minute.
      const hinted = error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : null;
      if (!retryable || last || (hinted !== null && hinted > this.policy.maxMs)) throw error;
      // Jitter spreads the clients that were told the same second.
      const delay =
        hinted !== null ? hinted + this.random() * 250 : backoffDelay(attempt, this.policy, this.random);
      await this.sleep(delay);
    }
  }

  private async send(spec: RequestSpec): Promise<Response> {
    const url = new URL(`${this.options.baseUrl}${spec.path}`, baseForRelative());
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${await resolveToken(this.options.token)}`,
      ...spec.headers,
    };
    const init: RequestInit = { method: spec.method.toUpperCase(), headers };
    if (spec.rawBody !== undefined) {
      if (spec.rawBody.contentType !== undefined) headers['content-type'] = spec.rawBody.contentType;
      init.body = spec.rawBody.data as RequestInit['body'];
    } else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(spec.body);
    }
    return this.fetch(url.toString(), init);
  }
}

/** In a browser a base URL of `''` means the page's origin; Node needs an absolute URL. */
function baseForRelative(): string | undefined {
  const location = (globalThis as { location?: { href: string } }).location;
  return location?.href;
}

async function apiError(response: Response): Promise<ChatApiError> {
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.json()) as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page, or an empty body: the status is all there is.
  }
  return new ChatApiError(response.status, problem, retryAfterSeconds(response.headers.get('retry-after')));
}
