// HTTP only: schema → access → use case → response.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { staffOf, type App } from '../../server/types.ts';
import { calendarYear, removeCalendarDay, setCalendarDay } from './calendar-service.ts';
import * as S from './schemas.ts';

/** The platform operator keeps the calendar. */
const EDITORS = ['platform_admin'] as const;

export function calendarRoutes(app: App, ctx: PlatformContext): void {
  app.get('/api/calendar', {
    schema: { tags: ['calendar'], summary: '工作日历 A year\'s holidays and make-up working days, with its count of working days', querystring: S.YearQuery, response: { 200: S.CalendarYear } },
    config: { access: { users: 'staff' } },
    handler: async (request) => calendarYear(ctx, request.principal, request.query.year),
  });

  app.put('/api/calendar/days/:day', {
    schema: { tags: ['calendar'], summary: '设置放假或调休上班 Set a day as a holiday or a make-up working day', params: S.DayParams, body: S.SetDayBody, response: { 200: S.CalendarDay } },
    config: { access: { users: EDITORS } },
    handler: async (request) => setCalendarDay(ctx, staffOf(request), request.params.day, request.body, auditContext(request)),
  });

  app.delete('/api/calendar/days/:day', {
    schema: { tags: ['calendar'], summary: '取消日期调整 Remove a day\'s exception (back to Monday–Friday)', params: S.DayParams },
    config: { access: { users: EDITORS } },
    handler: async (request, reply) => {
      await removeCalendarDay(ctx, staffOf(request), request.params.day, auditContext(request));
      return reply.code(204).send();
    },
  });
}
