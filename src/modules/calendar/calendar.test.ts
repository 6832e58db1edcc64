// The working-day calendar kept by the platform operator: reading a year, setting holidays and make-up working
// days that move deadlines at once, removing them, who may, bad days, and the audit trail. The tests run in
// order on one platform and build on each other's state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { addWorkingDays, loadWorkCalendar } from '../../kernel/workdays.ts';
import { checkDay, daysOfYear, isCalendarDay } from './days.ts';

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** The end of a Shanghai day, as addWorkingDays returns it. */
const endOf = (day: string) => sh(`${day}T23:59:59.999`);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

// 2027 has no rows in the seed: Friday 1 January, 52 weeks and a Friday, so 261 days from Monday to Friday.
const SATURDAY = '2027-03-06';
const SUNDAY = '2027-03-07';
const MONDAY = '2027-03-08';
const FRIDAY = '2027-03-05';

describe('calendar days', () => {
  it('are real days written YYYY-MM-DD in a year the platform keeps', () => {
    expect(['2026-02-28', '2028-02-29', '2099-12-31'].every(isCalendarDay)).toBe(true);
    expect(['2026-02-30', '2027-02-29', '2026-13-01', 'abc', '2026-2-3', '20260203', '1999-12-31', '2100-01-01', ' 2026-01-01'].some(isCalendarDay)).toBe(false);
    expect(() => checkDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(daysOfYear(2026)).toHaveLength(365);
    expect(daysOfYear(2028)).toHaveLength(366);
    expect(daysOfYear(2026).at(-1)).toBe('2026-12-31');
  });
});

describe('the working-day calendar', () => {
  let p: TestPlatform;
  let admin: string;
  let steward: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.signIn('admin');
    steward = await p.signIn('rs_steward');
  });
  afterAll(() => p.close());

  const call = (cookie: string | null, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object, lang?: string) =>
    p.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) }, ...(payload ? { payload } : {}) });
  const year = async (y: number) => {
    const res = await call(steward, 'GET', `/api/calendar?year=${y}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { year: number; workingDays: number; items: Array<{ day: string; workday: boolean; name: string }> };
  };

  it('lists a year\'s holidays and make-up working days in order, with its working days, to any member of staff', async () => {
    const y2026 = await year(2026);
    expect(y2026.year).toBe(2026);
    expect(y2026.items.map((d) => d.day)).toEqual([...y2026.items.map((d) => d.day)].sort());
    expect(y2026.items.every((d) => d.day.startsWith('2026-'))).toBe(true);
    expect(y2026.items.slice(0, 4)).toEqual([
      { day: '2026-01-01', workday: false, name: '元旦' },
      { day: '2026-01-02', workday: false, name: '元旦' },
      { day: '2026-01-03', workday: false, name: '元旦' },
      { day: '2026-01-04', workday: true, name: '元旦调休上班' },
    ]);
    // 261 days from Monday to Friday, less the holidays on weekdays, plus the make-up working weekends.
    const offWeekdays = y2026.items.filter((d) => !d.workday && weekday(d.day) >= 1 && weekday(d.day) <= 5).length;
    const workWeekends = y2026.items.filter((d) => d.workday && (weekday(d.day) === 0 || weekday(d.day) === 6)).length;
    expect(y2026.workingDays).toBe(261 - offWeekdays + workWeekends);
    expect(y2026.workingDays).toBe(248);

    expect(await year(2027)).toEqual({ year: 2027, workingDays: 261, items: [] });
    // Without a year: the current one in Asia/Shanghai.
    const current = await call(steward, 'GET', '/api/calendar');
    expect(current.json().year).toBe(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
    expect((await call(null, 'GET', '/api/calendar?year=2026')).statusCode).toBe(401);
  });

  it('lets the operator set a Saturday as a make-up working day and a Monday as a holiday, and deadlines follow at once', async () => {
    expect([weekday(FRIDAY), weekday(SATURDAY), weekday(SUNDAY), weekday(MONDAY)]).toEqual([5, 6, 0, 1]);
    const before = await loadWorkCalendar(p.ctx.db);
    expect(addWorkingDays(sh(`${FRIDAY}T10:00`), 1, before)).toEqual(endOf(MONDAY));
    expect(addWorkingDays(sh(`${SUNDAY}T10:00`), 1, before)).toEqual(endOf(MONDAY));

    const sat = await call(admin, 'PUT', `/api/calendar/days/${SATURDAY}`, { workday: true, name: ' 测试调休上班 ' });
    expect(sat.statusCode, sat.body).toBe(200);
    expect(sat.json()).toEqual({ day: SATURDAY, workday: true, name: '测试调休上班' });
    expect((await year(2027)).workingDays).toBe(262);

    const mon = await call(admin, 'PUT', `/api/calendar/days/${MONDAY}`, { workday: false, name: '测试放假' });
    expect(mon.statusCode, mon.body).toBe(200);

    const after = await loadWorkCalendar(p.ctx.db);
    expect(addWorkingDays(sh(`${FRIDAY}T10:00`), 1, after)).toEqual(endOf(SATURDAY)); // Sat is worked
    expect(addWorkingDays(sh(`${SUNDAY}T10:00`), 1, after)).toEqual(endOf('2027-03-09')); // Mon is off: Tue
    expect(await year(2027)).toEqual({
      year: 2027,
      workingDays: 261,
      items: [
        { day: SATURDAY, workday: true, name: '测试调休上班' },
        { day: MONDAY, workday: false, name: '测试放假' },
      ],
    });

    // Overriding a day replaces it; a seeded holiday can be corrected the same way.
    expect((await call(admin, 'PUT', `/api/calendar/days/${MONDAY}`, { workday: false, name: '测试节' })).json()).toEqual({ day: MONDAY, workday: false, name: '测试节' });
    expect((await year(2027)).items.find((d) => d.day === MONDAY)?.name).toBe('测试节');
  });

  it('removes a day\'s exception, and answers 404 for a day that has none', async () => {
    const del = await call(admin, 'DELETE', `/api/calendar/days/${MONDAY}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(addWorkingDays(sh(`${SUNDAY}T10:00`), 1, await loadWorkCalendar(p.ctx.db))).toEqual(endOf(MONDAY));
    expect((await year(2027)).workingDays).toBe(262);

    const again = await call(admin, 'DELETE', `/api/calendar/days/${MONDAY}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'CALENDAR_DAY_NOT_FOUND' });
  });

  it('lets only platform admins change it', async () => {
    const put = await call(steward, 'PUT', `/api/calendar/days/${SUNDAY}`, { workday: true, name: '越权' });
    expect(put.statusCode).toBe(403);
    expect(put.json().code).toBe('FORBIDDEN');
    expect((await call(steward, 'DELETE', `/api/calendar/days/${SATURDAY}`)).statusCode).toBe(403);
    expect((await call(null, 'PUT', `/api/calendar/days/${SUNDAY}`, { workday: true, name: '越权' })).statusCode).toBe(401);
    expect((await year(2027)).items.map((d) => d.day)).toEqual([SATURDAY]);
  });

  it('refuses malformed days and bodies with a coded 400, storing nothing', async () => {
    for (const day of ['2026-02-30', 'abc', '2026-2-3', '2027-02-29', '1999-12-31', '2026-03-01T00:00']) {
      const put = await call(admin, 'PUT', `/api/calendar/days/${encodeURIComponent(day)}`, { workday: false, name: '坏日期' });
      expect(put.statusCode, day).toBe(400);
      expect(put.json().code, day).toBe('CALENDAR_DAY_INVALID');
      const del = await call(admin, 'DELETE', `/api/calendar/days/${encodeURIComponent(day)}`);
      expect(del.statusCode, day).toBe(400);
      expect(del.json().code, day).toBe('CALENDAR_DAY_INVALID');
    }
    const en = await call(admin, 'PUT', '/api/calendar/days/2026-02-30', { workday: false, name: '坏日期' }, 'en');
    expect(en.json().detail).toContain('not a valid day');
    expect((await call(admin, 'PUT', '/api/calendar/days/2026-02-30', { workday: false, name: '坏日期' })).json().detail).toContain('日期');

    for (const body of [{ workday: true }, { workday: 'yes', name: 'x' }, { workday: true, name: '' }, { workday: true, name: '   ' }, { workday: true, name: '一二三四五六七八九十一二三四五六七八九十一' }, { workday: true, name: 'x', extra: 1 }]) {
      const res = await call(admin, 'PUT', `/api/calendar/days/${SUNDAY}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await call(admin, 'PUT', `/api/calendar/days/${SUNDAY}`, { workday: true, name: '一二三四五六七八九十一二三四五六七八九十' })).statusCode).toBe(200);
    await call(admin, 'DELETE', `/api/calendar/days/${SUNDAY}`);

    for (const q of ['year=abc', 'year=1999', 'year=2026.5', 'month=1']) {
      expect((await call(steward, 'GET', `/api/calendar?${q}`)).statusCode, q).toBe(400);
    }
    expect((await year(2027)).items.map((d) => d.day)).toEqual([SATURDAY]);
  });

  it('audits every change in the same transaction, with the state before and after', async () => {
    const records = async (day: string) =>
      (await p.ctx.db.query<{ action: string; actor_name: string; before: unknown; after: unknown }>(
        "select action, actor_name, before, after from audit_records where target_type = 'calendar_day' and target_id = $1 order by seq",
        [day],
      )).rows;
    expect(await records(SATURDAY)).toEqual([
      { action: 'calendar.day.set', actor_name: expect.any(String), before: null, after: { workday: true, name: '测试调休上班' } },
    ]);
    expect((await records(MONDAY)).map((r) => [r.action, r.before, r.after])).toEqual([
      ['calendar.day.set', null, { workday: false, name: '测试放假' }],
      ['calendar.day.set', { workday: false, name: '测试放假' }, { workday: false, name: '测试节' }],
      ['calendar.day.delete', { workday: false, name: '测试节' }, null],
    ]);
    // Refused changes leave no record.
    expect(await records('2026-02-30')).toEqual([]);
    expect((await records(SUNDAY)).map((r) => r.action)).toEqual(['calendar.day.set', 'calendar.day.delete']);
  });
});
