import fc from 'fast-check';
import { TokenBuckets } from '../../../src/limits/token-buckets';
import { abuseLimits, LimitExceeded, UserRateLimit } from '../../../src/limits/user-limits';

/** A clock the test moves by hand. */
function manualClock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

describe('TokenBuckets', () => {
  it('lets a burst through at once, then one request per refill interval', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 }, clock.now);
    expect([1, 2, 3].map(() => buckets.take('alice').allowed)).toEqual([true, true, true]);
    expect(buckets.take('alice')).toEqual({ allowed: false, retryAfterMs: 500 });
    clock.advance(499);
    expect(buckets.take('alice').allowed).toBe(false);
    clock.advance(1);
    expect(buckets.take('alice').allowed).toBe(true);
    expect(buckets.take('alice').allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, manualClock().now);
    expect(buckets.take('alice').allowed).toBe(true);
    expect(buckets.take('alice').allowed).toBe(false);
    expect(buckets.take('bob').allowed).toBe(true);
  });

  it('never holds more than the burst, however long a key stays quiet', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 2 }, clock.now);
    buckets.take('alice');
    clock.advance(3_600_000);
    expect([1, 2, 3].map(() => buckets.take('alice').allowed)).toEqual([true, true, false]);
  });

  it('forgets idle buckets, so memory follows the active keys only', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ ratePerSecond: 5, burst: 10 }, clock.now);
    for (let i = 0; i < 10_000; i++) buckets.take(`user-${i}`);
    expect(buckets.size).toBe(10_000);
    // One refill time (2 s) later every bucket is full again: the next sweep drops them all.
    clock.advance(2_000);
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });

  it('keeps a bucket that has not refilled yet through a sweep', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2 }, clock.now);
    buckets.take('alice');
    buckets.take('alice');
    clock.advance(1_000);
    buckets.take('bob'); // sweeps: alice holds one token of two, so she stays
    expect(buckets.take('alice').allowed).toBe(true);
    expect(buckets.take('alice').allowed).toBe(false);
  });

  it('refuses settings that would never admit a request', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 5 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 })).toThrow(RangeError);
  });

  describe('properties over any sequence of request times', () => {
    const EPS = 1e-6;
    const scenario = fc.record({
      ratePerSecond: fc.double({ min: 0.05, max: 200, noNaN: true }),
      burst: fc.integer({ min: 1, max: 50 }),
      // Gaps between requests in ms, zero included (requests at the same instant).
      gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 })), { maxLength: 300 }),
    });

    function run({ ratePerSecond, burst, gaps }: { ratePerSecond: number; burst: number; gaps: number[] }) {
      const clock = manualClock(1_000);
      const buckets = new TokenBuckets({ ratePerSecond, burst }, clock.now);
      return gaps.map((gap) => {
        const at = clock.advance(gap);
        return { at, admission: buckets.take('k') };
      });
    }

    it('accepts at most burst + rate × elapsed in any window', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const requests = run(s);
          for (let i = 0; i < requests.length; i++) {
            let accepted = 0;
            for (let j = i; j < requests.length; j++) {
              if ((requests[j] as (typeof requests)[number]).admission.allowed) accepted++;
              const elapsed = ((requests[j]?.at ?? 0) - (requests[i]?.at ?? 0)) / 1000;
              expect(accepted).toBeLessThanOrEqual(s.burst + s.ratePerSecond * elapsed + EPS);
            }
          }
        }),
      );
    });

    it('refuses a request only when the bucket is empty, and then says when it will hold a token', () => {
      // Independently of the implementation: the bucket at request i holds
      // min over j ≤ i of (burst + rate × (t_i − t_j) − accepted in [t_j, t_i)), capped at burst.
      fc.assert(
        fc.property(scenario, (s) => {
          const requests = run(s);
          requests.forEach(({ at, admission }, i) => {
            let tokens = s.burst;
            let acceptedSince = 0;
            for (let j = i - 1; j >= 0; j--) {
              const earlier = requests[j] as (typeof requests)[number];
              if (earlier.admission.allowed) acceptedSince++;
              tokens = Math.min(
                tokens,
                s.burst + (s.ratePerSecond * (at - earlier.at)) / 1000 - acceptedSince,
              );
            }
            if (Math.abs(tokens - 1) < EPS) return; // on the boundary: rounding may go either way
            expect(admission.allowed).toBe(tokens >= 1);
            if (!admission.allowed) {
              const expected = ((1 - tokens) / s.ratePerSecond) * 1000;
              expect(admission.retryAfterMs).toBeGreaterThan(0);
              expect(Math.abs(admission.retryAfterMs - expected)).toBeLessThan(1e-3 * Math.max(1, expected));
            }
          });
        }),
      );
    });

    it('admits a retry made exactly when a refusal said to', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const clock = manualClock();
          const buckets = new TokenBuckets({ ratePerSecond: s.ratePerSecond, burst: s.burst }, clock.now);
          for (const gap of s.gaps) {
            clock.advance(gap);
            const admission = buckets.take('k');
            if (!admission.allowed) {
              clock.advance(admission.retryAfterMs + EPS);
              expect(buckets.take('k').allowed).toBe(true);
            }
          }
        }),
      );
    });
  });
});

