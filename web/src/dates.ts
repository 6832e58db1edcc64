import dayjs from 'dayjs';

/**
 * The last `days` calendar days ending today (`YYYY-MM-DD`, oldest first), each with the value the server
 * gave for that day or `empty` — so a chart always spans the whole window, quiet days included.
 */
export function fillDays<T extends { day: string }>(rows: readonly T[], days: number, empty: (day: string) => T, today = dayjs()): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: T[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = today.subtract(i, 'day').format('YYYY-MM-DD');
    out.push(byDay.get(day) ?? empty(day));
  }
  // A server day outside the window (clock skew between browser and server) is kept rather than dropped.
  const known = new Set(out.map((r) => r.day));
  const extra = rows.filter((r) => !known.has(r.day));
  return [...out, ...extra].sort((a, b) => a.day.localeCompare(b.day)).slice(-days);
}

/** `YYYY-MM-DD` → `MM-DD` for a chart axis. */
export const shortDay = (day: string): string => dayjs(day).format('MM-DD');
