/** 7. 用电 (供电公司, held by the energy authority): monthly consumption of residential and business accounts. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, item, money, pattern, PERIOD_REGEX, range, toHukou } from './catalog.ts';
import { MONTHS, round2 } from './dates.ts';
import { ageToday } from './people.ts';
import type { Plan } from './plan.ts';
import { accountNumber, Rng, seedOf } from './random.ts';
import { employer, randomResident } from './references.ts';

const ELECTRICITY_CATEGORIES = ['居民生活', '工商业', '农业生产'] as const;
/** Monthly load relative to the mean, January..June (heating in winter, air conditioning from June). */
const SEASON = [1.3, 1.2, 1.0, 0.85, 0.9, 1.15] as const;

/** Shandong's residential tiers (0.5469 / 0.5969 / 0.8469 元 per kWh at 210 and 400 kWh a month); flat rates otherwise. */
function electricityCharge(category: string, kwh: number): number {
  if (category === '居民生活') {
    const t1 = Math.min(kwh, 210);
    const t2 = Math.max(0, Math.min(kwh, 400) - 210);
    const t3 = Math.max(0, kwh - 400);
    return round2(t1 * 0.5469 + t2 * 0.5969 + t3 * 0.8469);
  }
  return round2(kwh * (category === '农业生产' ? 0.5133 : 0.6812));
}

const electricityContent: CatalogEntryContent = {
  name: '潍坊市电力用户月度用电信息',
  summary: '国网潍坊供电公司按月汇交的分户用电量和电费，含居民和工商业用户，用于经济运行监测、社会救助家庭经济状况核对和企业信用评价。',
  resourceClass: 'theme',
  category: '能源',
  format: '电子表格',
  updateFrequency: 'monthly',
  shareType: 'conditional',
  shareConditions: '限经济运行监测、社会救助核对、企业信用评价等场景使用，经市发展改革委审核；居民用户明细须有本人授权或法律法规依据。',
  notSharedBasis: null,
  shareModes: ['api', 'file'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('hh', '用电户号', 'string', { length: 10, key: true }),
    item('yf', '电费年月', 'string', { length: 6, key: true }),
    item('hm', '户名', 'string', { length: 100, required: true, sensitivity: 'personal', mask: 'name' }),
    item('yhlb', '用户类别', 'string', { length: 10, required: true }),
    citizenIdItem('hzsfzhm', '户主公民身份号码'),
    item('yhxydm', '用户统一社会信用代码', 'string', { length: 18, mask: 'uscc' }),
    item('yddz', '用电地址', 'string', { length: 200, required: true, sensitivity: 'personal', mask: 'address' }),
    item('ydl', '用电量（千瓦时）', 'integer', { required: true }),
    money('dfje', '电费金额（元）', 12, { required: true }),
  ],
};

/** Account `a` is non-residential when a ≡ 0 (mod 5); the period 240 = 8 × 6 months × 5 keeps that aligned with the residues. */
export const electricityPlan: Plan = {
  period: 240,
  defects: [
    { kind: 'bad_uscc_check', item: 'yhxydm', residue: 62 }, // account ≡ 0 (mod 5): non-residential
    { kind: 'dangling_reference', item: 'hzsfzhm', residue: 100 }, // account ≡ 1: residential
    { kind: 'missing_required', item: 'ydl', residue: 151 },
    { kind: 'duplicate_key', item: 'hh', residue: 200 },
    { kind: 'out_of_code_table', item: 'yhlb', residue: 223 },
  ],
  duplicateOffset: 1,
  start(ctx) {
    const accountKey = seedOf(ctx.seed, 'power-account', 0);
    let i = 0;
    let account: { hh: string; hm: string; yhlb: string; hzsfzhm: string | null; yhxydm: string | null; yddz: string; mean: number } | undefined;
    return () => {
      const a = Math.floor(i / MONTHS.length);
      const m = i % MONTHS.length;
      if (m === 0 || !account) {
        const rng = Rng.of(ctx.seed, 'power-account', a);
        const hh = accountNumber('37', a, accountKey);
        if (a % 5 !== 0) {
          const p = randomResident(ctx, rng, (q) => ageToday(q) >= 18);
          account = { hh, hm: p.name, yhlb: '居民生活', hzsfzhm: p.id, yhxydm: null, yddz: p.address, mean: 60 + 260 * Math.pow(rng.float(), 1.5) };
        } else {
          const payer = employer(ctx, rng, true);
          const farm = rng.chance(0.08);
          account = { hh, hm: payer.name, yhlb: farm ? '农业生产' : '工商业', hzsfzhm: null, yhxydm: payer.uscc, yddz: payer.address, mean: 300 + 30_000 * Math.pow(rng.float(), 3) };
        }
      }
      const rng = Rng.of(ctx.seed, 'power-month', i++);
      const kwh = Math.round(account.mean * SEASON[m]! * (0.85 + 0.3 * rng.float()));
      return {
        hh: account.hh,
        yf: MONTHS[m]!,
        hm: account.hm,
        yhlb: account.yhlb,
        hzsfzhm: account.hzsfzhm,
        yhxydm: account.yhxydm,
        yddz: account.yddz,
        ydl: kwh,
        dfje: electricityCharge(account.yhlb, kwh),
      };
    };
  },
  // A re-read meter (退补): the same account and month with corrected consumption and charge.
  duplicate(source, rng) {
    const kwh = Math.max(0, (source.ydl as number) + rng.int(-40, 60));
    return { ...source, ydl: kwh, dfje: electricityCharge(source.yhlb as string, kwh) };
  },
  // Categories from before Shandong's 2023 tariff reform.
  outOfTable: (row) => (row.yhlb === '居民生活' ? '居民照明' : '非居民照明'),
  dangling: { hzsfzhm: { name: 'hm' } },
};

export const electricityDataset = dataset('electricity', 'fg', electricityContent, 24_000, [
  pattern('hh', '^[0-9]{10}$'),
  pattern('yf', PERIOD_REGEX),
  codes('yhlb', ELECTRICITY_CATEGORIES),
  { kind: 'citizen_id', item: 'hzsfzhm' },
  toHukou('hzsfzhm'),
  { kind: 'uscc', item: 'yhxydm' },
  range('ydl', 0, 10_000_000),
  range('dfje', 0, 10_000_000),
]);
