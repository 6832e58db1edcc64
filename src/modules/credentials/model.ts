// Pure rules of issuance: claim checks against a licence type, derived claims, masking. No I/O, so bulk
// issuance and the single-issue route apply exactly the same checks.
import { maskCitizenId, maskName, validateCitizenId, validateUscc } from '../directory/identifiers.ts';
import { ageClaims, validUntil, type LicenceType } from './licence-types.ts';

export const LICENCE_STATUSES = ['valid', 'suspended', 'revoked'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
/** What a caller sees: `expired` is derived from valid_until, never stored. */
export const SHOWN_STATUSES = ['valid', 'expired', 'suspended', 'revoked'] as const;
export type ShownStatus = (typeof SHOWN_STATUSES)[number];

export const STATUS_ACTIONS = ['suspend', 'reinstate', 'revoke'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Token Status List values (draft-ietf-oauth-status-list): 0 valid, 1 invalid (revoked), 2 suspended. */
export const STATUS_VALUE: Record<LicenceStatus, number> = { valid: 0, revoked: 1, suspended: 2 };

/** 2-bit lists (suspension needs the second bit) of 131,072 entries: 32 KiB raw, a few hundred bytes zipped. */
export const STATUS_LIST_BITS = 2;
export const STATUS_LIST_SIZE = 131_072;

/** Claims derived at issue, never taken from the caller: they must agree with the birth date. */
const AGE_FIELDS = new Set(['age_over_18', 'age_over_60', 'age_over_65']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 500;

export interface ClaimProblem {
  field: string;
  problem: 'required' | 'unknown' | 'type' | 'too_long' | 'date' | 'citizen_id' | 'uscc' | 'birth_date_mismatch' | 'derived' | 'not_eligible';
}

export interface CheckedClaims {
  claims: Record<string, string | number | boolean>;
  holderId: string;
  holderName: string;
  validUntil: string | null;
}

const realDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Fields a licence cannot be issued without: the holder, its name, the number, and what validity needs. */
export function requiredFields(t: LicenceType): Set<string> {
  const req = new Set([t.holder.field, t.holder.nameField]);
  if (t.numberField && !t.numberAllotted) req.add(t.numberField);
  if (t.validity.kind === 'field') req.add(t.validity.field);
  if (t.validity.kind === 'id_card_by_age') req.add(t.validity.birthDateField);
  return req;
}

/** One value coerced to its field type; strings are accepted for every type (typed tables read as text). */
function coerce(type: string, value: unknown): string | number | boolean | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
    case 'date':
      return typeof value === 'string' && realDate(value.trim()) ? value.trim() : undefined;
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
    }
    case 'decimal': {
      const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    default:
      return undefined;
  }
}

/**
 * Checks claims against a type and completes them: coerced values, the holder's normalised ID, age bands
 * (from the birth date field, else from the citizen ID) and the last valid day. Returns every problem at
 * once, so a caller (or a bulk run's report) sees all that is wrong with a record.
 */
export function checkClaims(t: LicenceType, input: Record<string, unknown>, issuedOn: string): CheckedClaims | { problems: ClaimProblem[] } {
  const problems: ClaimProblem[] = [];
  const known = new Map(t.fields.map((f) => [f.code, f]));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push({ field: key, problem: 'unknown' });
    else if (AGE_FIELDS.has(key)) problems.push({ field: key, problem: 'derived' });
  }
  const required = requiredFields(t);
  const claims: Record<string, string | number | boolean> = {};
  for (const f of t.fields) {
    if (AGE_FIELDS.has(f.code)) continue;
    const raw = input[f.code];
    if (raw === undefined || raw === null || raw === '') {
      if (required.has(f.code)) problems.push({ field: f.code, problem: 'required' });
      continue;
    }
    const value = coerce(f.type, raw);
    if (value === undefined) problems.push({ field: f.code, problem: f.type === 'date' ? 'date' : 'type' });
    else if (typeof value === 'string' && value.length > MAX_TEXT) problems.push({ field: f.code, problem: 'too_long' });
    else if (value === '' && required.has(f.code)) problems.push({ field: f.code, problem: 'required' });
    else if (value !== '') claims[f.code] = value;
  }

  const holderId = typeof claims[t.holder.field] === 'string' ? (claims[t.holder.field] as string).toUpperCase() : '';
  let birthFromId: string | null = null;
  if (holderId) {
    if (t.holder.kind === 'citizen') {
      const v = validateCitizenId(holderId, new Date(`${issuedOn}T23:59:59Z`));
      if (!v.ok) problems.push({ field: t.holder.field, problem: 'citizen_id' });
      else birthFromId = v.birthDate;
    } else if (!validateUscc(holderId).ok) {
      problems.push({ field: t.holder.field, problem: 'uscc' });
    }
    claims[t.holder.field] = holderId;
  }
  const birth = typeof claims.birth_date === 'string' ? claims.birth_date : birthFromId;
  // A birth date that contradicts the ID number would give the wrong age band: refuse rather than guess.
  if (birthFromId && typeof claims.birth_date === 'string' && claims.birth_date !== birthFromId) problems.push({ field: 'birth_date', problem: 'birth_date_mismatch' });
  // 《老年人权益保障法》: the preferential card is for people aged 60 and over, counted on the day of issue.
  if (t.eligibility && birth && yearsBetween(birth, issuedOn) < t.eligibility.minAge) problems.push({ field: t.holder.field, problem: 'not_eligible' });
  if (problems.length) return { problems };

  const ageFields = t.fields.filter((f) => AGE_FIELDS.has(f.code)).map((f) => f.code);
  if (ageFields.length && birth) {
    const bands = ageClaims(birth, issuedOn) as Record<string, boolean>;
    for (const code of ageFields) claims[code] = bands[code]!;
  }
  return { claims, holderId, holderName: String(claims[t.holder.nameField]), validUntil: validUntil(t, claims, issuedOn) };
}

/** Whole years from `from` to `to` (both YYYY-MM-DD): the age on a day. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** The holder as shown to staff: an ID number masked; a credit code is public, so shown whole. */
export const maskHolder = (t: LicenceType, id: string): string => (t.holder.kind === 'citizen' ? maskCitizenId(id) : id);
export const maskHolderName = (t: LicenceType, name: string): string => (t.holder.kind === 'citizen' ? maskName(name) : name);

/** Today in Asia/Shanghai (YYYY-MM-DD): licences are dated by the issuing city's calendar. */
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The status a caller sees: a valid licence past its last valid day is expired. */
export function shownStatus(status: LicenceStatus, validUntilDay: string | null, today: string): ShownStatus {
  return status === 'valid' && validUntilDay !== null && validUntilDay < today ? 'expired' : status;
}

/** Which stored status an action leads to, from which. */
export const TRANSITIONS: Record<StatusAction, { from: readonly LicenceStatus[]; to: LicenceStatus }> = {
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
  // Revocation is final (the status list entry 1 may never go back, per the draft).
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
};