describe('UserRateLimit', () => {
  it('throws LimitExceeded with whole seconds rounded up, and counts nothing when refusing', () => {
    const clock = manualClock();
    const limit = new UserRateLimit('send', 'rate_limited', 'at most 0.4 per second', 0.4, 1, clock.now);
    limit.admit('alice');
    let refusal: unknown;
    try {
      limit.admit('alice');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(LimitExceeded);
    // 2.5 s until the next token: Retry-After says 3.
    expect(refusal).toMatchObject({
      code: 'rate_limited',
      message: 'at most 0.4 per second',
      retryAfterSeconds: 3,
    });
    clock.advance(2_500);
    expect(() => limit.admit('alice')).not.toThrow();
  });

  it('says at least one second even when the next token is a millisecond away', () => {
    const clock = manualClock();
    const limit = new UserRateLimit('send', 'rate_limited', 'fast', 1000, 1, clock.now);
    limit.admit('alice');
    expect(() => limit.admit('alice')).toThrow(expect.objectContaining({ retryAfterSeconds: 1 }));
  });

  it('is off at rate 0', () => {
    const limit = new UserRateLimit('send', 'rate_limited', 'off', 0, 1);
    for (let i = 0; i < 10_000; i++) limit.admit('alice');
  });
});

describe('abuseLimits', () => {
  const defaults = {
    SEND_RATE_LIMIT: 20,
    SEND_BURST: 100,
    TYPING_RATE_LIMIT: 5,
    TYPING_BURST: 10,
    CONVERSATIONS_PER_MINUTE: 30,
    UPLOADS_PER_MINUTE: 60,
    MAX_PARTICIPANTS: 1000,
    MAX_SOCKETS_PER_USER: 20,
  };

  it('names each limit in the sentence its refusals carry', () => {
    const limits = abuseLimits(defaults);
    expect(limits.sends.detail).toBe('at most 20 messages per second per user (bursts of 100)');
    expect(limits.typing.detail).toBe('at most 5 typing updates per second per user (bursts of 10)');
    expect(limits.conversations.detail).toBe('at most 30 new conversations per minute per user');
    expect(limits.conversations.code).toBe('too_many_conversations');
    expect(limits.uploads.detail).toBe('at most 60 uploads per minute per user');
    expect(limits.uploads.code).toBe('too_many_uploads');
  });

  it('lets N conversations through at once, then one every 60/N seconds', () => {
    const clock = manualClock();
    const limits = abuseLimits({ ...defaults, CONVERSATIONS_PER_MINUTE: 30 }, clock.now);
    for (let i = 0; i < 30; i++) limits.conversations.admit('alice');
    expect(() => limits.conversations.admit('alice')).toThrow(
      expect.objectContaining({ code: 'too_many_conversations', retryAfterSeconds: 2 }),
    );
    clock.advance(2_000);
    limits.conversations.admit('alice');
    expect(() => limits.conversations.admit('alice')).toThrow(LimitExceeded);
  });

  it('turns the conversation cap off at 0', () => {
    const limits = abuseLimits({ ...defaults, CONVERSATIONS_PER_MINUTE: 0 });
    for (let i = 0; i < 1_000; i++) limits.conversations.admit('alice');
  });
});
