// Request and response schemas of the calendar routes. The day in the path is checked by the use case
// (days.ts), so that a malformed one gets its own code, CALENDAR_DAY_INVALID.
import { Type } from 'typebox';
import { FIRST_YEAR, LAST_YEAR } from './days.ts';

export const YearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'defaults to the current year (Asia/Shanghai)' })) },
  { additionalProperties: false },
);

export const DayParams = Type.Object({ day: Type.String({ description: 'YYYY-MM-DD' }) });

export const SetDayBody = Type.Object(
  {
    /** false: a public holiday (放假); true: a make-up working day (调休上班). */
    workday: Type.Boolean(),
    name: Type.String({ minLength: 1, maxLength: 20, pattern: '\\S', description: '如“春节”“春节调休上班”' }),
  },
  { additionalProperties: false },
);

export const CalendarDay = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD' }),
  workday: Type.Boolean(),
  name: Type.String(),
});

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  workingDays: Type.Integer(),
  items: Type.Array(CalendarDay),
});
