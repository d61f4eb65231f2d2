import type { TemplatedApp } from 'uWebSockets.js';
import { randomBytes } from 'node:crypto';
import { Lru } from '../commands/lru';
import type { PresenceStatus, UserEvent } from '../domain/user/events';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { Logger } from '../observability/logger';
import type { ReadModels } from '../readmodels/port';
import type { SupervisedLoop, Supervisor } from '../supervision/supervisor';
import { presenceFrame } from './frames';
import { presenceTopic } from './socket-registry';

/** How often a node renews the lease listing its connected users, and how long a lease lives. */
export const LEASE_EVERY_MS = 3000;
export const LEASE_TTL_MS = 10_000;
/** A user whose last socket closed stays online this long, so a quick reconnect changes nothing. */
export const OFFLINE_GRACE_MS = 2000;

interface Lease {
  users: Set<string>;
  expiresAt: number;
}

/** The status a user chose, as their PresenceChanged event recorded it. */
interface Chosen {
  status: PresenceStatus;
  status_message: string | null;
  changed_at: string;
}

/** Users whose chosen status and name this node remembers from the log, beyond what the read model holds. */
const REMEMBERED_USERS = 100_000;

/**
 * What others see of a user: a status they chose other than online wins (offline is invisible, away
 * and busy stand whether or not they are connected); otherwise connected means online, and so does a
 * chosen online (the read model lists them so too).
 */
export function shownStatus(chosen: PresenceStatus | undefined, connected: boolean): PresenceStatus {
  if (chosen === 'away' || chosen === 'busy' || chosen === 'offline') return chosen;
  return connected || chosen === 'online' ? 'online' : 'offline';
}

/**
 * Connection presence across nodes, as leases: every node publishes on the ephemeral channel, every
 * few seconds and whenever its set changes, the users connected to it. A user is online while some
 * unexpired lease lists them, so the users of a crashed node go offline by themselves. Transitions
 * become presence frames on the user's topic, one per subscribed socket.
 *
 * A chosen status reaches every node in the user's PresenceChanged event (from the log): its frame is
 * built from the event itself, never from a read model that may not have applied it yet. The node
 * remembers the latest chosen status per user, so a later connect or disconnect frame carries it too.
 */
export class PresenceTracker {
  readonly nodeId = randomBytes(8).toString('hex');
  private readonly local = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  private readonly online = new Set<string>();
  private loops: SupervisedLoop[] = [];
  /** Users whose last local socket closed, still listed until their grace period ends. */
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private readonly chosen = new Lru<string, Chosen>(REMEMBERED_USERS);
  private readonly names = new Lru<string, string>(REMEMBERED_USERS);
  private stopped = false;

  constructor(
    private readonly channel: EphemeralChannel,
    private readonly app: TemplatedApp,
    private readonly readModels: ReadModels,
    private readonly now: () => string,
    private readonly log: Logger,
  ) {}

