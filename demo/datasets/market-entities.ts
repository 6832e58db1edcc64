/** 6. 市场主体 (市场监管局): the register of companies, shops and co-operatives; employers in other datasets come from it. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { codes, dataset, dates, item, money, range } from './catalog.ts';
import { ENTITY_STATUSES, ENTITY_TYPES, marketEntity, type Entity } from './organisations.ts';
import { businessAddress, URBAN_COUNTIES } from './people.ts';
import type { Plan } from './plan.ts';
import type { DemoRow } from './types.ts';

export const MARKET_ROWS = 4000;

const marketEntitiesContent: CatalogEntryContent = {
  name: '潍坊市市场主体登记信息',
  summary: '在潍坊登记的企业、个体工商户和农民专业合作社的统一社会信用代码、名称、类型、法定代表人、注册资本、成立日期、住所、登记机关和登记状态。',
  resourceClass: 'base',
  category: '法人',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'unconditional',
  shareConditions: null,
  notSharedBasis: null,
  shareModes: ['api', 'table', 'file'],
  openType: 'open',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('tyshxydm', '统一社会信用代码', 'string', { length: 18, key: true, sensitivity: 'public' }),
    item('ztmc', '主体名称', 'string', { length: 100, required: true, sensitivity: 'public' }),
    item('ztlx', '主体类型', 'string', { length: 30, required: true, sensitivity: 'public' }),
    item('fddbr', '法定代表人（负责人、经营者）', 'string', { length: 50, required: true, sensitivity: 'public' }),
    money('zczb', '注册资本（万元）', 14, { sensitivity: 'public' }),
    item('clrq', '成立日期', 'date', { required: true, sensitivity: 'public' }),
    item('zs', '住所（经营场所）', 'string', { length: 200, required: true, sensitivity: 'public' }),
    item('djjg', '登记机关', 'string', { length: 100, required: true, sensitivity: 'public' }),
    item('djzt', '登记状态', 'string', { length: 10, required: true, sensitivity: 'public' }),
  ],
};

function marketRow(e: Entity): DemoRow {
  return {
    tyshxydm: e.uscc,
    ztmc: e.name,
    ztlx: e.type,
    fddbr: e.legalRep,
    zczb: e.capital,
    clrq: e.established,
    zs: e.address,
    djjg: e.authority,
    djzt: e.status,
  };
}

export const marketEntitiesPlan: Plan = {
  period: 100,
  defects: [
    { kind: 'bad_uscc_check', item: 'tyshxydm', residue: 29 },
    { kind: 'out_of_code_table', item: 'djzt', residue: 43 },
    { kind: 'missing_required', item: 'fddbr', residue: 64 },
    { kind: 'duplicate_key', item: 'tyshxydm', residue: 86 },
  ],
  duplicateOffset: 2,
  start(ctx) {
    let i = 0;
    return () => marketRow(marketEntity(ctx.seed, i++));
  },
  // A change of registration (变更登记): the entity moved to a new address.
  duplicate(source, rng) {
    const county = rng.pick(URBAN_COUNTIES);
    return { ...source, zs: businessAddress(rng, county, false) };
  },
  // Status words of the old enterprise credit publicity system.
  outOfTable: (_row, _item, rng) => rng.pick(['开业', '在营（开业）']),
};

export const marketEntitiesDataset = dataset('market_entities', 'scjg', marketEntitiesContent, MARKET_ROWS, [
  { kind: 'uscc', item: 'tyshxydm' },
  codes('ztlx', ENTITY_TYPES),
  codes('djzt', ENTITY_STATUSES),
  range('zczb', 0, 1_000_000),
  dates('clrq', '1949-10-01'),
  { kind: 'row_count_change', params: { maxChangeRatio: 0.1 } },
]);
