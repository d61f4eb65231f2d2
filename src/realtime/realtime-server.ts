import type {
  HttpRequest,
  HttpResponse,
  TemplatedApp,
  us_listen_socket,
  us_socket_context_t,
  WebSocketBehavior,
} from 'uWebSockets.js';
import { z } from 'zod';
import type { Caller } from '../auth/caller';
import type { CommandDeps } from '../commands/deps';
import { setTyping } from '../commands/presence-handlers';
import { DEFAULTS } from '../config/config';
import { DATA_HEADERS } from '../data-headers';
import { CONVERSATION_ID_PATTERN } from '../domain/ids';
import type { EventStore } from '../eventstore/port';
import { LimitExceeded, type UserRateLimit } from '../limits/user-limits';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadModels } from '../readmodels/port';
import type { Supervisor } from '../supervision/supervisor';
import { commandOutcome, toProblem } from '../views/problem';
import { CLOSE } from './close-codes';
import { FrameCounter } from './frame-counter';
import { connectedFrame, errorFrame, type Frame, invalidFrameDetail } from './frames';
import { LogFanout } from './log-fanout';
import { PresenceTracker } from './presence-tracker';
import { type Socket, type SocketData, SocketRegistry } from './socket-registry';
import { TypingRelay } from './typing-relay';
import { usingNativeUws, uws } from './uws';

export interface RealtimeOptions {
  store: EventStore;
  readModels: ReadModels;
  commands: CommandDeps;
  verifyToken: (token: string) => Promise<Caller>;
  /** Allowed Origin headers; `*` allows any. A request without Origin (servers, wscat) is allowed. */
  allowedOrigins: readonly string[];
  /** Open sockets one user may hold on this node (default 20); the next upgrade gets 429. */
  maxSocketsPerUser?: number;
  /** Typing frames count against this per-user limit, the same bucket as POST /typing. */
  typingLimit?: UserRateLimit;
  /** Restarts the node's subscriptions (log fan-out, typing, presence) when they fail. */
  supervisor: Supervisor;
  logger: Logger;
  metrics: Metrics;
}

const PATH = '/api/v1/chat/ws';
/** Largest frame a client may send. */
export const MAX_FRAME_BYTES = 16 * 1024;
/** A socket with more than this buffered is closed with TOO_SLOW and resumes with since. */
export const SLOW_SOCKET_BYTES = 1024 * 1024;
/** Retry-After of a refusal for too many sockets: a socket frees only when the user closes one. */
const SOCKET_CAP_RETRY_SECONDS = 10;

const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({
    type: z.literal('typing'),
    is_typing: z.boolean(),
    conversation_id: z.union([z.string(), z.number().int().transform(String)]).optional(),
  }),
  z.object({ type: z.literal('auth'), token: z.string().max(8192) }),
]);

/**
 * The WebSocket server (uWebSockets.js) of the seed protocol: `/api/v1/chat/ws/{conversation_id}` for
 * one conversation, `/api/v1/chat/ws` for all of the caller's conversations. The token is checked in
 * the upgrade handler; frames come from the log through the node's one subscription (LogFanout).
 */
export class RealtimeServer {
  private readonly app: TemplatedApp = uws.App();
  private readonly registry = new SocketRegistry();
  private readonly fanout: LogFanout;
  private readonly typing: TypingRelay;
  readonly presence: PresenceTracker;
  private listenSocket: us_listen_socket | undefined;
  private closing = false;
  /** Upgrades of each user past the socket cap check and not yet open: they count against the cap. */
  private readonly pendingUpgrades = new Map<string, number>();
  private readonly slowCheck = new Set<string>();
  private slowCheckScheduled = false;
  private readonly log: Logger;
  private readonly metrics: Metrics;
  private readonly frames: FrameCounter;
  private readonly maxSocketsPerUser: number;

