/** Milliseconds on a clock that never goes backwards; injectable so tests control time. */
export type Clock = () => number;

export interface BucketSettings {
  /** Tokens added per second: the sustained rate. Must be positive. */
  ratePerSecond: number;
  /** Size of the bucket: how many requests may arrive at once after a quiet spell. At least 1. */
  burst: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

/**
 * One token bucket per key (a user id), in memory on this node. Each request takes a token; tokens
 * come back at `ratePerSecond` up to `burst`. A bucket left alone long enough to refill is the same as
 * no bucket, so such buckets are forgotten: memory holds only the keys active within about two refill
 * times, however many distinct keys have ever been seen.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  /** Time between sweeps of idle buckets: the refill time of an empty bucket, but at least a second. */
  private readonly sweepEveryMs: number;
  private lastSweep: number;

  constructor(
    private readonly settings: BucketSettings,
    private readonly clock: Clock = () => performance.now(),
  ) {
    if (!(settings.ratePerSecond > 0) || !Number.isFinite(settings.ratePerSecond)) {
      throw new RangeError('ratePerSecond must be a positive number');
    }
    if (!(settings.burst >= 1)) throw new RangeError('burst must be at least 1');
    this.sweepEveryMs = Math.max(1000, (settings.burst / settings.ratePerSecond) * 1000);
    this.lastSweep = clock();
  }

  /** Takes a token for `key`, or says how long until one is available. */
  take(key: string): Admission {
    const now = this.clock();
    this.sweepIdle(now);
    const bucket = this.buckets.get(key);
    const tokens = bucket ? this.tokensAt(bucket, now) : this.settings.burst;
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    // A refused request takes nothing: it only brings the bucket up to date.
    this.buckets.set(key, { tokens, at: now });
    return { allowed: false, retryAfterMs: ((1 - tokens) / this.settings.ratePerSecond) * 1000 };
  }

  /** Number of buckets held in memory. */
  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(bucket: Bucket, now: number): number {
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.settings.burst, bucket.tokens + (elapsed * this.settings.ratePerSecond) / 1000);
  }

  /** Now and then, drops every bucket that has refilled: it behaves exactly like a fresh one. */
  private sweepIdle(now: number): void {
    if (now - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) >= this.settings.burst) this.buckets.delete(key);
    }
  }
}
