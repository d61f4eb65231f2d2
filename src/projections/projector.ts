import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { DEFAULTS } from '../config/config';
import type { EventStore } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import { PROJECTIONS } from './catalog';
import { ProjectionProgress } from './progress';
import type { Projection } from './projection';
import { ProjectionRunner } from './runner';

/**
 * A projector holds a projection's lease this long unless it renews it, every third of that. It bounds
 * how long a crashed node's projections stall before another node, or the restarted one, takes over.
 */
export const LEASE_TTL_MS = DEFAULTS.PROJECTION_LEASE_TTL_MS;
/** How often a node that does not run a projection reads its checkpoint while a write waits on it. */
const FOLLOW_EVERY_MS = 50;
const FOLLOW_IDLE_EVERY_MS = 1000;

export interface Projector {
  progress: ProjectionProgress;
  /** Names of the projections that consume events of a stream category. */
  consumersOf(category: string): string[];
  /** Projections this node runs now (it holds their leases). */
  running(): string[];
  /**
   * Resolves true once every projection has applied the log up to `position` (their checkpoints are
   * written with what they apply), false after `timeoutMs`. A graceful stop waits on this first.
   */
  reach(position: string, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs the chat API's projections on this node, each only while this node holds its lease, so one
 * projector per projection runs across all nodes; a crashed node's leases expire and another node takes
 * over from the checkpoint. The projections this node holds share one runner, so each event is read and
 * validated once however many of them consume it. Nodes that do not run a projection follow its
 * checkpoint, so read-your-writes works on every node.
 */
export async function startProjector(
  store: EventStore,
  target: ProjectionStore,
  log: (message: string) => void = console.error,
  leaseTtlMs = LEASE_TTL_MS,
): Promise<Projector> {
  const owner = processOwner(process.pid, randomBytes(6).toString('hex'));
  const progress = new ProjectionProgress();
  const node = new LeasedProjections(store, target, owner, progress, log, leaseTtlMs);
  await node.start();
  return {
    progress,
    consumersOf: (category) => PROJECTIONS.filter((p) => p.categories.includes(category)).map((p) => p.name),
    running: () => node.running(),
    reach: (position, timeoutMs) =>
      progress.waitFor(
        position,
        PROJECTIONS.map((p) => p.name),
        timeoutMs,
      ),
    stop: async () => {
      await node.stop();
      progress.close();
    },
  };
}

class LeasedProjections {
  /** Runs the projections whose leases this node holds; replaced whenever that set changes. */
  private runner: ProjectionRunner | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private followTimer: NodeJS.Timeout | undefined;
  private readonly lastFollow = new Map<string, number>();
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly target: ProjectionStore,
    private readonly owner: string,
    private readonly progress: ProjectionProgress,
    private readonly log: (message: string) => void,
    private readonly leaseTtlMs: number,
  ) {}

  running(): string[] {
    return this.runner?.projections.map((p) => p.name) ?? [];
  }

  async start(): Promise<void> {
    await this.renew();
    this.renewTimer = setInterval(() => {
      this.busy = this.busy.then(() => this.renew());
    }, this.leaseTtlMs / 3);
    this.renewTimer.unref();
    this.followTimer = setInterval(() => void this.follow(), FOLLOW_EVERY_MS);
    this.followTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewTimer);
    clearInterval(this.followTimer);
    await this.busy;
    const held = this.running();
    await this.runner?.stop();
    this.runner = undefined;
    for (const name of held) await this.target.releaseLease(name, this.owner).catch(() => {});
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    const held: Projection[] = [];
    for (const projection of PROJECTIONS) {
      try {
        if (await this.claim(projection.name)) held.push(projection);
      } catch (error) {
        this.log(`lease of projection ${projection.name} not renewed: ${String(error)}`);
      }
    }
    const running = this.running();
    if (held.length === running.length && held.every((p) => running.includes(p.name))) return;
    await this.runner?.stop();
    this.runner = held.length === 0 ? undefined : this.startRunner(held);
    await this.runner?.start();
  }

  /**
   * Claims a projection's lease; a lease still held by a process of this host that no longer exists
   * (a node killed and restarted) is taken at once instead of after its time to live.
   */
  private async claim(name: string): Promise<boolean> {
    if (await this.target.claimLease(name, this.owner, this.leaseTtlMs)) return true;
    const holder = await this.target.leaseHolder(name);
    if (holder === undefined || !isDeadProcessOfThisHost(holder)) return false;
    this.log(`projection ${name}: taking over the lease of ${holder}, a process that no longer runs`);
    return this.target.claimLease(name, this.owner, this.leaseTtlMs, holder);
  }

  private startRunner(projections: Projection[]): ProjectionRunner {
    const runner: ProjectionRunner = new ProjectionRunner(this.store, this.target, projections, {
      onProgress: () => {
        for (const { name } of projections) {
          const position = runner.positionOf(name);
          if (position !== undefined) this.progress.reached(name, position);
        }
      },
      onError: (error) => this.log(`${error.message}; queries serve what it had applied`),
    });
    return runner;
  }

  /** Learns how far the nodes that run the other projections have got, from their checkpoints. */
  private async follow(): Promise<void> {
    if (this.stopped) return;
    const running = this.running();
    const now = Date.now();
    for (const { name } of PROJECTIONS) {
      if (running.includes(name)) continue;
      if (!this.progress.hasWaiters() && now - (this.lastFollow.get(name) ?? 0) < FOLLOW_IDLE_EVERY_MS)
        continue;
      this.lastFollow.set(name, now);
      try {
        const generation = await this.target.currentGeneration(name);
        const checkpoint = await this.target.checkpoint(name, generation);
        if (checkpoint !== undefined && !this.running().includes(name))
          this.progress.reached(name, checkpoint);
      } catch {
        // The next tick tries again.
      }
    }
  }
}

/**
 * A lease owner's name: `host/pid namespace/pid/tag`. Containers may share a host name while their
 * process ids live in separate namespaces, so a pid means something only within the same namespace.
 */
export function processOwner(pid: number, tag: string): string {
  return `${hostname()}/${PID_NAMESPACE}/${pid}/${tag}`;
}

/**
 * A holder of this host and pid namespace whose process is gone is dead. A holder in this very process
 * (two projectors in one process, as tests run them), of another host or namespace, or whose namespace
 * cannot be read, never is: those wait for the lease to expire.
 */
export function isDeadProcessOfThisHost(owner: string): boolean {
  const [host, namespace, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || PID_NAMESPACE === 'unknown' || namespace !== PID_NAMESPACE) return false;
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** This process's pid namespace (Linux), fixed for its lifetime; 'unknown' elsewhere. */
const PID_NAMESPACE = pidNamespace();

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid').replace(/[^0-9]/g, '') || 'unknown';
  } catch {
    return 'unknown';
  }
}
