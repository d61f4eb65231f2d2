import { performance } from 'node:perf_hooks';
import { procStatusKb } from './processes';
import { slope } from './stats';

export interface RssSample {
  /** Seconds since sampling began. */
  t: number;
  mb: number;
}

/** Samples a process's resident set size from /proc every `everyMs`. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs: number,
    private readonly onSample: (sample: RssSample) => void = () => {},
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const kb = procStatusKb(this.pid, 'VmRSS');
    if (kb === undefined) return;
    const sample = { t: (performance.now() - this.started) / 1000, mb: kb / 1024 };
    this.samples.push(sample);
    this.onSample(sample);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface MemoryVerdict {
  firstThirdMbPerMin: number;
  lastThirdMbPerMin: number;
  startMb: number;
  peakMb: number;
  endMb: number;
  levelledOff: boolean;
}

/** Below this growth (MB per minute) memory counts as flat whatever the early growth was. */
const FLAT_MB_PER_MIN = 2;

/**
 * Memory has levelled off when the last third of the run grows at most a quarter as fast as the first
 * third (caches and pools fill early, a leak keeps its pace) or hardly at all.
 */
export function memoryVerdict(samples: readonly RssSample[]): MemoryVerdict {
  const third = Math.max(2, Math.floor(samples.length / 3));
  const perMin = (points: readonly RssSample[]) => slope(points.map((s) => ({ x: s.t / 60, y: s.mb })));
  const first = perMin(samples.slice(0, third));
  const last = perMin(samples.slice(-third));
  const mbs = samples.map((s) => s.mb);
  return {
    firstThirdMbPerMin: first,
    lastThirdMbPerMin: last,
    startMb: mbs[0] ?? Number.NaN,
    peakMb: Math.max(...mbs),
    endMb: mbs[mbs.length - 1] ?? Number.NaN,
    levelledOff: last <= FLAT_MB_PER_MIN || last <= first / 4,
  };
}
