/** Small helpers for projections: UTC days, ISO weeks, medians. Timestamps are ISO-8601 UTC strings. */

/** `2026-03-02T09:00:00.000Z` → `2026-03-02`. */
export function utcDay(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** The ISO-8601 week of a UTC instant, e.g. `2026-W10` (weeks start on Monday; week 1 holds 4 January). */
export function isoWeek(timestamp: string): string {
  const date = new Date(timestamp);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The median of some numbers (mean of the two middle ones for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Code-unit order of two strings, the same on every machine and locale (for sorting output rows). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
