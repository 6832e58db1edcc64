import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { citizenIdCheckChar } from './identifiers.ts';
import { placementProblem } from './org-service.ts';

describe('placing organisations in the four-level tree', () => {
  const city = { kind: 'city' as const, level: 1, region_code: '370700' };
  const county = { kind: 'county_city' as const, level: 2, region_code: '370783' };
  const town = { kind: 'town' as const, level: 3, region_code: '370783100' };

  it('accepts each level under the one above with a code that extends its parent', () => {
    expect(placementProblem('county_city', city, { regionCode: '370783' })).toBeNull();
    expect(placementProblem('town', county, { regionCode: '370783100' })).toBeNull();
    expect(placementProblem('village', town, { regionCode: '370783100201' })).toBeNull();
  });

  it('refuses skipped levels, foreign codes and departments without a valid credit code', () => {
    expect(placementProblem('village', county, { regionCode: '370783100201' })?.code).toBe('INVALID_ORG_HIERARCHY');
    expect(placementProblem('town', county, { regionCode: '370702100' })?.code).toBe('INVALID_REGION_CODE');
    expect(placementProblem('street', county, { regionCode: '3707831' })?.code).toBe('INVALID_REGION_CODE');
    expect(placementProblem('district', city, { regionCode: '370602' })?.code).toBe('INVALID_REGION_CODE');
    expect(placementProblem('department', city, {})?.code).toBe('INVALID_USCC');
    expect(placementProblem('department', city, { uscc: '11370700WF0000016X' })?.code).toBe('INVALID_USCC');
  });
});

