import type { Config } from '../config/config';
import { type Clock, TokenBuckets } from './token-buckets';

/** A request over a per-user limit; the API answers 429 with Retry-After, a socket an error frame. */
export class LimitExceeded extends Error {
  constructor(
    /** Which limit refused: a bounded name for logs and metrics (send, typing, new_conversation, upload). */
    readonly limit: string,
    readonly code: string,
    message: string,
    /** Whole seconds until a retry can succeed, rounded up (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'LimitExceeded';
  }
}

/** One per-user rate limit with the code and the sentence its refusals carry. */
export class UserRateLimit {
  private readonly buckets: TokenBuckets | null;

  /** `ratePerSecond` 0 turns the limit off. */
  constructor(
    readonly name: string,
    readonly code: string,
    readonly detail: string,
    ratePerSecond: number,
    burst: number,
    clock?: Clock,
  ) {
    this.buckets = ratePerSecond > 0 ? new TokenBuckets({ ratePerSecond, burst }, clock) : null;
  }

  /** Counts one request of `userId`; throws LimitExceeded (having counted nothing) when over the limit. */
  admit(userId: string): void {
    const admission = this.buckets?.take(userId);
    if (admission && !admission.allowed) {
      const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
      throw new LimitExceeded(this.name, this.code, this.detail, seconds);
    }
  }
}

/** The configuration the limits come from (see src/config/config.ts for each variable). */
export type LimitSettings = Pick<
  Config,
  | 'SEND_RATE_LIMIT'
  | 'SEND_BURST'
  | 'TYPING_RATE_LIMIT'
  | 'TYPING_BURST'
  | 'CONVERSATIONS_PER_MINUTE'
  | 'UPLOADS_PER_MINUTE'
  | 'MAX_PARTICIPANTS'
  | 'MAX_SOCKETS_PER_USER'
>;

/** Every abuse limit of one node. The typing limit is one bucket per user for REST and WebSocket. */
export interface AbuseLimits {
  sends: UserRateLimit;
  typing: UserRateLimit;
  conversations: UserRateLimit;
  uploads: UserRateLimit;
  maxParticipants: number;
  maxSocketsPerUser: number;
}

export function abuseLimits(settings: LimitSettings, clock?: Clock): AbuseLimits {
  const send = { rate: settings.SEND_RATE_LIMIT, burst: settings.SEND_BURST };
  const typing = { rate: settings.TYPING_RATE_LIMIT, burst: settings.TYPING_BURST };
  const perMinute = settings.CONVERSATIONS_PER_MINUTE;
  return {
    sends: new UserRateLimit(
      'send',
      'rate_limited',
      `at most ${send.rate} messages per second per user (bursts of ${send.burst})`,
      send.rate,
      send.burst,
      clock,
    ),
    typing: new UserRateLimit(
      'typing',
      'rate_limited',
      `at most ${typing.rate} typing updates per second per user (bursts of ${typing.burst})`,
      typing.rate,
      typing.burst,
      clock,
    ),
    // A bucket of N refilled at N per minute: N at once, then one every 60/N seconds.
    conversations: new UserRateLimit(
      'new_conversation',
      'too_many_conversations',
      `at most ${perMinute} new conversations per minute per user`,
      perMinute / 60,
      Math.max(1, perMinute),
      clock,
    ),
    uploads: new UserRateLimit(
      'upload',
      'too_many_uploads',
      `at most ${settings.UPLOADS_PER_MINUTE} uploads per minute per user`,
      settings.UPLOADS_PER_MINUTE / 60,
      Math.max(1, settings.UPLOADS_PER_MINUTE),
      clock,
    ),
    maxParticipants: settings.MAX_PARTICIPANTS,
    maxSocketsPerUser: settings.MAX_SOCKETS_PER_USER,
  };
}
