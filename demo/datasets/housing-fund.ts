/** 4. 住房公积金 (公积金中心): housing-fund accounts of employees. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, dates, item, money, nameItem, pattern, range, toHukou } from './catalog.ts';
import { addYears, AS_OF, dateBetween, dayOf, maxIso, round2 } from './dates.ts';
import { agedBetween } from './people.ts';
import type { Plan } from './plan.ts';
import { accountNumber, Rng, seedOf } from './random.ts';
import { employer, residentStream } from './references.ts';

const FUND_STATUSES = ['正常', '封存', '冻结', '销户'] as const;

const housingFundContent: CatalogEntryContent = {
  name: '潍坊市住房公积金个人账户信息',
  summary: '住房公积金缴存职工的个人账户信息，含缴存单位、月缴存额、账户余额、账户状态和开户日期，用于购房贷款、提取和人才政策核验。',
  resourceClass: 'department',
  category: '住房保障',
  format: '数据库表',
  updateFrequency: 'monthly',
  shareType: 'conditional',
  shareConditions: '限不动产登记、住房保障、人才引进、个人所得税专项附加扣除核验等业务使用，经市公积金中心审核，余额等明细须有本人授权。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('grzh', '个人公积金账号', 'string', { length: 12, key: true }),
    nameItem('xm', '姓名', { required: true }),
    citizenIdItem('sfzhm', '公民身份号码', { required: true }),
    item('dwxydm', '缴存单位统一社会信用代码', 'string', { length: 18, required: true }),
    item('dwmc', '缴存单位名称', 'string', { length: 100, required: true }),
    money('yjce', '月缴存额（元）', 10, { required: true, sensitivity: 'personal' }),
    money('zhye', '账户余额（元）', 14, { required: true, sensitivity: 'personal' }),
    item('zhzt', '账户状态', 'string', { length: 4, required: true }),
    item('khrq', '开户日期', 'date', { required: false }),
  ],
};

export const housingFundPlan: Plan = {
  period: 150,
  defects: [
    { kind: 'duplicate_key', item: 'grzh', residue: 19 },
    { kind: 'dangling_reference', item: 'sfzhm', residue: 36 },
    { kind: 'bad_uscc_check', item: 'dwxydm', residue: 53 },
    { kind: 'out_of_code_table', item: 'zhzt', residue: 77 },
    { kind: 'missing_required', item: 'khrq', residue: 91 },
  ],
  duplicateOffset: 2,
  start(ctx) {
    const stream = residentStream(ctx, 'housing_fund', agedBetween(20, 60));
    const accountKey = seedOf(ctx.seed, 'fund-account', 0);
    let i = 0;
    return () => {
      const rng = Rng.of(ctx.seed, 'fund', i);
      const account = accountNumber('3707', i, accountKey);
      i++;
      const p = stream();
      const payer = employer(ctx, rng, false);
      const base = 2200 + (22_000 - 2200) * Math.pow(rng.float(), 2.2);
      const rate = rng.weighted([[0.05, 2], [0.08, 2], [0.1, 2], [0.12, 4]] as const);
      const status = rng.weighted([['正常', 85], ['封存', 10], ['冻结', 2], ['销户', 3]] as const);
      const opened = dateBetween(rng, maxIso(addYears(p.birth, 18), '2000-01-01'), '2026-05-31', 1.4);
      const months = Math.max(1, Math.floor((dayOf(AS_OF) - dayOf(opened)) / 30.4));
      const deposit = round2(round2(base * rate) * 2);
      const balance = status === '销户' ? 0 : round2(deposit * months * (0.12 + 0.5 * rng.float()));
      return {
        grzh: account,
        xm: p.name,
        sfzhm: p.id,
        dwxydm: payer.uscc,
        dwmc: payer.name,
        yjce: status === '正常' ? deposit : 0,
        zhye: balance,
        zhzt: status,
        khrq: opened,
      };
    };
  },
  // The account reported again a month later: one more deposit in the balance.
  duplicate(source) {
    return { ...source, zhye: round2((source.zhye as number) + (source.yjce as number)) };
  },
  outOfTable: () => '停缴',
  dangling: { sfzhm: { name: 'xm' } },
};

export const housingFundDataset = dataset('housing_fund', 'gjj', housingFundContent, 6000, [
  pattern('grzh', '^3707[0-9]{8}$'),
  { kind: 'citizen_id', item: 'sfzhm' },
  toHukou('sfzhm'),
  { kind: 'uscc', item: 'dwxydm' },
  range('yjce', 0, 6000),
  range('zhye', 0, 5_000_000),
  codes('zhzt', FUND_STATUSES),
  dates('khrq', '1992-01-01'),
]);
