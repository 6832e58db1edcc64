/** 8. 供暖 (heating companies, supervised by 住建局): heated households; the stale dataset. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { dataset, dates, item, money, nameItem, pattern, range } from './catalog.ts';
import { dateBetween, round2 } from './dates.ts';
import { COUNTY_BY_CODE, personName, roadAddress } from './people.ts';
import type { Plan } from './plan.ts';
import { accountNumber, Rng, seedOf } from './random.ts';

/** Illustrative residential tariff, 元 per m² of floor area per heating season. */
const HEATING_TARIFF = 22;
const HEATING_SEASON = '2024-2025';

const heatingContent: CatalogEntryContent = {
  name: '潍坊市居民供热缴费信息',
  summary: '各供热企业报送的居民供热户的供热面积、采暖费和缴费情况，采暖季内按月更新，用于供热监管、困难群众采暖补贴核定。',
  resourceClass: 'department',
  category: '城市供热',
  format: '电子表格',
  updateFrequency: 'monthly',
  shareType: 'conditional',
  shareConditions: '限供热监管、采暖补贴核定和城市运行监测使用，经市住房城乡建设局审核后以库表方式共享。',
  notSharedBasis: null,
  shareModes: ['table'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('zh', '供热户号', 'string', { length: 10, key: true }),
    item('cnq', '采暖季', 'string', { length: 9, required: true }),
    nameItem('hm', '户名', { required: true }),
    item('dz', '供热地址', 'string', { length: 200, required: true, sensitivity: 'personal', mask: 'address' }),
    money('mj', '供热面积（平方米）', 8, { required: true }),
    money('cnf', '采暖费（元）', 10, { required: true }),
    item('sfjf', '是否缴费', 'boolean', { required: true }),
    item('jfrq', '缴费日期', 'date'),
  ],
};

const HEATED: ReadonlyArray<readonly [string, number]> = [
  ['370705', 35], ['370702', 25], ['370704', 12], ['370703', 13], ['370783', 5], ['370781', 5], ['370782', 5],
];

function heatingArea(rng: Rng): number {
  return round2(45 + 135 * ((rng.float() + rng.float() + rng.float()) / 3));
}

export const heatingPlan: Plan = {
  period: 100,
  defects: [
    { kind: 'missing_required', item: 'mj', residue: 33 },
    { kind: 'duplicate_key', item: 'zh', residue: 66 },
  ],
  duplicateOffset: 1,
  start(ctx) {
    const accountKey = seedOf(ctx.seed, 'heat-account', 0);
    let i = 0;
    return () => {
      const rng = Rng.of(ctx.seed, 'heat', i);
      const zh = accountNumber('80', i, accountKey);
      i++;
      const county = COUNTY_BY_CODE.get(rng.weighted(HEATED))!;
      const area = heatingArea(rng);
      const paid = rng.chance(0.93);
      return {
        zh,
        cnq: HEATING_SEASON,
        hm: personName(rng, rng.chance(0.6) ? 'M' : 'F', rng.int(1945, 1995)),
        dz: roadAddress(rng, county, rng.pick(county.towns.filter((t) => t.endsWith('街道'))), true),
        mj: area,
        cnf: round2(area * HEATING_TARIFF),
        sfjf: paid,
        jfrq: paid ? dateBetween(rng, '2024-09-01', '2025-03-15') : null,
      };
    };
  },
  // The household re-measured (面积核实): corrected area and fee, paid.
  duplicate(source, rng) {
    const area = round2((source.mj as number) * (0.95 + 0.04 * rng.float()));
    return { ...source, mj: area, cnf: round2(area * HEATING_TARIFF), sfjf: true, jfrq: source.jfrq ?? dateBetween(rng, '2024-11-15', '2025-03-15') };
  },
};

export const heatingDataset = dataset('heating', 'zj', heatingContent, 5000, [
  pattern('zh', '^[0-9]{10}$'),
  pattern('cnq', '^[0-9]{4}-[0-9]{4}$'),
  range('mj', 20, 500),
  range('cnf', 0, 20_000),
  dates('jfrq', '2024-09-01'),
], { stale: true });
