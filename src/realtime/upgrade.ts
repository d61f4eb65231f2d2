import type { HttpRequest, HttpResponse, us_socket_context_t } from 'uWebSockets.js';
import type { Caller } from '../auth/caller';
import type { TokenVerifier } from '../auth/token-verifier';
import { DATA_HEADERS } from '../data-headers';
import { CONVERSATION_ID_PATTERN } from '../domain/ids';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadModels } from '../readmodels/port';
import { toProblem, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../views/problem';
import type { SocketCap } from './socket-cap';
import type { SocketData } from './socket-registry';

/** Retry-After of a refusal for too many sockets: a socket frees only when the user closes one. */
const SOCKET_CAP_RETRY_SECONDS = 10;

export interface UpgradeChecks {
  verifyToken: TokenVerifier;
  /** Allowed Origin headers; `*` allows any. A request without Origin (servers, wscat) is allowed. */
  allowedOrigins: readonly string[];
  readModels: Pick<ReadModels, 'isParticipant'>;
  cap: SocketCap;
  /** True once the server stops accepting: upgrades still being checked are refused. */
  closing: () => boolean;
  metrics: Metrics;
  log: Logger;
}

/** What an upgrade needs from its request, copied before the first await. */
interface UpgradeRequest {
  conversationId: string | null;
  token: string;
  since: string | null;
  origin: string;
  key: string;
  protocol: string;
  extensions: string;
}

interface Refusal {
  status: string;
  code: string;
  detail: string;
  retryAfter?: number;
}

/**
 * The upgrade of a WebSocket request: Origin, token, the user's socket cap, then membership of the
 * conversation of a single-conversation path. uWS lifetime rules: `req` is valid only until the first
 * await (everything is copied out first), and `res` must not be touched once aborted (an onAborted
 * handler is registered at once, and every write is corked).
 */
export function upgradeHandler(checks: UpgradeChecks) {
  return (res: HttpResponse, req: HttpRequest, context: us_socket_context_t, single: boolean): void => {
    const request = copyRequest(req, single);
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    // Set while this upgrade counts as pending against its user's socket cap.
    let pendingOf: string | undefined;
    const settle = () => {
      if (pendingOf !== undefined) checks.cap.settled(pendingOf);
      pendingOf = undefined;
    };
    let userId: string | undefined;
    const refuse = (refusal: Refusal) => {
      logRefusal(checks, request, refusal, userId);
      if (!aborted) writeRefusal(res, refusal);
    };
    void (async () => {
      const caller = await authenticate(checks, request);
      if (!('actor' in caller)) return refuse(caller);
      userId = caller.actor.user_id;
      if (caller.exp * 1000 <= Date.now())
        return refuse({ status: '401 Unauthorized', code: 'unauthorized', detail: 'the token has expired' });
      if (!checks.cap.admit(userId)) return refuse(tooManySockets(checks.cap.maxPerUser));
      pendingOf = userId;
      const notMember = await checkMembership(checks, request.conversationId, userId);
      if (notMember) return refuse(notMember);
      if (aborted) return;
      if (checks.closing())
        return refuse({
          status: '503 Service Unavailable',
          code: 'shutting_down',
          detail: 'the server is shutting down',
        });
      const data: SocketData = {
        caller,
        conversationId: request.conversationId,
        since: request.since,
        conversations: new Set(),
        presenceIn: [],
        open: true,
      };
      // The socket opens (and the registry counts it) inside upgrade: it stops being pending just before.
      settle();
      res.cork(() => res.upgrade(data, request.key, request.protocol, request.extensions, context));
    })()
      .catch((error: unknown) => {
        checks.log.error({ err: error }, 'WebSocket upgrade failed');
        // A store briefly unavailable is a 503 the client retries, as on REST; anything else a 500.
        const problem = toProblem(error);
        if (problem.status === 503) {
          refuse({
            status: '503 Service Unavailable',
            code: problem.code,
            detail: problem.message,
            retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
          });
        } else {
          refuse({
            status: '500 Internal Server Error',
            code: 'internal_error',
            detail: 'the upgrade failed',
          });
        }
      })
      // Refused or aborted after the cap check: no longer pending either.
      .finally(settle);
  };
}

function copyRequest(req: HttpRequest, single: boolean): UpgradeRequest {
  return {
    conversationId: single ? (req.getParameter(0) ?? '') : null,
    token: req.getQuery('token') ?? '',
    since: req.getQuery('since') || null,
    origin: req.getHeader('origin'),
    key: req.getHeader('sec-websocket-key'),
    protocol: req.getHeader('sec-websocket-protocol'),
    extensions: req.getHeader('sec-websocket-extensions'),
  };
}

/** The caller of an allowed Origin with a valid token, or why not. */
async function authenticate(checks: UpgradeChecks, request: UpgradeRequest): Promise<Caller | Refusal> {
  const { origin } = request;
  if (origin && !checks.allowedOrigins.includes('*') && !checks.allowedOrigins.includes(origin)) {
    return {
      status: '403 Forbidden',
      code: 'origin_not_allowed',
      detail: 'this Origin may not open WebSockets here',
    };
  }
  try {
    return await checks.verifyToken(request.token);
  } catch (error) {
    return { status: '401 Unauthorized', code: 'unauthorized', detail: toProblem(error).message };
  }
}

function tooManySockets(max: number): Refusal {
  return {
    status: '429 Too Many Requests',
    code: 'too_many_sockets',
    detail: `at most ${max} open sockets per user on one server`,
    retryAfter: SOCKET_CAP_RETRY_SECONDS,
  };
}

/** A single-conversation socket needs a participant: anyone else gets the 404 of an unknown one. */
async function checkMembership(
  checks: UpgradeChecks,
  conversationId: string | null,
  userId: string,
): Promise<Refusal | undefined> {
  if (conversationId === null) return undefined;
  const known =
    CONVERSATION_ID_PATTERN.test(conversationId) &&
    (await checks.readModels.isParticipant(conversationId, userId));
  return known
    ? undefined
    : { status: '404 Not Found', code: 'conversation_not_found', detail: 'conversation not found' };
}

/** Who asked, for the log line of a refusal: never the token. */
function logRefusal(checks: UpgradeChecks, request: UpgradeRequest, refusal: Refusal, userId?: string): void {
  const { code, detail } = refusal;
  checks.metrics.upgradesRefused.inc({ reason: code });
  checks.log.info(
    {
      reason: code,
      status: Number.parseInt(refusal.status, 10),
      // As the client wrote it in the path: bounded, since it may be anything.
      conversation_id: request.conversationId?.slice(0, 128) ?? 'all',
      ...(userId !== undefined && { user_id: userId }),
      ...(code === 'origin_not_allowed' && { origin: request.origin.slice(0, 200) }),
    },
    `WebSocket upgrade refused (${code}): ${detail}`,
  );
}

function writeRefusal(res: HttpResponse, { status, code, detail, retryAfter }: Refusal): void {
  res.cork(() => {
    res.writeStatus(status).writeHeader('Content-Type', 'application/problem+json');
    for (const [name, value] of Object.entries(DATA_HEADERS)) res.writeHeader(name, value);
    if (retryAfter !== undefined) res.writeHeader('Retry-After', String(retryAfter));
    res.end(JSON.stringify({ status: Number.parseInt(status, 10), code, detail }));
  });
}
