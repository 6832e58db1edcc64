import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { contentProblems } from '../src/modules/catalog/validation.ts';
import { isMobileNumber, validateCitizenId, validateUscc } from '../src/modules/directory/identifiers.ts';
import {
  DEMO_DATASETS,
  datasetCsv,
  generateRows,
  plantedDefects,
  type DemoDataset,
  type DemoRow,
  type PlantedDefectKind,
  type QualityRuleSpec,
} from './datasets.ts';
import { DEPARTMENTS, WEIFANG } from './weifang.ts';

const SCALE = 0.05;
const byKey = (key: string): DemoDataset => DEMO_DATASETS.find((d) => d.key === key)!;

const cache = new Map<string, DemoRow[]>();
function rowsOf(key: string, scale = SCALE, seed?: number): DemoRow[] {
  const id = `${key}/${scale}/${seed}`;
  if (!cache.has(id)) cache.set(id, [...generateRows(byKey(key), { scale, seed })]);
  return cache.get(id)!;
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '';

/** Row indexes of a planted defect kind on an item. */
function planted(d: DemoDataset, kind: PlantedDefectKind, item?: string, scale = SCALE): Set<number> {
  const out = new Set<number>();
  for (const p of plantedDefects(d, { scale }).defects) if (p.kind === kind && (!item || p.item === item)) p.rowIndexes.forEach((i) => out.add(i));
  return out;
}

// ---------------------------------------------------------------------------
// A small, independent evaluator of the rules, standing in for the quality loop.
// ---------------------------------------------------------------------------

const DEFECT_OF_RULE: Partial<Record<QualityRuleSpec['kind'], PlantedDefectKind>> = {
  required: 'missing_required',
  unique: 'duplicate_key',
  citizen_id: 'bad_citizen_id_check',
  uscc: 'bad_uscc_check',
  mobile: 'bad_mobile',
  code_table: 'out_of_code_table',
  reference: 'dangling_reference',
};

function isIsoDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  return new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

/** Findings as "kind|item|row"; kinds other than the planted ones are reported as "<rule kind>!". */
function evaluate(d: DemoDataset, rows: DemoRow[], scale: number, seed?: number): Set<string> {
  const findings = new Set<string>();
  for (const rule of d.rules) {
    if (rule.kind === 'freshness' || rule.kind === 'row_count_change') continue;
    const label = DEFECT_OF_RULE[rule.kind] ?? `${rule.kind}!`;
    const params = rule.params ?? {};
    if (rule.kind === 'unique') {
      const items = rule.item ? [rule.item] : (params.items as string[]);
      const seen = new Set<string>();
      rows.forEach((row, i) => {
        const key = JSON.stringify(items.map((c) => row[c]));
        if (seen.has(key)) findings.add(`${label}|${items[0]}|${i}`);
        seen.add(key);
      });
      continue;
    }
    const item = rule.item!;
    let targets: Set<string> | undefined;
    if (rule.kind === 'reference') {
      targets = new Set(rowsOf(params.dataset as string, scale, seed).map((r) => String(r[params.item as string])));
    }
    rows.forEach((row, i) => {
      const v = row[item];
      let ok: boolean;
      if (rule.kind === 'required') ok = !isEmpty(v);
      else if (isEmpty(v)) ok = true; // format rules leave empty values to `required`
      else {
        const s = String(v);
        switch (rule.kind) {
          case 'citizen_id': ok = validateCitizenId(s).ok; break;
          case 'uscc': ok = validateUscc(s).ok; break;
          case 'mobile': ok = isMobileNumber(s); break;
          case 'code_table': ok = (params.values as string[]).includes(s); break;
          case 'pattern': ok = new RegExp(params.regex as string, 'u').test(s); break;
          case 'range': ok = typeof v === 'number' && v >= (params.min as number) && v <= (params.max as number); break;
          case 'length': ok = Array.from(s).length >= (params.min as number) && Array.from(s).length <= (params.max as number); break;
          case 'valid_date': ok = isIsoDate(s) && s >= (params.min as string) && s <= (params.max as string); break;
          case 'reference': ok = targets!.has(s); break;
          default: throw new Error(`rule kind ${rule.kind} not evaluated`);
        }
      }
      if (!ok) findings.add(`${label}|${item}|${i}`);
    });
  }
  return findings;
}

function plantedFindings(d: DemoDataset, scale: number): Set<string> {
  const out = new Set<string>();
  for (const p of plantedDefects(d, { scale }).defects) for (const i of p.rowIndexes) out.add(`${p.kind}|${p.item}|${i}`);
  return out;
}

// ---------------------------------------------------------------------------

describe('DEMO_DATASETS catalog entries', () => {
  it('has the eight resources, heating as the only stale one', () => {
    expect(DEMO_DATASETS.map((d) => d.key)).toEqual([
      'hukou', 'marriage', 'social_insurance', 'housing_fund', 'vehicles', 'market_entities', 'electricity', 'heating',
    ]);
    expect(DEMO_DATASETS.filter((d) => d.stale).map((d) => d.key)).toEqual(['heating']);
  });

  it('passes the catalog submission rules', () => {
    for (const d of DEMO_DATASETS) expect(contentProblems(d.content), d.key).toEqual([]);
  });

  it('names providers among the demo departments, with the expected owners', () => {
    const keys = new Set(DEPARTMENTS.map((d) => d.key));
    for (const d of DEMO_DATASETS) expect(keys.has(d.providerCode), d.key).toBe(true);
    expect(Object.fromEntries(DEMO_DATASETS.map((d) => [d.key, d.providerCode]))).toEqual({
      hukou: 'ga', marriage: 'mz', social_insurance: 'rs', housing_fund: 'gjj', vehicles: 'ga', market_entities: 'scjg', electricity: 'fg', heating: 'zj',
    });
  });

  it('uses column-safe codes and distinct Chinese names (they are the CSV header)', () => {
    for (const d of DEMO_DATASETS) {
      expect(d.content.name, d.key).toMatch(/^潍坊市[\u4e00-\u9fff]+$/);
      for (const i of d.content.items) {
        expect(i.code, d.key).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
        expect(i.name, `${d.key}.${i.code}`).toMatch(/[\u4e00-\u9fff]/);
      }
      const names = d.content.items.map((i) => i.name);
      expect(new Set(names).size, d.key).toBe(names.length);
    }
  });

  it('masks personal identifiers', () => {
    for (const d of DEMO_DATASETS) {
      for (const i of d.content.items) {
        if (i.name.includes('公民身份号码')) expect(i.mask, `${d.key}.${i.code}`).toBe('citizen_id');
        if (i.code === 'sjhm') expect(i.mask).toBe('mobile');
      }
    }
    expect(byKey('hukou').content.items.find((i) => i.code === 'xm')?.mask).toBe('name');
    expect(byKey('hukou').content.items.find((i) => i.code === 'hjdz')?.mask).toBe('address');
  });

  it('attaches rules only to existing items, with the params each kind needs', () => {
    for (const d of DEMO_DATASETS) {
      const codes = new Set(d.content.items.map((i) => i.code));
      for (const r of d.rules) {
        if (r.item) expect(codes.has(r.item), `${d.key} ${r.kind} ${r.item}`).toBe(true);
        if (r.kind === 'unique' && !r.item) for (const c of r.params!.items as string[]) expect(codes.has(c)).toBe(true);
        if (r.kind === 'reference') expect(DEMO_DATASETS.some((x) => x.key === r.params!.dataset)).toBe(true);
        if (r.kind === 'code_table') expect((r.params!.values as string[]).length).toBeGreaterThan(0);
        if (r.kind === 'freshness') expect(r.params!.maxAgeDays).toBeGreaterThan(0);
      }
      // Every required item has a required rule, and the key a unique rule.
      for (const i of d.content.items.filter((x) => x.required)) expect(d.rules.some((r) => r.kind === 'required' && r.item === i.code)).toBe(true);
      expect(d.rules.filter((r) => r.kind === 'unique')).toHaveLength(1);
    }
    expect(byKey('social_insurance').rules.find((r) => r.kind === 'unique')?.params).toEqual({ items: ['sfzhm', 'ssq', 'xzlx'] });
  });
});

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

describe('planted defects', () => {
  it('are a few percent of each dataset, and every kind is planted somewhere', () => {
    let rows = 0;
    let defective = 0;
    const kinds = new Set<string>();
    for (const d of DEMO_DATASETS) {
      const p = plantedDefects(d, { scale: 1 });
      const count = p.defects.reduce((n, x) => n + x.rowIndexes.length, 0);
      const distinct = new Set(p.defects.flatMap((x) => x.rowIndexes)).size;
      expect(distinct, `${d.key}: one defect per row`).toBe(count);
      expect(count / p.rows, d.key).toBeGreaterThan(0.01);
      expect(count / p.rows, d.key).toBeLessThanOrEqual(0.05);
      rows += p.rows;
      defective += count;
      p.defects.forEach((x) => kinds.add(x.kind));
    }
    expect(defective / rows).toBeGreaterThan(0.02);
    expect(defective / rows).toBeLessThan(0.04);
    expect([...kinds].sort()).toEqual([
      'bad_citizen_id_check', 'bad_mobile', 'bad_uscc_check', 'dangling_reference', 'duplicate_key', 'missing_required', 'out_of_code_table',
    ]);
  });

  it('are present at the default scale for every dataset and kind', () => {
    for (const d of DEMO_DATASETS) {
      const atScale = plantedDefects(d, { scale: SCALE }).defects.map((x) => `${x.kind}|${x.item}`);
      const atOne = plantedDefects(d, { scale: 1 }).defects.map((x) => `${x.kind}|${x.item}`);
      expect(atScale, d.key).toEqual(atOne);
    }
  });

  for (const [scale, seed] of [[SCALE, undefined], [0.2, 7]] as const) {
    it(`are exactly what the dataset's rules find (scale ${scale}, seed ${seed ?? 'default'})`, () => {
      const surprises: Record<string, { unexpected: string[]; notFound: string[] }> = {};
      for (const d of DEMO_DATASETS) {
        const found = evaluate(d, rowsOf(d.key, scale, seed), scale, seed);
        const expected = plantedFindings(d, scale);
        expect(expected.size, d.key).toBeGreaterThan(0);
        surprises[d.key] = { unexpected: [...found].filter((f) => !expected.has(f)), notFound: [...expected].filter((f) => !found.has(f)) };
      }
      const clean = Object.fromEntries(DEMO_DATASETS.map((d) => [d.key, { unexpected: [], notFound: [] }]));
      expect(surprises).toEqual(clean);
    });
  }

  it('repeat an earlier key with different values for duplicate keys', () => {
    for (const d of DEMO_DATASETS) {
      const keyItems = d.content.items.filter((i) => i.key).map((i) => i.code);
      const rows = rowsOf(d.key);
      const dups = planted(d, 'duplicate_key');
      expect(dups.size, d.key).toBeGreaterThan(0);
      for (const n of dups) {
        const key = JSON.stringify(keyItems.map((c) => rows[n]![c]));
        const earlier = rows.slice(0, n).filter((r) => JSON.stringify(keyItems.map((c) => r[c])) === key);
        expect(earlier, `${d.key}[${n}]`).toHaveLength(1);
        expect(rows[n], `${d.key}[${n}]`).not.toEqual(earlier[0]);
      }
    }
  });

  it('leave marriage parties resolvable in hukou (same scale and seed), with matching names, except the dangling ones', () => {
    const hukou = new Map(rowsOf('hukou').map((r) => [r.sfzhm as string, r]));
    const d = byKey('marriage');
    const danglingMan = planted(d, 'dangling_reference', 'nf_sfzhm');
    const danglingWoman = planted(d, 'dangling_reference', 'nvf_sfzhm');
    expect(danglingMan.size + danglingWoman.size).toBeGreaterThan(0);
    rowsOf('marriage').forEach((row, n) => {
      for (const [id, name, dangling, sexCode, minAge] of [
        ['nf_sfzhm', 'nf_xm', danglingMan, '1', 22],
        ['nvf_sfzhm', 'nvf_xm', danglingWoman, '2', 20],
      ] as const) {
        const person = hukou.get(row[id] as string);
        if (dangling.has(n)) {
          expect(person, `${n} ${id}`).toBeUndefined();
          continue;
        }
        expect(person, `${n} ${id}`).toBeDefined();
        expect(person!.xm).toBe(row[name]);
        expect(person!.xb).toBe(sexCode);
        // The legal marriage age (22 for men, 20 for women) at registration.
        const birth = person!.csrq as string;
        const age = Number((row.djrq as string).slice(0, 4)) - Number(birth.slice(0, 4)) - ((row.djrq as string).slice(5) < birth.slice(5) ? 1 : 0);
        expect(age, `${n} ${id}`).toBeGreaterThanOrEqual(minAge);
      }
    });
  });

  it('lists each person at most once in marriage and in the housing fund (apart from duplicated records)', () => {
    const once = (key: string, items: string[]): void => {
      const dups = planted(byKey(key), 'duplicate_key');
      const ids = rowsOf(key).flatMap((r, n) => (dups.has(n) ? [] : items.map((c) => r[c] as string)));
      expect(new Set(ids).size, key).toBe(ids.length);
    };
    once('marriage', ['nf_sfzhm', 'nvf_sfzhm']);
    once('housing_fund', ['sfzhm']);
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
