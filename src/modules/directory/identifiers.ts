/**
 * Pure validators, check-character generators and display masks for the
 * identifiers a Chinese government directory deals with:
 *
 * - 公民身份号码 (resident identity number), GB 11643-1999, check char per ISO 7064 MOD 11-2;
 * - 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015;
 * - 组织机构代码 (organisation code), GB 11714-1997, embedded in the USCC at chars 9-17;
 * - mainland mobile numbers.
 *
 * No I/O, no dependencies. Every function is total: invalid input yields a
 * `{ ok: false, reason }` result (validators) or throws `RangeError`
 * (check-char generators, whose input is a programming error when malformed).
 */

// ---------------------------------------------------------------------------
// 公民身份号码 — GB 11643-1999
// ---------------------------------------------------------------------------

/** Successful result of {@link validateCitizenId}. */
export interface CitizenIdInfo {
  ok: true;
  /** First six digits: the county-level GB/T 2260 code of the place of registration. */
  regionCode: string;
  /** Date of birth, `YYYY-MM-DD`. */
  birthDate: string;
  /** From the parity of the 17th digit: odd = male, even = female. */
  sex: 'M' | 'F';
}

/** Why {@link validateCitizenId} rejected its input (checked in this order). */
export type CitizenIdFailure = 'format' | 'region' | 'birth_date' | 'check_char';

/** Result of {@link validateCitizenId}. */
export type CitizenIdResult = CitizenIdInfo | { ok: false; reason: CitizenIdFailure };

/** ISO 7064 MOD 11-2 weights (2^(18-i) mod 11) for positions 1..17. */
const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const CITIZEN_ID_CHECK_CHARS = '10X98765432';

/**
 * Province-level code prefixes in GB/T 2260 (the first two digits of every
 * county code): 11-15 North, 21-23 North-east, 31-37 East, 41-46 Central-South,
 * 50-54 South-west, 61-65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** Earliest birth date accepted by {@link validateCitizenId}. */
const MIN_BIRTH_DATE = '1900-01-01';

/** Computes the GB 11643 check character (0-9 or X) for the first 17 digits of a citizen ID. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('citizenIdCheckChar expects exactly 17 decimal digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17.charCodeAt(i) - 48) * CITIZEN_ID_WEIGHTS[i]!;
  }
  return CITIZEN_ID_CHECK_CHARS[sum % 11]!;
}

/** Validates an 18-character citizen ID (format, province, birth date in [1900-01-01, today], check char). */
export function validateCitizenId(id: string, today: Date = new Date()): CitizenIdResult {
  if (typeof id !== 'string' || !/^\d{17}[\dXx]$/.test(id)) {
    return { ok: false, reason: 'format' };
  }
  const normalised = id.toUpperCase();
  if (!PROVINCE_CODES.has(normalised.slice(0, 2))) {
    return { ok: false, reason: 'region' };
  }
  const year = Number(normalised.slice(6, 10));
  const month = Number(normalised.slice(10, 12));
  const day = Number(normalised.slice(12, 14));
  if (!isRealCalendarDate(year, month, day)) {
    return { ok: false, reason: 'birth_date' };
  }
  const birthDate = `${normalised.slice(6, 10)}-${normalised.slice(10, 12)}-${normalised.slice(12, 14)}`;
  if (birthDate < MIN_BIRTH_DATE || birthDate > localIsoDate(today)) {
    return { ok: false, reason: 'birth_date' };
  }
  if (citizenIdCheckChar(normalised.slice(0, 17)) !== normalised[17]) {
    return { ok: false, reason: 'check_char' };
  }
  const sexDigit = normalised.charCodeAt(16) - 48;
  return {
    ok: true,
    regionCode: normalised.slice(0, 6),
    birthDate,
    sex: sexDigit % 2 === 1 ? 'M' : 'F',
  };
}

/** True when year/month/day name a day of the proleptic Gregorian calendar. */
function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= monthLengths[month - 1]!;
}

/** `YYYY-MM-DD` of a Date in the process's local time zone. */
function localIsoDate(d: Date): string {
  const y = String(d.getFullYear()).padStart(4, '0');
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

// ---------------------------------------------------------------------------
// 组织机构代码 — GB 11714-1997
// ---------------------------------------------------------------------------

/** GB 11714 weights for the 8 body characters. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Computes the GB 11714 organisation-code check character (0-9 or X) for 8 body chars [0-9A-Z]. */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('orgCodeCheckChar expects exactly 8 characters from [0-9A-Z]');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += orgCodeCharValue(first8[i]!) * ORG_CODE_WEIGHTS[i]!;
  }
  const c9 = 11 - (sum % 11);
  if (c9 === 10) return 'X';
  if (c9 === 11) return '0';
  return String(c9);
}

