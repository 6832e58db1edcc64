// Use cases of the working-day calendar: read a year's exceptions with its count of working days; set a day
// as a public holiday (放假) or a make-up working day (调休上班); remove a day's exception so that it
// follows the Monday-to-Friday rule again. Deadlines read the table afresh (kernel/workdays.ts
// loadWorkCalendar), so a change counts for every deadline computed after it commits.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { calendarFrom, shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { checkDay, daysOfYear } from './days.ts';
import { canEditCalendar, canReadCalendar } from './policy.ts';
import { calendarDays, type CalendarDayRow } from './repository.ts';

export interface CalendarYear {
  year: number;
  /** Working days in the year: Monday to Friday, minus its holidays, plus its make-up working days. */
  workingDays: number;
  /** The year's exceptions to the Monday-to-Friday rule, by day. */
  items: CalendarDayRow[];
}

/** The year's exceptions and its working days; the current year (in Asia/Shanghai) unless one is asked for. */
export async function calendarYear(ctx: PlatformContext, principal: Principal | null, year?: number): Promise<CalendarYear> {
  if (!canReadCalendar(principal)) throw new AppError('FORBIDDEN');
  const y = year ?? Number(shanghaiDay(ctx.clock.now()).slice(0, 4));
  const items = await calendarDays.ofYear(ctx.db, y);
  const calendar = calendarFrom(items);
  const workingDays = daysOfYear(y).filter((d) => calendar.isWorkday(d)).length;
  return { year: y, workingDays, items };
}

/** Sets (or overrides) a day's exception. */
export async function setCalendarDay(
  ctx: PlatformContext,
  principal: Principal,
  day: string,
  input: { workday: boolean; name: string },
  audit: AuditContext,
): Promise<CalendarDayRow> {
  if (!canEditCalendar(principal)) throw new AppError('FORBIDDEN');
  const row: CalendarDayRow = { day: checkDay(day), workday: input.workday, name: input.name.trim() };
  return ctx.db.transaction(async (tx) => {
    await calendarDays.lock(tx, row.day);
    const before = await calendarDays.byDay(tx, row.day);
    await calendarDays.upsert(tx, row);
    await ctx.audit.record(tx, audit, {
      action: 'calendar.day.set', targetType: 'calendar_day', targetId: row.day,
      before: before ? { workday: before.workday, name: before.name } : null,
      after: { workday: row.workday, name: row.name },
    });
    return row;
  });
}

/** Removes a day's exception: the day follows the Monday-to-Friday rule again. */
export async function removeCalendarDay(ctx: PlatformContext, principal: Principal, day: string, audit: AuditContext): Promise<void> {
  if (!canEditCalendar(principal)) throw new AppError('FORBIDDEN');
  const d = checkDay(day);
  await ctx.db.transaction(async (tx) => {
    await calendarDays.lock(tx, d);
    const before = await calendarDays.byDay(tx, d);
    if (!before || !(await calendarDays.remove(tx, d))) {
      throw new AppError('CALENDAR_DAY_NOT_FOUND', { zh: `${d} 没有放假或调休上班安排`, en: `${d} has no holiday or make-up working day set` });
    }
    await ctx.audit.record(tx, audit, {
      action: 'calendar.day.delete', targetType: 'calendar_day', targetId: d,
      before: { workday: before.workday, name: before.name }, after: null,
    });
  });
}
