import type { Problem } from './types.js';

/** The server answered with an error: the fields of its JSON problem document, typed. */
export class ChatApiError extends Error {
  readonly status: number;
  /** Machine-readable reason, e.g. `not_found`, `rate_limited`, `invalid_request`. */
  readonly code: string;
  readonly detail: string;
  /** One entry per bad field of a 400 (`body.content`, `query.limit`, ...). */
  readonly errors: { path: string; message: string }[];
  /** Seconds to wait, from `Retry-After` (429, 503), when the server said. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: Partial<Problem>, retryAfterSeconds: number | null) {
    super(`${status} ${problem.code ?? 'error'}: ${problem.detail ?? problem.title ?? 'request failed'}`);
    this.name = 'ChatApiError';
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an answer (connection refused or reset, DNS, offline). */
export class ChatNetworkError extends Error {
  constructor(cause: unknown) {
    super(`network error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChatNetworkError';
  }
}
