/** 3. 社保缴费 (人社局): monthly contributions per insured person and insurance type. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, dates, item, money, nameItem, pattern, PERIOD_REGEX, range, toHukou } from './catalog.ts';
import { AS_OF, DAY_MS, dayOf, daysAfter, isoOf, MONTHS, round2 } from './dates.ts';
import type { Payer } from './organisations.ts';
import { agedBetween, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import { Rng } from './random.ts';
import { employer, residentStream } from './references.ts';

/** 险种类型: 110 企业职工基本养老, 120 机关事业单位养老, 210 失业, 310 职工基本医疗, 410 工伤, 510 生育. */
const INSURANCE_TYPES = ['110', '120', '210', '310', '410', '510'] as const;
/** Combined employer + employee rates (illustrative): pension 16%+8%, unemployment 0.7%+0.3%, medical ~7%+2%. */
const INSURANCE_RATES: Readonly<Record<string, number>> = { '110': 0.24, '120': 0.24, '210': 0.01, '310': 0.09 };
const BASE_MIN = 4300;
const BASE_MAX = 21_500;
const TYPES_PER_MONTH = 4;
const ROWS_PER_INSURED = MONTHS.length * TYPES_PER_MONTH;

const socialInsuranceContent: CatalogEntryContent = {
  name: '潍坊市职工社会保险缴费明细',
  summary: '参保职工按月、按险种的缴费记录，含参保单位、缴费基数、实缴金额和缴费日期，用于参保证明、待遇核定和就业统计。',
  resourceClass: 'theme',
  category: '社会保障',
  format: '数据库表',
  updateFrequency: 'monthly',
  shareType: 'conditional',
  shareConditions: '限社会保障、就业创业、人才引进、住房保障等业务核验使用，经市人社局审核，个人明细须有本人授权或法律法规依据。',
  notSharedBasis: null,
  shareModes: ['api', 'table'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    citizenIdItem('sfzhm', '公民身份号码', { key: true }),
    nameItem('xm', '姓名', { required: true }),
    item('ssq', '费款所属期', 'string', { length: 6, key: true }),
    item('xzlx', '险种类型', 'string', { length: 3, key: true }),
    item('dwxydm', '参保单位统一社会信用代码', 'string', { length: 18, required: true }),
    item('dwmc', '参保单位名称', 'string', { length: 100, required: true }),
    money('jfjs', '缴费基数（元）', 12, { required: true, sensitivity: 'personal' }),
    money('jfje', '实缴金额（元）', 12, { required: true, sensitivity: 'personal' }),
    item('jfrq', '缴费日期', 'date', { required: false }),
  ],
};

function payDate(rng: Rng, period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(4, 6));
  const late = month < 6 && rng.chance(0.06);
  const d = Date.UTC(year, month - 1 + (late ? 1 : 0), rng.int(8, 25)) / DAY_MS;
  return isoOf(Math.min(d, dayOf(AS_OF)));
}

export const socialInsurancePlan: Plan = {
  period: 200,
  defects: [
    { kind: 'dangling_reference', item: 'sfzhm', residue: 37 },
    { kind: 'bad_uscc_check', item: 'dwxydm', residue: 73 },
    { kind: 'out_of_code_table', item: 'xzlx', residue: 109 },
    { kind: 'duplicate_key', item: 'sfzhm', residue: 151 },
    { kind: 'missing_required', item: 'jfrq', residue: 187 },
  ],
  duplicateOffset: 1,
  start(ctx) {
    const stream = residentStream(ctx, 'social_insurance', agedBetween(18, 59));
    let i = 0;
    let insured: { p: Person; payer: Payer; base: number; injuryRate: number } | undefined;
    return () => {
      const within = i % ROWS_PER_INSURED;
      if (within === 0 || !insured) {
        const rng = Rng.of(ctx.seed, 'si-person', Math.floor(i / ROWS_PER_INSURED));
        insured = {
          p: stream(),
          payer: employer(ctx, rng, true),
          // Most pay near the floor, few near the ceiling.
          base: round2(BASE_MIN + (BASE_MAX - BASE_MIN) * Math.pow(rng.float(), 2.5)),
          injuryRate: rng.pick([0.002, 0.004, 0.006, 0.008, 0.012]),
        };
      }
      const rng = Rng.of(ctx.seed, 'si-row', i++);
      const period = MONTHS[Math.floor(within / TYPES_PER_MONTH)]!;
      const pension = insured.payer.type === '机关事业单位' ? '120' : '110';
      const type = [pension, '210', '310', '410'][within % TYPES_PER_MONTH]!;
      const rate = INSURANCE_RATES[type] ?? insured.injuryRate;
      return {
        sfzhm: insured.p.id,
        xm: insured.p.name,
        ssq: period,
        xzlx: type,
        dwxydm: insured.payer.uscc,
        dwmc: insured.payer.name,
        jfjs: insured.base,
        jfje: round2(insured.base * rate),
        jfrq: payDate(rng, period),
      };
    };
  },
  // A correction (补缴): the same person, period and type paid again on a new base, later.
  duplicate(source, rng) {
    const base = round2(Math.min(BASE_MAX, (source.jfjs as number) * (1 + rng.int(2, 12) / 100)));
    const rate = (source.jfje as number) / (source.jfjs as number);
    const later = daysAfter(source.jfrq as string, rng.int(20, 60));
    return { ...source, jfjs: base, jfje: round2(base * rate), jfrq: later };
  },
  outOfTable: (_row, _item, rng) => rng.pick(['11', '610', '999']),
  dangling: { sfzhm: { name: 'xm' } },
};

export const socialInsuranceDataset = dataset('social_insurance', 'rs', socialInsuranceContent, 36_000, [
  { kind: 'citizen_id', item: 'sfzhm' },
  toHukou('sfzhm'),
  pattern('ssq', PERIOD_REGEX),
  codes('xzlx', INSURANCE_TYPES),
  { kind: 'uscc', item: 'dwxydm' },
  range('jfjs', BASE_MIN, BASE_MAX),
  range('jfje', 0, 10_000),
  dates('jfrq', '2026-01-01'),
  { kind: 'row_count_change', params: { maxChangeRatio: 0.2 } },
]);
