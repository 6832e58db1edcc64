import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate } from '../../../test/support/databases.ts';
import type { Db } from '../../kernel/db.ts';
// The reference the SQL must agree with. It is a pure leaf module, imported directly as catalog does for masks.
import {
  citizenIdCheckChar,
  isMobileNumber,
  orgCodeCheckChar,
  usccCheckChar,
  validateCitizenId,
  validateUscc,
} from '../directory/identifiers.ts';

// The SQL check functions against identifiers.ts, on the template's database (PGlite, or the PostgreSQL server
// when DATABASE_URL is set). Inputs go to the database in batches, so each property run costs one query.

type CheckFn = 'cs_citizen_id_ok' | 'cs_uscc_ok' | 'cs_mobile_ok';

/**
 * validateCitizenId also refuses birth dates after today; the immutable SQL cannot (see the migration). A
 * "today" at the end of the last four-digit year switches that check off. It is built from local parts
 * because validateCitizenId reads its local date.
 */
const NO_FUTURE_CHECK = new Date(9999, 11, 31);

const reference: Record<CheckFn, (s: string) => boolean> = {
  cs_citizen_id_ok: (s) => validateCitizenId(s, NO_FUTURE_CHECK).ok,
  cs_uscc_ok: (s) => validateUscc(s).ok,
  cs_mobile_ok: (s) => isMobileNumber(s),
};

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82'];
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

const charsOf = (alphabet: string, min: number, max = min) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const digits = (n: number) => charsOf('0123456789', n);

/**
 * Any text PostgreSQL can hold: no NUL, and no lone surrogates, which have no UTF-8 form. (Ligatures such as
 * ﬀ are included: both sides refuse them, a case below pins it.)
 */
const storable = (s: string) => !s.includes('\0') && Buffer.from(s, 'utf8').toString('utf8') === s;
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 10, maxLength: 20 }),
).filter(storable);

/** Replaces or removes one character, or inserts one: the near misses a typist makes. */
function mutated(valid: fc.Arbitrary<string>, chars: string): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom(...chars), fc.constantFrom('replace', 'delete', 'insert'))
    .map(([s, at, ch, how]) => {
      const i = at % s.length;
      if (how === 'delete') return s.slice(0, i) + s.slice(i + 1);
      return s.slice(0, i) + ch + s.slice(how === 'replace' ? i + 1 : i);
    });
}

/** Lower-cases the positions picked by a mask. */
function lowerSome(s: string, mask: boolean[]): string {
  return [...s].map((c, i) => (mask[i] ? c.toLowerCase() : c)).join('');
}
const mask18 = fc.array(fc.boolean(), { minLength: 18, maxLength: 18 });

const birthDate = fc.oneof(
  // Real days across the whole accepted range, including leap days.
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10).replaceAll('-', '')),
  digits(8), // mostly impossible dates
  fc.constantFrom('19000229', '20000229', '19960229', '19970229', '21000229', '18991231', '19000101', '20240431',
    '20241131', '20240631', '20240931', '20241231', '20240001', '20241300', '20240100', '99991231', '00000101'),
);
const region = fc.oneof({ weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PROVINCES), digits(4)).map(([p, r]) => p + r) }, digits(6));
const idFirst17 = fc.tuple(region, birthDate, digits(3)).map(([r, b, seq]) => r + b + seq);
const validId = fc.tuple(idFirst17, fc.boolean()).map(([first17, lowerX]) => {
  const check = citizenIdCheckChar(first17);
  return first17 + (lowerX ? check.toLowerCase() : check);
});
const flippedId = fc
  .tuple(idFirst17, fc.constantFrom(...'0123456789Xx'))
  .filter(([first17, c]) => c.toUpperCase() !== citizenIdCheckChar(first17))
  .map(([first17, c]) => first17 + c);
const citizenIds = fc.oneof(
  { weight: 3, arbitrary: validId },
  { weight: 2, arbitrary: flippedId },
  mutated(validId, '0123456789Xx ０-A'),
  charsOf('0123456789Xx', 16, 20),
  anyText,
);

