// The calendar routes as the console calls them (GET /api/calendar, PUT and DELETE /api/calendar/days/:day).
import { api, request } from '../../api';
import { TIME_ZONE } from '../../format';

/** A day whose working status differs from the Monday-to-Friday rule. */
export interface CalendarDay {
  /** `YYYY-MM-DD` */
  day: string;
  /** false: a public holiday (放假); true: a make-up working day (调休上班). */
  workday: boolean;
  name: string;
}

export interface CalendarYear {
  year: number;
  workingDays: number;
  items: CalendarDay[];
}

/** The years the server keeps a calendar for. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
/** Days one "add" may set at once (a holiday period is at most a few weeks). */
export const MAX_DAYS_AT_ONCE = 31;

const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric' });

/** This year in Asia/Shanghai, whatever the browser's own zone. */
export const currentYear = (): number => Number(yearFormat.format(new Date()));

export const fetchCalendarYear = (year: number, signal?: AbortSignal) => api.get<CalendarYear>('/api/calendar', { year }, { signal });

export const putCalendarDay = (day: string, body: { workday: boolean; name: string }) =>
  api.put<CalendarDay>(`/api/calendar/days/${encodeURIComponent(day)}`, body);

export const deleteCalendarDay = (day: string) => request<void>('DELETE', `/api/calendar/days/${encodeURIComponent(day)}`);
