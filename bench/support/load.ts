import { performance } from 'node:perf_hooks';
import { progress } from './progress';

/** One request of a load phase; resolves with the HTTP status (0 when the connection failed). */
export type Operation = (worker: number) => Promise<number>;

export interface LoadResult {
  /** Answers with a 2xx status started inside the measured window. */
  ok: number;
  failed: number;
  /** Length of the measured window. */
  elapsedMs: number;
  /** Request latencies (ms) of the requests started inside the measured window. */
  latencies: number[];
  /** Count per non-2xx status, to say what failed. */
  failures: Record<string, number>;
  /** Open loop only: sends skipped because too many were already in flight. */
  skipped: number;
}

function emptyResult(elapsedMs: number): LoadResult {
  return { ok: 0, failed: 0, elapsedMs, latencies: [], failures: {}, skipped: 0 };
}

function record(result: LoadResult, status: number, latency: number): void {
  if (status >= 200 && status < 300) {
    result.ok++;
    result.latencies.push(latency);
  } else {
    result.failed++;
    result.failures[String(status)] = (result.failures[String(status)] ?? 0) + 1;
  }
}

async function guarded(op: Operation, worker: number): Promise<number> {
  try {
    return await op(worker);
  } catch {
    return 0;
  }
}

/**
 * `workers` requests always in flight (each worker sends its next request when the previous one
 * answered) for the warm-up and then the measured window: the most the target accepts.
 */
export async function closedLoop(options: {
  label: string;
  workers: number;
  warmupMs: number;
  durationMs: number;
  op: Operation;
}): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const result = emptyResult(options.durationMs);
  const ticker = setInterval(() => progress(`${options.label}: ${result.ok} accepted so far`), 5000);
  const worker = async (index: number) => {
    for (let t0 = performance.now(); t0 < end; t0 = performance.now()) {
      const status = await guarded(options.op, index);
      if (t0 >= measureFrom) record(result, status, performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, i) => worker(i)));
  clearInterval(ticker);
  return result;
}

/**
 * Requests started at a fixed rate whatever the answers do (an open loop), so that latency is measured
 * at a known offered load instead of the load the target lets through.
 */
export async function openLoop(options: {
  label: string;
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  op: Operation;
}): Promise<LoadResult> {
  const result = emptyResult(options.durationMs);
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let started = 0;
  const ticker = setInterval(() => progress(`${options.label}: ${result.ok} accepted so far`), 5000);
  const launch = () => {
    if (pending.size >= options.maxInFlight) {
      result.skipped++;
      return;
    }
    const t0 = performance.now();
    const done = guarded(options.op, started).then((status) => {
      record(result, status, performance.now() - t0);
      pending.delete(done);
    });
    pending.add(done);
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.floor((Math.min(elapsed, options.durationMs) * options.ratePerSecond) / 1000);
      for (; started < due; started++) launch();
      if (elapsed >= options.durationMs) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  clearInterval(ticker);
  return result;
}
