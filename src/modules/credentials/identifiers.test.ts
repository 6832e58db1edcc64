import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Mod37_36 } from '@konfirm/iso7064';
import { orgCodeCheckChar, usccCheckChar } from '../directory/identifiers.ts';
import {
  buildLicenceId,
  InvalidLicenceId,
  isLicenceId,
  LICENCE_ID_ROOT,
  mod37_36CheckChar,
  parseLicenceId,
  type LicenceIdFailure,
} from './identifiers.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A made-up issuer with a valid USCC (check characters computed by the directory module). */
const ISSUER = validUscc('11', '370700', '00418472');

function validUscc(prefix: string, region: string, orgBody: string): string {
  const first17 = prefix + region + orgBody + orgCodeCheckChar(orgBody);
  return first17 + usccCheckChar(first17);
}

/** The same code with another last (check) character. */
function otherLast(code: string): string {
  return code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
}

const alnum = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const usccArb = fc
  .tuple(alnum(USCC_ALPHABET, 2, 2), fc.integer({ min: 110000, max: 829999 }), alnum(USCC_ALPHABET, 8, 8))
  .map(([prefix, region, body]) => validUscc(prefix, String(region), body));

const partsArb = fc.record({
  typeCode: alnum(ALPHABET, 1, 32),
  issuerCode: usccArb,
  sequence: fc.integer({ min: 0, max: 999_999_999_999 }),
  version: fc.integer({ min: 1, max: 999 }),
});

function reasonOf(text: string): LicenceIdFailure | 'ok' {
  try {
    parseLicenceId(text);
    return 'ok';
  } catch (e) {
    if (e instanceof InvalidLicenceId) return e.reason;
    throw e;
  }
}

