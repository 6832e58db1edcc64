import { describe, it, expect } from 'vitest';
import { isMobileNumber, validateCitizenId, validateUscc } from '../../src/modules/directory/identifiers.ts';
import { DEMO_DATASETS, plantedDefects, type DemoDataset, type DemoRow, type PlantedDefectKind, type QualityRuleSpec } from './index.ts';
import { byKey, isIsoDate, planted, rowsOf, SCALE } from './test-helpers.ts';

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '';

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
