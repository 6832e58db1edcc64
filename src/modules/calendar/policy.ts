// Who may do what with the working-day calendar.
import type { Principal } from '../../server/access.ts';
import { isPlatformAdmin } from '../directory/index.ts';

/** Every member of staff reads the calendar: deadlines everywhere are counted over it. */
export const canReadCalendar = (p: Principal | null): boolean => p?.kind === 'user';

/** Only the platform operator sets holidays (放假) and make-up working days (调休上班): they move every deadline. */
export const canEditCalendar = (p: Principal | null): boolean => isPlatformAdmin(p);
