// Working days (工作日) for statutory deadlines: Monday to Friday, minus the public holidays the State Council
// announces each year, plus its adjusted working weekends (调休上班). Days are counted in Asia/Shanghai
// (UTC+8 all year; China has no DST), whatever the server's own time zone, because a deadline "within 5
// working days" means Chinese calendar days. Pure functions over a snapshot of `kernel_calendar`, so that
// a long computation sees one consistent calendar and tests need no database.
import type { Sql } from './db.ts';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/**
 * Scanning this many consecutive days without finding a working day means the calendar is wrong
 * (a mistyped range of holidays), not that a deadline lies that far off: fail instead of looping.
 */
const MAX_DAYS_WITHOUT_WORK = 366;

export interface WorkCalendar {
  /** Whether `day` (`YYYY-MM-DD`, a Shanghai calendar day) is a working day. */
  isWorkday(day: string): boolean;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day; RangeError unless it names a real day. */
function dayNumber(day: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  // The round trip rejects days that Date.parse would silently roll over (2026-02-30).
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  return ms / DAY_MS;
}

function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai calendar day of an instant, as days since 1970-01-01. */
function shanghaiDayNumber(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** A calendar from the exceptions to the Mon–Fri rule; a day without an exception follows the rule. */
export function calendarFrom(exceptions: Array<{ day: string; workday: boolean }>): WorkCalendar {
  const overrides = new Map<string, boolean>();
  for (const { day, workday } of exceptions) {
    dayNumber(day); // a malformed key would never match a lookup and silently drop a holiday
    overrides.set(day, workday);
  }
  return {
    isWorkday(day: string): boolean {
      const n = dayNumber(day);
      const override = overrides.get(day);
      if (override !== undefined) return override;
      const weekday = new Date(n * DAY_MS).getUTCDay(); // 0 = Sunday
      return weekday >= 1 && weekday <= 5;
    },
  };
}

/** Reads `kernel_calendar` (the kernel migration seeds the announced years; operators add later ones). */
export async function loadWorkCalendar(sql: Sql): Promise<WorkCalendar> {
  // to_char, not the date itself: drivers turn a `date` into a Date at local midnight, which would shift
  // the day when the process's time zone is not the server's.
  const { rows } = await sql.query<{ day: string; workday: boolean }>(
    "select to_char(day, 'YYYY-MM-DD') as day, workday from kernel_calendar",
  );
  return calendarFrom(rows);
}

/** The calendar day (`YYYY-MM-DD`) of an instant in Asia/Shanghai (UTC+8). */
export function shanghaiDay(at: Date): string {
  return dayString(shanghaiDayNumber(at));
}

/**
 * The deadline n working days after `from`: end of that working day (23:59:59.999 Asia/Shanghai) as a Date.
 * The day of `from` itself does not count, working day or not: a request filed on a Saturday with a
 * 1-working-day limit is due at the end of Monday. n = 0 is the end of `from`'s own day (即办件).
 */
export function addWorkingDays(from: Date, n: number, calendar: WorkCalendar): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = shanghaiDayNumber(from);
  let idle = 0;
  for (let left = n; left > 0; ) {
    day += 1;
    if (calendar.isWorkday(dayString(day))) {
      left -= 1;
      idle = 0;
    } else if (++idle > MAX_DAYS_WITHOUT_WORK) {
      throw new RangeError(`no working day in the ${MAX_DAYS_WITHOUT_WORK} days before ${dayString(day)}: check kernel_calendar`);
    }
  }
  // Start of the next Shanghai day, minus one millisecond.
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/**
 * Working days after `from`'s Shanghai day, up to and including `to`'s (the times of day do not matter).
 * The inverse of {@link addWorkingDays}: `workingDaysBetween(from, addWorkingDays(from, n, c), c) === n`.
 * Negative when `to`'s day is before `from`'s; 0 on the same day.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkCalendar): number {
  const start = shanghaiDayNumber(from);
  const end = shanghaiDayNumber(to);
  if (end < start) {
    const back = workingDaysBetween(to, from, calendar);
    return back === 0 ? 0 : -back; // never -0
  }
  let count = 0;
  for (let day = start + 1; day <= end; day++) {
    if (calendar.isWorkday(dayString(day))) count += 1;
  }
  return count;
}