describe('mod37_36CheckChar', () => {
  it('gives M for the example of ISO/IEC 7064 (A12425GABC1234002)', () => {
    expect(mod37_36CheckChar('A12425GABC1234002')).toBe('M');
  });

  it('agrees with @konfirm/iso7064 Mod37_36 on random inputs', () => {
    fc.assert(
      fc.property(alnum(ALPHABET, 1, 80), (input) => {
        expect(mod37_36CheckChar(input)).toBe(Mod37_36.checksum(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('detects every single-character substitution, including in the check character', () => {
    fc.assert(
      fc.property(alnum(ALPHABET, 1, 60), fc.nat(), fc.constantFrom(...ALPHABET), (body, at, replacement) => {
        const whole = body + mod37_36CheckChar(body);
        const i = at % whole.length;
        fc.pre(whole[i] !== replacement);
        const altered = whole.slice(0, i) + replacement + whole.slice(i + 1);
        expect(mod37_36CheckChar(altered.slice(0, -1))).not.toBe(altered.slice(-1));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses characters outside 0-9A-Z', () => {
    expect(() => mod37_36CheckChar('ab')).toThrow(RangeError);
    expect(() => mod37_36CheckChar('A.B')).toThrow(RangeError);
  });
});

describe('published identifiers', () => {
  // Identifiers issued by provincial licence systems, found in public code. Their check characters fit the
  // chosen layout (fields without root and dots), which is why it was chosen.
  it('parse, and rebuild to the same text', () => {
    for (const id of [
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
      '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
    ]) {
      const parsed = parseLicenceId(id);
      expect(buildLicenceId(parsed)).toBe(id);
    }
  });

  it('one with a region code as issuer (not accepted by us) still fits the check layout', () => {
    expect(mod37_36CheckChar('11100000MB03271699022' + '340100' + '000000016' + '001')).toBe('9');
  });
});

describe('buildLicenceId / parseLicenceId', () => {
  it('builds the GB/T 36904 form', () => {
    const id = buildLicenceId({ typeCode: '11100000MB0143028M', issuerCode: ISSUER, sequence: 42, version: 1 });
    expect(id).toMatch(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.11100000MB0143028M\\.${ISSUER}\\.00000042\\.001\\.[0-9A-Z]$`));
    expect(id.slice(-1)).toBe(mod37_36CheckChar(`11100000MB0143028M${ISSUER}00000042001`));
  });

  it('round-trips random parts, with the default and other sequence widths', () => {
    fc.assert(
      fc.property(partsArb, fc.integer({ min: 1, max: 15 }), (parts, sequenceWidth) => {
        const id = buildLicenceId(parts);
        expect(parseLicenceId(id)).toEqual({ ...parts, id, check: id.slice(-1) });
        const wide = buildLicenceId(parts, { sequenceWidth });
        expect(parseLicenceId(wide, { sequenceWidth })).toMatchObject(parts);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts lower case and returns the canonical upper-case id', () => {
    const id = buildLicenceId({ typeCode: 'JYXK01', issuerCode: ISSUER, sequence: 7, version: 2 });
    expect(parseLicenceId(id.toLowerCase()).id).toBe(id);
  });

  it('detects every single-character substitution in a built identifier', () => {
    const id = buildLicenceId({ typeCode: 'JYXK01', issuerCode: ISSUER, sequence: 12345, version: 3 });
    let tried = 0;
    for (let i = 0; i < id.length; i++) {
      for (const c of ALPHABET + '.') {
        if (c === id[i]) continue;
        const altered = id.slice(0, i) + c + id.slice(i + 1);
        tried++;
        expect(isLicenceId(altered), altered).toBe(false);
      }
    }
    expect(tried).toBe(id.length * 36);
  });

  it('rejects malformed input with a reason and a message', () => {
    const good = buildLicenceId({ typeCode: 'JYXK01', issuerCode: ISSUER, sequence: 5, version: 1 });
    const [, , , , , type, issuer, seq, ver, check] = good.split('.');
    const cases: Array<[string, LicenceIdFailure, RegExp]> = [
      ['', 'format', /only digits, letters and dots/],
      [good.replace('JYXK01', 'JYXK-01'), 'format', /only digits, letters and dots/],
      [good.replace('JYXK01', 'JYXK０1'), 'format', /only digits/],
      ['1.2.156.3005.3.' + good.slice(15), 'root', /must start with 1\.2\.156\.3005\.2\./],
      [good.slice(0, good.lastIndexOf('.')), 'format', /expected 5 fields.*found 4/],
      [`${good}.X`, 'format', /found 6/],
      [`${LICENCE_ID_ROOT}..${issuer}.${seq}.${ver}.${check}`, 'type_code', /type code/],
      [`${LICENCE_ID_ROOT}.${'A'.repeat(33)}.${issuer}.${seq}.${ver}.${check}`, 'type_code', /1-32/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer!.slice(1)}.${seq}.${ver}.${check}`, 'issuer_code', /18-character/],
      [`${LICENCE_ID_ROOT}.${type}.${otherLast(issuer!)}.${seq}.${ver}.${check}`, 'issuer_code', /check_char/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.5.${ver}.${check}`, 'sequence', /zero-padded to exactly 8/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.000000005A.${ver}.${check}`, 'sequence', /decimal digits/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${'9'.repeat(16)}.${ver}.${check}`, 'sequence', /1-15 decimal/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${seq}.1.${check}`, 'version', /three digits/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${seq}.000.${check}`, 'version', /001 to 999/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${seq}.${ver}.`, 'check_char', /one character/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${seq}.${ver}.AB`, 'check_char', /one character/],
      [`${LICENCE_ID_ROOT}.${type}.${issuer}.${seq}.002.${check}`, 'check_char', /does not match/],
    ];
    for (const [input, reason, message] of cases) {
      expect(reasonOf(input), input).toBe(reason);
      expect(() => parseLicenceId(input), input).toThrow(message);
    }
    expect(() => parseLicenceId(null as unknown as string)).toThrow(InvalidLicenceId);
  });

  it('honours a configured sequence width when parsing', () => {
    const id = buildLicenceId({ typeCode: 'A1', issuerCode: ISSUER, sequence: 5, version: 1 }, { sequenceWidth: 10 });
    expect(id).toContain('.0000000005.');
    expect(parseLicenceId(id, { sequenceWidth: 10 }).sequence).toBe(5);
    expect(() => parseLicenceId(id)).toThrow(/zero-padded to exactly 8/);
  });

  it('refuses bad parts when building', () => {
    const base = { typeCode: 'A1', issuerCode: ISSUER, sequence: 1, version: 1 };
    expect(() => buildLicenceId({ ...base, typeCode: 'a1' })).toThrow(RangeError);
    expect(() => buildLicenceId({ ...base, typeCode: '' })).toThrow(/typeCode/);
    expect(() => buildLicenceId({ ...base, issuerCode: ISSUER.toLowerCase() })).toThrow(/issuerCode/);
    expect(() => buildLicenceId({ ...base, issuerCode: otherLast(ISSUER) })).toThrow(/issuerCode/);
    expect(() => buildLicenceId({ ...base, sequence: -1 })).toThrow(/sequence/);
    expect(() => buildLicenceId({ ...base, sequence: 1.5 })).toThrow(/sequence/);
    expect(() => buildLicenceId({ ...base, sequence: 10 ** 15 })).toThrow(/sequence/);
    expect(() => buildLicenceId({ ...base, version: 0 })).toThrow(/version/);
    expect(() => buildLicenceId({ ...base, version: 1000 })).toThrow(/version/);
    expect(() => buildLicenceId(base, { sequenceWidth: 0 })).toThrow(/sequenceWidth/);
    expect(() => buildLicenceId(base, { sequenceWidth: 16 })).toThrow(/sequenceWidth/);
  });

  it('never throws anything but InvalidLicenceId on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        expect(() => isLicenceId(s)).not.toThrow();
      }),
    );
  });
});
