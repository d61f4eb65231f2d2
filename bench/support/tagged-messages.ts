/**
 * Every message the bench sends carries a numeric tag in its content, so a received frame is matched
 * to its send by a byte search instead of a JSON parse (the client shares the cores with the server).
 */
const MARKER = Buffer.from('"content":"bench m');
const ZERO = 48;
const NINE = 57;

export function taggedContent(tag: number, padding: string): string {
  return `bench m${tag} ${padding}`;
}

/** The tag of a message frame, or -1 for any other frame. */
export function tagOf(frame: Buffer): number {
  const at = frame.indexOf(MARKER);
  if (at === -1) return -1;
  let tag = 0;
  let digits = 0;
  for (let i = at + MARKER.length; i < frame.length; i++) {
    const byte = frame[i] as number;
    if (byte < ZERO || byte > NINE) break;
    tag = tag * 10 + (byte - ZERO);
    digits++;
  }
  return digits === 0 ? -1 : tag;
}
