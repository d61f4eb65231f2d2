/**
 * Close codes the server uses, each with what a client should do. Clients reconnect with jitter and,
 * where it says so, with `?since=<position of the last frame they received>`.
 */
export const CLOSE = {
  /** The server is shutting down: reconnect (with since) after a short random delay. */
  GOING_AWAY: { code: 1001, reason: 'server shutting down: reconnect with since after a random delay' },
  /** The token expired: reconnect with a fresh token (and since). */
  TOKEN_EXPIRED: { code: 4001, reason: 'token expired: reconnect with a new token' },
  /** The user was removed from the conversation: do not reconnect to it. */
  REMOVED: { code: 4003, reason: 'removed from the conversation' },
  /** The client read too slowly and frames piled up: reconnect with since to catch up. */
  TOO_SLOW: { code: 4008, reason: 'too slow: reconnect with since' },
  /** Too many open sockets for this user. */
  TOO_MANY_SOCKETS: { code: 4029, reason: 'too many open sockets' },
} as const;