const usccHead = fc.tuple(charsOf(USCC_ALPHABET, 2), digits(6), charsOf(USCC_ALPHABET, 8)).map(([a, r, body]) => a + r + body);
const validUscc = fc.tuple(usccHead, mask18).map(([head, mask]) => {
  const first17 = head + orgCodeCheckChar(head.slice(8));
  return lowerSome(first17 + usccCheckChar(first17), mask);
});
const flippedUscc = fc
  .tuple(usccHead, fc.constantFrom(...USCC_ALPHABET))
  .map(([head, c]) => {
    const first17 = head + orgCodeCheckChar(head.slice(8));
    return first17 + (c === usccCheckChar(first17) ? USCC_ALPHABET[(USCC_ALPHABET.indexOf(c) + 1) % 31]! : c);
  });
/** Right USCC check character over a wrong organisation-code check character. */
const badOrgUscc = fc
  .tuple(usccHead, fc.constantFrom(...'0123456789X'), mask18)
  .filter(([head, c]) => c !== orgCodeCheckChar(head.slice(8)))
  .map(([head, c, mask]) => lowerSome(head + c + usccCheckChar(head + c), mask));
const usccs = fc.oneof(
  { weight: 3, arbitrary: validUscc },
  { weight: 2, arbitrary: flippedUscc },
  { weight: 2, arbitrary: badOrgUscc },
  mutated(validUscc, 'IOSVZiosvzA1 -'),
  charsOf(USCC_ALPHABET + USCC_ALPHABET.toLowerCase() + 'IOSVZiosvz', 17, 19),
  anyText,
);

const mobiles = fc.oneof(
  fc.tuple(fc.constantFrom(...'0123456789'), digits(9)).map(([second, rest]) => `1${second}${rest}`),
  fc.tuple(fc.constantFrom('1', '1', '1', '0', '2', '+86'), charsOf('0123456789', 9, 11)).map(([a, b]) => a + b),
  charsOf('0123456789 -+０', 10, 12),
  anyText,
);

// ---------------------------------------------------------------------------------------------------------

