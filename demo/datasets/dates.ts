/** Dates (ISO 'YYYY-MM-DD', computed in UTC days) and amounts, relative to the fixed day the data describe. */
import type { Rng } from './random.ts';

/** The day the data describe; fixed so that rows never depend on when they are generated. */
export const AS_OF = '2026-06-30';
export const DAY_MS = 86_400_000;

export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5) === '02-29' && !isLeap(y) ? '02-28' : iso.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

export function endOfMonth(year: number, month: number): string {
  return isoOf(Date.UTC(year, month, 0) / DAY_MS);
}

export function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

export function minIso(a: string, b: string): string {
  return a < b ? a : b;
}

/** A date in [from, to]; `skew` > 1 leans towards `to` (registrations grow over time). */
export function dateBetween(rng: Rng, from: string, to: string, skew = 1): string {
  const a = dayOf(from);
  const b = dayOf(to);
  if (b <= a) return from;
  return isoOf(a + Math.floor(Math.pow(rng.float(), 1 / skew) * (b - a + 1)));
}

export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** `days` after `iso`, but never after {@link AS_OF}. */
export function daysAfter(iso: string, days: number): string {
  return isoOf(Math.min(dayOf(iso) + days, dayOf(AS_OF)));
}

/** The months the monthly datasets (social insurance, electricity) cover, as 'YYYYMM'. */
export const MONTHS = ['202601', '202602', '202603', '202604', '202605', '202606'] as const;
