/** A stored file name is at most this many characters (code points). */
export const MAX_FILENAME_CHARS = 200;
/** The name given to an upload whose name is empty once sanitised. */
export const DEFAULT_FILENAME = 'file';

/** C0 and C1 controls, and the format characters that reorder or hide text (bidi overrides, zero widths). */
const UNSAFE = /[\p{Cc}\p{Cf}]/gu;

/**
 * The name an upload is recorded and offered under: the last segment of whatever path the client sent
 * (either slash), without control or bidi characters, trimmed, in NFC, at most MAX_FILENAME_CHARS code
 * points (the extension kept when the stem is cut), never `.` or `..`. It is only ever a label: the
 * stores key blobs by the server's ids.
 */
export function sanitizeFilename(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = base.replace(UNSAFE, '').trim();
  if (clean === '' || /^\.+$/.test(clean)) return DEFAULT_FILENAME;
  return truncate(clean);
}

function truncate(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_FILENAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  // A short extension survives the cut; a long one is part of the name like any other text.
  const kept = extension.length > 0 && extension.length <= 16 ? extension : [];
  return (
    chars
      .slice(0, MAX_FILENAME_CHARS - kept.length)
      .join('')
      .trimEnd() + kept.join('')
  );
}
