import type { TemplatedApp, us_listen_socket, WebSocketBehavior } from 'uWebSockets.js';
import type { TokenVerifier } from '../auth/token-verifier';
import type { CommandDeps } from '../commands/deps';
import { DEFAULTS } from '../config/config';
import type { EventStore } from '../eventstore/port';
import type { UserRateLimit } from '../limits/user-limits';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadModels } from '../readmodels/port';
import type { Supervisor } from '../supervision/supervisor';
import { BlockList } from './block-list';
import { ClientFrames } from './client-frames';
import { CLOSE } from './close-codes';
import { FrameCounter } from './frame-counter';
import { connectedFrame, errorFrame } from './frames';
import { LogFanout } from './log-fanout';
import { Membership } from './membership';
import { PresenceFollowers } from './presence-followers';
import { PresenceTracker } from './presence-tracker';
import { SLOW_SOCKET_BYTES, SlowSocketSweeper } from './slow-sockets';
import { SocketCap } from './socket-cap';
import { type Socket, type SocketData, SocketRegistry } from './socket-registry';
import { TimeoutBook } from './timeout-book';
import { scheduleExpiry } from './token-expiry';
import { TypingRelay } from './typing-relay';
import { upgradeHandler } from './upgrade';
import { usingNativeUws, uws } from './uws';

export interface RealtimeOptions {
  store: EventStore;
  readModels: ReadModels;
  commands: CommandDeps;
  verifyToken: TokenVerifier;
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
/**
 * The WebSocket server (uWebSockets.js) of the seed protocol: `/api/v1/chat/ws/{conversation_id}` for
 * one conversation, `/api/v1/chat/ws` for all of the caller's conversations. This file wires the
 * pieces and owns the socket lifecycle (open, close, metrics): the upgrade checks are in upgrade.ts,
 * client frames in client-frames.ts, token expiry in token-expiry.ts, slow sockets in slow-sockets.ts,
 * membership changes in membership.ts; frames come from the log through the node's one subscription
 * (LogFanout).
 */
export class RealtimeServer {
  private readonly app: TemplatedApp = uws.App();
  private readonly registry = new SocketRegistry();
  private readonly fanout: LogFanout;
  private readonly typing: TypingRelay;
  readonly presence: PresenceTracker;
  private listenSocket: us_listen_socket | undefined;
  private closing = false;
  private readonly log: Logger;
  private readonly metrics: Metrics;
  private readonly frames: FrameCounter;
  private readonly membership: Membership;
  private readonly followers: PresenceFollowers;
  private readonly clientFrames: ClientFrames;
  private readonly blocks: BlockList;

  constructor(private readonly options: RealtimeOptions) {
    this.log = options.logger.child({ component: 'realtime' });
    this.metrics = options.metrics;
    this.frames = new FrameCounter(options.metrics);
    this.followers = new PresenceFollowers(this.registry, options.readModels, this.frames);
    this.blocks = new BlockList(async (userId) =>
      (await options.commands.users.current(userId)).blocked.keys(),
    );
    this.membership = new Membership(this.registry, this.followers);
    const timeouts = new TimeoutBook(async (conversationId) => {
      const state = await options.commands.conversations.current(conversationId);
      const until = new Map<string, string>();
      for (const [userId, participant] of state.participants)
        if (participant.timedOutUntil !== undefined) until.set(userId, participant.timedOutUntil);
      return until;
    });
    this.clientFrames = new ClientFrames({
      timedOutUntil: (conversationId, userId, now) => timeouts.until(conversationId, userId, now),
      commands: options.commands,
      verifyToken: options.verifyToken,
      typingLimit: options.typingLimit,
      frames: this.frames,
      metrics: options.metrics,
      log: this.log,
    });
    const slowSockets = new SlowSocketSweeper(this.registry, options.metrics, this.log);
    const now = () => new Date().toISOString();
    // Components that publish to topics see an app that counts the frames it delivers.
    const publisher = this.frames.publisher(this.app);
    this.presence = new PresenceTracker(
      options.commands.ephemeral,
      (userId, frame) =>
        this.followers.deliver(
          userId,
          frame,
          // Most users are blocked by nobody here: their frames skip the check per socket.
          this.blocks.isBlockedByAnyone(userId) ? (viewer) => this.blocks.blocks(viewer, userId) : undefined,
        ),
      options.readModels,
      now,
      options.logger.child({ component: 'presence' }),
    );
    this.typing = new TypingRelay(options.commands.ephemeral, publisher, now, (typing, frame) =>
      this.typingWithBlocks(typing.conversation_id, typing.user_id, frame),
    );
    this.fanout = new LogFanout(
      options.store,
      publisher,
      {
        added: (conversationId, userId) => this.membership.joined(conversationId, userId),
        removed: (conversationId, userId) => this.membership.left(conversationId, userId),
        userChanged: (event) => {
          this.blocks.userChanged(event);
          this.presence.userChanged(event);
        },
        conversationChanged: (event) => timeouts.changed(event),
      },
      (conversationId) => slowSockets.published(conversationId),
      options.logger.child({ component: 'log-fanout' }),
    );
    const upgrade = upgradeHandler({
      verifyToken: options.verifyToken,
      allowedOrigins: options.allowedOrigins,
      readModels: options.readModels,
      cap: new SocketCap(this.registry, options.maxSocketsPerUser ?? DEFAULTS.MAX_SOCKETS_PER_USER),
      closing: () => this.closing,
      metrics: options.metrics,
      log: this.log,
    });
    this.app.ws(`${PATH}/:conversation_id`, this.behavior(upgrade, true));
    this.app.ws(PATH, this.behavior(upgrade, false));
    this.app.any('/*', (res) => {
      res.writeStatus('404 Not Found').end();
    });
  }