  /**
   * Follows the other nodes' leases and renews this node's, both supervised: a failed subscription is
   * made again, a failed renewal retried sooner than the next period.
   */
  start(supervisor: Supervisor): void {
    this.loops = [
      supervisor.run('presence-leases', async (control) =>
        this.channel.subscribe((signal) => {
          if (signal.type !== 'presence_lease') return;
          const { node, users, ttl_ms } = signal.data as { node: string; users: string[]; ttl_ms: number };
          this.leases.set(node, { users: new Set(users), expiresAt: Date.now() + ttl_ms });
          this.recompute();
          control.progressed();
        }, control.fail),
      ),
      supervisor.every('presence-lease-renewal', LEASE_EVERY_MS, async () => {
        this.recompute();
        await this.publishLease();
      }),
    ];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops.map((loop) => loop.stop()));
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    this.local.clear();
    // Give up this node's lease now rather than letting it run out.
    await this.channel
      .publish({ type: 'presence_lease', data: { node: this.nodeId, users: [], ttl_ms: 0 } })
      .catch(() => {});
  }

  connected(userId: string): void {
    if (this.stopped) return;
    const grace = this.leaving.get(userId);
    if (grace) clearTimeout(grace);
    const listed = grace !== undefined || this.local.has(userId);
    this.leaving.delete(userId);
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    if (!listed) void this.renew();
  }

  disconnected(userId: string): void {
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    if (this.stopped) return;
    // Still listed in this node's leases during the grace period: a quick reconnect changes nothing.
    const timer = setTimeout(() => {
      this.leaving.delete(userId);
      void this.renew();
    }, OFFLINE_GRACE_MS);
    timer.unref();
    this.leaving.set(userId, timer);
  }

  isOnline(userId: string): boolean {
    return this.online.has(userId);
  }

  onlineUsers(): string[] {
    return [...this.online];
  }

  /**
   * A fact of a user's stream, from the log (every node sees it): a chosen status is announced at once
   * from the event, connected or not; a recorded name is remembered for later frames.
   */
  userChanged(event: UserEvent): void {
    if (event.type === 'UserProfileRecorded') {
      this.names.set(event.data.user_id, event.data.username);
      return;
    }
    const { user_id, status, status_message, changed_at } = event.data;
    const known = this.chosen.get(user_id);
    // Redelivered or out of order (a read-model fallback raced it): the latest choice stands.
    if (known !== undefined && known.changed_at > changed_at) return;
    this.chosen.set(user_id, { status, status_message, changed_at });
    if (!this.stopped)
      this.publishFrame(user_id, {
        status: shownStatus(status, this.online.has(user_id)),
        status_message,
        changed_at,
      });
  }

  /** The name a connecting user's token gives: used for their frames until the log says otherwise. */
  knowName(userId: string, username: string): void {
    if (this.names.get(userId) === undefined) this.names.set(userId, username);
  }

  /** Publishes the lease now, after a local change; the supervised renewal retries a failure. */
  private async renew(): Promise<void> {
    await this.publishLease().catch((error: unknown) => {
      this.log.warn({ err: error }, 'presence lease not published; the periodic renewal retries it');
    });
  }

  private async publishLease(): Promise<void> {
    if (this.stopped) return;
    const users = [...new Set([...this.local.keys(), ...this.leaving.keys()])];
    const data = { node: this.nodeId, users, ttl_ms: LEASE_TTL_MS };
    await this.channel.publish({ type: 'presence_lease', data });
  }

  private recompute(): void {
    const nowMs = Date.now();
    const listed = new Set<string>();
    for (const [node, lease] of this.leases) {
      if (lease.expiresAt <= nowMs) {
        this.leases.delete(node);
        continue;
      }
      for (const user of lease.users) listed.add(user);
    }
    for (const user of listed) {
      if (!this.online.has(user)) {
        this.online.add(user);
        void this.announce(user, true);
      }
    }
    for (const user of [...this.online]) {
      if (!listed.has(user)) {
        this.online.delete(user);
        void this.announce(user, false);
      }
    }
  }

  /** A connection transition: the frame carries the chosen status the node knows, else the read model's. */
  private async announce(userId: string, connected: boolean): Promise<void> {
    let chosen = this.chosen.get(userId);
    if (chosen === undefined || this.names.get(userId) === undefined) {
      const known = await this.readModels.presenceOf(userId).catch(() => undefined);
      if (known?.username) this.knowName(userId, known.username);
      // The log may have brought a newer choice while the read model was read: it wins.
      chosen = this.chosen.get(userId) ?? recordedChoice(known);
    }
    if (this.stopped || this.online.has(userId) !== connected) return;
    const status = shownStatus(chosen?.status, connected);
    this.publishFrame(userId, {
      status,
      status_message: chosen?.status_message ?? null,
      changed_at: this.now(),
    });
  }

  /** One frame on the user's topic: every local socket sharing a conversation with them gets it once. */
  private publishFrame(userId: string, shown: Chosen): void {
    const presence = {
      user_id: userId,
      username: this.names.get(userId) ?? userId,
      status: shown.status,
      status_message: shown.status_message,
      last_active: shown.changed_at,
    };
    this.app.publish(presenceTopic(userId), JSON.stringify(presenceFrame(presence, this.now())));
  }
}

/** A status the read model recorded as chosen (a user who never chose has no last_active there). */
function recordedChoice(
  known: { status: string; status_message: string | null; last_active: string | null } | undefined,
): Chosen | undefined {
  if (known?.last_active == null) return undefined;
  return {
    status: known.status as PresenceStatus,
    status_message: known.status_message,
    changed_at: known.last_active,
  };
}
