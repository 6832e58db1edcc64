// Test-only setup shared by the pull-source tests (pulls-*.test.ts): a platform that may reach 127.0.0.1,
// the 民政局's chief data officer signed in, published marriage-registration resources to pull into, and
// helpers to add, pull and inspect sources and the records they brought.
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import type { CatalogEntryContent } from '../catalog/index.ts';
import { loadResourceTable, qualified } from './storage.ts';

const marriage = (name: string): CatalogEntryContent =>
  entryContent(
    name,
    [
      item('djzh', '登记证号', 'string', { length: 32, required: true, key: true }),
      item('nfxm', '男方姓名', 'string', { required: true }),
      item('djrq', '登记日期', 'date', { required: true }),
    ],
    { summary: '婚姻登记机关业务系统中的婚姻登记信息，定时抽取。', resourceClass: 'base', category: '人口', shareType: 'conditional', shareConditions: '办理政务服务事项时核验婚姻状况', dataGrade: 'important' },
  );

export interface SourceView {
  id: string;
  kind: string;
  hasSecret: boolean;
  cursor: string | null;
  lastRunAt: string | null;
  lastBatchId: number | null;
  lastError: { zh: string; en: string } | null;
}

/** One platform for a test file. Fields are set once beforeAll has run. */
export class PullTestPlatform {
  p!: TestPlatform;
  /** mz_cdo: chief data officer of the 民政局, which provides the resources. */
  steward = '';
  /** admin: publishes catalog entries. */
  operator = '';
  providerOrgId = '';

  readonly call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    this.p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  /** A published 民政局 resource (djzh key, nfxm, djrq) with its typed table; returns the entry id. */
  readonly publishResource = async (name: string): Promise<string> => {
    const created = await this.call(this.steward, 'POST', '/api/catalog/entries', { providerOrgId: this.providerOrgId, content: marriage(name) });
    expect(created.statusCode).toBe(201);
    const entryId = created.json().id as string;
    expect((await this.call(this.steward, 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
    expect((await this.call(this.operator, 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
    return entryId;
  };

  readonly addSource = (entryId: string, body: object, cookie = this.steward) => this.call(cookie, 'POST', `/api/ingest/resources/${entryId}/sources`, body);

  readonly pull = (sourceId: string, cookie = this.steward) => this.call(cookie, 'POST', `/api/ingest/sources/${sourceId}/pull`);

  readonly sourceOf = async (entryId: string, sourceId: string): Promise<SourceView> => {
    const res = await this.call(this.steward, 'GET', `/api/ingest/resources/${entryId}/sources`);
    expect(res.statusCode).toBe(200);
    const found = (res.json() as SourceView[]).find((s) => s.id === sourceId);
    expect(found).toBeDefined();
    return found!;
  };

  /** The resource's live records as text, ordered by key. */
  readonly recordsOf = async (entryId: string): Promise<Array<{ djzh: string; nfxm: string; djrq: string }>> => {
    const table = (await loadResourceTable(this.p.ctx.db, entryId))!;
    const { rows } = await this.p.ctx.db.query<{ djzh: string; nfxm: string; djrq: string }>(
      `select djzh, nfxm, djrq::text as djrq from ${qualified(table.tableName)} where not _deleted order by djzh`,
    );
    return rows;
  };

  async start(): Promise<void> {
    this.p = await startTestPlatform({ config: { pullAllowedHosts: ['127.0.0.1'] } });
    this.steward = await this.p.signIn('mz_cdo');
    this.operator = await this.p.signIn('admin');
    this.providerOrgId = (await this.call(this.steward, 'GET', '/api/me')).json().user.posts[0].orgId;
  }
}

/** Registers file-level hooks that start the platform before the file's tests and close it after. */
export function usePullPlatform(): PullTestPlatform {
  const env = new PullTestPlatform();
  beforeAll(() => env.start());
  afterAll(() => env.p?.close());
  return env;
}
