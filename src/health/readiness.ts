import type { EventStore } from '../eventstore/port';
import type { Projector } from '../projections/projector';
import type { ProjectionStore } from '../readmodels/port';
import type { Supervisor } from '../supervision/supervisor';

export interface CheckResult {
  ok: boolean;
  /** Why the check fails, or what it found. */
  detail?: string;
  [key: string]: unknown;
}

export interface Readiness {
  ready: boolean;
  /** Names of the checks that fail. */
  failing: string[];
  checks: Record<string, CheckResult>;
}

export interface ReadinessDeps {
  store: EventStore;
  projections: ProjectionStore;
  projector: Projector;
  supervisor: Supervisor;
  shuttingDown: () => boolean;
  /** A projection further behind than this makes the node not ready. */
  maxLagSeconds: number;
  /** How long each store may take to answer. */
  timeoutMs: number;
  /** The webhook dispatcher's state, when webhooks are configured (it never makes the node unready). */
  webhooks?: () => CheckResult;
}

/**
 * Whether this node should receive traffic: both stores answer in time, every projection is within
 * the lag bound (as this node knows it), and the node is not shutting down. Loops that are failing and
 * retrying are listed for operators; they make the node unready only through what they break.
 */
export function readinessProbe(deps: ReadinessDeps): () => Promise<Readiness> {
  return async () => {
    const checks: Record<string, CheckResult> = {
      shutting_down: deps.shuttingDown() ? { ok: false, detail: 'the server is stopping' } : { ok: true },
      event_store: await probe(() => deps.store.headPosition(), deps.timeoutMs),
      read_models: await probe(() => deps.projections.leaseHolder('history'), deps.timeoutMs),
      projections: await projectionsCheck(deps),
      loops: loopsCheck(deps.supervisor),
      ...(deps.webhooks && { webhooks: deps.webhooks() }),
    };
    const failing = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    return { ready: failing.length === 0, failing, checks };
  };
}

async function probe(call: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([call(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function projectionsCheck(deps: ReadinessDeps): Promise<CheckResult> {
  const health = deps.projector.health();
  let lag: Awaited<ReturnType<Projector['lag']>>;
  try {
    lag = await deps.projector.lag();
  } catch (error) {
    return { ok: false, detail: `lag unknown: ${error instanceof Error ? error.message : String(error)}` };
  }
  const behind = lag.filter((l) => l.seconds > deps.maxLagSeconds);
  const projections = lag.map((l) => {
    const h = health.find((p) => p.projection === l.projection);
    return {
      projection: l.projection,
      running_here: h?.running ?? false,
      lag_events: l.events,
      lag_seconds: Math.round(l.seconds * 1000) / 1000,
      ...(h?.failure && { failure: h.failure }),
    };
  });
  return {
    ok: behind.length === 0,
    ...(behind.length > 0 && {
      detail: `${behind.map((l) => l.projection).join(', ')} more than ${deps.maxLagSeconds} s behind the log`,
    }),
    projections,
  };
}

function loopsCheck(supervisor: Supervisor): CheckResult {
  const failing = supervisor.statuses().filter((s) => s.state === 'retrying');
  return {
    ok: true,
    ...(failing.length > 0 && { detail: `retrying: ${failing.map((s) => s.name).join(', ')}` }),
    failing: failing.map((s) => ({
      loop: s.name,
      failures: s.failures,
      since: s.failingSince,
      error: s.lastError,
    })),
  };
}