  constructor(private readonly options: RealtimeOptions) {
    this.log = options.logger.child({ component: 'realtime' });
    this.metrics = options.metrics;
    this.frames = new FrameCounter(options.metrics);
    this.maxSocketsPerUser = options.maxSocketsPerUser ?? DEFAULTS.MAX_SOCKETS_PER_USER;
    const now = () => new Date().toISOString();
    // Components that publish to topics see an app that counts the frames it delivers.
    const publisher = this.frames.publisher(this.app);
    this.presence = new PresenceTracker(
      options.commands.ephemeral,
      publisher,
      options.readModels,
      now,
      options.logger.child({ component: 'presence' }),
    );
    this.typing = new TypingRelay(options.commands.ephemeral, publisher, now);
    this.fanout = new LogFanout(
      options.store,
      publisher,
      {
        added: (conversationId, userId) => this.joined(conversationId, userId),
        removed: (conversationId, userId) => this.left(conversationId, userId),
        userChanged: (event) => this.presence.userChanged(event),
      },
      (conversationId) => this.scheduleSlowCheck(conversationId),
      options.logger.child({ component: 'log-fanout' }),
    );
    const behavior = (single: boolean): WebSocketBehavior<SocketData> => ({
      maxPayloadLength: MAX_FRAME_BYTES,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      // The hard limit is a last resort: slow sockets are closed with TOO_SLOW well before it.
      maxBackpressure: 16 * SLOW_SOCKET_BYTES,
      closeOnBackpressureLimit: 1,
      upgrade: (res, req, context) => this.upgrade(res, req, context, single),
      open: (ws) => void this.opened(ws),
      message: (ws, message) => this.received(ws, Buffer.from(message).toString('utf8')),
      close: (ws, code, message) => this.closed(ws, code, message),
    });
    this.app.ws(`${PATH}/:conversation_id`, behavior(true));
    this.app.ws(PATH, behavior(false));
    this.app.any('/*', (res) => {
      res.writeStatus('404 Not Found').end();
    });
  }

