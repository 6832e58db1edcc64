import { describe, it, expect } from 'vitest';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  DEPARTMENTS,
  WEIFANG,
  WEIFANG_ZONES_WITHOUT_STATISTICAL_CODE,
  syntheticUscc,
  type DemoRegion,
  type DemoRole,
} from './weifang.ts';
import { isMobileNumber, validateCitizenId, validateUscc } from '../src/modules/directory/identifiers.ts';

interface FlatRegion {
  region: DemoRegion;
  parent: DemoRegion | undefined;
  depth: number;
}

/** Depth-first list of every node with its parent. */
function flatten(root: DemoRegion): FlatRegion[] {
  const out: FlatRegion[] = [];
  const walk = (region: DemoRegion, parent: DemoRegion | undefined, depth: number): void => {
    out.push({ region, parent, depth });
    for (const child of region.children ?? []) walk(child, region, depth + 1);
  };
  walk(root, undefined, 0);
  return out;
}

const ALL = flatten(WEIFANG);
const COUNTY_KINDS = new Set<DemoRegion['kind']>(['district', 'county', 'county_city', 'dev_zone']);
const TOWN_KINDS = new Set<DemoRegion['kind']>(['street', 'town']);
const VILLAGE_KINDS = new Set<DemoRegion['kind']>(['community', 'village']);

