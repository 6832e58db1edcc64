// Test-only setup shared by the data-quality integration tests: catalog content builders, the 民政局's two
// resources (社区代码表, referenced by 城乡低保救助对象), and a platform on a manual clock with the demo users
// signed in, both resources published and the communities pushed.
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/weifang.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { ManualClock } from '../../kernel/clock.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import type { CatalogEntryContent, CatalogItem } from '../catalog/index.ts';

export { item };

export const content = (name: string, updateFrequency: CatalogEntryContent['updateFrequency'], items: CatalogItem[]): CatalogEntryContent =>
  entryContent(name, items, { summary: `${name}（测试数据）`, category: '社会救助', updateFrequency, shareType: 'conditional', shareConditions: '办理社会救助事项时核验', dataGrade: 'important' });

// 社区代码 (referenced by the assistance records).
export const communities = content('社区代码表', 'daily', [
  item('sqdm', '社区代码', 'string', { length: 12, required: true, key: true }),
  item('sqmc', '社区名称', 'string'),
]);

// 城乡低保救助对象: every item a rule in the tests checks.
export const recipients = content('城乡低保救助对象', 'daily', [
  item('jzbh', '救助编号', 'string', { length: 10, required: true, key: true }),
  item('xm', '姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
  item('sfzh', '公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('lxdh', '联系电话', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile' }),
  item('lb', '救助类别', 'string', { length: 10 }),
  item('jzje', '救助金额', 'decimal'),
  item('sqdm', '所在社区代码', 'string', { length: 12 }),
  item('jbdw', '经办单位统一社会信用代码', 'string', { length: 18 }),
  item('pzrq', '批准日期', 'date'),
  item('csrq', '出生日期（文本）', 'string', { length: 10 }),
  item('hh', '户号', 'string', { length: 20 }),
  item('bz', '备注', 'string', { length: 100 }),
]);

/** An incident as the list answers it. */
export interface ListedIncident {
  id: string;
  ruleId: string | null;
  status: string;
  overdue: boolean;
  kind: string;
  deadline: string;
  lastFailed: number | null;
  resolution: string | null;
  lastRunId: string;
}

/**
 * One platform for a test file, with the 民政局's resources published. Fields are set once beforeAll has run;
 * the session cookies change when signInAll() signs everyone in again.
 */
export class QualityTestPlatform {
  p!: TestPlatform;
  /** mz_cdo: chief data officer of the 民政局, which provides both resources. */
  cdo = '';
  /** admin: the platform operator. */
  admin = '';
  /** rs_steward: a data steward of another department (人社局). */
  otherSteward = '';
  auditor = '';
  /** wj_approver: a reviewer who may flag records. */
  approver = '';
  recipientsId = '';
  communitiesId = '';
  communitiesCode = '';

  readonly call = (cookie: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    this.p.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  /** Runs due jobs until none is left (a job may schedule another). */
  readonly drain = async () => {
    for (let i = 0; i < 20 && (await this.p.ctx.jobs.runDue()) > 0; i++);
    const failed = await this.p.ctx.db.query<{ kind: string; last_error: string }>(`select kind, last_error from kernel_jobs where kind like 'quality.%' and last_error is not null`);
    expect(failed.rows).toEqual([]);
  };

  readonly publish = async (c: CatalogEntryContent, providerOrgId: string): Promise<{ id: string; code: string }> => {
    const created = await this.call(this.cdo, 'POST', '/api/catalog/entries', { providerOrgId, content: c });
    expect(created.statusCode).toBe(201);
    expect((await this.call(this.cdo, 'POST', `/api/catalog/entries/${created.json().id}/submit`)).statusCode).toBe(200);
    expect((await this.call(this.admin, 'POST', `/api/catalog/entries/${created.json().id}/publish`)).statusCode).toBe(200);
    return { id: created.json().id, code: created.json().code };
  };

  readonly push = async (entryId: string, batchId: string, records: Array<Record<string, string>>, deletes?: Array<Record<string, string>>) => {
    const res = await this.call(this.cdo, 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId, records, ...(deletes ? { deletes } : {}) });
    expect(res.statusCode).toBe(200);
    expect(res.json().batch).toMatchObject({ status: 'succeeded', rejected: 0 });
    return res.json().batch.id as number;
  };

  readonly addRule = (body: object, cookie = this.cdo) => this.call(cookie, 'POST', '/api/quality/rules', body);

  readonly openIncidents = async (entryId: string) => {
    const res = await this.call(this.admin, 'GET', `/api/quality/incidents?entryId=${entryId}&pageSize=200`);
    expect(res.statusCode).toBe(200);
    return (res.json().items as ListedIncident[]).filter((i) => i.status !== 'resolved');
  };

  readonly auditCount = async (action: string) =>
    Number((await this.p.ctx.db.query<{ n: number }>('select count(*)::int8 as n from audit_records where action = $1', [action])).rows[0]!.n);

  /** Signs everyone in afresh (sessions expire when the clock moves on by days). */
  readonly signInAll = async () => {
    const login = async (username: string) => {
      const res = await this.p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      expect(res.statusCode).toBe(200);
      return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    };
    this.cdo = await login('mz_cdo');
    this.admin = await login('admin');
    this.otherSteward = await login('rs_steward');
    this.auditor = await login('auditor');
    this.approver = await login('wj_approver');
  };

  /** Boots the platform, signs everyone in, publishes both resources and pushes two communities. */
  async start(clock: ManualClock): Promise<void> {
    this.p = await startTestPlatform({ clock });
    await this.signInAll();
    const me = (await this.call(this.cdo, 'GET', '/api/me')).json();
    const mz = me.user.posts[0].orgId as string;
    ({ id: this.communitiesId, code: this.communitiesCode } = await this.publish(communities, mz));
    ({ id: this.recipientsId } = await this.publish(recipients, mz));
    await this.push(this.communitiesId, 'sq-1', [
      { sqdm: '370705001001', sqmc: '东关街道和平社区' },
      { sqdm: '370705001002', sqmc: '东关街道东苑社区' },
    ]);
    await this.drain();
  }
}

/** Registers the hooks that start the platform before the tests of the calling describe and close it after. */
export function useQualityPlatform(clock: ManualClock): QualityTestPlatform {
  const q = new QualityTestPlatform();
  beforeAll(() => q.start(clock));
  afterAll(() => q.p.close());
  return q;
}
