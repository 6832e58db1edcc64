import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { CatalogEntryContent } from './model.ts';
import { contentProblems } from './validation.ts';

const marriage: CatalogEntryContent = {
  name: '婚姻登记信息',
  summary: '全市婚姻登记机关办理的结婚、离婚登记信息，用于婚姻状况核验与免证办。',
  resourceClass: 'base',
  category: '人口',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '仅限办理政务服务事项时核验婚姻状况，须经民政局审批',
  notSharedBasis: null,
  shareModes: ['api', 'table'],
  openType: 'none',
  dataGrade: 'important',
  relatedCodes: [],
  items: [
    { code: 'djzh', name: '登记证号', type: 'string', length: 32, scale: null, required: true, key: true, sensitivity: 'internal', mask: 'none' },
    { code: 'nfxm', name: '男方姓名', type: 'string', length: 50, scale: null, required: true, key: false, sensitivity: 'personal', mask: 'name' },
    { code: 'nfsfzh', name: '男方公民身份号码', type: 'string', length: 18, scale: null, required: true, key: false, sensitivity: 'personal', mask: 'citizen_id' },
    { code: 'djrq', name: '登记日期', type: 'date', length: null, scale: null, required: true, key: false, sensitivity: 'internal', mask: 'none' },
  ],
};

describe('catalog entry rules', () => {
  it('accept a complete entry and name every missing piece of an incomplete one', () => {
    expect(contentProblems(marriage)).toEqual([]);
    const problems = contentProblems({ ...marriage, shareConditions: null, items: marriage.items.map((i) => ({ ...i, key: false })) });
    expect(problems.map((p) => p.field)).toEqual(['shareConditions', 'items']);
    expect(contentProblems({ ...marriage, shareType: 'none', notSharedBasis: '' }).map((p) => p.field)).toEqual(['notSharedBasis']);
    const dup = contentProblems({ ...marriage, items: [...marriage.items, marriage.items[1]!] });
    expect(dup[0]!.zh).toContain('nfxm');
  });
});

