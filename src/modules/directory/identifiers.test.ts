import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  citizenIdCheckChar,
  isMobileNumber,
  maskCitizenId,
  maskMobile,
  maskName,
  orgCodeCheckChar,
  usccCheckChar,
  validateCitizenId,
  validateUscc,
} from './identifiers.ts';

/** A fixed "today" so birth-date boundaries do not depend on the wall clock. */
const TODAY = new Date(2026, 0, 15); // 2026-01-15, local time

/** Builds a full ID from its parts, appending the computed check char. */
function makeId(region: string, yyyymmdd: string, seq: string): string {
  const first17 = region + yyyymmdd + seq;
  return first17 + citizenIdCheckChar(first17);
}

/** Replaces the char at `i` with `ch`. */
function withCharAt(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('citizenIdCheckChar', () => {
  it('matches the worked example of GB 11643-1999 (checked by hand: weighted sum 167, 167 mod 11 = 2 → X)', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
  });

  it('produces every one of the 11 possible check chars over some inputs', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200 && seen.size < 11; seq++) {
      seen.add(citizenIdCheckChar('37070519800101' + String(seq).padStart(3, '0')));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('throws on anything but 17 digits', () => {
    expect(() => citizenIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => citizenIdCheckChar('110105194912310021')).toThrow(RangeError);
    expect(() => citizenIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('validateCitizenId', () => {
  it('accepts the GB 11643 standard example and decodes it', () => {
    expect(validateCitizenId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'F',
    });
  });

  it('accepts a lowercase x check char and treats it as X', () => {
    const upper = validateCitizenId('11010519491231002X', TODAY);
    const lower = validateCitizenId('11010519491231002x', TODAY);
    expect(lower).toEqual(upper);
    expect(lower.ok).toBe(true);
  });

  it('accepts a computed Weifang ID and reads sex from the 17th digit parity', () => {
    const male = makeId('370705', '19780315', '011');
    const female = makeId('370783', '19900704', '024');
    expect(validateCitizenId(male, TODAY)).toEqual({
      ok: true, regionCode: '370705', birthDate: '1978-03-15', sex: 'M',
    });
    expect(validateCitizenId(female, TODAY)).toEqual({
      ok: true, regionCode: '370783', birthDate: '1990-07-04', sex: 'F',
    });
  });

  it.each([
    ['too short', '11010519491231002'],
    ['too long', '11010519491231002X1'],
    ['letter in body', '1101051949123100AX'],
    ['X not in last place', '1101051949123100X2'],
    ['other check letter', '11010519491231002Y'],
    ['15-digit first generation ID', '110105491231002'],
    ['surrounding whitespace', ' 11010519491231002X'],
    ['empty', ''],
  ])('rejects format: %s', (_label, id) => {
    expect(validateCitizenId(id, TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it.each(['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '83', '91', '99'])(
    'rejects unknown province prefix %s with region',
    (prefix) => {
      const id = makeId(prefix + '0105', '19800101', '001');
      expect(validateCitizenId(id, TODAY)).toEqual({ ok: false, reason: 'region' });
    },
  );

  it.each(['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82'])(
    'accepts province prefix %s',
    (prefix) => {
      const id = makeId(prefix + '0105', '19800101', '001');
      expect(validateCitizenId(id, TODAY).ok).toBe(true);
    },
  );

  it('accepts Feb 29 in leap years (2000, 2024) and rejects it otherwise (1900, 2023)', () => {
    expect(validateCitizenId(makeId('370702', '20000229', '001'), TODAY).ok).toBe(true);
    expect(validateCitizenId(makeId('370702', '20240229', '001'), TODAY).ok).toBe(true);
    expect(validateCitizenId(makeId('370702', '19000229', '001'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateCitizenId(makeId('370702', '20230229', '001'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
  });

  it.each([
    ['month 00', '19800001'],
    ['month 13', '19801301'],
    ['day 00', '19800100'],
    ['April 31', '19800431'],
    ['Jan 32', '19800132'],
    ['before 1900', '18991231'],
    ['after today', '20260116'],
    ['far future', '29990101'],
  ])('rejects birth_date: %s', (_label, date) => {
    expect(validateCitizenId(makeId('370702', date, '001'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
  });

  it('accepts the boundary dates 1900-01-01 and today', () => {
    expect(validateCitizenId(makeId('370702', '19000101', '001'), TODAY)).toMatchObject({ ok: true, birthDate: '1900-01-01' });
    expect(validateCitizenId(makeId('370702', '20260115', '001'), TODAY)).toMatchObject({ ok: true, birthDate: '2026-01-15' });
  });

  it('uses the real clock by default (an ID born tomorrow is rejected)', () => {
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const ymd =
      String(tomorrow.getFullYear()) +
      String(tomorrow.getMonth() + 1).padStart(2, '0') +
      String(tomorrow.getDate()).padStart(2, '0');
    expect(validateCitizenId(makeId('370702', ymd, '001'))).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateCitizenId(makeId('370702', '19800101', '001')).ok).toBe(true);
  });

  it('rejects a wrong check char', () => {
    expect(validateCitizenId('110105194912310021', TODAY)).toEqual({ ok: false, reason: 'check_char' });
    const good = makeId('370705', '19780315', '011');
    const wrong = good[17] === '0' ? '1' : '0';
    expect(validateCitizenId(withCharAt(good, 17, wrong), TODAY)).toEqual({ ok: false, reason: 'check_char' });
  });

  it('detects every single-digit substitution in the body (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1950, max: 2010 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 14, max: 16 }), // mutate the sequence digits: region and date stay valid
        fc.integer({ min: 1, max: 9 }),
        (y, m, d, seq, pos, delta) => {
          const id = makeId(
            '370781',
            `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
            String(seq).padStart(3, '0'),
          );
          expect(validateCitizenId(id, TODAY).ok).toBe(true);
          const mutatedDigit = String((Number(id[pos]) + delta) % 10);
          const result = validateCitizenId(withCharAt(id, pos, mutatedDigit), TODAY);
          expect(result).toEqual({ ok: false, reason: 'check_char' });
        },
      ),
    );
  });

  it('detects adjacent transpositions of distinct sequence digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 14, max: 15 }), (seq, pos) => {
        const id = makeId('370783', '19850610', String(seq).padStart(3, '0'));
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(validateCitizenId(swapped, TODAY)).toEqual({ ok: false, reason: 'check_char' });
      }),
    );
  });
});

describe('orgCodeCheckChar', () => {
  it('matches the org code inside 91350100M000100Y43 (by hand: 22·3 + 1·5 + 34·2 = 139, 11 − 139 mod 11 = 4)', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });

  it('computes 11 − (sum mod 11), mapping 10 to X and 11 to 0', () => {
    // weights 3,7,9,10,5,8,4,2
    expect(orgCodeCheckChar('00000002')).toBe('7'); // 2·2 = 4 → 7
    expect(orgCodeCheckChar('00000100')).toBe('3'); // 1·8 = 8 → 3
    expect(orgCodeCheckChar('00001050')).toBe('8'); // 1·5 + 5·4 = 25, 25 mod 11 = 3 → 8
    expect(orgCodeCheckChar('40000000')).toBe('X'); // 4·3 = 12, 12 mod 11 = 1 → 10 → X
    expect(orgCodeCheckChar('00000000')).toBe('0'); // 0 → 11 → 0
  });

  it('values letters A-Z as 10-35', () => {
    // A at weight 2: 20 mod 11 = 9 → 2; Z at weight 2: 70 mod 11 = 4 → 7
    expect(orgCodeCheckChar('0000000A')).toBe('2');
    expect(orgCodeCheckChar('0000000Z')).toBe('7');
  });

  it('throws on malformed input', () => {
    expect(() => orgCodeCheckChar('M000100')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('m000100y')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('M000100-')).toThrow(RangeError);
  });
});

describe('usccCheckChar', () => {
  it('matches 91350100M000100Y43 (by hand: weighted sum 1640, 1640 mod 31 = 28 → 31 − 28 = 3)', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('maps a zero remainder to 0 rather than the out-of-range 31', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('can produce letters', () => {
    // only the last position contributes: A (value 10) · 28 = 280, 280 mod 31 = 1 → 30 → 'Y'
    expect(usccCheckChar('0000000000000000A')).toBe('Y');
  });

  it.each(['I', 'O', 'Z', 'S', 'V', 'a', '-'])('throws on a char outside the alphabet: %s', (ch) => {
    expect(() => usccCheckChar('9135010000000010' + ch)).toThrow(RangeError);
  });

  it('throws on wrong length', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
  });
});

describe('validateUscc', () => {
  it('accepts the commonly cited example 91350100M000100Y43', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      registrationAuthority: '9',
      entityType: '1',
      regionCode: '350100',
    });
  });

  it('accepts lowercase input by normalising it', () => {
    expect(validateUscc('91350100m000100y43').ok).toBe(true);
  });

  it('accepts codes built from the two check-char functions', () => {
    for (const [prefix, region, body] of [
      ['11', '370700', 'WF000001'],
      ['12', '370783', 'WF000017'],
      ['91', '370705', 'MA3C4R7T'],
    ] as const) {
      const org = body + orgCodeCheckChar(body);
      const first17 = prefix + region + org;
      const code = first17 + usccCheckChar(first17);
      expect(validateUscc(code)).toEqual({
        ok: true,
        registrationAuthority: prefix[0],
        entityType: prefix[1],
        regionCode: region,
      });
    }
  });

  it.each([
    ['too short', '91350100M000100Y4'],
    ['too long', '91350100M000100Y433'],
    ['empty', ''],
    ['letter in region code', '9135A100M000100Y43'],
    ['punctuation', '91350100M000100Y-3'],
  ])('rejects format: %s', (_label, code) => {
    expect(validateUscc(code)).toEqual({ ok: false, reason: 'format' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s anywhere', (letter) => {
    for (const pos of [0, 8, 15, 17]) {
      expect(validateUscc(withCharAt('91350100M000100Y43', pos, letter))).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('rejects a wrong check char', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, reason: 'check_char' });
    expect(validateUscc('91350100M000100Y4Y')).toEqual({ ok: false, reason: 'check_char' });
  });

  it('detects every single-char substitution (property)', () => {
    const valid = '91350100M000100Y43';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (pos, delta) => {
        const current = USCC_ALPHABET.indexOf(valid[pos]!);
        const replacement = USCC_ALPHABET[(current + delta) % 31]!;
        const mutated = withCharAt(valid, pos, replacement);
        const result = validateUscc(mutated);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('reports org_code_check when the outer check passes but the embedded org code is wrong', () => {
    // Org code M000100Y with a wrong inner check '5' (correct: '4'), then a correct outer check.
    const first17 = '91350100M000100Y5';
    const code = first17 + usccCheckChar(first17);
    expect(validateUscc(code)).toEqual({ ok: false, reason: 'org_code_check' });
  });

  it('accepts an inner check of X and of 0', () => {
    for (const body of ['40000000', '00000000']) {
      const first17 = '11370700' + body + orgCodeCheckChar(body);
      expect(validateUscc(first17 + usccCheckChar(first17)).ok).toBe(true);
    }
  });
});

describe('isMobileNumber', () => {
  it.each(['13805360001', '13912345678', '15005361234', '17705360000', '18605369999', '19905368888', '16605360000'])(
    'accepts %s',
    (m) => expect(isMobileNumber(m)).toBe(true),
  );

  it.each([
    ['second digit 2', '12805360001'],
    ['second digit 1', '11805360001'],
    ['second digit 0', '10805360001'],
    ['10 digits', '1380536000'],
    ['12 digits', '138053600011'],
    ['+86 prefix', '+8613805360001'],
    ['86 prefix', '8613805360001'],
    ['separators', '138-0536-0001'],
    ['landline', '05368888888'],
    ['letters', '1380536000a'],
    ['empty', ''],
  ])('rejects %s', (_label, m) => expect(isMobileNumber(m)).toBe(false));
});

describe('masks', () => {
  it('maskCitizenId keeps the first 3 and last 4 chars', () => {
    expect(maskCitizenId('370705197803150112')).toBe('370***********0112');
    expect(maskCitizenId('11010519491231002X')).toBe('110***********002X');
    expect(maskCitizenId('11010519491231002X')).toHaveLength(18);
  });

  it('maskCitizenId fully masks input too short to keep both ends', () => {
    expect(maskCitizenId('1234567')).toBe('*******');
    expect(maskCitizenId('')).toBe('');
  });

  it('maskMobile keeps the first 3 and last 4 digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('13805360001')).toBe('138****0001');
  });

  it('maskName keeps only the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
  });

  it('maskName counts code points, not UTF-16 units (CJK Extension B surname)', () => {
    // 𠮷 (U+20BB7) is a single character encoded as a surrogate pair.
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});
