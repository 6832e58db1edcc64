// The demo seed of 免证办 over the generated Weifang datasets: the 公积金中心's grants, the three evidence types and
// the items are there (once, however often it runs), and a resident of the demo register applies for
// 住房公积金提取 without paper while 教师资格认定 still needs the paper 无犯罪记录证明.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLicenceTypes } from '../../../demo/seed-credentials.ts';
import { seedDemoDatasets } from '../../../demo/seed-datasets.ts';
import { seedDemoEvidence } from '../../../demo/seed-evidence.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { loadResourceTable, qualified } from '../ingest/index.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');
let p: TestPlatform;
let seeded: Awaited<ReturnType<typeof seedDemoEvidence>>;
let mobile = '';

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  const datasets = await seedDemoDatasets(p.ctx, { scale: 0.02 });
  await seedDemoLicenceTypes(p.ctx, datasets);
  seeded = await seedDemoEvidence(p.ctx);
  // A married resident whose mobile number the register lists once (so the account binds itself).
  const hukou = (await loadResourceTable(p.ctx.db, datasets.find((d) => d.key === 'hukou')!.entryId))!;
  const marriage = (await loadResourceTable(p.ctx.db, datasets.find((d) => d.key === 'marriage')!.entryId))!;
  const { rows } = await p.ctx.db.query<{ sjhm: string }>(
    `select h.sjhm from ${qualified(hukou.tableName)} h
      where not h._deleted and h.sjhm ~ '^1[3-9][0-9]{9}$'
        and (select count(*) from ${qualified(hukou.tableName)} x where x.sjhm = h.sjhm) = 1
        and exists (select 1 from ${qualified(marriage.tableName)} m where not m._deleted and (m.nf_sfzhm = h.sfzhm or m.nvf_sfzhm = h.sfzhm))
      limit 1`,
  );
  mobile = rows[0]!.sjhm;
}, 240_000);
afterAll(() => p.close());

describe('the 免证办 demo seed', () => {
  it('grants the 公积金中心 the two registers and declares the types and items once', async () => {
    expect(seeded).toEqual({ seeded: true, types: 3, items: 3, grants: 2 });
    expect(await seedDemoEvidence(p.ctx)).toEqual({ seeded: false, types: 0, items: 0, grants: 0 });
    const items = (await p.app.inject({ method: 'GET', url: '/api/evidence/items', headers: { cookie: await p.signIn('admin') } })).json().items;
    expect(items.map((i: { name: string; orgName: string }) => `${i.orgName} ${i.name}`)).toEqual([
      '潍坊市住房公积金管理中心 住房公积金个人住房贷款申请', '潍坊市住房公积金管理中心 住房公积金提取（购买自住住房）', '潍坊市教育局 教师资格认定',
    ]);
  });

  it('serves a resident of the register without paper, and counts it', async () => {
    const cookie = await p.citizenSignIn(mobile);
    const items = (await p.app.inject({ method: 'GET', url: '/api/citizen/service-items', headers: { cookie } })).json().items as Array<{ id: string; code: string }>;
    const apply = async (code: string) => {
      const res = await p.app.inject({ method: 'POST', url: '/api/citizen/applications', headers: { cookie }, payload: { itemId: items.find((i) => i.code === code)!.id } });
      expect(res.statusCode, res.body).toBe(201);
      const confirmed = await p.app.inject({ method: 'POST', url: `/api/citizen/applications/${res.json().id}/confirm`, headers: { cookie }, payload: {} });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      return { preview: res.json(), submitted: confirmed.json() };
    };
    const fund = await apply('370700-GJJ-TQ-001');
    const [status, household] = fund.preview.evidence;
    expect(status).toMatchObject({ code: 'marriage_status', outcome: 'fetched', content: { provider: { kind: 'resource', name: '潍坊市婚姻登记信息（潍坊市民政局）' } } });
    expect(['已婚', '离婚']).toContain(status.content.conclusion);
    expect(household).toMatchObject({ code: 'household_registration', outcome: 'fetched', content: { provider: { kind: 'resource', name: '潍坊市户籍人口基本信息（潍坊市公安局）' } } });
    expect(fund.submitted).toMatchObject({ status: 'submitted', paperFree: true });

    const teacher = await apply('370700-JY-JSZG-001');
    // The 教育局 holds no grant on the register: the 居民身份证 (not issued in the demo) and then paper.
    expect(teacher.preview.evidence.map((e: { code: string; outcome: string }) => `${e.code}:${e.outcome}`)).toEqual(['household_registration:missing', 'no_criminal_record:missing']);
    expect(teacher.submitted).toMatchObject({ status: 'submitted', paperFree: false });

    const stats = (await p.app.inject({ method: 'GET', url: '/api/evidence/stats', headers: { cookie: await p.signIn('admin') } })).json();
    expect(stats.totals).toEqual({ applications: 2, submitted: 2, paperFree: 1, paperFreeShare: 0.5 });
  });
});
