/**
 * Synthetic datasets for the Weifang demo: eight resources of the kind a city's departments share (户籍人口,
 * 婚姻登记, 社保缴费, 公积金, 机动车, 市场主体, 用电, 供暖), each with a full catalog entry, the quality rules the
 * demo attaches, and deterministic rows with a few percent of planted defects the quality loop must find.
 *
 * Everything here is SYNTHETIC, like the people in weifang.ts. Citizen IDs and credit codes are well-formed
 * (check characters computed with the platform's own functions) but generated; credit codes carry the demo
 * organisation-code prefix `WF` so they cannot be a real registrant's. Mobile numbers are random numbers in
 * real carrier ranges (there is no reserved fictional block big enough). Town names appear only inside
 * free-text addresses; villages, roads numbers, companies and tariffs are illustrative.
 *
 * How the rows are built (why the code looks the way it does):
 *
 * - No Math.random. Every random choice comes from a PRNG seeded by (seed, stream name, index), so a row or a
 *   person is a pure function of its index and rows can be produced lazily, one at a time, at any scale.
 * - Person `i` of the population is a bijection of `i` (a keyed Feistel permutation over region × birth date ×
 *   sequence number), so citizen IDs are unique by construction and any dataset can compute "the person in
 *   hukou row h" without generating the hukou rows. Datasets that refer to people (marriage, social
 *   insurance, housing fund, vehicles, electricity) pick hukou rows below the hukou row count at the same
 *   scale, and never a hukou row that carries a defect, so the only dangling references are the planted ones.
 * - Defects sit at fixed residues of the row index modulo a per-dataset period ({@link plantedDefects} is
 *   therefore pure arithmetic). A defect row carries exactly one defect, and every declared quality rule is
 *   violated only by the planted rows (format rules skip empty values; `required` is what catches those).
 * - A duplicate-key defect row repeats the key of a clean earlier row (a fixed small offset back) with
 *   different values, as a re-submitted or corrected record would; the importer's upsert keeps the last one.
 *
 * Keys are unique by construction up to a large scale (vehicles' plates up to scale ~190, VIN serials up to
 * scale ~125; the rest far beyond). The reference guarantees need the hukou dataset to have people, i.e. a
 * scale of about 0.01 or more.
 */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { CatalogEntryContent, CatalogItem, ItemType, MaskRule, Sensitivity, UpdateFrequency } from '../src/modules/catalog/model.ts';
import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../src/modules/directory/identifiers.ts';
import { DEPARTMENTS, WEIFANG } from './weifang.ts';

// ---------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------

export type DemoRow = Record<string, string | number | boolean | null>;

/**
 * A quality rule the demo attaches to a dataset. Params by kind:
 * required / citizen_id / uscc / mobile: none (the format rules skip empty values);
 * unique: `item`, or `params.items` for a composite key; pattern: `{ regex }` (a JavaScript/POSIX-compatible
 * source); code_table: `{ values: string[] }`; range: `{ min?, max? }`; length: `{ min?, max? }` in characters;
 * valid_date: `{ min, max }` as 'YYYY-MM-DD'; reference: `{ dataset, item }` (a dataset key and its item);
 * freshness: `{ maxAgeDays }`; row_count_change: `{ maxChangeRatio }` between two imports.
 */
export interface QualityRuleSpec {
  kind:
    | 'required'
    | 'unique'
    | 'pattern'
    | 'code_table'
    | 'range'
    | 'length'
    | 'valid_date'
    | 'citizen_id'
    | 'uscc'
    | 'mobile'
    | 'reference'
    | 'freshness'
    | 'row_count_change';
  item?: string;
  params?: Record<string, unknown>;
}

export interface DemoDataset {
  key: string;
  /** The providing department's `key` in weifang.ts DEPARTMENTS. */
  providerCode: string;
  content: CatalogEntryContent;
  /** Rows at scale 1; the demo default of 0.05 gives about 5,300 rows over all eight datasets. */
  rowsAtScale1: number;
  rules: QualityRuleSpec[];
  /** Not updated within its declared frequency: the seeder should import it with an old timestamp. */
  stale?: boolean;
}

export type PlantedDefectKind =
  | 'bad_citizen_id_check'
  | 'missing_required'
  | 'duplicate_key'
  | 'bad_uscc_check'
  | 'bad_mobile'
  | 'out_of_code_table'
  | 'dangling_reference';

export interface GenerateOptions {
  scale: number;
  seed?: number;
}

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/** murmur3's 32-bit finaliser: a cheap, well-mixing hash of one word. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit seed for one (seed, stream, index) triple; indexes may exceed 2^32. */
function seedOf(seed: number, stream: string, index: number): number {
  let h = fmix32(hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1));
  h = fmix32(h ^ Math.floor(seed / 2 ** 32));
  h = fmix32(h ^ (index >>> 0));
  return fmix32(h + Math.floor(index / 2 ** 32));
}

/** mulberry32: small, fast and good enough for synthetic data. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  static of(seed: number, stream: string, index: number): Rng {
    return new Rng(seedOf(seed, stream, index));
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.float() * values.length)]!;
  }
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.float() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

/**
 * A keyed permutation of [0, domain) (domain ≤ 2^32): a 4-round Feistel network on the smallest even bit width
 * that covers the domain, cycle-walking back into it. Unlike an affine map it leaves no visible stride.
 */
function permute(x: number, domain: number, key: number): number {
  if (!Number.isInteger(x) || x < 0 || x >= domain) throw new RangeError(`permute: ${x} is outside [0, ${domain})`);
  if (domain <= 1) return 0;
  let bits = 2;
  while (2 ** bits < domain) bits += 2;
  const halfSize = 2 ** (bits / 2);
  let y = x;
  do {
    let l = Math.floor(y / halfSize);
    let r = y % halfSize;
    for (let round = 0; round < 4; round++) {
      const f = fmix32(r ^ Math.imul(key ^ (round * 0x3c6ef372), 0x27d4eb2d)) % halfSize;
      const next = (l ^ f) % halfSize;
      l = r;
      r = next < 0 ? next + halfSize : next;
    }
    y = l * halfSize + r;
  } while (y >= domain);
  return y;
}

// ---------------------------------------------------------------------------
// Dates (ISO 'YYYY-MM-DD', computed in UTC days)
// ---------------------------------------------------------------------------

/** The day the data describe; fixed so that rows never depend on when they are generated. */
const AS_OF = '2026-06-30';
const DAY_MS = 86_400_000;

function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5) === '02-29' && !isLeap(y) ? '02-28' : iso.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

