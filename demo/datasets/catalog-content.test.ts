import { describe, it, expect } from 'vitest';
import { contentProblems } from '../../src/modules/catalog/validation.ts';
import { DEPARTMENTS } from '../weifang.ts';
import { DEMO_DATASETS } from './index.ts';
import { byKey } from './test-helpers.ts';

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
