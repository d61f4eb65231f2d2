import type Koa from 'koa';
import type { z } from 'zod';
import type { Caller } from '../auth/caller';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type WriteCategory = 'conversation' | 'user' | 'report';

/** The categories a route writes, as a list. */
export function writtenCategories(
  writes: WriteCategory | readonly WriteCategory[] | undefined,
): WriteCategory[] {
  if (writes === undefined) return [];
  return typeof writes === 'string' ? [writes] : [...writes];
}

export interface Reply {
  status: number;
  body: unknown;
  /** Position of what the command wrote: sent back as the consistency token. */
  position?: string | undefined;
}

/** The groups of the OpenAPI document and of the /docs page, in the order the page shows them. */
export const TAGS = {
  conversations: 'Create, list and administer conversations and their participants',
  messages: 'Send, page through, edit, delete and mark read',
  attachments: 'Upload files for image and file messages, and fetch those of messages you can see',
  'typing and presence': 'Ephemeral typing indicators, chosen statuses and who is online',
  users: 'Who the users are, and whom you block',
  moderation: "Reports of messages, and the moderator role's queue of them",
  audit: 'Raw history, time travel and message versions, for the auditor role',
  admin: 'Webhook endpoints for push notifications, for the operator role',
} as const;
export type Tag = keyof typeof TAGS;

/**
 * An OpenAPI link: how a value of this answer feeds another operation (runtime expressions such as
 * `$response.body#/id`), so that a reader or a stateful tester can chain create -> use.
 */
export interface LinkSpec {
  operationId: string;
  parameters?: Record<string, string>;
  requestBody?: unknown;
  description?: string;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media types answered instead of JSON on request (content negotiation), with their schemas. */
  otherMediaTypes?: Record<string, z.ZodType>;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
  links?: Record<string, LinkSpec>;
}

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Koa-style path, e.g. `/api/v1/chat/messages/:message_id`. */
  path: string;
  /** Unique across the API; links name operations by it. */
  operationId: string;
  tag: Tag;
  summary: string;
  /**
   * The stream category a command writes: its answer waits until the projections of it caught up.
   * A command that writes to two (a moderator's deletion, then the report) names both.
   */
  writes?: WriteCategory | readonly WriteCategory[];
  /** The command the endpoint runs (snake_case, e.g. `send_message`): counted by outcome in the metrics. */
  command?: string;
  /** False for the few public endpoints; everything else needs a bearer token. */
  auth?: boolean;
  /** A role claim the caller must hold (checked before the input is read): 403 otherwise. */
  role?: { name: string; code: string };
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A body the handler streams itself (an upload), described for the OpenAPI document as it is here
   * (a Request Body Object). The JSON body parser leaves such a request's body unread.
   */
  streamedBody?: { description: string; required: boolean; content: Record<string, unknown> };
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