function endOfMonth(year: number, month: number): string {
  return isoOf(Date.UTC(year, month, 0) / DAY_MS);
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

function minIso(a: string, b: string): string {
  return a < b ? a : b;
}

/** A date in [from, to]; `skew` > 1 leans towards `to` (registrations grow over time). */
function dateBetween(rng: Rng, from: string, to: string, skew = 1): string {
  const a = dayOf(from);
  const b = dayOf(to);
  if (b <= a) return from;
  return isoOf(a + Math.floor(Math.pow(rng.float(), 1 / skew) * (b - a + 1)));
}

function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------

interface County {
  code: string;
  name: string;
  /** How offices in it are named: 潍坊市奎文区… for districts, 寿光市… / 临朐县… otherwise. */
  official: string;
  urban: boolean;
  towns: readonly string[];
}

/** Towns and streets per county (names only, used inside free-text addresses; the coded ones are in weifang.ts). */
const TOWNS: Readonly<Record<string, readonly string[]>> = {
  '370702': ['城关街道', '南关街道', '西关街道', '北关街道', '于河街道', '望留街道'],
  '370703': ['寒亭街道', '开元街道', '固堤街道', '高里街道'],
  '370704': ['坊安街道', '凤凰街道', '九龙街道', '黄旗堡街道'],
  '370705': ['东关街道', '大虞街道', '梨园街道', '廿里堡街道', '潍州路街道', '北苑街道', '广文街道', '新城街道'],
  '370724': ['城关街道', '东城街道', '冶源镇', '五井镇', '九山镇', '寺头镇'],
  '370725': ['宝城街道', '朱刘街道', '五图街道', '乔官镇', '鄌郚镇'],
  '370781': ['王府街道', '益都街道', '云门山街道', '弥河镇', '王坟镇'],
  '370782': ['密州街道', '龙都街道', '舜王街道', '贾悦镇', '枳沟镇'],
  '370783': ['圣城街道', '文家街道', '古城街道', '孙家集街道', '羊口镇', '侯镇'],
  '370784': ['兴安街道', '新安街道', '景芝镇', '官庄镇'],
  '370785': ['醴泉街道', '朝阳街道', '密水街道', '夏庄镇', '柏城镇'],
  '370786': ['奎聚街道', '都昌街道', '围子街道', '饮马镇', '柳疃镇'],
};

const URBAN_CODES = new Set(['370702', '370703', '370704', '370705']);

/** The 12 county-level divisions of weifang.ts (the coded development zone issues no hukou of its own here). */
const COUNTIES: readonly County[] = (WEIFANG.children ?? [])
  .filter((c) => c.kind !== 'dev_zone')
  .map((c) => ({
    code: c.code,
    name: c.name,
    official: c.kind === 'district' ? `潍坊市${c.name}` : c.name,
    urban: URBAN_CODES.has(c.code),
    towns: TOWNS[c.code] ?? (c.children ?? []).map((t) => t.name),
  }));
const COUNTY_BY_CODE = new Map(COUNTIES.map((c) => [c.code, c]));
const URBAN_COUNTIES = COUNTIES.filter((c) => c.urban);

/** Roads of the central city (潍城/奎文/坊子/寒亭) and, for the county seats, common road names. */
const CITY_ROADS = [
  '东风东街', '东风西街', '胜利东街', '胜利西街', '健康东街', '福寿东街', '北宫东街', '清平路', '北海路', '新华路',
  '和平路', '四平路', '潍州路', '鸢飞路', '文化路', '虞河路', '月河路', '民生东街', '宝通街', '玉清街', '向阳路', '友爱路',
] as const;
const TOWN_ROADS = [
  '人民路', '建设街', '文化路', '府前街', '新华路', '育才路', '振兴路', '幸福街', '永安路', '工业路', '光明路', '利民街',
  '迎宾路', '商业街', '政通街',
] as const;

function roadAddress(rng: Rng, county: County, town: string, withFlat: boolean): string {
  const road = rng.pick(county.urban ? CITY_ROADS : TOWN_ROADS);
  const base = `山东省潍坊市${county.name}${town}${road}${rng.int(1, 1999)}号`;
  if (!withFlat) return base;
  const floor = rng.int(1, county.urban ? 26 : 11);
  return `${base}${rng.int(1, 36)}号楼${rng.int(1, 4)}单元${floor}${String(rng.int(1, 4)).padStart(2, '0')}室`;
}

function villageName(rng: Rng): string {
  return `${rng.pick(['', '', '东', '西', '南', '北', '前', '后', '大', '小'])}${pickSurname(rng)}${rng.pick(['家庄', '家', '家疃', '家营', '庄', ''])}村`;
}

/** A home address in a county: flats on a road in 街道, houses in villages of 镇. */
function homeAddress(rng: Rng, county: County): string {
  const town = rng.pick(county.towns);
  if (town.endsWith('镇') && rng.chance(0.8)) return `山东省潍坊市${county.name}${town}${villageName(rng)}${rng.int(1, 399)}号`;
  // Flats in 街道, and in the seat of a 镇.
  return roadAddress(rng, county, town, rng.chance(0.85));
}

/** A business address: a road number, or a village for rural co-operatives. */
function businessAddress(rng: Rng, county: County, rural: boolean): string {
  const towns = county.towns.filter((t) => t.endsWith('镇') === rural);
  const town = rng.pick(towns.length ? towns : county.towns);
  if (rural) return `山东省潍坊市${county.name}${town}${villageName(rng)}`;
  return roadAddress(rng, county, town, false);
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

/** Surnames with rough Shandong weights, and two compound ones (诸葛 for 诸城). */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 80], ['张', 70], ['李', 70], ['刘', 60], ['陈', 25], ['杨', 28], ['孙', 30], ['赵', 28], ['于', 20], ['徐', 20],
  ['马', 18], ['高', 18], ['韩', 16], ['郭', 16], ['宋', 15], ['丁', 14], ['姜', 15], ['崔', 12], ['曹', 10], ['周', 12],
  ['吴', 10], ['胡', 9], ['朱', 10], ['林', 8], ['何', 6], ['董', 9], ['袁', 6], ['秦', 6], ['郑', 7], ['魏', 9],
  ['冯', 7], ['田', 8], ['许', 7], ['孟', 7], ['单', 5], ['隋', 3], ['綦', 2], ['尹', 5], ['葛', 5], ['付', 5],
  ['黄', 8], ['臧', 3], ['欧阳', 0.4], ['诸葛', 0.3],
];

function pickSurname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

/** Given names by sex and generation (born before 1970, 1970-1989, from 1990). */
const GIVEN_NAMES: Readonly<Record<'M' | 'F', readonly [readonly string[], readonly string[], readonly string[]]>> = {
  M: [
    ['建国', '建军', '国庆', '卫东', '志强', '德胜', '福林', '洪涛', '立新', '永刚', '振华', '保国', '庆林', '明山', '玉成', '春生', '志刚', '国华', '学军', '强', '军', '平', '刚', '明'],
    ['伟', '磊', '勇', '涛', '鹏', '超', '辉', '波', '斌', '海涛', '建华', '晓东', '志勇', '海波', '立伟', '文涛', '俊杰', '宏伟', '新华', '永强', '春雷', '军'],
    ['浩', '宇', '轩', '博', '鑫', '杰', '凯', '帅', '浩然', '子轩', '梓豪', '宇航', '俊熙', '一鸣', '嘉豪', '昊天', '博文', '宇泽', '子墨', '皓轩', '明哲', '铭泽', '晨阳', '天佑'],
  ],
  F: [
    ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '凤英', '玉珍', '秀珍', '桂香', '春梅', '玉梅', '翠兰', '美华', '淑芳', '丽华', '桂芳', '秀云'],
    ['丽', '静', '敏', '燕', '艳', '娟', '霞', '芳', '红', '玲', '丽娜', '晓燕', '海燕', '春燕', '丽丽', '婷婷', '雪梅', '晓红', '艳红', '文静', '慧敏'],
    ['欣怡', '梓涵', '雨涵', '诗涵', '一诺', '可馨', '佳怡', '子涵', '梦瑶', '思彤', '雨彤', '语桐', '婉清', '诗琪', '晓雯', '雅琪', '佳琪', '欣妍', '心怡', '若汐'],
  ],
};

