// Pure checks of calendar days as the calendar routes take them: `YYYY-MM-DD`, a real day of the Gregorian
// calendar, in a year the platform keeps a working-day calendar for.
import { AppError } from '../../kernel/errors.ts';

/** The years an operator may keep exceptions for (and ask about). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `day` is written `YYYY-MM-DD` and names a real day (2026-02-30 does not) in FIRST_YEAR..LAST_YEAR. */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const t = new Date(Date.UTC(year, month - 1, date));
  return t.getUTCFullYear() === year && t.getUTCMonth() === month - 1 && t.getUTCDate() === date;
}

/** `day` unchanged when it is a calendar day; CALENDAR_DAY_INVALID (400) otherwise. */
export function checkDay(day: string): string {
  if (isCalendarDay(day)) return day;
  const shown = JSON.stringify(day.length > 40 ? `${day.slice(0, 40)}…` : day);
  throw new AppError('CALENDAR_DAY_INVALID', {
    zh: `日期 ${shown} 无效：须为 YYYY-MM-DD 格式的真实日期，年份在 ${FIRST_YEAR}–${LAST_YEAR} 之间`,
    en: `${shown} is not a valid day: write a real date as YYYY-MM-DD, in a year from ${FIRST_YEAR} to ${LAST_YEAR}`,
  });
}

/** Every day of `year`, in order, as `YYYY-MM-DD`. */
export function daysOfYear(year: number): string[] {
  const days: string[] = [];
  for (let t = new Date(Date.UTC(year, 0, 1)); t.getUTCFullYear() === year; t = new Date(t.getTime() + 86_400_000)) {
    days.push(t.toISOString().slice(0, 10));
  }
  return days;
}