describe('the directory over HTTP', () => {
  let p: TestPlatform;
  let admin: string;
  interface Node { id: string; name: string; kind: string; regionCode: string | null; children: Node[] }
  let tree: Node[];
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.signIn('admin');
    tree = (await p.app.inject({ url: '/api/directory/orgs/tree', headers: { cookie: admin } })).json();
  });
  afterAll(() => p.close());

  const find = (code: string): { id: string; name: string } => {
    const stack = [...tree];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.regionCode === code) return n;
      stack.push(...n.children);
    }
    throw new Error(`no organisation with region code ${code}`);
  };

  it('serves Weifang with its 12 county-level divisions, departments and four levels', async () => {
    const cityNode = tree[0]!;
    expect(cityNode).toMatchObject({ name: '潍坊市', regionCode: '370700' });
    const counties = cityNode.children.filter((c: { kind: string }) => ['district', 'county', 'county_city'].includes(c.kind));
    expect(counties.map((c) => c.regionCode).sort()).toEqual(
      ['370702', '370703', '370704', '370705', '370724', '370725', '370781', '370782', '370783', '370784', '370785', '370786'],
    );
    expect(cityNode.children.some((c: { name: string }) => c.name === '潍坊市大数据局')).toBe(true);
    const stats = (await p.app.inject({ url: '/api/stats/overview', headers: { cookie: admin } })).json();
    expect(stats.orgsByLevel.map((l: { level: number }) => l.level)).toEqual([1, 2, 3, 4]);
  });

  it('creates a community under a street, audited, and refuses one with a wrong code', async () => {
    const kuiwen = tree[0]!.children.find((c) => c.regionCode === '370705')!;
    const street = kuiwen.children.find((c) => c.kind === 'street')!;
    const streetView = (await p.app.inject({ url: `/api/directory/orgs/${street.id}`, headers: { cookie: admin } })).json();
    const code = `${streetView.regionCode}299`;
    const ok = await p.app.inject({ method: 'POST', url: '/api/directory/orgs', headers: { cookie: admin }, payload: { parentId: street.id, name: '测试社区', kind: 'community', regionCode: code } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ level: 4, regionCode: code, path: [{ name: '潍坊市' }, { name: '奎文区' }, { id: street.id }, { name: '测试社区' }] });
    const dup = await p.app.inject({ method: 'POST', url: '/api/directory/orgs', headers: { cookie: admin }, payload: { parentId: street.id, name: '重复社区', kind: 'community', regionCode: code } });
    expect(dup.json().code).toBe('REGION_CODE_TAKEN');
    const bad = await p.app.inject({ method: 'POST', url: '/api/directory/orgs', headers: { cookie: admin, 'accept-language': 'en' }, payload: { parentId: street.id, name: '错误社区', kind: 'community', regionCode: '370783100299' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_REGION_CODE' });
    expect(bad.json().detail).toContain(streetView.regionCode);
    const audit = await p.ctx.db.query<{ after: { name: string } }>("select after from audit_records where action = 'directory.org.create' order by seq desc limit 1");
    expect(audit.rows[0]!.after.name).toBe('测试社区');
  });

  it('stores citizen IDs and mobiles encrypted, shows them masked, and rejects bad check characters', async () => {
    const kuiwen = find('370705');
    const first17 = '37070519900101123';
    const citizenId = first17 + citizenIdCheckChar(first17);
    const wrongCheck = first17 + (citizenIdCheckChar(first17) === '0' ? '1' : '0');
    const body = { username: 'kw_clerk', name: '李娜', mobile: '13905368888', password: 'Weifang@2026a', orgId: kuiwen.id, title: '科员' };
    const bad = await p.app.inject({ method: 'POST', url: '/api/directory/users', headers: { cookie: admin }, payload: { ...body, citizenId: wrongCheck } });
    expect(bad.json().code).toBe('INVALID_CITIZEN_ID');
    const res = await p.app.inject({ method: 'POST', url: '/api/directory/users', headers: { cookie: admin }, payload: { ...body, citizenId } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ citizenIdMasked: '370***********' + citizenId.slice(-4), mobileMasked: '139****8888' });
    const raw = await p.ctx.db.query<Record<string, string>>("select * from dir_users where username = 'kw_clerk'");
    const stored = JSON.stringify(raw.rows[0]);
    expect(stored).not.toContain(citizenId);
    expect(stored).not.toContain('13905368888');
    expect(stored).not.toContain('Weifang@2026a');
    const auditRows = JSON.stringify((await p.ctx.db.query("select after from audit_records where target_id = $1", [res.json().id])).rows);
    expect(auditRows).not.toContain('13905368888');
    const weak = await p.app.inject({ method: 'POST', url: '/api/directory/users', headers: { cookie: admin }, payload: { ...body, username: 'kw_weak', password: 'short' } });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
  });

  it('gives a user a second post (兼职) and a scoped role, and finds them from both organisations', async () => {
    const user = (await p.app.inject({ url: '/api/directory/users?q=kw_clerk', headers: { cookie: admin } })).json().items[0];
    const shouguang = find('370783');
    const post = await p.app.inject({ method: 'POST', url: `/api/directory/users/${user.id}/posts`, headers: { cookie: admin }, payload: { orgId: shouguang.id, title: '挂职副主任' } });
    expect(post.json().posts).toHaveLength(2);
    const role = await p.app.inject({ method: 'POST', url: `/api/directory/users/${user.id}/roles`, headers: { cookie: admin }, payload: { role: 'approver', orgId: shouguang.id } });
    expect(role.json().roles).toMatchObject([{ role: 'approver', orgName: '寿光市' }]);
    const inShouguang = (await p.app.inject({ url: `/api/directory/users?orgId=${shouguang.id}`, headers: { cookie: admin } })).json();
    expect(inShouguang.items.map((u: { username: string }) => u.username)).toContain('kw_clerk');
    const subtree = (await p.app.inject({ url: `/api/directory/users?orgId=${tree[0]!.id}&subtree=true&pageSize=200`, headers: { cookie: admin } })).json();
    expect(subtree.total).toBeGreaterThanOrEqual(9);
    const removed = await p.app.inject({ method: 'DELETE', url: `/api/directory/users/${user.id}/roles/${role.json().roles[0].id}`, headers: { cookie: admin } });
    expect(removed.json().roles).toEqual([]);
  });

  it('disabling a user ends their sessions', async () => {
    const cookie = await p.signIn('kw_clerk', 'Weifang@2026a');
    const user = (await p.app.inject({ url: '/api/me', headers: { cookie } })).json().user;
    await p.app.inject({ method: 'PATCH', url: `/api/directory/users/${user.id}`, headers: { cookie: admin }, payload: { status: 'disabled' } });
    expect((await p.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'kw_clerk', password: 'Weifang@2026a' } });
    expect(again.json().code).toBe('AUTH_ACCOUNT_DISABLED');
  });

  it('lets auditors search the audit trail by actor, organisation, action and time', async () => {
    const auditor = await p.signIn('auditor');
    const byAction = (await p.app.inject({ url: '/api/audit/records?action=directory.user.create&pageSize=50', headers: { cookie: auditor } })).json();
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(byAction.items.every((r: { action: string }) => r.action === 'directory.user.create')).toBe(true);
    const byActor = (await p.app.inject({ url: `/api/audit/records?actor=${encodeURIComponent('王建国')}`, headers: { cookie: auditor } })).json();
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((r: { actorName: string }) => r.actorName === '王建国')).toBe(true);
    const future = (await p.app.inject({ url: '/api/audit/records?from=2999-01-01T00:00:00Z', headers: { cookie: auditor } })).json();
    expect(future.total).toBe(0);
    const shouguang = find('370783');
    const byOrg = (await p.app.inject({ url: `/api/audit/records?orgId=${shouguang.id}`, headers: { cookie: auditor } })).json();
    expect(byOrg.items.every((r: { orgId: string; orgName: string }) => r.orgId === shouguang.id && r.orgName === '寿光市')).toBe(true);
    expect(byOrg.total).toBeGreaterThan(0);
  });
});

describe('rate limiting and request ids', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ config: { rateLimitPerMinute: 5 } });
  });
  afterAll(() => p.close());

  it('answers the caller over its limit with 429, a code and a retry time, and echoes request ids', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await p.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${p.demoApiKey}`, 'x-request-id': `wf-req-${i}` } });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(last!.statusCode).toBe(429);
    expect(last!.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: 'wf-req-6' });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['x-request-id']).toBe('wf-req-6');
  });
});