describe('the catalog lifecycle', () => {
  let p: TestPlatform;
  let steward: string;
  let operator: string;
  let mz: { id: string };
  beforeAll(async () => {
    p = await startTestPlatform();
    steward = await p.signIn('mz_cdo');
    operator = await p.signIn('admin');
    const me = (await p.app.inject({ url: '/api/me', headers: { cookie: steward } })).json();
    mz = { id: me.user.posts[0].orgId };
  });
  afterAll(() => p.close());

  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('goes draft → submitted → returned → submitted → published, audited at each step, versioned on change', async () => {
    const created = await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: mz.id, content: { ...marriage, shareConditions: null } });
    expect(created.statusCode).toBe(201);
    const entry = created.json();
    expect(entry).toMatchObject({ status: 'draft', version: 0, providerName: '潍坊市民政局' });
    expect(entry.code).toMatch(/^[0-9A-Z]{9}\/000001$/);

    const incomplete = await call(steward, 'POST', `/api/catalog/entries/${entry.id}/submit`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'CATALOG_ENTRY_INCOMPLETE' });
    expect(incomplete.json().detail).toContain('共享条件');

    expect((await call(steward, 'PUT', `/api/catalog/entries/${entry.id}`, marriage)).statusCode).toBe(200);
    expect((await call(steward, 'POST', `/api/catalog/entries/${entry.id}/submit`)).json().status).toBe('submitted');
    expect((await call(steward, 'PUT', `/api/catalog/entries/${entry.id}`, marriage)).json().code).toBe('CATALOG_ENTRY_STATE');
    expect((await call(steward, 'POST', `/api/catalog/entries/${entry.id}/publish`)).statusCode).toBe(403);

    const returned = await call(operator, 'POST', `/api/catalog/entries/${entry.id}/return`, { reason: '摘要请补充数据来源' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '摘要请补充数据来源' });
    await call(steward, 'PUT', `/api/catalog/entries/${entry.id}`, { ...marriage, summary: `${marriage.summary}数据来源：民政局婚姻登记系统。` });
    await call(steward, 'POST', `/api/catalog/entries/${entry.id}/submit`);
    const published = await call(operator, 'POST', `/api/catalog/entries/${entry.id}/publish`);
    expect(published.json()).toMatchObject({ status: 'published', version: 1 });

    // A change of items is drafted beside the published version, which keeps being served until republished.
    const withItem = { ...marriage, items: [...marriage.items, { code: 'djjg', name: '登记机关', type: 'string', length: 100, scale: null, required: false, key: false, sensitivity: 'public', mask: 'none' }] };
    await call(steward, 'PUT', `/api/catalog/entries/${entry.id}`, withItem);
    const asOther = (await call(await p.signIn('wj_approver'), 'GET', `/api/catalog/entries/${entry.id}`)).json();
    expect(asOther.items).toHaveLength(4);
    expect(asOther.status).toBe('published');
    await call(steward, 'POST', `/api/catalog/entries/${entry.id}/submit`);
    expect((await call(operator, 'POST', `/api/catalog/entries/${entry.id}/publish`)).json().version).toBe(2);
    const versions = (await call(steward, 'GET', `/api/catalog/entries/${entry.id}/versions`)).json();
    expect(versions.map((v: { version: number; content: { items: unknown[] } }) => [v.version, v.content.items.length])).toEqual([[2, 5], [1, 4]]);

    const actions = (await p.ctx.db.query<{ action: string }>('select action from audit_records where target_id = $1 order by seq', [entry.id])).rows.map((r) => r.action);
    expect(actions).toEqual([
      'catalog.entry.create', 'catalog.entry.update', 'catalog.entry.submit', 'catalog.entry.return', 'catalog.entry.update',
      'catalog.entry.submit', 'catalog.entry.publish', 'catalog.entry.update', 'catalog.entry.submit', 'catalog.entry.publish',
    ]);
  });

  it('keeps drafts to their own department and lets only its stewards edit them', async () => {
    const draft = (await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: mz.id, content: { ...marriage, name: '收养登记信息' } })).json();
    const other = await p.signIn('rs_steward');
    expect((await call(other, 'GET', `/api/catalog/entries/${draft.id}`)).statusCode).toBe(404);
    expect((await call(other, 'PUT', `/api/catalog/entries/${draft.id}`, marriage)).statusCode).toBe(403);
    const search = (await call(other, 'GET', `/api/catalog/entries?q=${encodeURIComponent('收养')}`)).json();
    expect(search.total).toBe(0);
    const own = (await call(steward, 'GET', `/api/catalog/entries?q=${encodeURIComponent('收养')}`)).json();
    expect(own.items.map((e: { name: string }) => e.name)).toEqual(['收养登记信息']);
    const police = (await p.app.inject({ url: '/api/directory/orgs/tree', headers: { cookie: operator } })).json()[0].children.find((c: { name: string }) => c.name === '潍坊市公安局');
    expect((await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: police.id, content: marriage })).statusCode).toBe(403);
  });

  it('finds published entries by Chinese words in name, summary or items, filters them and builds the tree', async () => {
    const other = await p.signIn('rs_steward');
    const hits = (await call(other, 'GET', `/api/catalog/entries?q=${encodeURIComponent('身份号码 婚姻')}`)).json();
    expect(hits.items.map((e: { name: string }) => e.name)).toEqual(['婚姻登记信息']);
    expect((await call(other, 'GET', `/api/catalog/entries?q=${encodeURIComponent('不存在的资源')}`)).json().total).toBe(0);
    expect((await call(other, 'GET', '/api/catalog/entries?shareType=unconditional')).json().total).toBe(0);
    expect((await call(other, 'GET', '/api/catalog/entries?dataGrade=important')).json().total).toBe(1);
    expect((await call(other, 'GET', `/api/catalog/entries?resourceClass=base&category=${encodeURIComponent('人口')}`)).json().total).toBe(1);
    expect((await call(other, 'GET', `/api/catalog/entries?category=${encodeURIComponent('法人')}`)).json().total).toBe(0);
    const byClass = (await call(other, 'GET', '/api/catalog/tree?by=class')).json();
    expect(byClass).toMatchObject([{ title: '基础信息资源', count: 1, children: [{ title: '人口', count: 1 }] }]);
    const byProvider = (await call(other, 'GET', '/api/catalog/tree?by=provider')).json();
    expect(byProvider[0]).toMatchObject({ title: '潍坊市民政局', count: 1 });
    const asSystem = await p.app.inject({ url: '/api/catalog/entries', headers: { authorization: `Bearer ${p.demoApiKey}` } });
    expect(asSystem.json().total).toBe(1);
  });

  it('exports only openly published entries as DCAT-AP JSON-LD, to anyone', async () => {
    const closed = await p.app.inject({ url: '/api/catalog/dcat.jsonld' });
    expect(closed.headers['content-type']).toContain('application/ld+json');
    expect(JSON.stringify(closed.json())).not.toContain('婚姻登记信息'); // not open (不予开放)
    const entry = (await call(steward, 'GET', `/api/catalog/entries?q=${encodeURIComponent('婚姻')}`)).json().items[0];
    // The published items stay as they are (a new version may only add or widen them).
    const current = (await call(steward, 'GET', `/api/catalog/entries/${entry.id}`)).json();
    expect((await call(steward, 'PUT', `/api/catalog/entries/${entry.id}`, { ...marriage, items: current.items, openType: 'conditional' })).statusCode).toBe(200);
    expect((await call(steward, 'POST', `/api/catalog/entries/${entry.id}/submit`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/catalog/entries/${entry.id}/publish`)).statusCode).toBe(200);
    const open = JSON.stringify((await p.app.inject({ url: '/api/catalog/dcat.jsonld' })).json());
    expect(open).toContain('婚姻登记信息');
    expect(open).toContain('潍坊市民政局');
  });
});
