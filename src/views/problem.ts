import { z } from 'zod';
import { ConcurrencyConflict, IdempotencyKeyReused } from '../commands/errors';
import { DomainError } from '../domain/errors';
import { InvalidPositionError } from '../eventstore/port';
import { LimitExceeded } from '../limits/user-limits';
import { isStoreUnavailable } from '../store-unavailable';

/** Seconds a client is told to wait before retrying a request that met an unavailable store. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/**
 * An error as both adapters present it: a status, a code and a detail. REST renders it as a problem
 * document, the WebSocket server as an upgrade refusal or an error frame.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: { path: string; message: string }[],
    /** Headers the answer carries, such as Retry-After. */
    readonly headers?: Record<string, string>,
    /** Members of the problem document beside the standard ones (such as `until` of `timed_out`). */
    readonly extensions?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

const STATUS_OF_KIND = {
  invalid: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
} as const;

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** Turns any error into a problem; unexpected ones become a 500 that reveals nothing. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError)
    return new HttpProblem(
      STATUS_OF_KIND[error.kind],
      error.code,
      error.message,
      undefined,
      undefined,
      error.details,
    );
  if (error instanceof ConcurrencyConflict || error instanceof IdempotencyKeyReused) {
    return new HttpProblem(STATUS_OF_KIND[error.kind], error.code, error.message);
  }
  if (error instanceof z.ZodError) return fromZod(error);
  if (error instanceof InvalidPositionError) return new HttpProblem(400, 'invalid_position', error.message);
  if (isStoreUnavailable(error)) {
    return new HttpProblem(
      503,
      'store_unavailable',
      'a store is briefly unavailable: retry (a send retried with the same Idempotency-Key is written once)',
      undefined,
      { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return new HttpProblem(status, codeOfStatus(status), (error as Error).message);
  }
  return new HttpProblem(
    500,
    'internal_error',
    'the server failed to handle this request; it has been logged',
  );
}

/** A command the caller got wrong (input, rights, limits) is refused; a failure of the server is an error. */
export function commandOutcome(error: unknown): 'refused' | 'error' {
  return error instanceof LimitExceeded || toProblem(error).status < 500 ? 'refused' : 'error';
}

export function fromZod(error: z.ZodError, prefix?: string): HttpProblem {
  const errors = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || (prefix ?? 'body');
    return { path, message: issue.message };
  });
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new HttpProblem(400, 'invalid_request', detail, errors);
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

function codeOfStatus(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/ /g, '_');
}

export function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error, where);
  return parsed.data;
}
