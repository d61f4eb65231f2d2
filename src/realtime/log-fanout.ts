import type { TemplatedApp } from 'uWebSockets.js';
import { ConversationEvent } from '../domain/conversation/events';
import { UserEvent, userEventTypes } from '../domain/user/events';
import {
  type EventStore,
  isAfter,
  type Position,
  type RecordedEvent,
  readAllPages,
} from '../eventstore/port';
import type { Logger } from '../observability/logger';
import type { SupervisedLoop, Supervisor } from '../supervision/supervisor';
import { conversationFrame, type Frame } from './frames';
import { conversationTopic, type Socket } from './socket-registry';

/** A resume scans at most this many events of the log; beyond, it answers `recovered: false`. */
export const MAX_RESUME_SCAN = 100_000;
/** How long a resume waits for this node to catch up with a position another node handed out. */
const NODE_CATCH_UP_MS = 60_000;

interface Positioned {
  conversationId: string;
  position: string;
  json: string;
}

interface Replay {
  follows: (conversationId: string) => boolean;
  buffer: Positioned[];
}

export interface MembershipListener {
  added(conversationId: string, userId: string): void;
  removed(conversationId: string, userId: string): void;
  /** A user's chosen status or recorded profile: presence frames are built from it. */
  userChanged(event: UserEvent): void;
  /** Every conversation event, after its frame was published (timeouts are followed from it). */
  conversationChanged?(event: ConversationEvent): void;
}

/**
 * The node's one subscription to the log: every conversation event becomes a frame published to the
 * conversation's topic, whatever node wrote it. Resumes are served from the log up to the position
 * this fanout has published, while frames published meanwhile are held back for the resuming socket,
 * so the hand-over has no gap and no duplicate.
 */
export class LogFanout {
  private loop: SupervisedLoop | undefined;
  /** Position of the last event this node has published (or the head when it started). */
  private published: Position | undefined;
  private readonly replays = new Set<Replay>();
  private readonly waiters = new Set<{ position: string; resolve: () => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly app: TemplatedApp,
    private readonly membership: MembershipListener,
    private readonly onPublished: (conversationId: string) => void,
    private readonly log: Logger,
  ) {}

  /**
   * Follows the log from its head, under the supervisor: a subscription that fails is made again
   * after a backoff from the last published position, so sockets miss nothing and get nothing twice.
   */
  async start(supervisor: Supervisor): Promise<void> {
    this.published = await this.store.headPosition();
    this.loop = supervisor.run('realtime-log-fanout', async (control) =>
      this.store.subscribeToAll({
        after: this.published,
        onEvent: (event) => {
          this.handle(event);
          control.progressed();
        },
        onError: control.fail,
      }),
    );
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private handle(recorded: RecordedEvent): void {
    try {
      this.fanOut(recorded);
    } catch (error) {
      // One unreadable event must not stop every socket of this node: skip it, loudly.
      this.log.error(
        { err: error, position: recorded.position, event_type: recorded.type },
        'event not sent to sockets: it does not parse as a conversation event',
      );
    }
    this.published = recorded.position;
    for (const waiter of this.waiters) {
      if (!isAfter(waiter.position, recorded.position)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private fanOut(recorded: RecordedEvent): void {
    if (recorded.streamId.startsWith('conversation-')) {
      const event = ConversationEvent.parse({ type: recorded.type, data: recorded.data });
      const frame = conversationFrame(event, recorded.position);
      if (event.type === 'ParticipantAdded')
        this.membership.added(event.data.conversation_id, event.data.user_id);
      if (frame) this.publish(event.data.conversation_id, recorded.position, frame);
      if (event.type === 'ParticipantRemoved')
        this.membership.removed(event.data.conversation_id, event.data.user_id);
      this.membership.conversationChanged?.(event);
    } else if (recorded.streamId.startsWith('user-') && userEventTypes.has(recorded.type)) {
      this.membership.userChanged(UserEvent.parse({ type: recorded.type, data: recorded.data }));
    }
  }

  /** Resolves once this node has published `position`; any write to the log moves it on. */
  private publishedUpTo(position: string, timeoutMs: number): Promise<void> {
    if (this.published !== undefined && !isAfter(position, this.published)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        this.waiters.delete(waiter);
        resolve();
      }, timeoutMs).unref();
    });
  }

  private publish(conversationId: string, position: string, frame: Frame): void {
    const json = JSON.stringify(frame);
    this.app.publish(conversationTopic(conversationId), json);
    for (const replay of this.replays) {
      if (replay.follows(conversationId)) replay.buffer.push({ conversationId, position, json });
    }
    this.onPublished(conversationId);
  }

  /**
   * Sends `ws` every frame of its conversations after `since`, then subscribes it to them. `first`
   * runs before any replayed frame is sent (the connected frame), told whether the resume is complete:
   * not when the log after `since` is too long to scan (the client reloads over REST instead).
   */
  async resume(
    ws: Socket,
    conversations: string[],
    since: string | undefined,
    follow: (ws: Socket, conversationId: string) => void,
    first: (recovered: boolean) => void,
  ): Promise<void> {
    const userId = ws.getUserData().caller.actor.user_id;
    const wanted = new Set(conversations);
    const replay: Replay = { follows: (id) => wanted.has(id), buffer: [] };
    this.replays.add(replay);
    try {
      const upTo = this.published;
      let missed: Positioned[] = [];
      let recovered = true;
      let announced = false;
      if (since !== undefined && upTo !== undefined && isAfter(upTo, since)) {
        const scanned = await this.scan(since, upTo, wanted, userId);
        recovered = scanned !== null;
        missed = scanned ?? [];
      } else if (since !== undefined) {
        // This node has not yet published `since` (the client came from a node further ahead): the
        // socket waits on the buffer, unsubscribed, until it has; nothing at or before `since` is sent.
        first(true);
        announced = true;
        await this.publishedUpTo(since, NODE_CATCH_UP_MS);
      }
      // From here to the end nothing awaits: no frame can be published between the replay and the
      // subscription.
      if (!ws.getUserData().open) return;
      if (!announced) first(recovered);
      ws.cork(() => {
        for (const frame of missed) ws.send(frame.json);
        for (const frame of replay.buffer) if (isAfter(frame.position, since)) ws.send(frame.json);
      });
      for (const id of wanted) follow(ws, id);
    } finally {
      this.replays.delete(replay);
    }
  }

  /** Frames of the wanted conversations in (since, upTo], or null when that stretch is too long. */
  private async scan(
    since: string,
    upTo: string,
    wanted: Set<string>,
    userId: string,
  ): Promise<Positioned[] | null> {
    const frames: Positioned[] = [];
    const removed = new Set<string>();
    let scanned = 0;
    const after = this.store.parsePosition(since);
    for await (const page of readAllPages(this.store, { after })) {
      for (const recorded of page) {
        if (isAfter(recorded.position, upTo)) return frames;
        scanned++;
        const conversationId = recorded.streamId.slice('conversation-'.length);
        if (
          !recorded.streamId.startsWith('conversation-') ||
          !wanted.has(conversationId) ||
          removed.has(conversationId)
        ) {
          continue;
        }
        const event = ConversationEvent.parse({ type: recorded.type, data: recorded.data });
        const frame = conversationFrame(event, recorded.position);
        if (frame) frames.push({ conversationId, position: recorded.position, json: JSON.stringify(frame) });
        // Nothing after a user's removal is replayed to them.
        if (event.type === 'ParticipantRemoved' && event.data.user_id === userId) removed.add(conversationId);
      }
      if (scanned > MAX_RESUME_SCAN) return null;
    }
    return frames;
  }
}
