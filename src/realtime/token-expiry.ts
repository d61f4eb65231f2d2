import type { TokenVerifier } from '../auth/token-verifier';
import type { Logger } from '../observability/logger';
import { CLOSE } from './close-codes';
import type { FrameCounter } from './frame-counter';
import { errorFrame } from './frames';
import type { Socket } from './socket-registry';

/** Closes the socket with TOKEN_EXPIRED when its caller's token expires (rescheduled on refresh). */
export function scheduleExpiry(ws: Socket): void {
  const data = ws.getUserData();
  if (data.expiryTimer) clearTimeout(data.expiryTimer);
  const delay = Math.max(0, data.caller.exp * 1000 - Date.now());
  data.expiryTimer = setTimeout(
    () => {
      // The socket may have closed meanwhile: a closed uWS socket must not be touched.
      if (data.open) ws.end(CLOSE.TOKEN_EXPIRED.code, CLOSE.TOKEN_EXPIRED.reason);
    },
    // setTimeout holds at most 2^31-1 ms (about 24.8 days): a token that lives longer is closed then.
    Math.min(delay, 2 ** 31 - 1),
  );
  data.expiryTimer.unref();
}

/**
 * `{"type":"auth","token":…}`: a fresh token of the same user replaces the socket's caller and its
 * expiry; anything else is refused with an error frame and the socket keeps its old token.
 */
export async function refreshToken(
  ws: Socket,
  token: string,
  deps: { verifyToken: TokenVerifier; frames: FrameCounter; log: Logger },
): Promise<void> {
  const data = ws.getUserData();
  const now = new Date().toISOString();
  try {
    const caller = await deps.verifyToken(token);
    if (caller.actor.user_id !== data.caller.actor.user_id) throw new Error('the token names another user');
    data.caller = caller;
    scheduleExpiry(ws);
    const expiresAt = new Date(caller.exp * 1000).toISOString();
    // Verification awaited: the socket may have closed meanwhile.
    if (data.open) deps.frames.send(ws, { type: 'auth_ok', expires_at: expiresAt, timestamp: now });
  } catch (error) {
    deps.log.info(
      { user_id: data.caller.actor.user_id, reason: (error as Error).message },
      'WebSocket token refresh refused',
    );
    if (data.open) deps.frames.send(ws, errorFrame('unauthorized', (error as Error).message, now));
  }
}
