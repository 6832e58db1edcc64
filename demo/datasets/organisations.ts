/** Organisations: market entities (companies, shops, co-operatives) with their credit codes, and the payers (employers) rows refer to. */
import { orgCodeCheckChar, usccCheckChar } from '../../src/modules/directory/identifiers.ts';
import { DEPARTMENTS } from '../weifang.ts';
import { dateBetween } from './dates.ts';
import { businessAddress, COUNTIES, COUNTY_BY_CODE, personName, roadAddress, URBAN_COUNTIES } from './people.ts';
import { permute, Rng, seedOf } from './random.ts';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A market entity's credit code: 9 (市场监管) + type + region + `WF` + 6 chars + the two check chars. */
function entityUscc(entityType: '1' | '2' | '3', region: string, serial: number): string {
  let body = '';
  for (let k = 0, n = serial; k < 6; k++, n = Math.floor(n / 31)) body = USCC_ALPHABET[n % 31]! + body;
  const orgBody = `WF${body}`;
  const first17 = `9${entityType}${region}${orgBody}${orgCodeCheckChar(orgBody)}`;
  return first17 + usccCheckChar(first17);
}

export const ENTITY_TYPES = [
  '有限责任公司（自然人投资或控股）',
  '有限责任公司（自然人独资）',
  '股份有限公司（非上市、自然人投资或控股）',
  '个人独资企业',
  '普通合伙企业',
  '个体工商户',
  '农民专业合作社',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
const ENTITY_TYPE_WEIGHTS: ReadonlyArray<readonly [EntityType, number]> = [
  ['有限责任公司（自然人投资或控股）', 24], ['有限责任公司（自然人独资）', 10], ['股份有限公司（非上市、自然人投资或控股）', 1],
  ['个人独资企业', 2], ['普通合伙企业', 1], ['个体工商户', 56], ['农民专业合作社', 6],
];
export const ENTITY_STATUSES = ['存续', '吊销', '注销', '迁出'] as const;

/** Trade-name characters: two disjoint pools, so a name is always two different characters. */
const TRADE_FIRST = '鑫恒华金宏泰永万天福佳海宝昌鼎德嘉广立博致安益顺中新东鲁众盈';
const TRADE_SECOND = '源达信诚丰运泽和世兴通润瑞康美宇利盛隆辉远成祥泉汇晟科邦合凯';
const COMPANY_TRADES = ['机械', '化工', '食品', '纺织', '建材', '农业科技', '物流', '电子科技', '新材料', '环保科技', '汽车配件', '医药', '商贸', '建筑工程', '信息技术', '家具', '印刷', '包装', '生物科技', '供应链管理'] as const;
const SHOP_TRADES = ['便利店', '餐馆', '五金店', '理发店', '日用品店', '水果店', '蔬菜店', '小吃店', '家电维修部', '服装店', '烟酒店', '建材店', '超市', '烧烤店', '快餐店', '手机店', '包子铺', '洗车行', '装饰部', '副食品店'] as const;
const COOP_TRADES = ['蔬菜种植', '果蔬', '粮食种植', '畜禽养殖', '农机服务', '苗木花卉', '生姜种植', '大葱种植', '西瓜种植', '草莓种植', '樱桃种植', '葡萄种植', '蜜桃种植', '食用菌', '中药材种植', '土地股份', '生猪养殖', '肉鸡养殖', '蛋鸡养殖', '水产养殖'] as const;
const NAME_SPACE = TRADE_FIRST.length * TRADE_SECOND.length * 20;
const ENTITY_SERIAL_SPACE = 31 ** 6;

export interface Entity {
  uscc: string;
  name: string;
  type: EntityType;
  legalRep: string;
  capital: number | null;
  established: string;
  address: string;
  authority: string;
  status: (typeof ENTITY_STATUSES)[number];
}

/** Market entity `index`: a pure function of (seed, index); credit codes unique per index. */
export function marketEntity(seed: number, index: number): Entity {
  const rng = Rng.of(seed, 'entity', index);
  const type = rng.weighted(ENTITY_TYPE_WEIGHTS);
  const individual = type === '个体工商户';
  const coop = type === '农民专业合作社';
  const county = rng.pick(coop ? COUNTIES.filter((c) => !c.urban || c.code === '370703') : COUNTIES);
  const cityRegistered = !individual && !coop && rng.chance(0.25);
  const region = cityRegistered ? '370700' : county.code;
  const uscc = entityUscc(individual ? '2' : coop ? '3' : '1', region, permute(index % ENTITY_SERIAL_SPACE, ENTITY_SERIAL_SPACE, seedOf(seed, 'entity-serial', 0)));
  const combo = permute(index % NAME_SPACE, NAME_SPACE, seedOf(seed, 'entity-name', 0));
  const tradeName = TRADE_FIRST[combo % TRADE_FIRST.length]! + TRADE_SECOND[Math.floor(combo / TRADE_FIRST.length) % TRADE_SECOND.length]!;
  const trade = Math.floor(combo / (TRADE_FIRST.length * TRADE_SECOND.length));
  const place = county.urban || cityRegistered ? '潍坊' : county.name;
  let name: string;
  let capital: number | null;
  let since = '1998-01-01';
  switch (type) {
    case '股份有限公司（非上市、自然人投资或控股）':
      name = `山东${tradeName}${COMPANY_TRADES[trade]}股份有限公司`;
      capital = rng.pick([1000, 2000, 3000, 5000, 8000, 10000]);
      break;
    case '个人独资企业':
      name = `${county.official}${tradeName}${COMPANY_TRADES[trade]}经营部`;
      capital = rng.pick([1, 3, 5, 10, 20, 50, 100]);
      break;
    case '普通合伙企业':
      name = `潍坊${tradeName}${COMPANY_TRADES[trade]}中心（普通合伙）`;
      capital = rng.pick([10, 30, 50, 100, 200, 500]);
      break;
    case '个体工商户':
      name = `${county.official}${tradeName}${SHOP_TRADES[trade]}`;
      capital = rng.chance(0.3) ? null : rng.pick([0.5, 1, 2, 3, 5, 10, 20]);
      since = '2005-01-01';
      break;
    case '农民专业合作社':
      name = `${county.official}${tradeName}${COOP_TRADES[trade]}专业合作社`;
      capital = rng.pick([5, 10, 20, 50, 100, 200, 300]);
      since = '2008-01-01';
      break;
    default:
      name = `${place}${tradeName}${COMPANY_TRADES[trade]}有限公司`;
      capital = rng.weighted([[10, 8], [30, 6], [50, 10], [100, 14], [200, 8], [300, 6], [500, 8], [1000, 5], [2000, 2], [5000, 1]] as const);
  }
  const repSex = rng.chance(0.72) ? 'M' : 'F';
  const established = dateBetween(rng, since, '2026-05-31', 1.8);
  return {
    uscc,
    name,
    type,
    legalRep: personName(rng, repSex, rng.int(1955, 1998)),
    capital,
    established,
    address: businessAddress(rng, cityRegistered ? rng.pick(URBAN_COUNTIES) : county, coop),
    authority: region === '370700' ? '潍坊市市场监督管理局' : `${county.official}市场监督管理局`,
    status: rng.weighted([['存续', 88], ['注销', 8], ['吊销', 3], ['迁出', 1]] as const),
  };
}

export interface Payer {
  uscc: string;
  name: string;
  address: string;
  type: EntityType | '机关事业单位';
}

/** Departments whose staff appear as employees; looked up by key so later additions to DEPARTMENTS change nothing. */
const GOVERNMENT_EMPLOYERS = ['ga', 'mz', 'rs', 'wj', 'jy', 'zj', 'scjg', 'gjj', 'dsj', 'jt'] as const;

export function governmentPayer(rng: Rng): Payer {
  const key = rng.pick(GOVERNMENT_EMPLOYERS);
  const d = DEPARTMENTS.find((dep) => dep.key === key)!;
  return { uscc: d.uscc, name: d.name, address: roadAddress(rng, COUNTY_BY_CODE.get('370705')!, '新城街道', false), type: '机关事业单位' };
}
