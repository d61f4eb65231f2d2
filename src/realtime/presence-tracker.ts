import { randomBytes } from 'node:crypto';
import { Lru } from '../commands/lru';
import type { PresenceStatus, UserEvent } from '../domain/user/events';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { Logger } from '../observability/logger';
import { ERASED_USERNAME } from '../privacy/personal-fields';
import type { ReadModels } from '../readmodels/port';
import type { SupervisedLoop, Supervisor } from '../supervision/supervisor';
import { presenceFrame } from './frames';

/** How often a node renews the lease listing its connected users, and how long a lease lives. */
export const LEASE_EVERY_MS = 3000;
export const LEASE_TTL_MS = 10_000;
/** A user whose last socket closed stays online this long, so a quick reconnect changes nothing. */
export const OFFLINE_GRACE_MS = 2000;
/**
 * At most one lease publication per this period while users connect and disconnect: the first change
 * after a quiet period publishes at once, later ones share one publication at the end of the period.
 * A lease lists every connected user, so one per connect would make a reconnect storm quadratic.
 */
export const LEASE_COALESCE_MS = 100;

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
 * few seconds and soon after its set changes (at most once per LEASE_COALESCE_MS), the users connected
 * to it. A user is online while some
 * unexpired lease lists them, so the users of a crashed node go offline by themselves. Transitions
 * become presence frames, one per socket sharing a conversation with the user.
 *
 * A chosen status reaches every node in the user's PresenceChanged event (from the log): its frame is
 * built from the event itself, never from a read model that may not have applied it yet. The node
 * remembers the latest chosen status per user, so a later connect or disconnect frame carries it too.
 */
export class PresenceTracker {
  readonly nodeId = randomBytes(8).toString('hex');
  private readonly local = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  /** Online users, with how many unexpired leases list them: kept by diffing each lease with the last. */
  private readonly listings = new Map<string, number>();
  /** When this node last published its lease, and the publication waiting for its turn. */
  private lastLeaseAt = Number.NEGATIVE_INFINITY;
  private leaseTimer: NodeJS.Timeout | undefined;
  private loops: SupervisedLoop[] = [];
  /** Users whose last local socket closed, still listed until their grace period ends. */
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private readonly chosen = new Lru<string, Chosen>(REMEMBERED_USERS);
  private readonly names = new Lru<string, string>(REMEMBERED_USERS);
  private stopped = false;

  constructor(
    private readonly channel: EphemeralChannel,
    /** Sends a user's presence frame (JSON text) to each local socket sharing a conversation with them. */
    private readonly deliver: (userId: string, frame: string) => void,
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
          this.expire();
          this.received(node, ttl_ms > 0 ? new Set(users) : new Set(), Date.now() + ttl_ms);
          control.progressed();
        }, control.fail),
      ),
      supervisor.every('presence-lease-renewal', LEASE_EVERY_MS, async () => {
        this.expire();
        await this.publishLease();
      }),
    ];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops.map((loop) => loop.stop()));
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    this.leaseTimer = undefined;
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
    if (!listed) this.renew();
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
      this.renew();
    }, OFFLINE_GRACE_MS);
    timer.unref();
    this.leaving.set(userId, timer);
  }

  isOnline(userId: string): boolean {
    return this.listings.has(userId);
  }

  onlineUsers(): string[] {
    return [...this.listings.keys()];
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
    if (event.type === 'UserErased') {
      this.names.set(event.data.user_id, ERASED_USERNAME);
      const chosen = this.chosen.get(event.data.user_id);
      if (chosen) chosen.status_message = null;
      return;
    }
    if (event.type !== 'PresenceChanged') return;
    const { user_id, status, status_message, changed_at } = event.data;
    const known = this.chosen.get(user_id);
    // Redelivered or out of order (a read-model fallback raced it): the latest choice stands.
    if (known !== undefined && known.changed_at > changed_at) return;
    this.chosen.set(user_id, { status, status_message, changed_at });
    if (!this.stopped)
      this.publishFrame(user_id, {
        status: shownStatus(status, this.listings.has(user_id)),
        status_message,
        changed_at,
      });
  }

  /** The name a connecting user's token gives: used for their frames until the log says otherwise. */
  knowName(userId: string, username: string): void {
    if (this.names.get(userId) === undefined) this.names.set(userId, username);
  }

  /**
   * Publishes the lease after a local change: at once after a quiet period, else once at the end of
   * the current LEASE_COALESCE_MS, covering every change made until then. The supervised renewal
   * retries a failure.
   */
  private renew(): void {
    if (this.stopped || this.leaseTimer) return;
    const wait = this.lastLeaseAt + LEASE_COALESCE_MS - Date.now();
    if (wait <= 0) return void this.tryPublishLease();
    this.leaseTimer = setTimeout(() => {
      this.leaseTimer = undefined;
      void this.tryPublishLease();
    }, wait);
    this.leaseTimer.unref();
  }

  private async tryPublishLease(): Promise<void> {
    await this.publishLease().catch((error: unknown) => {
      this.log.warn({ err: error }, 'presence lease not published; the periodic renewal retries it');
    });
  }

  private async publishLease(): Promise<void> {
    if (this.stopped) return;
    this.lastLeaseAt = Date.now();
    const users = [...this.local.keys()];
    for (const user of this.leaving.keys()) if (!this.local.has(user)) users.push(user);
    const data = { node: this.nodeId, users, ttl_ms: LEASE_TTL_MS };
    await this.channel.publish({ type: 'presence_lease', data });
  }

  /** A node's new lease replaces its last one: only the users that differ change their listings. */
  private received(node: string, users: Set<string>, expiresAt: number): void {
    const previous = this.leases.get(node)?.users;
    for (const user of users) if (!previous?.has(user)) this.list(user);
    if (previous) for (const user of previous) if (!users.has(user)) this.unlist(user);
    if (users.size > 0) this.leases.set(node, { users, expiresAt });
    else this.leases.delete(node);
  }

  /** Leases that ran out (their node crashed or lost the channel) no longer list their users. */
  private expire(): void {
    const nowMs = Date.now();
    for (const [node, lease] of this.leases) {
      if (lease.expiresAt <= nowMs) this.received(node, new Set(), nowMs);
    }
  }

  private list(user: string): void {
    const count = this.listings.get(user) ?? 0;
    this.listings.set(user, count + 1);
    if (count === 0) void this.announce(user, true);
  }

  private unlist(user: string): void {
    const count = (this.listings.get(user) ?? 1) - 1;
    if (count > 0) return void this.listings.set(user, count);
    this.listings.delete(user);
    void this.announce(user, false);
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
    if (this.stopped || this.listings.has(userId) !== connected) return;
    const status = shownStatus(chosen?.status, connected);
    this.publishFrame(userId, {
      status,
      status_message: chosen?.status_message ?? null,
      changed_at: this.now(),
    });
  }

  /** One frame: every local socket sharing a conversation with the user gets it once. */
  private publishFrame(userId: string, shown: Chosen): void {
    const presence = {
      user_id: userId,
      username: this.names.get(userId) ?? userId,
      status: shown.status,
      status_message: shown.status_message,
      last_active: shown.changed_at,
    };
    this.deliver(userId, JSON.stringify(presenceFrame(presence, this.now())));
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