  /** The socket behaviour of a path: one conversation (`single`) or all of the caller's. */
  private behavior(
    upgrade: ReturnType<typeof upgradeHandler>,
    single: boolean,
  ): WebSocketBehavior<SocketData> {
    return {
      maxPayloadLength: MAX_FRAME_BYTES,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      // The hard limit is a last resort: slow sockets are closed with TOO_SLOW well before it.
      maxBackpressure: 16 * SLOW_SOCKET_BYTES,
      closeOnBackpressureLimit: 1,
      upgrade: (res, req, context) => upgrade(res, req, context, single),
      open: (ws) => void this.opened(ws),
      // The message buffer is valid only during this call: it is copied out as text at once.
      message: (ws, message) => this.clientFrames.received(ws, Buffer.from(message).toString('utf8')),
      close: (ws, code, message) => this.closed(ws, code, message),
    };
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
    scheduleExpiry(ws);
    try {
      await this.blocks.hold(userId);
      await this.startFeed(ws);
    } catch (error) {
      this.log.error({ err: error, user_id: userId }, 'WebSocket open failed');
      if (data.open) ws.end(CLOSE.GOING_AWAY.code, CLOSE.GOING_AWAY.reason);
    }
  }

  /**
   * Replays what the socket missed since its `since` (when given), then follows its conversations
   * live, then says `connected`: no gap and no repeat between the replay and the live frames.
   */
  private async startFeed(ws: Socket): Promise<void> {
    const data = ws.getUserData();
    const userId = data.caller.actor.user_id;
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
    const conversations =
      data.conversationId !== null
        ? [data.conversationId]
        : await this.options.readModels.conversationIdsOf(userId);
    await this.membership.followPresenceOf(ws, conversations);
    await this.fanout.resume(
      // The replay sends to the socket directly: count those frames too.
      this.frames.sender(ws),
      conversations,
      since,
      (_, id) => this.registry.follow(ws, id),
      (recovered) => {
        if (data.since !== null) this.resumed(ws, recovered && !invalidSince);
        this.frames.send(
          ws,
          connectedFrame(data.conversationId, data.since === null ? null : recovered && !invalidSince, now()),
        );
        if (invalidSince)
          this.frames.send(ws, errorFrame('invalid_position', `since: ${invalidSince}`, now()));
      },
    );
  }

  /**
   * A typing frame sent socket by socket, skipping those whose user blocks the typist; false (publish
   * to the topic as usual) when nobody connected here blocks them.
   */
  private typingWithBlocks(conversationId: string, typistId: string, frame: string): boolean {
    if (!this.blocks.isBlockedByAnyone(typistId)) return false;
    let sent = 0;
    for (const ws of this.registry.socketsIn(conversationId)) {
      if (this.blocks.blocks(ws.getUserData().caller.actor.user_id, typistId)) continue;
      ws.send(frame);
      sent++;
    }
    this.frames.count(frame, sent);
    return true;
  }

  private resumed(ws: Socket, recovered: boolean): void {
    this.metrics.resumes.inc({ recovered: String(recovered) });
    const data = ws.getUserData();
    this.log.info(
      { user_id: data.caller.actor.user_id, conversation_id: data.conversationId ?? 'all', recovered },
      recovered ? 'WebSocket resumed with every missed frame' : 'WebSocket resume too long: reload over REST',
    );
  }

  private closed(ws: Socket, code: number, message: ArrayBuffer): void {
    const data = ws.getUserData();
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
    this.registry.removeSocket(ws);
    this.blocks.release(data.caller.actor.user_id);
    this.followers.release(ws);
    this.presence.disconnected(data.caller.actor.user_id);
    this.metrics.wsConnections.dec();
    // A close reason is at most 123 bytes by the protocol: safe to log as sent.
    const reason = Buffer.from(message).toString('utf8');
    this.log.info(
      { user_id: data.caller.actor.user_id, conversation_id: data.conversationId ?? 'all', code, reason },
      'WebSocket closed',
    );
  }
}
