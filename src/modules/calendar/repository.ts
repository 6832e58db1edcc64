// SQL only: the working-day exceptions in `kernel_calendar`. The table is the kernel's (its migration seeds the
// announced years, and kernel/workdays.ts reads it for every deadline); this module is the one place that
// changes it, on behalf of the platform operator.
import type { Sql } from '../../kernel/db.ts';

export interface CalendarDayRow {
  /** `YYYY-MM-DD` */
  day: string;
  workday: boolean;
  name: string;
}

// to_char, not the date itself, so that no driver or time zone can turn the day into another one.
const COLUMNS = "to_char(day, 'YYYY-MM-DD') as day, workday, name";

/** Serialises changes to one day, so that the audit record's `before` is the state each change replaced. */
const CALENDAR_LOCK = 370_703;

export const calendarDays = {
  async ofYear(sql: Sql, year: number): Promise<CalendarDayRow[]> {
    const { rows } = await sql.query<CalendarDayRow>(
      `select ${COLUMNS} from kernel_calendar where day >= make_date($1::int, 1, 1) and day < make_date($1::int + 1, 1, 1) order by day`,
      [year],
    );
    return rows;
  },

  async byDay(sql: Sql, day: string): Promise<CalendarDayRow | null> {
    const { rows } = await sql.query<CalendarDayRow>(`select ${COLUMNS} from kernel_calendar where day = $1::date`, [day]);
    return rows[0] ?? null;
  },

  /** Takes the day's transaction-scoped lock (also when it has no row yet). */
  async lock(sql: Sql, day: string): Promise<void> {
    await sql.query('select pg_advisory_xact_lock($1, hashtext($2))', [CALENDAR_LOCK, day]);
  },

  async upsert(sql: Sql, row: CalendarDayRow): Promise<void> {
    await sql.query(
      'insert into kernel_calendar (day, workday, name) values ($1::date, $2, $3) on conflict (day) do update set workday = excluded.workday, name = excluded.name',
      [row.day, row.workday, row.name],
    );
  },

  async remove(sql: Sql, day: string): Promise<boolean> {
    const { rowCount } = await sql.query('delete from kernel_calendar where day = $1::date', [day]);
    return rowCount > 0;
  },
};