describe('SQL identifier checks', () => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await cloneTemplate());
    // The quality module's migrations are not wired into the platform yet; once they are, the template
    // already has the functions.
    const { rows } = await db.query<{ f: string | null }>("select to_regprocedure('cs_uscc_ok(text)')::text as f");
    if (rows[0]?.f == null) {
      await db.exec(readFileSync(new URL('./migrations/0001_check_functions.sql', import.meta.url), 'utf8'));
    }
  });
  afterAll(async () => {
    await drop();
  });

  /** Runs one check over many inputs in one query, results in input order. */
  async function inSql(fn: CheckFn, inputs: Array<string | null>): Promise<Array<boolean | null>> {
    const { rows } = await db.query<{ ok: boolean | null }>(
      `select ${fn}(s) as ok from jsonb_array_elements_text($1::jsonb) with ordinality as t(s, i) order by i`,
      [JSON.stringify(inputs)],
    );
    return rows.map((r) => r.ok);
  }

  /** Asserts SQL = JS over batches from `inputs`; returns how many inputs JS accepted and refused. */
  async function agreeOn(fn: CheckFn, inputs: fc.Arbitrary<string>, numRuns: number): Promise<{ accepted: number; refused: number }> {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(inputs, { minLength: 100, maxLength: 200 }), async (batch) => {
        const sql = await inSql(fn, batch);
        const js = batch.map(reference[fn]);
        const disagreements = batch.flatMap((s, i) => (sql[i] === js[i] ? [] : [{ input: s, sql: sql[i], js: js[i] }]));
        expect(disagreements).toEqual([]);
        for (const ok of js) seen[ok ? 'accepted' : 'refused'] += 1;
      }),
      { numRuns },
    );
    return seen;
  }

  it('are inlined into the calling query, so a check costs no function call per row', async () => {
    await db.exec('create temp table quality_probe (s text)');
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(
      'explain (verbose, costs off) select cs_citizen_id_ok(s), cs_citizen_id_birth_date(s), cs_uscc_ok(s), cs_mobile_ok(s) from quality_probe',
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/cs_\w+\(/);
    expect(plan).toMatch(/get_byte/);
    const { rows: props } = await db.query<{ proname: string; provolatile: string; proparallel: string; proisstrict: boolean }>(
      "select proname, provolatile, proparallel, proisstrict from pg_proc where proname like 'cs\\_%' order by proname",
    );
    expect(props).toEqual(['cs_citizen_id_birth_date', 'cs_citizen_id_ok', 'cs_mobile_ok', 'cs_uscc_ok'].map((proname) => ({
      proname, provolatile: 'i', proparallel: 's', proisstrict: false,
    })));
  });

  it('agree with validateCitizenId on generated IDs: valid, flipped check characters, near misses, random text', async () => {
    const seen = await agreeOn('cs_citizen_id_ok', citizenIds, 40);
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('agree with validateUscc on generated codes: valid, flipped check characters, bad organisation codes, random text', async () => {
    const seen = await agreeOn('cs_uscc_ok', usccs, 40);
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('agree with isMobileNumber on generated numbers', async () => {
    const seen = await agreeOn('cs_mobile_ok', mobiles, 30);
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('agree on edge cases, and give NULL for NULL', async () => {
    const cases: Record<CheckFn, Array<string | null>> = {
      cs_citizen_id_ok: [
        '11010519491231002X', '11010519491231002x', '110105194912310021', '', '11010519491231002', '11010519491231002X0',
        ' 11010519491231002X', '11010519491231002X\n', '１１０１０５１９４９１２３１００２Ｘ', '110105194912310０2X',
        '١١٠١٠٥١٩٤٩١٢٣١٠٠٢X', // Arabic-Indic digits: \d under some locales, not [0-9]
        '001051194912310020', '90010519491231002X', '370705' + '19000229' + '011', '37070520000229011',
      ].map((s) => (s.length === 17 && /^\d+$/.test(s) ? s + citizenIdCheckChar(s) : s)),
      cs_uscc_ok: [
        '91350100M000100Y43', '91350100m000100y43', '91350100M000100Y44', '9135010OM000100Y43', '91A50100M000100Y43',
        '91350100M000100Y4', '91350100M000100Y433', '91350100M000100Y43 ', 'ＹＹ350100M000100Y43',
      ],
      cs_mobile_ok: ['13812345678', '19912345678', '12812345678', '1381234567', '138123456789', '+8613812345678',
        '138 1234 5678', '13812345678\n', '１３８１２３４５６７８'],
    };
    for (const fn of Object.keys(cases) as CheckFn[]) {
      const inputs = cases[fn];
      expect(await inSql(fn, [...inputs, null]), fn).toEqual([...inputs.map((s) => reference[fn](s!)), null]);
    }
    // The GB 32100 example code is valid.
    expect(await inSql('cs_uscc_ok', ['91350100M000100Y43'])).toEqual([true]);
    // toUpperCase('ﬀ') is 'FF': a ligature must not pass for two letters of the code, in either check.
    expect(await inSql('cs_uscc_ok', ['ﬀ000000123400004T0'])).toEqual([false]);
    expect(validateUscc('ﬀ000000123400004T0').ok).toBe(false);
  });

  it('leave future birth dates to the query, which can test cs_citizen_id_birth_date against current_date', async () => {
    const first17 = '37070520990101011';
    const future = first17 + citizenIdCheckChar(first17);
    expect(validateCitizenId(future).ok).toBe(false); // JS compares with today
    const { rows } = await db.query<{ ok: boolean; birth: string | null; now_ok: boolean; bad_birth: string | null }>(
      `select cs_citizen_id_ok($1) as ok, to_char(cs_citizen_id_birth_date($1), 'YYYY-MM-DD') as birth,
              cs_citizen_id_ok($1) and cs_citizen_id_birth_date($1) <= current_date as now_ok,
              cs_citizen_id_birth_date('37070519990229011X') as bad_birth`,
      [future],
    );
    expect(rows[0]).toEqual({ ok: true, birth: '2099-01-01', now_ok: false, bad_birth: null });
  });
});
