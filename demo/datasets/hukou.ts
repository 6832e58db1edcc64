/** 1. 户籍人口 (公安局): the population register; every other dataset's people are hukou rows. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, dates, item, nameItem } from './catalog.ts';
import { daysAfter } from './dates.ts';
import { COUNTIES, ETHNICITY_CODES, homeAddress, mobile, person, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import type { DemoRow } from './types.ts';

export const HUKOU_ROWS = 20_000;
const COUNTY_CODES = COUNTIES.map((c) => c.code);

const hukouContent: CatalogEntryContent = {
  name: '潍坊市户籍人口基本信息',
  summary: '全市户籍人口的身份、性别、出生日期、民族、户籍地址及联系方式，来源于公安人口管理信息系统，是人口基础信息库的核心数据。',
  resourceClass: 'base',
  category: '人口',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '限政务部门依法履职需要，经市公安局审核同意后以接口方式按需核验或查询，遵循最小必要原则，不得用于申请事项以外的用途。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'important',
  relatedCodes: [],
  items: [
    citizenIdItem('sfzhm', '公民身份号码', { key: true }),
    nameItem('xm', '姓名', { required: true }),
    item('xb', '性别', 'string', { length: 1, required: true }),
    item('csrq', '出生日期', 'date', { required: true, sensitivity: 'personal' }),
    item('mz', '民族', 'string', { length: 2, required: true }),
    item('hjdqh', '户籍地行政区划代码', 'string', { length: 6, required: true }),
    item('hjdz', '户籍地址', 'string', { length: 200, required: false, sensitivity: 'personal', mask: 'address' }),
    item('hjdjrq', '户籍登记日期', 'date', { required: true }),
    item('sjhm', '联系电话', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile' }),
  ],
};

function hukouRow(p: Person): DemoRow {
  return {
    sfzhm: p.id,
    xm: p.name,
    xb: p.sex === 'M' ? '1' : '2',
    csrq: p.birth,
    mz: p.ethnicity,
    hjdqh: p.county.code,
    hjdz: p.address,
    hjdjrq: p.registered,
    sjhm: p.mobile,
  };
}

export const hukouPlan: Plan = {
  period: 200,
  defects: [
    { kind: 'out_of_code_table', item: 'xb', residue: 12 },
    { kind: 'bad_citizen_id_check', item: 'sfzhm', residue: 23 },
    { kind: 'missing_required', item: 'hjdz', residue: 47 },
    { kind: 'duplicate_key', item: 'sfzhm', residue: 71 },
    { kind: 'bad_mobile', item: 'sjhm', residue: 88 },
  ],
  duplicateOffset: 5,
  start(ctx) {
    let i = 0;
    return () => hukouRow(person(ctx.seed, i++));
  },
  // The same person registered again after moving (迁入): new county, address and date.
  duplicate(source, rng) {
    const county = rng.pick(COUNTIES.filter((c) => c.code !== source.hjdqh));
    const after = daysAfter(source.hjdjrq as string, rng.int(30, 3000));
    return { ...source, hjdqh: county.code, hjdz: homeAddress(rng, county), hjdjrq: after, sjhm: source.sjhm === null ? null : mobile(rng) };
  },
  // A legacy system writing the sex as text instead of the GB/T 2261.1 code.
  outOfTable: (row) => (row.xb === '1' ? '男' : '女'),
};

export const hukouDataset = dataset('hukou', 'ga', hukouContent, HUKOU_ROWS, [
  { kind: 'citizen_id', item: 'sfzhm' },
  codes('xb', ['1', '2']),
  codes('mz', ETHNICITY_CODES),
  codes('hjdqh', COUNTY_CODES),
  { kind: 'length', item: 'xm', params: { min: 2, max: 4 } },
  { kind: 'mobile', item: 'sjhm' },
  dates('csrq', '1900-01-01'),
  dates('hjdjrq', '1958-01-01'),
  { kind: 'row_count_change', params: { maxChangeRatio: 0.05 } },
]);
