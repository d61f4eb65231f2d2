/** The claims of a JWT (unverified: the client only reads its own token's `sub` and `exp`). */
export function jwtClaims(token: string): { sub?: string; exp?: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as { sub?: string; exp?: number };
  } catch {
    return null;
  }
}

/**
 * When to refresh a token over the socket: `leadMs` before it expires, or halfway through its
 * remaining life for a token that lives less than twice that; null for a token without `exp`.
 */
export function refreshDelay(token: string, now: number, leadMs: number): number | null {
  const exp = jwtClaims(token)?.exp;
  if (typeof exp !== 'number') return null;
  return refreshIn(exp * 1000 - now, leadMs);
}

export function refreshIn(remainingMs: number, leadMs: number): number {
  return Math.max(0, remainingMs - leadMs, remainingMs / 2);
}