describe('WEIFANG region tree', () => {
  it('is rooted at 潍坊市 370700', () => {
    expect(WEIFANG).toMatchObject({ code: '370700', name: '潍坊市', kind: 'city' });
  });

  it('lists exactly the 12 county-level divisions with their GB/T 2260 codes, plus the coded dev zone', () => {
    const counties = Object.fromEntries((WEIFANG.children ?? []).map((c) => [c.code, [c.name, c.kind]]));
    expect(counties).toEqual({
      '370702': ['潍城区', 'district'],
      '370703': ['寒亭区', 'district'],
      '370704': ['坊子区', 'district'],
      '370705': ['奎文区', 'district'],
      '370724': ['临朐县', 'county'],
      '370725': ['昌乐县', 'county'],
      '370781': ['青州市', 'county_city'],
      '370782': ['诸城市', 'county_city'],
      '370783': ['寿光市', 'county_city'],
      '370784': ['安丘市', 'county_city'],
      '370785': ['高密市', 'county_city'],
      '370786': ['昌邑市', 'county_city'],
      '370772': ['潍坊滨海经济技术开发区', 'dev_zone'],
    });
  });

  it('gives every node a code well-formed for its level and nested under its parent', () => {
    for (const { region, parent, depth } of ALL) {
      const where = `${region.name} ${region.code}`;
      if (depth === 0) {
        expect(region.code, where).toMatch(/^3707\d{2}$/);
      } else if (depth === 1) {
        expect(COUNTY_KINDS.has(region.kind), where).toBe(true);
        expect(region.code, where).toMatch(/^3707\d{2}$/);
        expect(region.code, where).not.toBe('370700');
      } else if (depth === 2) {
        expect(TOWN_KINDS.has(region.kind), where).toBe(true);
        expect(region.code, where).toMatch(/^\d{9}$/);
        expect(region.code.slice(0, 6), where).toBe(parent!.code);
      } else if (depth === 3) {
        expect(VILLAGE_KINDS.has(region.kind), where).toBe(true);
        expect(region.code, where).toMatch(/^\d{12}$/);
        expect(region.code.slice(0, 9), where).toBe(parent!.code);
      } else {
        throw new Error(`unexpected depth ${depth} at ${where}`);
      }
    }
  });

  it('uses kinds consistent with the NBS code ranges (town 001-099 街道 / 100-199 镇; village 001-199 居委会 / 200-399 村委会)', () => {
    for (const { region, depth } of ALL) {
      const where = `${region.name} ${region.code}`;
      if (depth === 2) {
        const n = Number(region.code.slice(6));
        expect(region.kind, where).toBe(n < 100 ? 'street' : n < 200 ? 'town' : 'unexpected');
        expect(region.name.endsWith(region.kind === 'street' ? '街道' : '镇'), where).toBe(true);
      }
      if (depth === 3) {
        const n = Number(region.code.slice(9));
        expect(region.kind, where).toBe(n < 200 ? 'community' : n < 400 ? 'village' : 'unexpected');
        expect(region.name.endsWith(region.kind === 'community' ? '社区' : '村'), where).toBe(true);
      }
    }
  });

  it('has no duplicate codes', () => {
    const codes = ALL.map((r) => r.region.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('has towns under at least 4 county-level divisions (incl. 奎文区 and 寿光市), 2-4 each', () => {
    const withTowns = (WEIFANG.children ?? []).filter((c) => c.kind !== 'dev_zone' && (c.children?.length ?? 0) > 0);
    expect(withTowns.length).toBeGreaterThanOrEqual(4);
    expect(withTowns.map((c) => c.name)).toEqual(expect.arrayContaining(['奎文区', '寿光市']));
    for (const county of withTowns) {
      expect(county.children!.length, county.name).toBeGreaterThanOrEqual(2);
      expect(county.children!.length, county.name).toBeLessThanOrEqual(4);
    }
  });

  it('has communities/villages under at least 3 towns, 2-3 each', () => {
    const townsWithVillages = ALL.filter((r) => r.depth === 2 && (r.region.children?.length ?? 0) > 0);
    expect(townsWithVillages.length).toBeGreaterThanOrEqual(3);
    for (const { region } of townsWithVillages) {
      expect(region.children!.length, region.name).toBeGreaterThanOrEqual(2);
      expect(region.children!.length, region.name).toBeLessThanOrEqual(3);
    }
  });

  it('keeps uncoded zones out of the coded tree', () => {
    const names = new Set(ALL.map((r) => r.region.name));
    for (const zone of WEIFANG_ZONES_WITHOUT_STATISTICAL_CODE) expect(names.has(zone)).toBe(false);
  });
});

describe('DEPARTMENTS', () => {
  const regionCodes = new Set(ALL.map((r) => r.region.code));

  it('includes the required city departments', () => {
    const names = DEPARTMENTS.map((d) => d.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '潍坊市大数据局',
        '潍坊市公安局',
        '潍坊市民政局',
        '潍坊市人力资源和社会保障局',
        '潍坊市卫生健康委员会',
        '潍坊市水利局',
        '潍坊市应急管理局',
        '潍坊市城市管理局',
        '潍坊市气象局',
        '潍坊市市场监督管理局',
        '潍坊市住房和城乡建设局',
        '潍坊市交通运输局',
        '潍坊市住房公积金管理中心',
        '潍坊市自然资源和规划局',
        '潍坊市教育局',
      ]),
    );
    const countyLevel = DEPARTMENTS.filter((d) => d.parentRegion !== '370700');
    expect(countyLevel.length).toBeGreaterThanOrEqual(2);
    expect(countyLevel.length).toBeLessThanOrEqual(3);
  });

  it('has unique keys, names and credit codes', () => {
    for (const field of ['key', 'name', 'uscc'] as const) {
      const values = DEPARTMENTS.map((d) => d[field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
  });

  it('gives every department a valid USCC registered by 机构编制 in its own region, with the demo org-code prefix', () => {
    for (const d of DEPARTMENTS) {
      const result = validateUscc(d.uscc);
      expect(result, d.name).toEqual({
        ok: true,
        registrationAuthority: '1',
        entityType: expect.stringMatching(/^[12]$/),
        regionCode: d.parentRegion,
      });
      expect(d.uscc.slice(8, 10), d.name).toBe('WF');
    }
  });

  it('registers 事业单位 (公积金中心, 气象局, 大数据中心) with type 2 and agencies with type 1', () => {
    const type = (name: string): string | undefined => DEPARTMENTS.find((d) => d.name === name)?.uscc[1];
    expect(type('潍坊市住房公积金管理中心')).toBe('2');
    expect(type('潍坊市气象局')).toBe('2');
    expect(type('寿光市大数据中心')).toBe('2');
    expect(type('潍坊市公安局')).toBe('1');
    expect(type('潍坊市大数据局')).toBe('1');
  });

  it('points every department at a region in the tree', () => {
    for (const d of DEPARTMENTS) expect(regionCodes.has(d.parentRegion), d.name).toBe(true);
  });

  it('builds codes deterministically', () => {
    expect(syntheticUscc('1', '370700', 1)).toBe(syntheticUscc('1', '370700', 1));
    expect(syntheticUscc('1', '370700', 1)).not.toBe(syntheticUscc('1', '370700', 2));
    expect(() => syntheticUscc('1', '3707', 1)).toThrow(RangeError);
    expect(() => syntheticUscc('1', '370700', 1_000_000)).toThrow(RangeError);
  });
});

describe('DEMO_USERS', () => {
  const departmentKeys = new Set(DEPARTMENTS.map((d) => d.key));
  const countyCodes = new Set((WEIFANG.children ?? []).map((c) => c.code));

  it('has unique, ASCII usernames, mobiles and citizen IDs', () => {
    for (const field of ['username', 'mobile', 'citizenId'] as const) {
      const values = DEMO_USERS.map((u) => u[field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
    for (const u of DEMO_USERS) expect(u.username).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('gives every user a valid mobile in the fictional 1380536xxxx block', () => {
    for (const u of DEMO_USERS) {
      expect(isMobileNumber(u.mobile), u.username).toBe(true);
      expect(u.mobile, u.username).toMatch(/^1380536\d{4}$/);
    }
  });

  it('gives every user a valid citizen ID registered in a Weifang county', () => {
    for (const u of DEMO_USERS) {
      const result = validateCitizenId(u.citizenId);
      expect(result.ok, u.username).toBe(true);
      if (!result.ok) continue;
      expect(result.regionCode, u.username).toMatch(/^3707\d{2}$/);
      expect(countyCodes.has(result.regionCode), u.username).toBe(true);
    }
  });

  it('covers every role at least once', () => {
    const roles: DemoRole[] = [
      'platform_admin',
      'org_admin',
      'chief_data_officer',
      'data_steward',
      'approver',
      'auditor',
      'developer',
    ];
    const held = new Set(DEMO_USERS.flatMap((u) => u.roles));
    for (const role of roles) expect(held.has(role), role).toBe(true);
  });

  it('has the agreed accounts in the agreed departments', () => {
    const byName = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u]));
    expect(byName['admin']).toMatchObject({ name: '王建国', department: 'dsj', roles: ['platform_admin'] });
    expect(byName['mz_cdo']).toMatchObject({ department: 'mz', title: '政务数据首席代表', roles: ['chief_data_officer'] });
    expect(byName['rs_steward']).toMatchObject({ department: 'rs', roles: ['data_steward'] });
    expect(byName['wj_approver']).toMatchObject({ department: 'wj', roles: ['approver'] });
    expect(byName['auditor']).toMatchObject({ department: 'dsj', title: '安全审计员', roles: ['auditor'] });
    expect(byName['ga_dev']).toMatchObject({ department: 'ga', roles: ['developer'] });
  });

  it('references only existing departments, in primary and extra posts', () => {
    for (const u of DEMO_USERS) {
      expect(departmentKeys.has(u.department), u.username).toBe(true);
      for (const post of u.extraPosts ?? []) {
        expect(departmentKeys.has(post.department), `${u.username} → ${post.department}`).toBe(true);
        expect(post.department, u.username).not.toBe(u.department);
      }
    }
  });

  it('has at least one user with a concurrent post (兼职)', () => {
    expect(DEMO_USERS.some((u) => (u.extraPosts?.length ?? 0) > 0)).toBe(true);
  });

  it('has Chinese names of 2-4 characters', () => {
    for (const u of DEMO_USERS) expect(u.name, u.username).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
  });
});

describe('DEMO_PASSWORD', () => {
  it('is the documented demo password', () => {
    expect(DEMO_PASSWORD).toBe('Weifang@2026');
  });
});
