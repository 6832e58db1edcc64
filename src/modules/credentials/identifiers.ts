/**
 * 电子证照标识 (electronic licence identifiers) in the GB/T 36904-2018 form
 *
 *   1.2.156.3005.2.<type code>.<issuer code>.<sequence>.<version>.<check>
 *
 * - `1.2.156.3005.2`: the OID arc for electronic licences, fixed;
 * - type code (证照类型代码): the licence type's code, e.g. `11100000000013338W011`, [0-9A-Z]{1,32};
 * - issuer code (颁发机构代码): the issuing department's unified social credit code (GB 32100);
 * - sequence (流水号): decimal, zero-padded to a configurable width (default 8);
 * - version (版本号): a positive integer written with three digits (`001`), as the identifiers published
 *   by provincial licence systems do; 1..999;
 * - check (校验位): ISO/IEC 7064 MOD 37,36 (GB/T 17710), one character of 0-9A-Z.
 *
 * Pure: no I/O. Building with bad parts throws `RangeError` (a programming error); parsing text from outside
 * throws {@link InvalidLicenceId} with a reason code and a message naming what is wrong.
 */
import { validateUscc } from '../directory/identifiers.ts';

/** The fixed OID prefix of every electronic licence identifier. */
export const LICENCE_ID_ROOT = '1.2.156.3005.2';

/** Default width of the zero-padded sequence. */
export const DEFAULT_SEQUENCE_WIDTH = 8;

/** Characters of the check system, in value order: 0-9 → 0..9, A-Z → 10..35. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const TYPE_CODE = /^[0-9A-Z]{1,32}$/;
const VERSION_WIDTH = 3;
/** Sequences stay exact JavaScript integers; 15 digits is far beyond any issuer's yearly volume. */
const MAX_SEQUENCE_DIGITS = 15;

export interface LicenceIdParts {
  typeCode: string;
  issuerCode: string;
  sequence: number;
  version: number;
}

export interface ParsedLicenceId extends LicenceIdParts {
  /** The canonical (upper-case) identifier. */
  id: string;
  check: string;
}

export interface LicenceIdOptions {
  /** Width the sequence is zero-padded to; longer sequences keep all their digits. Default 8. */
  sequenceWidth?: number;
}

export type LicenceIdFailure =
  | 'format'
  | 'root'
  | 'type_code'
  | 'issuer_code'
  | 'sequence'
  | 'version'
  | 'check_char';

/** Thrown by {@link parseLicenceId}; `reason` is stable for callers, `message` is for people. */
export class InvalidLicenceId extends Error {
  constructor(
    readonly reason: LicenceIdFailure,
    message: string,
  ) {
    super(`invalid licence identifier: ${message}`);
    this.name = 'InvalidLicenceId';
  }
}

/**
 * ISO/IEC 7064 MOD 37,36 (hybrid system, GB/T 17710) check character over `input` drawn from 0-9A-Z.
 * Detects every single substitution and every adjacent transposition.
 */
export function mod37_36CheckChar(input: string): string {
  let p = 36;
  for (const ch of input) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`mod37_36CheckChar: '${ch}' is not in 0-9A-Z`);
    const t = (p + v) % 36 || 36;
    p = (2 * t) % 37;
  }
  return ALPHABET[(37 - p) % 36]!;
}

/**
 * The check character of an identifier's fields. The input is type code, issuer code, sequence and version
 * as written, concatenated without the dots and without the fixed root `1.2.156.3005.2`. The exact input
 * layout of GB/T 36904 could not be confirmed from the standard's text; this layout is the one used by the
 * published identifiers of provincial licence systems we could find (three of them agree with it and none
 * with the root included; see the tests), and the root, being constant, would add no protection anyway.
 */
function checkCharOf(typeCode: string, issuerCode: string, sequenceText: string, versionText: string): string {
  return mod37_36CheckChar(typeCode + issuerCode + sequenceText + versionText);
}

function sequenceWidthOf(options: LicenceIdOptions): number {
  const width = options.sequenceWidth ?? DEFAULT_SEQUENCE_WIDTH;
  if (!Number.isInteger(width) || width < 1 || width > MAX_SEQUENCE_DIGITS) {
    throw new RangeError(`sequenceWidth must be an integer in 1..${MAX_SEQUENCE_DIGITS}`);
  }
  return width;
}

function sequenceText(sequence: number, width: number): string {
  return String(sequence).padStart(width, '0');
}

function versionText(version: number): string {
  return String(version).padStart(VERSION_WIDTH, '0');
}

