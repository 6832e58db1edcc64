// The W3C Verifiable Credentials Data Model 2.0 rules (§4) that a credential or presentation must satisfy
// before it is signed or checked. Pure: no I/O, no clock. Every violation throws an AppError with a stable
// VC_ code and names the property, so a caller can tell a malformed document (400) from one that is well
// formed but does not verify (200, verified: false). The library's own checks are looser (an unanchored
// date pattern, a missing time zone accepted), so these run first and decide.
import { AppError, ERROR_CODES, type ErrorCode } from '../../../kernel/errors.ts';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A credential that passed {@link checkCredential}: the fields the services read, typed. */
export interface CheckedCredential {
  doc: JsonObject;
  id: string | null;
  types: string[];
  /** Null only in issue mode, where the issuer may be left to the service. */
  issuerId: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  statusEntries: StatusEntry[];
}

export interface StatusEntry { id: string | null; type: string; statusPurpose: string | null; statusListIndex: string | null; statusListCredential: string | null }

// XML Schema dateTimeStamp: a dateTime whose time zone is required. Years are held to four digits: what a
// JavaScript Date can compare exactly, and every credential this platform will meet.
const DATE_TIME_STAMP = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
// Properties whose values VC 2.0 requires to be objects with a `type`.
const TYPED_PROPERTIES = ['credentialSchema', 'evidence', 'termsOfUse', 'refreshService', 'renderMethod'] as const;
/** VC 1.1 terms: in a 2.0 credential they are undefined, and accepting them would let expiry go unchecked. */
const V1_TERMS = ['issuanceDate', 'expirationDate'] as const;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An absolute URL (any scheme: https, did, urn ...), as VC 2.0 requires of ids. */
export function isUrl(v: unknown): v is string {
  if (typeof v !== 'string' || !SCHEME.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** The instant of an XML Schema dateTimeStamp, or null when the text is not one (or names no real day). */
export function parseDateTimeStamp(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const m = DATE_TIME_STAMP.exec(v);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // 2026-02-30 matches the pattern; Date would roll it over into March.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
}

/** `date` as an XML Schema dateTimeStamp in UTC, to the second (what the proofs' `created` uses). */
export const dateTimeStamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function fail(code: ErrorCode, property: string, en: string): AppError {
  return new AppError(code, { zh: `${ERROR_CODES[code].zh}（${property}）`, en: `${property}: ${en}` }, { property });
}

const values = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function checkContext(doc: JsonObject): void {
  const ctx = doc['@context'];
  const items = values(ctx);
  if (items[0] !== VC_V2_CONTEXT) throw fail('VC_CONTEXT_INVALID', '@context', `the first item must be ${VC_V2_CONTEXT}`);
  for (const [i, item] of items.entries()) {
    if (!(isUrl(item) || isObject(item))) throw fail('VC_CONTEXT_INVALID', `@context[${i}]`, 'each item must be a URL or a context object');
  }
}

function checkTypes(doc: JsonObject, required: string, property = 'type'): string[] {
  const types = values(doc.type);
  if (!types.length || !types.every((t) => typeof t === 'string' && t.length > 0)) throw fail('VC_TYPE_INVALID', property, 'must be a string or an array of strings');
  if (!types.includes(required)) throw fail('VC_TYPE_INVALID', property, `must include ${required}`);
  return types as string[];
}

/** The URL of `issuer`, which is a URL or an object whose `id` is one. */
function checkIssuer(doc: JsonObject): string {
  const issuer = doc.issuer;
  if (isUrl(issuer)) return issuer;
  if (isObject(issuer) && isUrl(issuer.id)) return issuer.id;
  throw fail('VC_ISSUER_INVALID', 'issuer', 'must be a URL or an object whose id is a URL');
}

function checkSubjects(doc: JsonObject): void {
  const subject = doc.credentialSubject;
  const subjects = values(subject);
  if (subject === undefined || !subjects.length) throw fail('VC_SUBJECT_INVALID', 'credentialSubject', 'is required');
  for (const [i, s] of subjects.entries()) {
    const at = Array.isArray(subject) ? `credentialSubject[${i}]` : 'credentialSubject';
    if (!isObject(s)) throw fail('VC_SUBJECT_INVALID', at, 'must be an object');
    if (!Object.keys(s).length) throw fail('VC_SUBJECT_INVALID', at, 'must make at least one claim');
    if ('id' in s && !isUrl(s.id)) throw fail('VC_SUBJECT_INVALID', `${at}.id`, 'must be a URL');
  }
}

function checkValidity(doc: JsonObject): { validFrom: Date | null; validUntil: Date | null } {
  const read = (name: 'validFrom' | 'validUntil'): Date | null => {
    if (!(name in doc)) return null;
    const d = parseDateTimeStamp(doc[name]);
    if (!d) throw fail('VC_DATE_INVALID', name, 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-11-25T09:00:00+08:00');
    return d;
  };
  const validFrom = read('validFrom');
  const validUntil = read('validUntil');
  if (validFrom && validUntil && validUntil.getTime() < validFrom.getTime()) throw fail('VC_VALIDITY_RANGE', 'validUntil', 'must not be before validFrom');
  return { validFrom, validUntil };
}

function checkStatusEntries(doc: JsonObject): StatusEntry[] {
  if (!('credentialStatus' in doc)) return [];
  const raw = doc.credentialStatus;
  const entries = values(raw);
  if (!entries.length) throw fail('VC_STATUS_INVALID', 'credentialStatus', 'must be an object or a non-empty array of objects');
  return entries.map((e, i) => {
    const at = Array.isArray(raw) ? `credentialStatus[${i}]` : 'credentialStatus';
    if (!isObject(e)) throw fail('VC_STATUS_INVALID', at, 'must be an object');
    if ('id' in e && !isUrl(e.id)) throw fail('VC_STATUS_INVALID', `${at}.id`, 'must be a URL');
    if (typeof e.type !== 'string' || !e.type) throw fail('VC_STATUS_INVALID', `${at}.type`, 'is required');
    if (e.type !== 'BitstringStatusListEntry') {
      return { id: (e.id as string | undefined) ?? null, type: e.type, statusPurpose: null, statusListIndex: null, statusListCredential: null };
    }
    // W3C Bitstring Status List §2.1: purpose, index as a string of a non-negative integer, list credential URL.
    if (typeof e.statusPurpose !== 'string' || !e.statusPurpose) throw fail('VC_STATUS_INVALID', `${at}.statusPurpose`, 'is required');
    if (typeof e.statusListIndex !== 'string' || !/^(0|[1-9]\d{0,9})$/.test(e.statusListIndex)) {
      throw fail('VC_STATUS_INVALID', `${at}.statusListIndex`, 'must be a string holding a non-negative integer');
    }
    if (!isUrl(e.statusListCredential)) throw fail('VC_STATUS_INVALID', `${at}.statusListCredential`, 'must be a URL');
    if (e.id !== undefined && e.id === e.statusListCredential) throw fail('VC_STATUS_INVALID', `${at}.id`, 'must differ from statusListCredential');
    return { id: (e.id as string | undefined) ?? null, type: e.type, statusPurpose: e.statusPurpose, statusListIndex: e.statusListIndex, statusListCredential: e.statusListCredential };
  });
}

function checkProofShape(doc: JsonObject, mode: 'issue' | 'verify'): void {
  if (!('proof' in doc)) return;
  if (mode === 'issue') throw fail('VC_PROOF_INVALID', 'proof', 'a credential to issue must not carry a proof yet');
  for (const p of values(doc.proof)) {
    if (!isObject(p) || typeof p.type !== 'string') throw fail('VC_PROOF_INVALID', 'proof', 'must be an object (or array of objects) with a type');
  }
}

/**
 * Checks a credential against the data model. `issue` mode is for the unsigned credential a caller hands
 * in (no proof yet; the issuer and status are checked against the issuer afterwards); `verify` mode for a
 * verifiable credential.
 */
export function checkCredential(input: unknown, mode: 'issue' | 'verify'): CheckedCredential {
  if (!isObject(input)) throw fail('VC_CREDENTIAL_INVALID', 'credential', 'must be a JSON object');
  const doc = input;
  checkContext(doc);
  for (const term of V1_TERMS) {
    if (term in doc) throw fail('VC_V1_TERMS', term, `is a VC 1.1 term; VC 2.0 uses ${term === 'issuanceDate' ? 'validFrom' : 'validUntil'}`);
  }
  if ('id' in doc && !isUrl(doc.id)) throw fail('VC_ID_INVALID', 'id', 'must be a URL');
  const types = checkTypes(doc, 'VerifiableCredential');
  const issuerId = mode === 'issue' && !('issuer' in doc) ? null : checkIssuer(doc);
  checkSubjects(doc);
  const { validFrom, validUntil } = checkValidity(doc);
  const statusEntries = checkStatusEntries(doc);
  for (const prop of TYPED_PROPERTIES) {
    for (const v of values(doc[prop])) {
      if (!isObject(v) || !('type' in v)) throw fail('VC_CREDENTIAL_INVALID', prop, 'each value must be an object with a type');
    }
  }
  checkProofShape(doc, mode);
  return { doc, id: (doc.id as string | undefined) ?? null, types, issuerId, validFrom, validUntil, statusEntries };
}

export interface CheckedPresentation {
  doc: JsonObject;
  holder: string | null;
  credentials: CheckedCredential[];
}

/** Checks a verifiable presentation and each credential it carries (VC 2.0 §4.13). */
export function checkPresentation(input: unknown): CheckedPresentation {
  if (!isObject(input)) throw fail('VC_PRESENTATION_INVALID', 'verifiablePresentation', 'must be a JSON object');
  const doc = input;
  checkContext(doc);
  if ('id' in doc && !isUrl(doc.id)) throw fail('VC_ID_INVALID', 'id', 'must be a URL');
  checkTypes(doc, 'VerifiablePresentation');
  let holder: string | null = null;
  if ('holder' in doc) {
    const h = doc.holder;
    holder = isUrl(h) ? h : isObject(h) && isUrl(h.id) ? h.id : null;
    if (!holder) throw fail('VC_PRESENTATION_INVALID', 'holder', 'must be a URL or an object whose id is a URL');
  }
  const credentials = values(doc.verifiableCredential).map((c, i) => {
    try {
      return checkCredential(c, 'verify');
    } catch (err) {
      if (err instanceof AppError) {
        const property = `verifiableCredential[${i}].${String(err.extra?.property ?? '')}`;
        throw fail(err.code, property, err.message.replace(/^[^:]*: /, ''));
      }
      throw err;
    }
  });
  for (const p of values(doc.proof)) {
    if (!isObject(p) || typeof p.type !== 'string') throw fail('VC_PROOF_INVALID', 'proof', 'must be an object (or array of objects) with a type');
  }
  return { doc, holder, credentials };
}

/** Why a well-formed credential is not valid at `now`: null when it is within its validity period. */
export function validityProblem(c: Pick<CheckedCredential, 'validFrom' | 'validUntil'>, now: Date): { code: 'expired' | 'not_yet_valid'; message: string } | null {
  if (c.validUntil && now.getTime() > c.validUntil.getTime()) return { code: 'expired', message: `the credential expired at ${dateTimeStamp(c.validUntil)}` };
  if (c.validFrom && now.getTime() < c.validFrom.getTime()) return { code: 'not_yet_valid', message: `the credential is valid from ${dateTimeStamp(c.validFrom)}` };
  return null;
}
