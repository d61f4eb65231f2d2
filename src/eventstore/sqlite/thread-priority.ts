import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Raises the nice value of the calling thread by `steps` (capped at 19), where the OS allows it.
 *
 * Why the writer thread does this: it sleeps between commits, and the kernel's scheduler favours a
 * thread waking from sleep, so on a machine with no idle core each wake-up would take the core from the
 * event loop for as long as the commit computes, which is the very stall the thread exists to avoid. At
 * a lower priority it runs beside the event loop or in its gaps, and it needs little CPU (a commit mostly
 * waits on fsync). On Linux the nice value belongs to a thread and the thread's id, read from
 * /proc/thread-self, addresses it; elsewhere this does nothing.
 */
export function lowerThisThreadsPriority(steps: number): void {
  let threadId: number;
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return;
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return;
  try {
    setPriority(threadId, Math.min(19, getPriority(threadId) + steps));
  } catch {
    // Not permitted here (a sandbox without setpriority): run at the usual priority.
  }
}
