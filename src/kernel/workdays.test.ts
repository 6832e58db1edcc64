import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate } from '../../test/support/databases.ts';
import type { Db } from './db.ts';
import { addWorkingDays, calendarFrom, loadWorkCalendar, shanghaiDay, workingDaysBetween, type WorkCalendar } from './workdays.ts';

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** The end of a Shanghai day, as addWorkingDays returns it. */
const endOf = (day: string) => sh(`${day}T23:59:59.999`);

// Written out here from the State Council's notice, independently of the migration, so that the unit tests
// need no database and the database test below can compare the seed against them.
const NATIONAL_DAY_2026 = [
  { day: '2026-09-20', workday: true }, // Sunday, 调休上班
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ day: `2026-10-${d}`, workday: false })),
  { day: '2026-10-10', workday: true }, // Saturday, 调休上班
];

describe('working days', () => {
  const monFri = calendarFrom([]);
  const autumn = calendarFrom(NATIONAL_DAY_2026);

  it('follows Monday to Friday where the calendar has no exception', () => {
    expect(['2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16'].map((d) => monFri.isWorkday(d))).toEqual([true, false, false, true]);
  });

  it('skips the weekend, and does not count the day of the event itself', () => {
    expect(addWorkingDays(sh('2026-03-13T10:00'), 1, monFri)).toEqual(endOf('2026-03-16')); // Fri → Mon
    expect(addWorkingDays(sh('2026-03-13T10:00'), 5, monFri)).toEqual(endOf('2026-03-20'));
    expect(addWorkingDays(sh('2026-03-14T10:00'), 1, monFri)).toEqual(endOf('2026-03-16')); // Sat → Mon
    expect(addWorkingDays(sh('2026-03-16T00:00'), 1, monFri)).toEqual(endOf('2026-03-17'));
  });

  it('skips the 2026 National Day holiday and counts its adjusted working weekend days', () => {
    expect(autumn.isWorkday('2026-10-05')).toBe(false); // a Monday
    expect(autumn.isWorkday('2026-10-10')).toBe(true); // a Saturday
    expect(autumn.isWorkday('2026-10-11')).toBe(false); // an ordinary Sunday
    const eve = sh('2026-09-30T09:00'); // Wednesday before the holiday
    expect([1, 2, 3, 4].map((n) => addWorkingDays(eve, n, autumn))).toEqual(
      [endOf('2026-10-08'), endOf('2026-10-09'), endOf('2026-10-10'), endOf('2026-10-12')],
    );
    expect(addWorkingDays(sh('2026-09-18T17:00'), 1, autumn)).toEqual(endOf('2026-09-20')); // Fri → the working Sunday
    expect(addWorkingDays(sh('2026-10-03T12:00'), 1, autumn)).toEqual(endOf('2026-10-08')); // filed during the holiday
    expect(workingDaysBetween(eve, sh('2026-10-10T08:00'), autumn)).toBe(3);
  });

  it('takes the day in Shanghai: late evening UTC is already the next day there', () => {
    const thursdayNightUtc = new Date('2026-03-12T16:30:00Z'); // Friday 00:30 in Shanghai
    expect(shanghaiDay(thursdayNightUtc)).toBe('2026-03-13');
    expect(addWorkingDays(thursdayNightUtc, 1, monFri)).toEqual(endOf('2026-03-16'));
    const thursdayEveningUtc = new Date('2026-03-12T15:59:59.999Z'); // Thursday 23:59:59.999 in Shanghai
    expect(shanghaiDay(thursdayEveningUtc)).toBe('2026-03-12');
    expect(addWorkingDays(thursdayEveningUtc, 1, monFri)).toEqual(endOf('2026-03-13'));
    expect(endOf('2026-03-16').toISOString()).toBe('2026-03-16T15:59:59.999Z');
  });

  it('gives the end of the same Shanghai day for n = 0, even on a holiday', () => {
    expect(addWorkingDays(new Date('2026-03-12T16:30:00Z'), 0, monFri)).toEqual(endOf('2026-03-13'));
    expect(addWorkingDays(sh('2026-10-01T09:00'), 0, autumn)).toEqual(endOf('2026-10-01'));
    expect(workingDaysBetween(sh('2026-03-13T01:00'), sh('2026-03-13T23:00'), monFri)).toBe(0);
  });

  it('counts working days between two instants as the inverse of addWorkingDays', () => {
    const from = sh('2026-09-01T10:00');
    for (let n = 0; n <= 40; n++) {
      expect(workingDaysBetween(from, addWorkingDays(from, n, autumn), autumn)).toBe(n);
    }
    expect(workingDaysBetween(sh('2026-10-10T08:00'), sh('2026-09-30T09:00'), autumn)).toBe(-3);
    expect(workingDaysBetween(sh('2026-10-04T08:00'), sh('2026-10-02T09:00'), autumn)).toBe(0);
  });

  it('refuses a negative or fractional count, malformed days and a calendar without working days', () => {
    expect(() => addWorkingDays(sh('2026-03-13T10:00'), -1, monFri)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2026-03-13T10:00'), 1.5, monFri)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(NaN), 1, monFri)).toThrow(RangeError);
    expect(() => calendarFrom([{ day: '2026-02-30', workday: false }])).toThrow(RangeError);
    expect(() => calendarFrom([{ day: '2026-2-3', workday: false }])).toThrow(RangeError);
    expect(() => monFri.isWorkday('20260313')).toThrow(RangeError);
    const never: WorkCalendar = { isWorkday: () => false };
    expect(() => addWorkingDays(sh('2026-03-13T10:00'), 1, never)).toThrow(/kernel_calendar/);
  });
});

describe('the seeded 2026 calendar', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let calendar: WorkCalendar;

  beforeAll(async () => {
    ({ db, drop } = await cloneTemplate());
    calendar = await loadWorkCalendar(db);
  });
  afterAll(async () => {
    await drop();
  });

  it('knows the public holidays and adjusted working days', () => {
    expect(calendar.isWorkday('2026-10-01')).toBe(false); // 国庆节, a Thursday
    expect(calendar.isWorkday('2026-02-17')).toBe(false); // 春节 (正月初一), a Tuesday
    expect(calendar.isWorkday('2026-05-05')).toBe(false); // 劳动节, a Tuesday
    expect(calendar.isWorkday('2026-02-28')).toBe(true); // 春节调休上班, a Saturday
    expect(calendar.isWorkday('2026-03-16')).toBe(true); // an ordinary Monday
    const eve = sh('2026-09-30T09:00');
    for (let n = 0; n <= 10; n++) {
      expect(addWorkingDays(eve, n, calendar)).toEqual(addWorkingDays(eve, n, calendarFrom(NATIONAL_DAY_2026)));
    }
  });

  it('lists only weekends as adjusted working days, and as many holidays as the notice announces', async () => {
    const { rows } = await db.query<{ day: string; workday: boolean; name: string; dow: number }>(
      "select to_char(day, 'YYYY-MM-DD') as day, workday, name, extract(isodow from day)::int as dow from kernel_calendar where day between '2026-01-01' and '2026-12-31' order by day",
    );
    expect(rows.filter((r) => r.workday).every((r) => r.dow >= 6)).toBe(true);
    const daysOff = new Map<string, number>();
    for (const r of rows.filter((r) => !r.workday)) daysOff.set(r.name, (daysOff.get(r.name) ?? 0) + 1);
    expect(Object.fromEntries(daysOff)).toEqual({ 元旦: 3, 春节: 9, 清明节: 3, 劳动节: 5, 端午节: 3, 中秋节: 3, 国庆节: 7 });
    // 2026 has 261 Mon–Fri days; the holidays take 19 of them (2 + 6 + 1 + 3 + 1 + 1 + 5), and 6 weekend days are worked.
    let workdays = 0;
    for (let d = new Date('2026-01-01T00:00:00Z'); d.getUTCFullYear() === 2026; d = new Date(d.getTime() + 86_400_000)) {
      if (calendar.isWorkday(d.toISOString().slice(0, 10))) workdays += 1;
    }
    expect(workdays).toBe(261 - 19 + 6);
  });
});
