import type { TemplatedApp } from 'uWebSockets.js';
import { randomBytes } from 'node:crypto';
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

/**
 * Connection presence across nodes, as leases: every node publishes on the ephemeral channel, every
 * few seconds and whenever its set changes, the users connected to it. A user is online while some
 * unexpired lease lists them, so the users of a crashed node go offline by themselves. Transitions
 * become presence frames on the user's topic, one per subscribed socket.
 */
export class PresenceTracker {
  readonly nodeId = randomBytes(8).toString('hex');
  private readonly local = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  private readonly online = new Set<string>();
  private loops: SupervisedLoop[] = [];
  /** Users whose last local socket closed, still listed until their grace period ends. */
  private readonly leaving = new Map<string, NodeJS.Timeout>();
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

  /** A user's chosen status changed (from the log): tell their followers if they are connected. */
  statusChanged(userId: string): void {
    if (this.online.has(userId)) void this.announce(userId, true);
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

  private async announce(userId: string, connected: boolean): Promise<void> {
    const known = await this.readModels.presenceOf(userId).catch(() => undefined);
    if (this.stopped) return;
    const chosen = known?.status;
    const status = !connected ? 'offline' : chosen === 'away' || chosen === 'busy' ? chosen : 'online';
    const now = this.now();
    const presence = {
      user_id: userId,
      username: known?.username ?? userId,
      status,
      status_message: known?.status_message ?? null,
      last_active: now,
    };
    this.app.publish(presenceTopic(userId), JSON.stringify(presenceFrame(presence, now)));
  }
}
