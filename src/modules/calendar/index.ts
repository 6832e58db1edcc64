// 工作日历 calendar: the platform operator keeps the working-day calendar that statutory deadlines are counted
// over (quality incidents, sharing approvals): each year's public holidays (放假) and make-up working days
// (调休上班) as the State Council announces them, without a migration. The table and the counting are the
// kernel's (kernel_calendar, kernel/workdays.ts); this module reads and changes the table, audited.
import type { PlatformModule } from '../../server/module.ts';
import { calendarRoutes } from './routes.ts';

export { calendarYear, type CalendarYear } from './calendar-service.ts';

export const calendarModule: PlatformModule = {
  name: 'calendar',
  register(app, ctx) {
    calendarRoutes(app, ctx);
  },
};