  async listen(host: string, port: number): Promise<number> {
    if (!usingNativeUws()) {
      this.log.warn(
        'WARNING: uWebSockets.js is running its slow JavaScript fallback, not its native build (is UWS_USE_FALLBACK set, or does the binary not load on this system?)',
      );
    }
    await this.fanout.start(this.options.supervisor);
    this.typing.start(this.options.supervisor);
    this.presence.start(this.options.supervisor);
    this.listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
      this.app.listen(host, port, (socket) =>
        socket ? resolve(socket) : reject(new Error(`cannot listen on ${host}:${port}`)),
      );
    });
    return uws.us_socket_local_port(this.listenSocket);
  }

  onlineUsers(): string[] {
    return this.presence.onlineUsers();
  }

  /** Refuses new connections (the port closes) and upgrades still being checked; open sockets stay. */
  stopAccepting(): void {
    this.closing = true;
    if (this.listenSocket) uws.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
  }

  /** Stops accepting, closes every socket with a code that tells clients to reconnect, stops feeds. */
  async close(): Promise<void> {
    this.stopAccepting();
    for (const ws of this.registry.allSockets()) ws.end(CLOSE.GOING_AWAY.code, CLOSE.GOING_AWAY.reason);
    await Promise.all([this.fanout.stop(), this.typing.stop(), this.presence.stop()]);
    // Let the close handshakes finish before the process may exit.
    for (let waited = 0; this.registry.allSockets().length > 0 && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t, single: boolean): void {
    // The request object is only valid until the first await: copy what is needed now.
    const conversationId = single ? (req.getParameter(0) ?? '') : null;
    const token = req.getQuery('token') ?? '';
    const since = req.getQuery('since') || null;
    const origin = req.getHeader('origin');
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    // Who asked, for the log line of a refusal: never the token.
    let userId: string | undefined;
    const refuse = (status: string, code: string, detail: string, retryAfter?: number) => {
      this.metrics.upgradesRefused.inc({ reason: code });
      this.log.info(
        {
          reason: code,
          status: Number.parseInt(status, 10),
          // As the client wrote it in the path: bounded, since it may be anything.
          conversation_id: conversationId?.slice(0, 128) ?? 'all',
          ...(userId !== undefined && { user_id: userId }),
          ...(code === 'origin_not_allowed' && { origin: origin.slice(0, 200) }),
        },
        `WebSocket upgrade refused (${code}): ${detail}`,
      );
      if (aborted) return;
      res.cork(() => {
        res.writeStatus(status).writeHeader('Content-Type', 'application/problem+json');
        for (const [name, value] of Object.entries(DATA_HEADERS)) res.writeHeader(name, value);
        if (retryAfter !== undefined) res.writeHeader('Retry-After', String(retryAfter));
        res.end(JSON.stringify({ status: Number.parseInt(status, 10), code, detail }));
      });
    };
    // Set while this upgrade counts as pending against its user's socket cap.
    let pendingOf: string | undefined;
    const settle = () => {
      if (pendingOf !== undefined) this.upgradeSettled(pendingOf);
      pendingOf = undefined;
    };
    void (async () => {
      if (
        origin &&
        !this.options.allowedOrigins.includes('*') &&
        !this.options.allowedOrigins.includes(origin)
      ) {
        return refuse('403 Forbidden', 'origin_not_allowed', 'this Origin may not open WebSockets here');
      }
      let caller: Caller;
      try {
        caller = await this.options.verifyToken(token);
      } catch (error) {
        return refuse('401 Unauthorized', 'unauthorized', toProblem(error).message);
      }
      userId = caller.actor.user_id;
      if (caller.exp * 1000 <= Date.now())
        return refuse('401 Unauthorized', 'unauthorized', 'the token has expired');
      if (!this.admitSocket(caller.actor.user_id)) {
        return refuse(
          '429 Too Many Requests',
          'too_many_sockets',
          `at most ${this.maxSocketsPerUser} open sockets per user on one server`,
          SOCKET_CAP_RETRY_SECONDS,
        );
      }
      pendingOf = caller.actor.user_id;
      if (conversationId !== null) {
        const known =
          CONVERSATION_ID_PATTERN.test(conversationId) &&
          (await this.options.readModels.isParticipant(conversationId, caller.actor.user_id));
        if (!known) return refuse('404 Not Found', 'conversation_not_found', 'conversation not found');
      }
      if (aborted) return;
      if (this.closing)
        return refuse('503 Service Unavailable', 'shutting_down', 'the server is shutting down');
      const data: SocketData = {
        caller,
        conversationId,
        since,
        conversations: new Set(),
        presenceOf: new Map(),
        open: true,
      };
      // The socket opens (and the registry counts it) inside upgrade: it stops being pending just before.
      settle();
      res.cork(() => res.upgrade(data, key, protocol, extensions, context));
    })()
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'WebSocket upgrade failed');
        refuse('500 Internal Server Error', 'internal_error', 'the upgrade failed');
      })
      // Refused or aborted after the cap check: no longer pending either.
      .finally(settle);
  }

  /**
   * Counts open sockets and upgrades still being checked, so concurrent upgrades of one user cannot
   * all pass the cap before any of them opens.
   */
  private admitSocket(userId: string): boolean {
    const pending = this.pendingUpgrades.get(userId) ?? 0;
    if (this.registry.socketsOf(userId).size + pending >= this.maxSocketsPerUser) return false;
    this.pendingUpgrades.set(userId, pending + 1);
    return true;
  }

  private upgradeSettled(userId: string): void {
    const pending = (this.pendingUpgrades.get(userId) ?? 1) - 1;
    if (pending > 0) this.pendingUpgrades.set(userId, pending);
    else this.pendingUpgrades.delete(userId);
  }

  private async opened(ws: Socket): Promise<void> {
    const data = ws.getUserData();
    const userId = data.caller.actor.user_id;
    this.metrics.wsConnections.inc();
    this.log.info(
      { user_id: userId, conversation_id: data.conversationId ?? 'all', resume: data.since !== null },
      'WebSocket open',
    );
    this.registry.addSocket(ws);
    // A user known only by their token gets their profile recorded, as when they first send.
    this.presence.knowName(userId, data.caller.actor.username);
    this.options.commands.profiles
      .ensure(data.caller.actor)
      .catch((error: unknown) =>
        this.log.warn({ err: error, user_id: userId }, 'profile of a connecting user not recorded'),
      );
    this.presence.connected(userId);
    this.scheduleExpiry(ws);
    const now = () => new Date().toISOString();
    let since: string | undefined;
    let invalidSince: string | undefined;
    if (data.since !== null) {
      try {
        since = this.options.store.parsePosition(data.since);
      } catch (error) {
        invalidSince = (error as Error).message;
      }
    }
    try {
      const conversations =
        data.conversationId !== null
          ? [data.conversationId]
          : await this.options.readModels.conversationIdsOf(userId);
      await this.followPresenceOf(ws, conversations);
      await this.fanout.resume(
        // The replay sends to the socket directly: count those frames too.
        this.frames.sender(ws),
        conversations,
        since,
        (_, id) => this.registry.follow(ws, id),
        (recovered) => {
          if (data.since !== null) this.resumed(ws, recovered && !invalidSince);
          this.send(
            ws,
            connectedFrame(
              data.conversationId,
              data.since === null ? null : recovered && !invalidSince,
              now(),
            ),
          );
          if (invalidSince) this.send(ws, errorFrame('invalid_position', `since: ${invalidSince}`, now()));
        },
      );
    } catch (error) {
      this.log.error({ err: error, user_id: userId }, 'WebSocket open failed');
      if (data.open) ws.end(CLOSE.GOING_AWAY.code, CLOSE.GOING_AWAY.reason);
    }
  }

  /** A frame the server itself sends (not a published one), counted like every delivered frame. */
  private send(ws: Socket, frame: Frame): void {
    const json = JSON.stringify(frame);
    this.frames.count(json);
    ws.send(json);
  }

  private resumed(ws: Socket, recovered: boolean): void {
    this.metrics.resumes.inc({ recovered: String(recovered) });
    const data = ws.getUserData();
    this.log.info(
      { user_id: data.caller.actor.user_id, conversation_id: data.conversationId ?? 'all', recovered },
      recovered ? 'WebSocket resumed with every missed frame' : 'WebSocket resume too long: reload over REST',
    );
  }

  private received(ws: Socket, text: string): void {
    const now = new Date().toISOString();
    let frame: z.infer<typeof ClientFrame>;
    try {
      frame = ClientFrame.parse(JSON.parse(text));
    } catch (error) {
      this.send(ws, errorFrame('invalid_frame', invalidFrameDetail(error), now));
      return;
    }
    switch (frame.type) {
      case 'ping':
        this.send(ws, { type: 'pong', timestamp: now });
        return;
      case 'typing':
        this.typed(ws, frame.conversation_id ?? ws.getUserData().conversationId, frame.is_typing, now);
        return;
      case 'auth':
        void this.refreshToken(ws, frame.token);
        return;
    }
  }

  private typed(ws: Socket, conversationId: string | null, isTyping: boolean, now: string): void {
    const data = ws.getUserData();
    const refused = (frame: Frame) => {
      this.metrics.commands.inc({ command: 'set_typing', outcome: 'refused' });
      this.send(ws, frame);
    };
    if (conversationId === null || !data.conversations.has(conversationId)) {
      const detail = 'typing needs the conversation_id of one of your conversations';
      refused(errorFrame('invalid_frame', detail, now));
      return;
    }
    try {
      this.options.typingLimit?.admit(data.caller.actor.user_id);
    } catch (error) {
      if (!(error instanceof LimitExceeded)) throw error;
      this.metrics.rateLimitRefusals.inc({ limit: error.limit });
      const refusal = errorFrame(error.code, error.message, now);
      refused({ ...refusal, retry_after: error.retryAfterSeconds });
      return;
    }
    setTyping(this.options.commands, data.caller.actor, conversationId, isTyping).then(
      () => this.metrics.commands.inc({ command: 'set_typing', outcome: 'ok' }),
      (error: unknown) => {
        const outcome = commandOutcome(error);
        this.metrics.commands.inc({ command: 'set_typing', outcome });
        if (outcome === 'error')
          this.log.error({ err: error, user_id: data.caller.actor.user_id }, 'typing frame failed');
        const problem = toProblem(error);
        if (data.open) this.send(ws, errorFrame(problem.code, problem.message, now));
      },
    );
  }

  private async refreshToken(ws: Socket, token: string): Promise<void> {
    const data = ws.getUserData();
    const now = new Date().toISOString();
    try {
      const caller = await this.options.verifyToken(token);
      if (caller.actor.user_id !== data.caller.actor.user_id) throw new Error('the token names another user');
      data.caller = caller;
      this.scheduleExpiry(ws);
      const expiresAt = new Date(caller.exp * 1000).toISOString();
      if (data.open) this.send(ws, { type: 'auth_ok', expires_at: expiresAt, timestamp: now });
    } catch (error) {
      this.log.info(
        { user_id: data.caller.actor.user_id, reason: (error as Error).message },
        'WebSocket token refresh refused',
      );
      if (data.open) this.send(ws, errorFrame('unauthorized', (error as Error).message, now));
    }
  }

  private closed(ws: Socket, code: number, message: ArrayBuffer): void {
    const data = ws.getUserData();
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    this.registry.removeSocket(ws);
    this.presence.disconnected(data.caller.actor.user_id);
    this.metrics.wsConnections.dec();
    // A close reason is at most 123 bytes by the protocol: safe to log as sent.
    const reason = Buffer.from(message).toString('utf8');
    this.log.info(
      { user_id: data.caller.actor.user_id, conversation_id: data.conversationId ?? 'all', code, reason },
      'WebSocket closed',
    );
  }

  private scheduleExpiry(ws: Socket): void {
    const data = ws.getUserData();
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    const delay = Math.max(0, data.caller.exp * 1000 - Date.now());
    data.expiryTimer = setTimeout(
      () => {
        if (data.open) ws.end(CLOSE.TOKEN_EXPIRED.code, CLOSE.TOKEN_EXPIRED.reason);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    data.expiryTimer.unref();
  }

  private async followPresenceOf(ws: Socket, conversations: string[]): Promise<void> {
    const self = ws.getUserData().caller.actor.user_id;
    for (const id of conversations) {
      for (const participant of await this.options.readModels.participants(id)) {
        if (participant.user_id !== self) this.registry.followPresence(ws, participant.user_id);
      }
    }
  }

  /** A participant joined: sockets that follow all of the user's conversations follow this one too. */
  private joined(conversationId: string, userId: string): void {
    for (const ws of this.registry.socketsOf(userId)) {
      if (ws.getUserData().conversationId === null) {
        this.registry.follow(ws, conversationId);
        void this.followPresenceOf(ws, [conversationId]);
      }
    }
    for (const ws of this.registry.socketsIn(conversationId)) {
      if (ws.getUserData().caller.actor.user_id !== userId) this.registry.followPresence(ws, userId);
    }
  }

  /** A participant left or was removed: their sockets stop receiving the conversation at once. */
  private left(conversationId: string, userId: string): void {
    for (const ws of [...this.registry.socketsOf(userId)]) {
      const data = ws.getUserData();
      if (data.conversationId === conversationId) ws.end(CLOSE.REMOVED.code, CLOSE.REMOVED.reason);
      else this.registry.unfollow(ws, conversationId);
    }
  }

  private closeSlow(ws: Socket): void {
    this.metrics.slowSocketCloses.inc();
    const data = ws.getUserData();
    this.log.warn(
      { user_id: data.caller.actor.user_id, buffered_bytes: ws.getBufferedAmount() },
      'WebSocket too slow: closing it (the client resumes with since)',
    );
    ws.end(CLOSE.TOO_SLOW.code, CLOSE.TOO_SLOW.reason);
  }

  private scheduleSlowCheck(conversationId: string): void {
    this.slowCheck.add(conversationId);
    if (this.slowCheckScheduled) return;
    this.slowCheckScheduled = true;
    setImmediate(() => {
      this.slowCheckScheduled = false;
      for (const id of this.slowCheck) {
        for (const ws of [...this.registry.socketsIn(id)]) {
          if (ws.getBufferedAmount() > SLOW_SOCKET_BYTES) this.closeSlow(ws);
        }
      }
      this.slowCheck.clear();
    });
  }
}
