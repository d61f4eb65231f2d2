import type { Caller } from './caller';

/** How long a verified token is taken on trust: a JWKS key withdrawn meanwhile is noticed this late. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Tokens remembered at once (about 0.5 KB each with its caller). */
export const VERIFIED_TOKEN_CAPACITY = 10_000;

interface Entry {
  caller: Caller;
  /** Until when (ms) the verification is reused, at most the token's own expiry. */
  until: number;
}

/**
 * Tokens this process has verified recently, with their callers. A client sends the same bearer token
 * with every request for as long as it lives, and checking its signature and claims again each time
 * (jsonwebtoken's decode, HMAC and the claims' schema) was about 8% of a send's work on the event loop.
 * Only successful checks are kept, keyed by the whole token string (a forged or altered token is never
 * a hit); a hit stops counting once the token expires, exactly when jsonwebtoken would start refusing
 * it (`exp` at or before the current second), and after VERIFIED_TOKEN_TTL_MS in any case. Callers are
 * frozen: every request of the token shares one.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly capacity = VERIFIED_TOKEN_CAPACITY,
  ) {}

  get(token: string): Caller | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.caller;
  }

  /** Remembers a caller the full check accepted; returns it frozen. */
  remember(token: string, caller: Caller): Caller {
    const frozen = freezeCaller(caller);
    // jsonwebtoken refuses a token once the current whole second reaches `exp`.
    const until = Math.min(this.now() + this.ttlMs, caller.exp * 1000);
    if (this.entries.size >= this.capacity) {
      // The oldest insertion goes first: simple, and a busy token is simply verified again.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { caller: frozen, until });
    return frozen;
  }
}

function freezeCaller(caller: Caller): Caller {
  Object.freeze(caller.actor);
  Object.freeze(caller.roles);
  Object.freeze(caller.claimed);
  return Object.freeze(caller);
}
