import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { isMobileNumber, validateCitizenId, validateUscc } from '../../src/modules/directory/identifiers.ts';
import { WEIFANG } from '../weifang.ts';
import { DEMO_DATASETS, datasetCsv, generateRows, plantedDefects, type DemoDataset, type DemoRow } from './index.ts';
import { byKey, isIsoDate, planted, rowsOf, SCALE } from './test-helpers.ts';

describe('generateRows', () => {
  it('produces round(rowsAtScale1 × scale) rows, as plantedDefects says, keeping the default demo small', () => {
    for (const scale of [0.01, SCALE, 0.2]) {
      for (const d of DEMO_DATASETS) {
        const expected = Math.round(d.rowsAtScale1 * scale);
        expect(rowsOf(d.key, scale).length, `${d.key} @${scale}`).toBe(expected);
        expect(plantedDefects(d, { scale }).rows).toBe(expected);
      }
    }
    const total = DEMO_DATASETS.reduce((n, d) => n + rowsOf(d.key).length, 0);
    expect(total).toBeGreaterThan(4000);
    expect(total).toBeLessThan(10_000);
  });

  it('is deterministic for a seed, and the seed changes the values but not the defect positions', () => {
    for (const d of DEMO_DATASETS) {
      const again = [...generateRows(d, { scale: SCALE })];
      expect(again, d.key).toEqual(rowsOf(d.key));
      const other = rowsOf(d.key, SCALE, 42);
      expect(other.length).toBe(again.length);
      expect(other, d.key).not.toEqual(again);
      expect(plantedDefects(d, { scale: SCALE, seed: 42 })).toEqual(plantedDefects(d, { scale: SCALE }));
    }
  });

  it('rejects bad options', () => {
    const d = byKey('hukou');
    expect(() => generateRows(d, { scale: 0 }).next()).toThrow(RangeError);
    expect(() => generateRows(d, { scale: Number.NaN }).next()).toThrow(RangeError);
    expect(() => generateRows(d, { scale: 1, seed: -1 }).next()).toThrow(RangeError);
    expect(() => generateRows({ ...d, key: 'nope' }, { scale: 1 }).next()).toThrow(RangeError);
  });

  it('gives every row exactly the items, with values of the declared types and sizes', () => {
    const problems: string[] = [];
    for (const d of DEMO_DATASETS) {
      const missing = planted(d, 'missing_required');
      const codes = JSON.stringify(d.content.items.map((i) => i.code).sort());
      rowsOf(d.key).forEach((row, n) => {
        if (JSON.stringify(Object.keys(row).sort()) !== codes) problems.push(`${d.key}[${n}] has items ${Object.keys(row).join(',')}`);
        for (const item of d.content.items) {
          const v = row[item.code];
          const bad = (why: string) => problems.push(`${d.key}[${n}].${item.code}=${String(v)}: ${why}`);
          if (v === null) {
            // Only optional items are empty, except where a missing value is planted.
            if (item.required && !missing.has(n)) bad('required but empty');
            continue;
          }
          switch (item.type) {
            case 'string':
              if (typeof v !== 'string' || v === '' || v.trim() !== v) bad('not a trimmed, non-empty string');
              else if (Array.from(v).length > item.length!) bad(`longer than ${item.length}`);
              break;
            case 'integer':
              if (!Number.isSafeInteger(v)) bad('not an integer');
              break;
            case 'decimal': {
              const digits = typeof v === 'number' ? v.toFixed(item.scale!).replace(/[-.]/g, '').replace(/^0+(?=\d)/, '') : '';
              if (typeof v !== 'number' || Math.round(v * 10 ** item.scale!) / 10 ** item.scale! !== v) bad(`not a number with ${item.scale} decimals`);
              else if (digits.length > item.length!) bad(`more than ${item.length} digits`);
              break;
            }
            case 'date':
              if (typeof v !== 'string' || !isIsoDate(v)) bad('not a YYYY-MM-DD date');
              break;
            case 'boolean':
              if (typeof v !== 'boolean') bad('not a boolean');
              break;
            default:
              bad(`unexpected type ${item.type}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('yields fresh objects, so a consumer mutating a row cannot change later rows', () => {
    const gen = generateRows(byKey('social_insurance'), { scale: SCALE });
    const first = gen.next().value as DemoRow;
    first.sfzhm = 'changed';
    expect((gen.next().value as DemoRow).sfzhm).not.toBe('changed');
  });

  it('is lazy: the first 10 rows of every dataset at scale 1000 come quickly and without building the rest', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (const d of DEMO_DATASETS) {
      const gen = generateRows(d, { scale: 1000 });
      const rows: DemoRow[] = [];
      for (const row of gen) {
        rows.push(row);
        if (rows.length === 10) break;
      }
      expect(rows, d.key).toHaveLength(10);
      expect(plantedDefects(d, { scale: 1000 }).rows).toBe(d.rowsAtScale1 * 1000);
    }
    // Full generation at this scale is over 100 million rows (minutes, gigabytes); 10 rows each take milliseconds.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('identifiers in the rows', () => {
  const countyCodes = new Set((WEIFANG.children ?? []).map((c) => c.code));

  it('has valid GB 11643 citizen IDs from Weifang counties everywhere, except the planted bad check characters', () => {
    let checked = 0;
    for (const d of DEMO_DATASETS) {
      const bad = planted(d, 'bad_citizen_id_check');
      for (const item of d.content.items.filter((i) => i.mask === 'citizen_id')) {
        rowsOf(d.key).forEach((row, n) => {
          const v = row[item.code];
          if (v === null) return;
          const result = validateCitizenId(v as string);
          const where = `${d.key}[${n}].${item.code}=${String(v)}`;
          if (bad.has(n) && planted(d, 'bad_citizen_id_check', item.code).has(n)) {
            expect(result, where).toEqual({ ok: false, reason: 'check_char' });
          } else {
            expect(result.ok, where).toBe(true);
            if (result.ok) {
              expect(countyCodes.has(result.regionCode), where).toBe(true);
              expect(result.birthDate >= '1945-01-01' && result.birthDate <= '2022-12-31', where).toBe(true);
            }
          }
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(4000);
    expect(planted(byKey('hukou'), 'bad_citizen_id_check').size).toBeGreaterThan(0);
  });

  it('keeps hukou consistent with the ID: sex code from the 17th digit, birth date from digits 7-14', () => {
    const d = byKey('hukou');
    const wrongSex = planted(d, 'out_of_code_table', 'xb');
    const badCheck = planted(d, 'bad_citizen_id_check');
    rowsOf('hukou').forEach((row, n) => {
      const id = row.sfzhm as string;
      expect(row.csrq, id).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
      const male = Number(id[16]) % 2 === 1;
      expect(row.xb, id).toBe(wrongSex.has(n) ? (male ? '男' : '女') : male ? '1' : '2');
      if (!badCheck.has(n)) expect(row.hjdjrq! >= row.csrq!, id).toBe(true);
      if (row.hjdz !== null) expect(row.hjdz as string, id).toMatch(/^山东省潍坊市(奎文区|潍城区|寒亭区|坊子区|寿光市|青州市|诸城市|高密市|昌邑市|安丘市|临朐县|昌乐县)/);
      expect(row.xm as string, id).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    });
  });

  it('has valid GB 32100 credit codes everywhere, except the planted bad check characters', () => {
    let checked = 0;
    for (const d of DEMO_DATASETS) {
      for (const item of d.content.items.filter((i) => i.code.endsWith('xydm'))) {
        const bad = planted(d, 'bad_uscc_check', item.code);
        rowsOf(d.key).forEach((row, n) => {
          const v = row[item.code];
          if (v === null) return;
          const where = `${d.key}[${n}].${item.code}=${String(v)}`;
          if (bad.has(n)) expect(validateUscc(v as string), where).toEqual({ ok: false, reason: 'check_char' });
          else expect(validateUscc(v as string), where).toMatchObject({ ok: true, regionCode: expect.stringMatching(/^3707\d\d$/) });
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(2000);
    for (const key of ['social_insurance', 'housing_fund', 'market_entities', 'electricity']) expect(planted(byKey(key), 'bad_uscc_check').size, key).toBeGreaterThan(0);
  });

  it('has valid mobiles or none, except the planted bad ones', () => {
    const bad = planted(byKey('hukou'), 'bad_mobile');
    expect(bad.size).toBeGreaterThan(0);
    rowsOf('hukou').forEach((row, n) => {
      if (bad.has(n)) expect(isMobileNumber(row.sjhm as string), String(row.sjhm)).toBe(false);
      else if (row.sjhm !== null) expect(isMobileNumber(row.sjhm as string), String(row.sjhm)).toBe(true);
    });
  });

  it('has VINs with a correct check digit (GB 16735) and plates of Weifang (鲁V)', () => {
    const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
    const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    for (const row of rowsOf('vehicles')) {
      expect(row.hphm as string).toMatch(/^鲁V/);
      if (row.clsbdh === null) continue;
      const vin = row.clsbdh as string;
      const sum = [...vin].reduce((s, ch, k) => s + (/\d/.test(ch) ? Number(ch) : values[ch]!) * weights[k]!, 0);
      expect(vin[8], vin).toBe(sum % 11 === 10 ? 'X' : String(sum % 11));
    }
  });
});

describe('datasetCsv', () => {
  async function bytes(d: DemoDataset, encoding: 'utf-8' | 'gb18030', scale = SCALE): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of datasetCsv(d, { scale, encoding })) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function expectedCell(v: string | number | boolean | null, type: string, scale: number | null): string {
    if (v === null) return '';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (typeof v === 'number' && type === 'decimal') return v.toFixed(scale!);
    return String(v);
  }

  it('writes Excel-like UTF-8 (BOM, CRLF, Chinese header) that parses back to the generated rows', async () => {
    for (const d of DEMO_DATASETS) {
      const buf = await bytes(d, 'utf-8');
      expect([...buf.subarray(0, 3)], d.key).toEqual([0xef, 0xbb, 0xbf]);
      const text = buf.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
      expect(records[0], d.key).toEqual(d.content.items.map((i) => i.name));
      const rows = rowsOf(d.key);
      expect(records.length - 1, d.key).toBe(rows.length);
      rows.forEach((row, n) => {
        expect(records[n + 1], `${d.key}[${n}]`).toEqual(d.content.items.map((i) => expectedCell(row[i.code]!, i.type, i.scale)));
      });
    }
  });

  it('writes GB18030 that decodes to the same text as the UTF-8 export', async () => {
    for (const d of DEMO_DATASETS) {
      const gb = await bytes(d, 'gb18030');
      const utf8 = await bytes(d, 'utf-8');
      expect(gb.equals(utf8), d.key).toBe(false);
      expect(gb[0], d.key).not.toBe(0xef);
      // Really GB18030: the header's Chinese is 2 bytes a character, not UTF-8's 3.
      expect(gb.subarray(0, 64).toString('utf8')).not.toContain(d.content.items[0]!.name);
      expect(iconv.decode(gb, 'gb18030'), d.key).toBe(iconv.decode(utf8, 'utf-8'));
    }
  });

  it('streams in chunks rather than one buffer', async () => {
    let chunks = 0;
    for await (const _chunk of datasetCsv(byKey('hukou'), { scale: 0.2, encoding: 'gb18030' })) chunks++;
    expect(chunks).toBeGreaterThan(5);
  });
});