function personName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
  const generation = birthYear < 1970 ? 0 : birthYear < 1990 ? 1 : 2;
  const surname = pickSurname(rng);
  let given = rng.pick(GIVEN_NAMES[sex][generation]);
  // Compound surnames take a two-character given name at most, keeping names within 2-4 characters.
  if (surname.length === 2 && given.length === 1) given += rng.pick(['华', '明', '宁', '颖']);
  return surname + given;
}

/** GB 3304 nationality codes with Weifang-like shares (汉族 ~99%). */
const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ['01', 9900], ['03', 60], ['11', 12], ['02', 6], ['10', 6], ['08', 4], ['06', 4], ['15', 2], ['05', 2], ['04', 2],
];
const ETHNICITY_CODES: readonly string[] = Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0'));

/** Mobile prefixes of the three carriers. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '184', '187', '188', '198',
  '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '191', '199',
] as const;

function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Not mobiles, each ≤ 11 characters: a dropped digit, a 11/12 prefix, a landline in 0536 (Weifang's area code). */
function badMobile(rng: Rng): string {
  const variant = rng.int(0, 2);
  if (variant === 0) return mobile(rng).slice(0, 10);
  if (variant === 1) return `1${rng.int(1, 2)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  return `0536${String(rng.int(2_000_000, 8_999_999))}`;
}

const BIRTH_FIRST_DAY = dayOf('1945-01-01');
const BIRTH_DAYS = dayOf('2022-12-31') - BIRTH_FIRST_DAY + 1;
/** region × birth day × 3-digit sequence: the space the person bijection maps into (~3.4e8 people). */
const PERSON_SPACE = COUNTIES.length * BIRTH_DAYS * 1000;

interface Person {
  id: string;
  name: string;
  sex: 'M' | 'F';
  birth: string;
  ethnicity: string;
  /** County of the household registration (usually the ID's region, sometimes moved). */
  county: County;
  address: string;
  registered: string;
  mobile: string | null;
}

/** Person `index` of the synthetic population: a pure function of (seed, index), unique ID per index. */
function person(seed: number, index: number): Person {
  if (index >= PERSON_SPACE) throw new RangeError(`person ${index} is beyond the synthetic population`);
  const p = permute(index, PERSON_SPACE, seedOf(seed, 'person-id', 0));
  const idCounty = COUNTIES[p % COUNTIES.length]!;
  const rest = Math.floor(p / COUNTIES.length);
  const sequence = rest % 1000;
  const birth = isoOf(BIRTH_FIRST_DAY + Math.floor(rest / 1000));
  const first17 = idCounty.code + birth.replaceAll('-', '') + String(sequence).padStart(3, '0');
  // GB 11643: odd sequence numbers go to men, even ones to women.
  const sex = sequence % 2 === 1 ? 'M' : 'F';
  const rng = Rng.of(seed, 'person', index);
  const name = personName(rng, sex, Number(birth.slice(0, 4)));
  const moved = rng.chance(0.15);
  const county = moved ? rng.pick(COUNTIES) : idCounty;
  let registered = moved || county !== idCounty
    ? dateBetween(rng, maxIso(isoOf(dayOf(birth) + 1), '1985-01-01'), AS_OF)
    : isoOf(dayOf(birth) + rng.int(3, 60));
  // Household registration as recorded today began with the 户口登记条例 of 1958-01-09.
  if (registered < '1958-01-09') registered = dateBetween(rng, '1958-01-09', '1965-12-31');
  const age = ageOn(birth, AS_OF);
  return {
    id: first17 + citizenIdCheckChar(first17),
    name,
    sex,
    birth,
    ethnicity: rng.weighted(ETHNICITIES),
    county,
    address: homeAddress(rng, county),
    registered: minIso(registered, AS_OF),
    mobile: age < 14 || (age >= 80 && rng.chance(0.5)) ? null : mobile(rng),
  };
}

// ---------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A market entity's credit code: 9 (市场监管) + type + region + `WF` + 6 chars + the two check chars. */
function entityUscc(entityType: '1' | '2' | '3', region: string, serial: number): string {
  let body = '';
  for (let k = 0, n = serial; k < 6; k++, n = Math.floor(n / 31)) body = USCC_ALPHABET[n % 31]! + body;
  const orgBody = `WF${body}`;
  const first17 = `9${entityType}${region}${orgBody}${orgCodeCheckChar(orgBody)}`;
  return first17 + usccCheckChar(first17);
}

const ENTITY_TYPES = [
  '有限责任公司（自然人投资或控股）',
  '有限责任公司（自然人独资）',
  '股份有限公司（非上市、自然人投资或控股）',
  '个人独资企业',
  '普通合伙企业',
  '个体工商户',
  '农民专业合作社',
] as const;
type EntityType = (typeof ENTITY_TYPES)[number];
const ENTITY_TYPE_WEIGHTS: ReadonlyArray<readonly [EntityType, number]> = [
  ['有限责任公司（自然人投资或控股）', 24], ['有限责任公司（自然人独资）', 10], ['股份有限公司（非上市、自然人投资或控股）', 1],
  ['个人独资企业', 2], ['普通合伙企业', 1], ['个体工商户', 56], ['农民专业合作社', 6],
];
const ENTITY_STATUSES = ['存续', '吊销', '注销', '迁出'] as const;

/** Trade-name characters: two disjoint pools, so a name is always two different characters. */
const TRADE_FIRST = '鑫恒华金宏泰永万天福佳海宝昌鼎德嘉广立博致安益顺中新东鲁众盈';
const TRADE_SECOND = '源达信诚丰运泽和世兴通润瑞康美宇利盛隆辉远成祥泉汇晟科邦合凯';
const COMPANY_TRADES = ['机械', '化工', '食品', '纺织', '建材', '农业科技', '物流', '电子科技', '新材料', '环保科技', '汽车配件', '医药', '商贸', '建筑工程', '信息技术', '家具', '印刷', '包装', '生物科技', '供应链管理'] as const;
const SHOP_TRADES = ['便利店', '餐馆', '五金店', '理发店', '日用品店', '水果店', '蔬菜店', '小吃店', '家电维修部', '服装店', '烟酒店', '建材店', '超市', '烧烤店', '快餐店', '手机店', '包子铺', '洗车行', '装饰部', '副食品店'] as const;
const COOP_TRADES = ['蔬菜种植', '果蔬', '粮食种植', '畜禽养殖', '农机服务', '苗木花卉', '生姜种植', '大葱种植', '西瓜种植', '草莓种植', '樱桃种植', '葡萄种植', '蜜桃种植', '食用菌', '中药材种植', '土地股份', '生猪养殖', '肉鸡养殖', '蛋鸡养殖', '水产养殖'] as const;
const NAME_SPACE = TRADE_FIRST.length * TRADE_SECOND.length * 20;
const ENTITY_SERIAL_SPACE = 31 ** 6;

interface Entity {
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
function marketEntity(seed: number, index: number): Entity {
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

interface Payer {
  uscc: string;
  name: string;
  address: string;
  type: EntityType | '机关事业单位';
}

/** Departments whose staff appear as employees; looked up by key so later additions to DEPARTMENTS change nothing. */
const GOVERNMENT_EMPLOYERS = ['ga', 'mz', 'rs', 'wj', 'jy', 'zj', 'scjg', 'gjj', 'dsj', 'jt'] as const;

function governmentPayer(rng: Rng): Payer {
  const key = rng.pick(GOVERNMENT_EMPLOYERS);
  const d = DEPARTMENTS.find((dep) => dep.key === key)!;
  return { uscc: d.uscc, name: d.name, address: roadAddress(rng, COUNTY_BY_CODE.get('370705')!, '新城街道', false), type: '机关事业单位' };
}

// ---------------------------------------------------------------------------
// Row counts, contexts and the defect plans
// ---------------------------------------------------------------------------

interface Context {
  seed: number;
  scale: number;
  hukouRows: number;
  marketRows: number;
}

interface DefectSpec {
  kind: PlantedDefectKind;
  item: string;
  /** The defect sits at every row index ≡ residue (mod the plan's period). */
  residue: number;
}

interface Plan {
  period: number;
  defects: readonly DefectSpec[];
  /** A duplicate-key row repeats the key of the row this many places before it. */
  duplicateOffset: number;
  /** A stateful producer of the dataset's clean rows, in order. */
  start(ctx: Context): () => DemoRow;
  /** The later, different record for a duplicated key. */
  duplicate(source: DemoRow, rng: Rng, ctx: Context): DemoRow;
  outOfTable?(row: DemoRow, item: string, rng: Rng): string;
  /** For a dangling reference: the name item to overwrite and the sex the phantom person must have. */
  dangling?: Readonly<Record<string, { name: string; sex?: 'M' | 'F' }>>;
}

function rowCountAt(rowsAtScale1: number, scale: number): number {
  return Math.round(rowsAtScale1 * scale);
}

function checkOptions(options: GenerateOptions): Context {
  const { scale } = options;
  const seed = options.seed ?? 3707;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a positive number');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative safe integer');
  return { seed, scale, hukouRows: rowCountAt(HUKOU_ROWS, scale), marketRows: rowCountAt(MARKET_ROWS, scale) };
}

function isDefectRow(plan: Plan, index: number): boolean {
  const r = index % plan.period;
  return plan.defects.some((d) => d.residue === r);
}

/** A hukou row that exists at this scale and carries no defect: safe to refer to. */
function isCleanHukouRow(ctx: Context, h: number): boolean {
  return h < ctx.hukouRows && !isDefectRow(PLANS.hukou, h);
}

/** A random clean hukou person satisfying `accept` (rejection sampling; people may repeat). */
function randomResident(ctx: Context, rng: Rng, accept: (p: Person) => boolean): Person {
  for (let tries = 0; tries < 1000 && ctx.hukouRows > 0; tries++) {
    const h = rng.int(0, ctx.hukouRows - 1);
    if (!isCleanHukouRow(ctx, h)) continue;
    const p = person(ctx.seed, h);
    if (accept(p)) return p;
  }
  throw new RangeError(`no suitable person among ${ctx.hukouRows} hukou rows; use a larger scale`);
}

/**
 * Distinct clean hukou people satisfying `accept`, in a keyed random order (a permutation of the hukou rows
 * walked in order), so a dataset never lists the same person twice. Wraps around only when exhausted.
 */
function residentStream(ctx: Context, stream: string, accept: (p: Person) => boolean): () => Person {
  const n = ctx.hukouRows;
  const key = seedOf(ctx.seed, stream, 0);
  let k = 0;
  return () => {
    for (let tries = 0; tries < 2 * n; tries++, k++) {
      const h = permute(k % n, n, key);
      if (!isCleanHukouRow(ctx, h)) continue;
      const p = person(ctx.seed, h);
      if (accept(p)) {
        k++;
        return p;
      }
    }
    throw new RangeError(`no suitable person among ${n} hukou rows; use a larger scale`);
  };
}

/** A person who is NOT in hukou at this scale (index beyond its rows), for planted dangling references. */
function phantom(ctx: Context, ordinal: number, sex: 'M' | 'F' | undefined): Person {
  let p: Person | undefined;
  for (let t = 0; t < 64; t++) {
    p = person(ctx.seed, ctx.hukouRows + ordinal * 64 + t);
    if ((!sex || p.sex === sex) && ageOn(p.birth, AS_OF) >= 24) return p;
  }
  return p!;
}

/** An active employer: mostly a company from the market-entity dataset, sometimes a government department. */
function employer(ctx: Context, rng: Rng, allowShops: boolean): Payer {
  if (rng.chance(0.15) || ctx.marketRows === 0) return governmentPayer(rng);
  for (let tries = 0; tries < 200; tries++) {
    const m = rng.int(0, ctx.marketRows - 1);
    if (isDefectRow(PLANS.market_entities, m)) continue;
    const e = marketEntity(ctx.seed, m);
    if (e.status !== '存续' || e.type === '农民专业合作社' || (!allowShops && e.type === '个体工商户')) continue;
    return { uscc: e.uscc, name: e.name, address: e.address, type: e.type };
  }
  return governmentPayer(rng);
}

function corruptCheckChar(value: string, alphabet: string, rng: Rng): string {
  const current = alphabet.indexOf(value[value.length - 1]!);
  const replacement = alphabet[(current + rng.int(1, alphabet.length - 1)) % alphabet.length]!;
  return value.slice(0, -1) + replacement;
}

// ---------------------------------------------------------------------------
// Catalog helpers
// ---------------------------------------------------------------------------

interface ItemOptions {
  length?: number;
  scale?: number;
  required?: boolean;
  key?: boolean;
  sensitivity?: Sensitivity;
  mask?: MaskRule;
}

function item(code: string, name: string, type: ItemType, o: ItemOptions = {}): CatalogItem {
  return {
    code,
    name,
    type,
    length: o.length ?? null,
    scale: type === 'decimal' ? (o.scale ?? 2) : null,
    required: Boolean(o.key || o.required),
    key: Boolean(o.key),
    sensitivity: o.sensitivity ?? 'internal',
    mask: o.mask ?? 'none',
  };
}

const citizenIdItem = (code: string, name: string, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id', ...o });
const nameItem = (code: string, name: string, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'string', { length: 50, sensitivity: 'personal', mask: 'name', ...o });
const money = (code: string, name: string, length: number, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'decimal', { length, scale: 2, ...o });

const MAX_AGE_DAYS: Readonly<Record<UpdateFrequency, number>> = {
  realtime: 1, daily: 2, weekly: 8, monthly: 35, quarterly: 95, yearly: 370, irregular: 3650,
};

/**
 * Items the data standard says must be filled but the departments' systems do not enforce: the catalog does
 * not declare them required (the importer would reject such rows outright), the quality loop checks them.
 */
const SHOULD_BE_FILLED: Partial<Record<string, string>> = { hukou: 'hjdz', marriage: 'djjg', social_insurance: 'jfrq', housing_fund: 'khrq' };

/** `required` for every required or should-be-filled item, `unique` over the key, `freshness` for the declared frequency, then the rest. */
function rulesFor(key: string, content: CatalogEntryContent, extra: QualityRuleSpec[]): QualityRuleSpec[] {
  const keys = content.items.filter((i) => i.key).map((i) => i.code);
  return [
    ...content.items.filter((i) => i.required || SHOULD_BE_FILLED[key] === i.code).map((i): QualityRuleSpec => ({ kind: 'required', item: i.code })),
    keys.length === 1 ? { kind: 'unique', item: keys[0] } : { kind: 'unique', params: { items: keys } },
    ...extra,
    { kind: 'freshness', params: { maxAgeDays: MAX_AGE_DAYS[content.updateFrequency] } },
  ];
}

const toHukou = (item: string): QualityRuleSpec => ({ kind: 'reference', item, params: { dataset: 'hukou', item: 'sfzhm' } });
const dates = (item: string, min: string, max = AS_OF): QualityRuleSpec => ({ kind: 'valid_date', item, params: { min, max } });
const codes = (item: string, values: readonly string[]): QualityRuleSpec => ({ kind: 'code_table', item, params: { values: [...values] } });
const pattern = (item: string, regex: string): QualityRuleSpec => ({ kind: 'pattern', item, params: { regex } });
const range = (item: string, min: number, max: number): QualityRuleSpec => ({ kind: 'range', item, params: { min, max } });

// ---------------------------------------------------------------------------
// 1. 户籍人口 (公安局)
// ---------------------------------------------------------------------------

const HUKOU_ROWS = 20_000;
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

const hukouPlan: Plan = {
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
    const after = isoOf(Math.min(dayOf(source.hjdjrq as string) + rng.int(30, 3000), dayOf(AS_OF)));
    return { ...source, hjdqh: county.code, hjdz: homeAddress(rng, county), hjdjrq: after, sjhm: source.sjhm === null ? null : mobile(rng) };
  },
  // A legacy system writing the sex as text instead of the GB/T 2261.1 code.
  outOfTable: (row) => (row.xb === '1' ? '男' : '女'),
};

// ---------------------------------------------------------------------------
// 2. 婚姻登记 (民政局)
// ---------------------------------------------------------------------------

const marriageContent: CatalogEntryContent = {
  name: '潍坊市婚姻登记信息',
  summary: '全市各婚姻登记机关办理的结婚登记、离婚登记信息，含双方身份信息、登记日期和登记机关，2016年以来数据。',
  resourceClass: 'department',
  category: '民政',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '限婚姻状况核验、社会救助、不动产登记、公积金提取等政务服务事项使用，经市民政局审核后以接口方式核验，不提供批量下载。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'important',
  relatedCodes: [],
  items: [
    item('djzh', '登记证字号', 'string', { length: 20, key: true }),
    item('djlx', '登记类型', 'string', { length: 4, required: true }),
    citizenIdItem('nf_sfzhm', '男方公民身份号码', { required: true }),
    nameItem('nf_xm', '男方姓名', { required: true }),
    citizenIdItem('nvf_sfzhm', '女方公民身份号码', { required: true }),
    nameItem('nvf_xm', '女方姓名', { required: true }),
    item('djrq', '登记日期', 'date', { required: true }),
    item('djjg', '登记机关', 'string', { length: 100, required: false }),
  ],
};

const marriagePlan: Plan = {
  period: 100,
  defects: [
    { kind: 'dangling_reference', item: 'nf_sfzhm', residue: 31 },
    { kind: 'missing_required', item: 'djjg', residue: 45 },
    { kind: 'dangling_reference', item: 'nvf_sfzhm', residue: 62 },
    { kind: 'out_of_code_table', item: 'djlx', residue: 83 },
    { kind: 'duplicate_key', item: 'djzh', residue: 94 },
  ],
  duplicateOffset: 3,
  start(ctx) {
    // Men 23-65 and women 21-65 today, so a registration at the legal age (22/20) fits in 2016..AS_OF.
    const stream = residentStream(ctx, 'marriage', (p) => {
      const age = ageOn(p.birth, AS_OF);
      return age <= 65 && age >= (p.sex === 'M' ? 23 : 21);
    });
    // People waiting for a partner of a similar age; bounded, so generation stays lazy.
    const waiting: Record<'M' | 'F', Person[]> = { M: [], F: [] };
    const serials = new Map<string, number>();
    let i = 0;
    const couple = (): [Person, Person] => {
      for (let draws = 0; ; draws++) {
        const p = stream();
        const other = waiting[p.sex === 'M' ? 'F' : 'M'];
        // After many draws (only at tiny scales) any partner will do, so this always ends.
        const lenient = draws > 4 * ctx.hukouRows + 256;
        if (draws > 8 * ctx.hukouRows + 512) throw new RangeError('too few people in hukou for marriages; use a larger scale');
        const match = other.findIndex((q) => lenient || Math.abs(Number(q.birth.slice(0, 4)) - Number(p.birth.slice(0, 4))) <= 6);
        if (match >= 0) {
          const [q] = other.splice(match, 1);
          return p.sex === 'M' ? [p, q!] : [q!, p];
        }
        waiting[p.sex].push(p);
        if (waiting[p.sex].length > 64) waiting[p.sex].shift();
      }
    };
    return () => {
      const rng = Rng.of(ctx.seed, 'marriage', i++);
      const [man, woman] = couple();
      const divorce = rng.chance(0.22);
      const earliest = maxIso(maxIso('2016-01-01', addYears(man.birth, divorce ? 24 : 22)), addYears(woman.birth, divorce ? 22 : 20));
      const date = dateBetween(rng, minIso(earliest, AS_OF), AS_OF);
      const office = rng.chance(0.5) ? man.county : woman.county;
      const prefix = `${divorce ? 'L' : 'J'}${office.code}-${date.slice(0, 4)}`;
      // Certificate numbers run per office and year; the sample skips numbers, as a sample would.
      const serial = (serials.get(prefix) ?? 0) + rng.int(1, 40);
      serials.set(prefix, serial);
      return {
        djzh: `${prefix}-${String(serial).padStart(6, '0')}`,
        djlx: divorce ? '离婚' : '结婚',
        nf_sfzhm: man.id,
        nf_xm: man.name,
        nvf_sfzhm: woman.id,
        nvf_xm: woman.name,
        djrq: date,
        djjg: `${office.official}民政局婚姻登记处`,
      };
    };
  },
  // The same certificate entered again with a corrected registration date.
  duplicate(source, rng) {
    const day = dayOf(source.djrq as string) + (rng.chance(0.5) ? -1 : 1);
    return { ...source, djrq: isoOf(Math.min(Math.max(day, dayOf('2016-01-01')), dayOf(AS_OF))) };
  },
  // 复婚 is registered as 结婚 today; older systems kept it as a type of its own.
  outOfTable: () => '复婚',
  dangling: { nf_sfzhm: { name: 'nf_xm', sex: 'M' }, nvf_sfzhm: { name: 'nvf_xm', sex: 'F' } },
};

// ---------------------------------------------------------------------------
// 3. 社保缴费 (人社局)
// ---------------------------------------------------------------------------

const MONTHS = ['202601', '202602', '202603', '202604', '202605', '202606'] as const;
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

const socialInsurancePlan: Plan = {
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
    const stream = residentStream(ctx, 'social_insurance', (p) => {
      const age = ageOn(p.birth, AS_OF);
      return age >= 18 && age <= 59;
    });
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
    const later = isoOf(Math.min(dayOf(source.jfrq as string) + rng.int(20, 60), dayOf(AS_OF)));
    return { ...source, jfjs: base, jfje: round2(base * rate), jfrq: later };
  },
  outOfTable: (_row, _item, rng) => rng.pick(['11', '610', '999']),
  dangling: { sfzhm: { name: 'xm' } },
};

// ---------------------------------------------------------------------------
// 4. 住房公积金 (公积金中心)
// ---------------------------------------------------------------------------

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

const housingFundPlan: Plan = {
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
    const stream = residentStream(ctx, 'housing_fund', (p) => {
      const age = ageOn(p.birth, AS_OF);
      return age >= 20 && age <= 60;
    });
    const accountKey = seedOf(ctx.seed, 'fund-account', 0);
    let i = 0;
    return () => {
      const rng = Rng.of(ctx.seed, 'fund', i);
      const account = `3707${String(permute(i % 1e8, 1e8, accountKey)).padStart(8, '0')}`;
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

// ---------------------------------------------------------------------------
// 5. 机动车 (公安局)
// ---------------------------------------------------------------------------

/** Plate letters: A-Z without I and O. */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_ORDINARY = 24 * 10_000 + 2 * 24 * 24 * 1000; // A1234, AB123, A123B
const PLATE_SPACE = PLATE_ORDINARY + 2 * 100_000; // plus small new-energy plates D12345 / F12345

function plate(n: number): { plate: string; newEnergy: boolean } {
  const L = (k: number): string => PLATE_LETTERS[k]!;
  if (n < 240_000) return { plate: `鲁V${L(Math.floor(n / 10_000))}${String(n % 10_000).padStart(4, '0')}`, newEnergy: false };
  if (n < PLATE_ORDINARY) {
    const m = n - 240_000;
    const digits = String(m % 1000).padStart(3, '0');
    const a = L(Math.floor(m / 1000) % 24);
    const b = L(Math.floor(m / 24_000) % 24);
    return { plate: m < 576_000 ? `鲁V${a}${b}${digits}` : `鲁V${a}${digits}${b}`, newEnergy: false };
  }
  const m = n - PLATE_ORDINARY;
  return { plate: `鲁V${m < 100_000 ? 'D' : 'F'}${String(m % 100_000).padStart(5, '0')}`, newEnergy: true };
}

/** GA 24.4 vehicle types with their plate kind (GA 24.7: 01 大型汽车, 02 小型汽车, 52 小型新能源汽车). */
const VEHICLE_TYPES: ReadonlyArray<readonly [code: string, plateKind: string, weight: number]> = [
  ['K33', '02', 50], ['K31', '02', 28], ['K32', '02', 4], ['H31', '02', 7], ['H41', '02', 3],
  ['H11', '01', 5], ['Q11', '01', 2], ['K11', '01', 1],
];
const VEHICLE_TYPE_CODES = ['K11', 'K31', 'K32', 'K33', 'H11', 'H21', 'H31', 'H41', 'Q11'] as const;
/** World manufacturer identifiers with the Chinese brand as registered, per vehicle type group. */
const MAKES: Readonly<Record<'car' | 'ev' | 'heavy' | 'light' | 'bus', ReadonlyArray<readonly [wmi: string, brand: string, weight: number]>>> = {
  car: [['LSV', '大众汽车牌', 12], ['LFV', '大众汽车牌', 12], ['LHG', '本田牌', 6], ['LGB', '日产牌', 6], ['LSG', '别克牌', 7], ['L6T', '吉利牌', 9], ['LGW', '哈弗牌', 8], ['LS5', '长安牌', 8], ['LVV', '奇瑞牌', 6], ['LBV', '宝马牌', 3]],
  ev: [['LGX', '比亚迪牌', 45], ['LZW', '五菱牌', 20], ['LRW', '特斯拉牌', 10], ['L6T', '吉利牌', 12], ['LS5', '长安牌', 13]],
  heavy: [['LZZ', '豪沃牌', 5], ['LFW', '解放牌', 5]],
  light: [['LFW', '解放牌', 4], ['LZW', '五菱牌', 6]],
  bus: [['LZY', '宇通牌', 1]],
};
const VIN_CHARS: readonly string[] = [...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'];
const VIN_LETTERS = VIN_CHARS.slice(0, 23);
const VIN_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
/** Model-year codes (10th VIN character) from 2001. */
const VIN_YEARS = '123456789ABCDEFGHJKLMNPRST';

/** A VIN with its GB 16735 (ISO 3779) check digit in position 9. */
function vin(wmi: string, rng: Rng, year: number, serial: number): string {
  let vds = '';
  for (let k = 0; k < 5; k++) vds += rng.pick(VIN_CHARS);
  const rest = `${VIN_YEARS[Math.min(Math.max(year - 2001, 0), VIN_YEARS.length - 1)]}${rng.pick(VIN_LETTERS)}${String(serial).padStart(6, '0')}`;
  const draft = `${wmi}${vds}0${rest}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const ch = draft[k]!;
    sum += (ch >= '0' && ch <= '9' ? Number(ch) : VIN_VALUES[ch]!) * VIN_WEIGHTS[k]!;
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${wmi}${vds}${check}${rest}`;
}

/** 检验有效期止: small passenger cars every two years in their first ten, then yearly; others yearly. */
function inspectionValidUntil(rng: Rng, type: string, registered: string): string {
  const smallCar = type.startsWith('K3');
  const regYear = Number(registered.slice(0, 4));
  const month = Number(registered.slice(5, 7));
  let year = regYear + (smallCar ? 2 : 1);
  for (;;) {
    const step = smallCar && year - regYear < 10 ? 2 : 1;
    if (endOfMonth(year, month) >= AS_OF) break;
    year += step;
  }
  // Some owners let the inspection lapse (逾期未检验), which is data, not a defect.
  if (rng.chance(0.04) && year - 1 > regYear) year -= 1;
  return endOfMonth(year, month);
}

const vehiclesContent: CatalogEntryContent = {
  name: '潍坊市机动车登记信息',
  summary: '在潍坊（鲁V）登记的机动车的号牌、品牌、车辆类型、车辆识别代号、所有人、初次登记日期和检验有效期，来源于公安交通管理信息系统。',
  resourceClass: 'department',
  category: '交通出行',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '限交通运输执法、社会救助家庭经济状况核对、不动产及车辆类政务服务等事项使用，经市公安局审核后以接口方式查询。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('hphm', '号牌号码', 'string', { length: 8, key: true }),
    item('hpzl', '号牌种类', 'string', { length: 2, required: true }),
    item('clpp', '中文品牌', 'string', { length: 30, required: true }),
    item('cllx', '车辆类型', 'string', { length: 3, required: true }),
    item('clsbdh', '车辆识别代号', 'string', { length: 17, required: true, sensitivity: 'sensitive', mask: 'full' }),
    citizenIdItem('syr_sfzhm', '所有人公民身份号码', { required: true }),
    nameItem('syr_xm', '所有人姓名', { required: true }),
    item('ccdjrq', '初次登记日期', 'date', { required: true }),
    item('jyyxqz', '检验有效期止', 'date', { required: true }),
  ],
};

const vehiclesPlan: Plan = {
  period: 100,
  defects: [
    { kind: 'out_of_code_table', item: 'cllx', residue: 14 },
    { kind: 'missing_required', item: 'clsbdh', residue: 36 },
    { kind: 'duplicate_key', item: 'hphm', residue: 58 },
    { kind: 'dangling_reference', item: 'syr_sfzhm', residue: 81 },
  ],
  duplicateOffset: 3,
  start(ctx) {
    const plateKey = seedOf(ctx.seed, 'plate', 0);
    const serialKey = seedOf(ctx.seed, 'vin-serial', 0);
    let i = 0;
    return () => {
      const rng = Rng.of(ctx.seed, 'vehicle', i);
      const { plate: number, newEnergy } = plate(permute(i % PLATE_SPACE, PLATE_SPACE, plateKey));
      const serial = permute(i % 1_000_000, 1_000_000, serialKey);
      i++;
      const [type, plateKind] = newEnergy
        ? [rng.chance(0.7) ? 'K33' : 'K31', '52']
        : rng.weighted(VEHICLE_TYPES.map(([code, kind, weight]) => [[code, kind] as const, weight] as const));
      const group = newEnergy ? 'ev' : type.startsWith('K1') ? 'bus' : type === 'H11' || type === 'Q11' ? 'heavy' : type.startsWith('H') ? 'light' : 'car';
      const [wmi, brand] = rng.weighted(MAKES[group].map(([w, b, weight]) => [[w, b] as const, weight] as const));
      const owner = randomResident(ctx, rng, (p) => ageOn(p.birth, AS_OF) >= 20);
      const registered = dateBetween(rng, maxIso(newEnergy ? '2016-01-01' : '2006-01-01', addYears(owner.birth, 18)), '2026-06-20', 1.6);
      return {
        hphm: number,
        hpzl: plateKind,
        clpp: brand,
        cllx: type,
        clsbdh: vin(wmi, rng, Number(registered.slice(0, 4)), serial),
        syr_sfzhm: owner.id,
        syr_xm: owner.name,
        ccdjrq: registered,
        jyyxqz: inspectionValidUntil(rng, type, registered),
      };
    };
  },
  // A transfer (过户): the same plate and vehicle, a new owner.
  duplicate(source, rng, ctx) {
    const owner = randomResident(ctx, rng, (p) => ageOn(p.birth, AS_OF) >= 20 && p.id !== source.syr_sfzhm);
    return { ...source, syr_sfzhm: owner.id, syr_xm: owner.name };
  },
  outOfTable: (_row, _item, rng) => rng.pick(['K3', 'K30', 'H3']),
  dangling: { syr_sfzhm: { name: 'syr_xm' } },
};

// ---------------------------------------------------------------------------
// 6. 市场主体 (市场监管局)
// ---------------------------------------------------------------------------

const MARKET_ROWS = 4000;

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

const marketEntitiesPlan: Plan = {
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

// ---------------------------------------------------------------------------
// 7. 用电 (供电公司, held by the energy authority)
// ---------------------------------------------------------------------------

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
const electricityPlan: Plan = {
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
        const hh = `37${String(permute(a % 1e8, 1e8, accountKey)).padStart(8, '0')}`;
        if (a % 5 !== 0) {
          const p = randomResident(ctx, rng, (q) => ageOn(q.birth, AS_OF) >= 18);
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

// ---------------------------------------------------------------------------
// 8. 供暖 (heating companies, supervised by 住建局) — the stale one
// ---------------------------------------------------------------------------

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

const heatingPlan: Plan = {
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
      const zh = `80${String(permute(i % 1e8, 1e8, accountKey)).padStart(8, '0')}`;
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

// ---------------------------------------------------------------------------
// The datasets
// ---------------------------------------------------------------------------

const PLANS = {
  hukou: hukouPlan,
  marriage: marriagePlan,
  social_insurance: socialInsurancePlan,
  housing_fund: housingFundPlan,
  vehicles: vehiclesPlan,
  market_entities: marketEntitiesPlan,
  electricity: electricityPlan,
  heating: heatingPlan,
} as const satisfies Record<string, Plan>;
type DatasetKey = keyof typeof PLANS;

function dataset(key: DatasetKey, providerCode: string, content: CatalogEntryContent, rowsAtScale1: number, extra: QualityRuleSpec[], more: Partial<DemoDataset> = {}): DemoDataset {
  return { key, providerCode, content, rowsAtScale1, rules: rulesFor(key, content, extra), ...more };
}

const PERIOD_REGEX = '^20[0-9]{2}(0[1-9]|1[0-2])$';

export const DEMO_DATASETS: readonly DemoDataset[] = [
  dataset('hukou', 'ga', hukouContent, HUKOU_ROWS, [
    { kind: 'citizen_id', item: 'sfzhm' },
    codes('xb', ['1', '2']),
    codes('mz', ETHNICITY_CODES),
    codes('hjdqh', COUNTY_CODES),
    { kind: 'length', item: 'xm', params: { min: 2, max: 4 } },
    { kind: 'mobile', item: 'sjhm' },
    dates('csrq', '1900-01-01'),
    dates('hjdjrq', '1958-01-01'),
    { kind: 'row_count_change', params: { maxChangeRatio: 0.05 } },
  ]),
  dataset('marriage', 'mz', marriageContent, 3000, [
    pattern('djzh', '^[JL]3707[0-9]{2}-[0-9]{4}-[0-9]{6}$'),
    codes('djlx', ['结婚', '离婚']),
    { kind: 'citizen_id', item: 'nf_sfzhm' },
    { kind: 'citizen_id', item: 'nvf_sfzhm' },
    toHukou('nf_sfzhm'),
    toHukou('nvf_sfzhm'),
    dates('djrq', '2016-01-01'),
  ]),
  dataset('social_insurance', 'rs', socialInsuranceContent, 36_000, [
    { kind: 'citizen_id', item: 'sfzhm' },
    toHukou('sfzhm'),
    pattern('ssq', PERIOD_REGEX),
    codes('xzlx', INSURANCE_TYPES),
    { kind: 'uscc', item: 'dwxydm' },
    range('jfjs', BASE_MIN, BASE_MAX),
    range('jfje', 0, 10_000),
    dates('jfrq', '2026-01-01'),
    { kind: 'row_count_change', params: { maxChangeRatio: 0.2 } },
  ]),
  dataset('housing_fund', 'gjj', housingFundContent, 6000, [
    pattern('grzh', '^3707[0-9]{8}$'),
    { kind: 'citizen_id', item: 'sfzhm' },
    toHukou('sfzhm'),
    { kind: 'uscc', item: 'dwxydm' },
    range('yjce', 0, 6000),
    range('zhye', 0, 5_000_000),
    codes('zhzt', FUND_STATUSES),
    dates('khrq', '1992-01-01'),
  ]),
  dataset('vehicles', 'ga', vehiclesContent, 8000, [
    pattern('hphm', '^鲁V([A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9][0-9]{4})$'),
    codes('hpzl', ['01', '02', '51', '52']),
    codes('cllx', VEHICLE_TYPE_CODES),
    pattern('clsbdh', '^[A-HJ-NPR-Z0-9]{17}$'),
    { kind: 'citizen_id', item: 'syr_sfzhm' },
    toHukou('syr_sfzhm'),
    dates('ccdjrq', '1990-01-01'),
    dates('jyyxqz', '2006-01-01', '2040-12-31'),
    { kind: 'row_count_change', params: { maxChangeRatio: 0.1 } },
  ]),
  dataset('market_entities', 'scjg', marketEntitiesContent, MARKET_ROWS, [
    { kind: 'uscc', item: 'tyshxydm' },
    codes('ztlx', ENTITY_TYPES),
    codes('djzt', ENTITY_STATUSES),
    range('zczb', 0, 1_000_000),
    dates('clrq', '1949-10-01'),
    { kind: 'row_count_change', params: { maxChangeRatio: 0.1 } },
  ]),
  dataset('electricity', 'fg', electricityContent, 24_000, [
    pattern('hh', '^[0-9]{10}$'),
    pattern('yf', PERIOD_REGEX),
    codes('yhlb', ELECTRICITY_CATEGORIES),
    { kind: 'citizen_id', item: 'hzsfzhm' },
    toHukou('hzsfzhm'),
    { kind: 'uscc', item: 'yhxydm' },
    range('ydl', 0, 10_000_000),
    range('dfje', 0, 10_000_000),
  ]),
  dataset('heating', 'zj', heatingContent, 5000, [
    pattern('zh', '^[0-9]{10}$'),
    pattern('cnq', '^[0-9]{4}-[0-9]{4}$'),
    range('mj', 20, 500),
    range('cnf', 0, 20_000),
    dates('jfrq', '2024-09-01'),
  ], { stale: true }),
];

function planOf(dataset: DemoDataset): Plan {
  const plan = (PLANS as Record<string, Plan | undefined>)[dataset.key];
  if (!plan) throw new RangeError(`unknown demo dataset ${dataset.key}`);
  return plan;
}

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

/** Deterministic rows for a dataset at a scale (seeded PRNG, no Math.random), generated lazily. */
export function* generateRows(dataset: DemoDataset, options: GenerateOptions): Generator<DemoRow> {
  const ctx = checkOptions(options);
  const plan = planOf(dataset);
  const rows = rowCountAt(dataset.rowsAtScale1, ctx.scale);
  const byResidue = new Map(plan.defects.map((d) => [d.residue, d]));
  const danglingItems = plan.defects.filter((d) => d.kind === 'dangling_reference').map((d) => d.item);
  const next = plan.start(ctx);
  // The last few clean rows, for duplicates of a recent key.
  const recent: DemoRow[] = [];
  const window = plan.duplicateOffset + 1;
  for (let i = 0; i < rows; i++) {
    const natural = next();
    recent[i % window] = natural;
    const defect = byResidue.get(i % plan.period);
    if (!defect) {
      yield { ...natural };
      continue;
    }
    const rng = Rng.of(ctx.seed, `${dataset.key}:defect`, i);
    const row = { ...natural };
    const value = row[defect.item];
    switch (defect.kind) {
      case 'bad_citizen_id_check':
        row[defect.item] = corruptCheckChar(String(value), '0123456789X', rng);
        break;
      case 'bad_uscc_check':
        row[defect.item] = corruptCheckChar(String(value), USCC_ALPHABET, rng);
        break;
      case 'missing_required':
        row[defect.item] = null;
        break;
      case 'bad_mobile':
        row[defect.item] = badMobile(rng);
        break;
      case 'out_of_code_table':
        row[defect.item] = plan.outOfTable!(row, defect.item, rng);
        break;
      case 'dangling_reference': {
        const spec = plan.dangling![defect.item]!;
        const ordinal = Math.floor(i / plan.period) * danglingItems.length + danglingItems.indexOf(defect.item);
        const p = phantom(ctx, ordinal, spec.sex);
        row[defect.item] = p.id;
        row[spec.name] = p.name;
        break;
      }
      case 'duplicate_key':
        yield plan.duplicate({ ...recent[(i - plan.duplicateOffset) % window]! }, rng, ctx);
        continue;
    }
    yield row;
  }
}

/**
 * How many rows, and which defects at which 0-based row indexes, generateRows plants at that scale. A
 * duplicate_key index is the LATER row (the earlier one with the same key is clean). Positions depend on the
 * scale only; the seed changes values, not where defects are.
 */
export function plantedDefects(
  dataset: DemoDataset,
  options: GenerateOptions,
): { rows: number; defects: Array<{ kind: PlantedDefectKind; item: string; rowIndexes: number[] }> } {
  const ctx = checkOptions(options);
  const plan = planOf(dataset);
  const rows = rowCountAt(dataset.rowsAtScale1, ctx.scale);
  const defects = plan.defects
    .map((d) => {
      const rowIndexes: number[] = [];
      for (let i = d.residue; i < rows; i += plan.period) rowIndexes.push(i);
      return { kind: d.kind, item: d.item, rowIndexes };
    })
    .filter((d) => d.rowIndexes.length > 0);
  return { rows, defects };
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

function csvField(value: string | number | boolean | null, item: CatalogItem): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return item.type === 'decimal' ? value.toFixed(item.scale ?? 2) : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Streams a dataset as CSV text bytes in UTF-8 or GB18030 (as Chinese Excel exports are), header = the items'
 * Chinese names. Like Excel: CRLF line ends, a BOM in front of UTF-8 (Excel's "CSV UTF-8"), none for GB18030,
 * booleans as 是/否, decimals with their scale's digits, empty fields for missing values.
 */
export function datasetCsv(dataset: DemoDataset, options: GenerateOptions & { encoding: 'utf-8' | 'gb18030' }): Readable {
  const { encoding } = options;
  if (encoding !== 'utf-8' && encoding !== 'gb18030') throw new RangeError(`unsupported encoding ${String(encoding)}`);
  checkOptions(options);
  const items = dataset.content.items;
  const encode = (text: string): Buffer => (encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  function* chunks(): Generator<Buffer> {
    let text = (encoding === 'utf-8' ? '\ufeff' : '') + items.map((i) => csvField(i.name, i)).join(',') + '\r\n';
    for (const row of generateRows(dataset, options)) {
      text += items.map((i) => csvField(row[i.code] ?? null, i)).join(',') + '\r\n';
      if (text.length >= 16_384) {
        yield encode(text);
        text = '';
      }
    }
    if (text) yield encode(text);
  }
  return Readable.from(chunks(), { objectMode: false });
}
