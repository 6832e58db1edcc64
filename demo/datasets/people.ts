/**
 * The synthetic population and where it lives: counties, towns and addresses, names, mobiles, and
 * {@link person}, the bijection from an index to a person with a unique, well-formed citizen ID.
 */
import { citizenIdCheckChar } from '../../src/modules/directory/identifiers.ts';
import { WEIFANG } from '../weifang.ts';
import { AS_OF, ageOn, dateBetween, dayOf, isoOf, maxIso, minIso } from './dates.ts';
import { permute, Rng, seedOf } from './random.ts';

// ---------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------

export interface County {
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
export const COUNTIES: readonly County[] = (WEIFANG.children ?? [])
  .filter((c) => c.kind !== 'dev_zone')
  .map((c) => ({
    code: c.code,
    name: c.name,
    official: c.kind === 'district' ? `潍坊市${c.name}` : c.name,
    urban: URBAN_CODES.has(c.code),
    towns: TOWNS[c.code] ?? (c.children ?? []).map((t) => t.name),
  }));
export const COUNTY_BY_CODE = new Map(COUNTIES.map((c) => [c.code, c]));
export const URBAN_COUNTIES = COUNTIES.filter((c) => c.urban);

/** Roads of the central city (潍城/奎文/坊子/寒亭) and, for the county seats, common road names. */
const CITY_ROADS = [
  '东风东街', '东风西街', '胜利东街', '胜利西街', '健康东街', '福寿东街', '北宫东街', '清平路', '北海路', '新华路',
  '和平路', '四平路', '潍州路', '鸢飞路', '文化路', '虞河路', '月河路', '民生东街', '宝通街', '玉清街', '向阳路', '友爱路',
] as const;
const TOWN_ROADS = [
  '人民路', '建设街', '文化路', '府前街', '新华路', '育才路', '振兴路', '幸福街', '永安路', '工业路', '光明路', '利民街',
  '迎宾路', '商业街', '政通街',
] as const;

export function roadAddress(rng: Rng, county: County, town: string, withFlat: boolean): string {
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
export function homeAddress(rng: Rng, county: County): string {
  const town = rng.pick(county.towns);
  if (town.endsWith('镇') && rng.chance(0.8)) return `山东省潍坊市${county.name}${town}${villageName(rng)}${rng.int(1, 399)}号`;
  // Flats in 街道, and in the seat of a 镇.
  return roadAddress(rng, county, town, rng.chance(0.85));
}

/** A business address: a road number, or a village for rural co-operatives. */
export function businessAddress(rng: Rng, county: County, rural: boolean): string {
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

export function personName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
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
export const ETHNICITY_CODES: readonly string[] = Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0'));

/** Mobile prefixes of the three carriers. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '184', '187', '188', '198',
  '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '191', '199',
] as const;

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Not mobiles, each ≤ 11 characters: a dropped digit, a 11/12 prefix, a landline in 0536 (Weifang's area code). */
export function badMobile(rng: Rng): string {
  const variant = rng.int(0, 2);
  if (variant === 0) return mobile(rng).slice(0, 10);
  if (variant === 1) return `1${rng.int(1, 2)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  return `0536${String(rng.int(2_000_000, 8_999_999))}`;
}

const BIRTH_FIRST_DAY = dayOf('1945-01-01');
const BIRTH_DAYS = dayOf('2022-12-31') - BIRTH_FIRST_DAY + 1;
/** region × birth day × 3-digit sequence: the space the person bijection maps into (~3.4e8 people). */
const PERSON_SPACE = COUNTIES.length * BIRTH_DAYS * 1000;

export interface Person {
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
export function person(seed: number, index: number): Person {
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

/** A person's age on {@link AS_OF}. */
export function ageToday(p: Person): number {
  return ageOn(p.birth, AS_OF);
}

/** Accepts people aged `min` to `max` (inclusive) on {@link AS_OF}. */
export function agedBetween(min: number, max: number): (p: Person) => boolean {
  return (p) => {
    const age = ageToday(p);
    return age >= min && age <= max;
  };
}
