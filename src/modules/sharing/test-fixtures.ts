// Test-only setup shared by the sharing integration tests: a platform on a manual clock, the 民政局's
// marriage registrations published (conditional, masked personal items) with a few records, the 公安局's
// demo system as the consumer, and helpers to request, decide and call.
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/weifang.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { ManualClock } from '../../kernel/clock.ts';
import type { Config } from '../../kernel/config.ts';
import type { CatalogEntryContent } from '../catalog/index.ts';
import { dataServiceDeps } from './index.ts';

/** 婚姻登记信息: a registration number as key, a citizen-ID query key, masked names, a county for row filters. */
export const marriages = (extra: Partial<CatalogEntryContent> = {}): CatalogEntryContent =>
  entryContent(
    '婚姻登记信息（共享测试）',
    [
      item('djzh', '登记证号', 'string', { length: 32, required: true, key: true }),
      item('nfxm', '男方姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
      item('nfsfzh', '男方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
      item('nvfxm', '女方姓名', 'string', { sensitivity: 'personal', mask: 'name' }),
      item('djrq', '登记日期', 'date', { required: true }),
      item('djjg', '登记机关所在区县代码', 'string', { length: 6 }),
      item('lb', '登记类别', 'string', { length: 4 }),
    ],
    {
      summary: '全市婚姻登记机关办理的结婚、离婚登记信息。',
      resourceClass: 'base',
      category: '人口',
      shareType: 'conditional',
      shareConditions: '办理政务服务事项时核验婚姻状况',
      dataGrade: 'important',
      shareModes: ['api', 'table'],
      ...extra,
    },
  );

/** Five registrations in two counties (奎文区 370705, 潍城区 370702). */
export const MARRIAGE_ROWS = [
  { djzh: 'J370705-2026-000101', nfxm: '王建军', nfsfzh: '370705199001011234', nvfxm: '李秀英', djrq: '2026-05-20', djjg: '370705', lb: '结婚' },
  { djzh: 'J370705-2026-000102', nfxm: '刘洋', nfsfzh: '370705198812125678', nvfxm: '张丽', djrq: '2026-06-01', djjg: '370705', lb: '结婚' },
  { djzh: 'J370702-2026-000201', nfxm: '陈志强', nfsfzh: '370702199203033456', nvfxm: '赵敏', djrq: '2026-06-18', djjg: '370702', lb: '结婚' },
  { djzh: 'L370702-2026-000202', nfxm: '孙磊', nfsfzh: '370702198507074321', nvfxm: '周婷', djrq: '2026-07-08', djjg: '370702', lb: '离婚' },
  { djzh: 'J370705-2026-000103', nfxm: '王建军', nfsfzh: '370705199001011234', nvfxm: '吴芳', djrq: '2026-08-08', djjg: '370705', lb: '复婚' },
];

export class SharingTestPlatform {
  p!: TestPlatform;
  entryId = '';
  serviceCode = '';
  /** The 公安局 demo system (consumer) and its key. */
  clientId = '';
  apiKey = '';

  constructor(
    private readonly clock: ManualClock,
    private readonly config: Partial<Config> = {},
    private readonly content: CatalogEntryContent = marriages(),
  ) {}

  /** Signs a demo user in afresh (sessions end when the clock moves on by days). */
  readonly login = async (username: string): Promise<string> => {
    const res = await this.p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };

  private readonly cookies = new Map<string, string>();

  /** A request as a demo user; signs in again only when the session has ended (sign-ins are rate-limited). */
  readonly as = async (username: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const send = (cookie: string) => this.p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const cached = this.cookies.get(username);
    if (cached) {
      const res = await send(cached);
      if (res.statusCode !== 401) return res;
    }
    const cookie = await this.login(username);
    this.cookies.set(username, cookie);
    return send(cookie);
  };

  /** A data-service call by the consuming system, for an end user. */
  readonly call = (path: string, headers: Record<string, string> = {}, apiKey = this.apiKey) =>
    this.p.app.inject({ method: 'GET', url: `/api/services/${this.serviceCode}${path}`, headers: { authorization: `Bearer ${apiKey}`, 'x-end-user': 'ga_zhangsan', ...headers } });

  /** The request body for the consumer's system, with overrides. */
  readonly requestBody = (extra: Record<string, unknown> = {}) => ({
    entryId: this.entryId,
    clientId: this.clientId,
    items: ['djzh', 'nfxm', 'nfsfzh', 'nvfxm', 'djrq', 'djjg'],
    queryKeys: ['nfsfzh', 'djzh'],
    modes: ['api'],
    purpose: '户籍业务办理中核验当事人婚姻状况',
    legalBasis: '《中华人民共和国户口登记条例》',
    scenario: '户口迁移、婚姻状况变更登记',
    dailyVolume: 1000,
    validUntil: '2027-06-30',
    ...extra,
  });

  readonly submit = async (extra: Record<string, unknown> = {}, username = 'ga_dev') => {
    const res = await this.as(username, 'POST', '/api/sharing/requests', this.requestBody(extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; status: string; deadline: string | null; grantId: string | null; number: string };
  };

  readonly publish = async (content: CatalogEntryContent): Promise<{ id: string; code: string }> => {
    const me = (await this.as('mz_cdo', 'GET', '/api/me')).json();
    const created = await this.as('mz_cdo', 'POST', '/api/catalog/entries', { providerOrgId: me.user.posts[0].orgId, content });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await this.as('mz_cdo', 'POST', `/api/catalog/entries/${id}/submit`)).statusCode).toBe(200);
    expect((await this.as('admin', 'POST', `/api/catalog/entries/${id}/publish`)).statusCode).toBe(200);
    return { id, code: created.json().code };
  };

  readonly push = async (batchId: string, records: Array<Record<string, string>>, deletes?: Array<Record<string, string>>, entryId = this.entryId) => {
    const res = await this.as('mz_cdo', 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId, records, ...(deletes ? { deletes } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().batch).toMatchObject({ status: 'succeeded', rejected: 0 });
  };

  /** Call records written so far (after the recorder has flushed). */
  readonly callCount = async (where = 'true', params: unknown[] = []) => {
    await dataServiceDeps(this.p.ctx).recorder.idle();
    return Number((await this.p.ctx.db.query<{ n: number }>(`select count(*)::int as n from shr_calls where ${where}`, params)).rows[0]!.n);
  };

  readonly auditCount = async (action: string) =>
    Number((await this.p.ctx.db.query<{ n: number }>('select count(*)::int as n from audit_records where action = $1', [action])).rows[0]!.n);

  async start(): Promise<void> {
    this.p = await startTestPlatform({ clock: this.clock, config: this.config });
    this.apiKey = this.p.demoApiKey;
    const me = await this.p.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${this.apiKey}` } });
    this.clientId = me.json().client.id;
    const { id, code } = await this.publish(this.content);
    this.entryId = id;
    this.serviceCode = code.replace('/', '-');
    await this.push('m-1', MARRIAGE_ROWS);
  }
}

/** Starts the platform before the calling describe's tests and closes it after. */
export function useSharingPlatform(clock: ManualClock, config: Partial<Config> = {}, content?: CatalogEntryContent): SharingTestPlatform {
  const s = new SharingTestPlatform(clock, config, content);
  beforeAll(() => s.start());
  afterAll(() => s.p.close());
  return s;
}
