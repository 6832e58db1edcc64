// Working-day calendar: public holidays and make-up working days kept by the platform operator.
import type { DeepStringify } from '../zh-CN';
import type zhCalendar from '../zh-CN/calendar';

const calendar: DeepStringify<typeof zhCalendar> = {
  calendar: {
    description:
      'Time limits (such as the deadline to correct a data-quality incident) count working days: Monday to Friday, except the public holidays and make-up working days listed here. Once the State Council announces the next year’s holidays, a platform administrator enters them here; no upgrade is needed.',
    year: 'Year',
    prevYear: 'Previous year',
    nextYear: 'Next year',
    thisYear: 'This year',
    workingDays: 'Working days in the year',
    holidays: 'Holidays (days)',
    makeupDays: 'Make-up working days',
    day: 'Date',
    weekday: 'Weekday',
    type: 'Type',
    name: 'Name',
    holiday: 'Holiday',
    makeup: 'Make-up working day',
    add: 'Add days',
    edit: 'Edit',
    delete: 'Delete',
    deleteTitle: 'Delete the entry of {{day}}',
    deleteConfirm: 'The day will follow the Monday-to-Friday rule again. Delete it?',
    addTitle: 'Add a holiday or make-up working day',
    editTitle: 'Edit {{day}}',
    days: 'Dates',
    daysHint: 'Pick a run of days (a whole holiday, say); each gets the same name. At most 31 days.',
    daysRequired: 'Pick the dates',
    tooManyDays: 'Pick at most 31 days at a time',
    name20: 'At most 20 characters',
    nameRequired: 'Enter a name',
    namePlaceholder: 'e.g. 春节, 春节调休上班',
    savedOk: 'Saved {{n}} day(s)',
    deletedOk: 'Deleted the entry of {{day}}',
    partialFailed: 'Saved {{saved}} day(s); {{day}} failed: {{error}}',
    empty: 'No holidays or make-up working days for this year yet: it counts Monday to Friday',
    readOnly: 'Platform administrators keep the calendar; you can view it',
  },
};

export default calendar;
