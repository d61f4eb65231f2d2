import type Koa from 'koa';
import type { z } from 'zod';
import type { Caller } from './auth';
import { fromZod } from './problem';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Reply {
  status: number;
  body: unknown;
  /** Position of what the command wrote: sent back as the consistency token. */
  position?: string | undefined;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
}

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Koa-style path, e.g. `/api/v1/chat/messages/:message_id`. */
  path: string;
  summary: string;
  /** The stream category a command writes: its answer waits until the projections of it caught up. */
  writes?: 'conversation' | 'user';
  /** The command the endpoint runs (snake_case, e.g. `send_message`): counted by outcome in the metrics. */
  command?: string;
  /** False for the few public endpoints; everything else needs a bearer token. */
  auth?: boolean;
  /** A role claim the caller must hold (checked before the input is read): 403 otherwise. */
  role?: { name: string; code: string };
  params?: P;
  query?: Q;
  body?: B;
  /** Status code to response schema (and headers worth naming), for the OpenAPI document. */
  responses: Record<number, ResponseSpec>;
  handle(input: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    caller: Caller;
    ctx: Koa.Context;
  }): Promise<Reply>;
}

export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Declares an endpoint: its schemas type the handler, validate the request and document it. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): Route {
  return spec as unknown as Route;
}

export function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error, where);
  return parsed.data;
}