/** Digits map to 0-9, letters A-Z to 10-35. */
function orgCodeCharValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

// ---------------------------------------------------------------------------
// 统一社会信用代码 — GB 32100-2015
// ---------------------------------------------------------------------------

/** The 31-character USCC alphabet: digits and capitals without I, O, Z, S, V. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100 weights (3^(i-1) mod 31) for positions 1..17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Successful result of {@link validateUscc}. */
export interface UsccInfo {
  ok: true;
  /** Char 1, 登记管理部门码: e.g. '1' 机构编制, '5' 民政, '9' 市场监管 (工商), 'Y' 其他. */
  registrationAuthority: string;
  /** Char 2, 机构类别码 within that authority: e.g. '1' 机关, '2' 事业单位 under authority '1'. */
  entityType: string;
  /** Chars 3-8, the GB/T 2260 code of the registering authority's area. */
  regionCode: string;
}

/** Why {@link validateUscc} rejected its input (checked in this order). */
export type UsccFailure = 'format' | 'check_char' | 'org_code_check';

/** Result of {@link validateUscc}. */
export type UsccResult = UsccInfo | { ok: false; reason: UsccFailure };

/** Computes the GB 32100 check character for the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw new RangeError('usccCheckChar expects exactly 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]!);
    if (value < 0) {
      throw new RangeError(`usccCheckChar: '${first17[i]}' is not in the USCC alphabet`);
    }
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_ALPHABET[check === 31 ? 0 : check]!;
}

/** Validates an 18-character unified social credit code, including the embedded organisation-code check. */
export function validateUscc(code: string): UsccResult {
  // ASCII only before upper-casing: toUpperCase turns ligatures such as ﬀ into two Latin letters.
  if (typeof code !== 'string' || code.length !== 18 || !/^[0-9A-Za-z]+$/.test(code)) {
    return { ok: false, reason: 'format' };
  }
  const normalised = code.toUpperCase();
  for (const ch of normalised) {
    if (!USCC_ALPHABET.includes(ch)) return { ok: false, reason: 'format' };
  }
  const regionCode = normalised.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) {
    return { ok: false, reason: 'format' };
  }
  if (usccCheckChar(normalised.slice(0, 17)) !== normalised[17]) {
    return { ok: false, reason: 'check_char' };
  }
  // Chars 9-17 are the GB 11714 organisation code; its body is drawn from the
  // USCC alphabet (a subset of [0-9A-Z]) so orgCodeCheckChar cannot throw here.
  const orgCode = normalised.slice(8, 17);
  if (orgCodeCheckChar(orgCode.slice(0, 8)) !== orgCode[8]) {
    return { ok: false, reason: 'org_code_check' };
  }
  return {
    ok: true,
    registrationAuthority: normalised[0]!,
    entityType: normalised[1]!,
    regionCode,
  };
}

// ---------------------------------------------------------------------------
// Mobile numbers
// ---------------------------------------------------------------------------

/** True for an 11-digit mainland China mobile number starting 13-19 (no +86 prefix, no separators). */
export function isMobileNumber(s: string): boolean {
  return typeof s === 'string' && /^1[3-9]\d{9}$/.test(s);
}

// ---------------------------------------------------------------------------
// Display masks (for logs, lists and screens; never for storage)
// ---------------------------------------------------------------------------

/** Keeps `keepStart` leading and `keepEnd` trailing code points and stars the rest; all stars if too short. */
function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(s);
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') +
    '*'.repeat(chars.length - keepStart - keepEnd) +
    chars.slice(chars.length - keepEnd).join('')
  );
}

/** Masks a citizen ID keeping the first 3 and last 4 chars: `11010519491231002X` → `110***********002X`. */
export function maskCitizenId(id: string): string {
  return maskMiddle(id, 3, 4);
}

/** Masks a mobile number keeping the first 3 and last 4 digits: `13812345678` → `138****5678`. */
export function maskMobile(m: string): string {
  return maskMiddle(m, 3, 4);
}

/** Masks a personal name keeping only its first character: 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(n: string): string {
  const chars = Array.from(n);
  if (chars.length === 0) return '';
  return chars[0]! + '*'.repeat(chars.length - 1);
}
