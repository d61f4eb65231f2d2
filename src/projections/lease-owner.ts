import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ProjectionStore } from '../readmodels/port';

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

/**
 * Claims (or renews) a lease; one still held by a process of this host that no longer exists (a node
 * killed and restarted) is taken at once instead of after its time to live, and `onTakeOver` hears of it.
 */
export async function claimLease(
  leases: Pick<ProjectionStore, 'claimLease' | 'leaseHolder'>,
  name: string,
  owner: string,
  ttlMs: number,
  onTakeOver: (holder: string) => void,
): Promise<boolean> {
  if (await leases.claimLease(name, owner, ttlMs)) return true;
  const holder = await leases.leaseHolder(name);
  if (holder === undefined || !isDeadProcessOfThisHost(holder)) return false;
  onTakeOver(holder);
  return leases.claimLease(name, owner, ttlMs, holder);
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
