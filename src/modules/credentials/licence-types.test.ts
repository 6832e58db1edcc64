import { describe, expect, it } from 'vitest';
import { DEMO_DATASETS } from '../../../demo/datasets.ts';
import { DEPARTMENTS } from '../../../demo/weifang.ts';
import { ageClaims, LICENCE_TYPES, licenceTypeProblems, validUntil, type LicenceType } from './licence-types.ts';

const type = (code: string): LicenceType => LICENCE_TYPES.find((t) => t.code === code)!;

describe('the demo licence types', () => {
  it('are the ten types of the issue, each consistent, issued by a demo department', () => {
    expect(LICENCE_TYPES.map((t) => t.name)).toEqual(['居民身份证', '居住证', '机动车驾驶证', '机动车行驶证', '老年人优待证', '护士执业证书', '医师执业证书', '营业执照', '结婚证', '不动产权证书']);
    expect(new Set(LICENCE_TYPES.map((t) => t.code)).size).toBe(LICENCE_TYPES.length);
    const departments = new Set(DEPARTMENTS.map((d) => d.key));
    for (const t of LICENCE_TYPES) {
      expect(licenceTypeProblems(t), t.name).toEqual([]);
      expect(departments.has(t.issuer), t.name).toBe(true);
    }
  });

  it('issue in bulk only from items the demo datasets really have', () => {
    for (const t of LICENCE_TYPES.filter((x) => x.source)) {
      const dataset = DEMO_DATASETS.find((d) => d.key === t.source!.dataset);
      expect(dataset, t.name).toBeDefined();
      const items = new Set(dataset!.content.items.map((i) => i.code));
      for (const item of Object.values(t.source!.map)) expect(items.has(item), `${t.name} ← ${item}`).toBe(true);
    }
  });

  it('disclose only what each scene needs: the elderly discount shows the age band and the name', () => {
    const elderly = type('LNRYDZ').scenes.find((s) => s.code === 'scenic_elderly')!;
    expect(elderly.disclose).toEqual(['age_over_60', 'name']);
    const hotel = type('JMSFZ').scenes.find((s) => s.code === 'hotel')!;
    expect(hotel.disclose).toEqual(['name', 'id_number']);
  });

  it('finds a problem in a broken type', () => {
    const broken: LicenceType = { ...type('JHZ'), code: 'jhz', display: { color: '#000', face: ['nope'] }, validity: { kind: 'field', field: 'holder_name' } };
    expect(licenceTypeProblems(broken)).toEqual(['结婚证：类型代码不合法 jhz', '结婚证：引用了不存在的字段 nope', '结婚证：有效期字段必须是日期']);
  });
});

describe('validity', () => {
  const idCard = type('JMSFZ');
  it('follows the ID card law by age at issue: 5, 10, 20 years, then long-term', () => {
    expect(validUntil(idCard, { birth_date: '2012-03-01' }, '2026-11-25')).toBe('2031-11-25'); // 14
    expect(validUntil(idCard, { birth_date: '2010-11-25' }, '2026-11-25')).toBe('2036-11-25'); // 16 today
    expect(validUntil(idCard, { birth_date: '2000-11-26' }, '2026-11-25')).toBe('2036-11-25'); // 25
    expect(validUntil(idCard, { birth_date: '2000-11-25' }, '2026-11-25')).toBe('2046-11-25'); // 26 today
    expect(validUntil(idCard, { birth_date: '1980-11-26' }, '2026-11-25')).toBe('2046-11-25'); // 45
    expect(validUntil(idCard, { birth_date: '1980-11-25' }, '2026-11-25')).toBeNull(); // 46: 长期
  });

  it('adds whole years, keeps a date field, and knows 长期', () => {
    expect(validUntil(type('JZZ'), {}, '2028-02-29')).toBe('2029-02-28');
    expect(validUntil(type('JDCJSZ'), { valid_until: '2032-05-01' }, '2026-05-01')).toBe('2032-05-01');
    expect(validUntil(type('YYZZ'), {}, '2026-11-25')).toBeNull();
  });

  it('derives the age bands on the day of issue', () => {
    expect(ageClaims('1966-11-25', '2026-11-25')).toEqual({ age_over_18: true, age_over_60: true, age_over_65: false });
    expect(ageClaims('1966-11-26', '2026-11-25')).toEqual({ age_over_18: true, age_over_60: false, age_over_65: false });
  });
});