/** Builds an identifier from its parts, computing the check character. Throws `RangeError` on bad parts. */
export function buildLicenceId(parts: LicenceIdParts, options: LicenceIdOptions = {}): string {
  const width = sequenceWidthOf(options);
  const { typeCode, issuerCode, sequence, version } = parts;
  if (typeof typeCode !== 'string' || !TYPE_CODE.test(typeCode)) {
    throw new RangeError('typeCode must be 1-32 characters of 0-9A-Z');
  }
  if (typeof issuerCode !== 'string' || !/^[0-9A-Z]{18}$/.test(issuerCode) || !validateUscc(issuerCode).ok) {
    throw new RangeError('issuerCode must be a valid 18-character unified social credit code in capitals');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0 || String(sequence).length > MAX_SEQUENCE_DIGITS) {
    throw new RangeError(`sequence must be an integer in 0..${'9'.repeat(MAX_SEQUENCE_DIGITS)}`);
  }
  if (!Number.isInteger(version) || version < 1 || version > 999) {
    throw new RangeError('version must be an integer in 1..999');
  }
  const seq = sequenceText(sequence, width);
  const ver = versionText(version);
  return [LICENCE_ID_ROOT, typeCode, issuerCode, seq, ver, checkCharOf(typeCode, issuerCode, seq, ver)].join('.');
}

/**
 * Parses and checks an identifier. Lower-case letters are accepted and upper-cased (people type these);
 * everything else must be exactly what {@link buildLicenceId} would write with the same `sequenceWidth`, so
 * each licence has one spelling and equality look-ups work on the canonical `id`.
 */
export function parseLicenceId(text: string, options: LicenceIdOptions = {}): ParsedLicenceId {
  const width = sequenceWidthOf(options);
  // ASCII before upper-casing: toUpperCase turns some non-ASCII letters (ß, ligatures) into Latin capitals.
  if (typeof text !== 'string' || text.length > 200 || !/^[0-9A-Za-z.]+$/.test(text)) {
    throw new InvalidLicenceId('format', 'only digits, letters and dots are allowed');
  }
  const id = text.toUpperCase();
  if (!id.startsWith(LICENCE_ID_ROOT + '.')) {
    throw new InvalidLicenceId('root', `must start with ${LICENCE_ID_ROOT}.`);
  }
  const fields = id.slice(LICENCE_ID_ROOT.length + 1).split('.');
  if (fields.length !== 5) {
    throw new InvalidLicenceId(
      'format',
      `expected 5 fields after ${LICENCE_ID_ROOT} (type code, issuer code, sequence, version, check), found ${fields.length}`,
    );
  }
  const [typeCode, issuerCode, seq, ver, check] = fields as [string, string, string, string, string];
  if (!TYPE_CODE.test(typeCode)) {
    throw new InvalidLicenceId('type_code', 'the type code must be 1-32 characters of 0-9A-Z');
  }
  if (issuerCode.length !== 18) {
    throw new InvalidLicenceId('issuer_code', 'the issuer code must be an 18-character unified social credit code');
  }
  const uscc = validateUscc(issuerCode);
  if (!uscc.ok) {
    throw new InvalidLicenceId('issuer_code', `the issuer code is not a valid unified social credit code (${uscc.reason})`);
  }
  if (!/^\d+$/.test(seq) || seq.length > MAX_SEQUENCE_DIGITS) {
    throw new InvalidLicenceId('sequence', `the sequence must be 1-${MAX_SEQUENCE_DIGITS} decimal digits`);
  }
  const sequence = Number(seq);
  if (!Number.isSafeInteger(sequence) || sequenceText(sequence, width) !== seq) {
    throw new InvalidLicenceId('sequence', `the sequence must be zero-padded to exactly ${width} digits (or more digits without leading zeros)`);
  }
  if (!/^\d{3}$/.test(ver) || ver === '000') {
    throw new InvalidLicenceId('version', 'the version must be three digits from 001 to 999');
  }
  if (!/^[0-9A-Z]$/.test(check)) {
    throw new InvalidLicenceId('check_char', 'the check character must be one character of 0-9A-Z');
  }
  const expected = checkCharOf(typeCode, issuerCode, seq, ver);
  if (check !== expected) {
    throw new InvalidLicenceId('check_char', 'the check character does not match: the identifier is mistyped or altered');
  }
  return { id, typeCode, issuerCode, sequence, version: Number(ver), check };
}

/** True when `text` parses; for filters that only need yes or no. */
export function isLicenceId(text: string, options: LicenceIdOptions = {}): boolean {
  try {
    parseLicenceId(text, options);
    return true;
  } catch (e) {
    if (e instanceof InvalidLicenceId) return false;
    throw e;
  }
}
