// Records as documents, exact keys and type changes: the cases where a careless importer loses or doubles data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import type { CatalogEntryContent } from '../catalog/index.ts';
import { loadResourceTable, qualified } from './storage.ts';

describe('records, keys and type changes', () => {
  let p: TestPlatform;
  let steward: string;
  let operator: string;
  let orgId: string;
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  async function publish(c: CatalogEntryContent): Promise<string> {
    const created = await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: orgId, content: c });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call(steward, 'POST', `/api/catalog/entries/${id}/submit`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/catalog/entries/${id}/publish`)).statusCode).toBe(200);
    return id;
  }
  const push = (entryId: string, body: object) => call(steward, 'POST', `/api/ingest/resources/${entryId}/batches`, body);
  const rowsOf = async (entryId: string, select: string) => {
    const t = (await loadResourceTable(p.ctx.db, entryId))!;
    return (await p.ctx.db.query(`select ${select} from ${qualified(t.tableName)} order by 1`)).rows;
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    steward = await p.signIn('mz_cdo');
    operator = await p.signIn('admin');
    orgId = (await call(steward, 'GET', '/api/me')).json().user.posts[0].orgId;
  });
  afterAll(() => p.close());

  it('takes every pushed record whole: fields of later records count, absent ones are empty, unknown ones reported', async () => {
    const id = await publish(entryContent('救助对象', [item('bh', '编号', 'string', { key: true, required: true }), item('xm', '姓名', 'string'), item('je', '金额', 'decimal')]));
    const res = await push(id, { batchId: 'a', records: [{ bh: 'b', xm: '王五' }, { bh: 'a', je: 7 }, { bh: 'c', xm: '赵六', je: '1.5', bz: '备注' }] });
    expect(res.json().batch).toMatchObject({ inserted: 3, rejected: 0, ignoredColumns: ['bz'] });
    expect(await rowsOf(id, 'bh, xm, je::text as je')).toEqual([
      { bh: 'a', xm: null, je: '7.00' },
      { bh: 'b', xm: '王五', je: null },
      { bh: 'c', xm: '赵六', je: '1.50' },
    ]);
  });

  it('refuses a JSON number too large to be exact instead of storing another number', async () => {
    const id = await publish(entryContent('大数', [item('bh', '编号', 'string', { key: true, required: true }), item('n', '数值', 'integer')]));
    const raw = '{"batchId":"a","records":[{"bh":"2","n":"370702199001011234"},{"bh":"1","n":370702199001011234}]}';
    const res = await p.app.inject({ method: 'POST', url: `/api/ingest/resources/${id}/batches`, headers: { cookie: steward, 'content-type': 'application/json' }, payload: raw });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('records[1].n');
    expect(await rowsOf(id, 'bh')).toEqual([]);
    const exact = await push(id, { batchId: 'b', records: [{ bh: '2', n: '370702199001011234' }] });
    expect(exact.json().batch).toMatchObject({ inserted: 1 });
    expect(await rowsOf(id, 'bh, n::text as n')).toEqual([{ bh: '2', n: '370702199001011234' }]);
  });

  it('treats one decimal key written two ways as one record, and finds its history', async () => {
    const id = await publish(entryContent('按金额', [item('je', '金额', 'decimal', { key: true, required: true }), item('xm', '姓名', 'string')]));
    const res = await push(id, { batchId: 'a', records: [{ je: '1', xm: '甲' }, { je: '01.0', xm: '乙' }] });
    expect(res.statusCode).toBe(200);
    expect(await rowsOf(id, 'je::text as je, xm')).toEqual([{ je: '1.00', xm: '乙' }]);
    await push(id, { batchId: 'b', records: [{ je: '1.00', xm: '丙' }] });
    const history = (await call(steward, 'GET', `/api/ingest/resources/${id}/records/history?key=${encodeURIComponent(JSON.stringify({ je: '1' }))}`)).json();
    expect(history.changes).toMatchObject([{ op: 'update', changed: [{ item: 'xm', before: '乙', after: '丙' }] }]);
  });

  it('refuses to change the type of a key, and turns stored dates into midnight in Weifang when a date becomes a time', async () => {
    const items = [item('rq', '日期', 'date', { key: true, required: true }), item('sj', '时间', 'date')];
    const id = await publish(entryContent('日期资源', items));
    await push(id, { batchId: 'a', records: [{ rq: '2026-01-01', sj: '2026-01-02' }] });
    const entry = (await call(steward, 'GET', `/api/catalog/entries/${id}`)).json();
    const { id: _i, code: _c, providerOrgId: _p, providerName: _n, providerUscc: _u, status: _s, version: _v, publishedAt: _a, returnReason: _r, createdAt: _cr, updatedAt: _up, ...draft } = entry;
    await call(steward, 'PUT', `/api/catalog/entries/${id}`, { ...draft, items: [{ ...items[0], type: 'datetime' }, items[1]] });
    const refused = await call(steward, 'POST', `/api/catalog/entries/${id}/submit`);
    expect(refused.json()).toMatchObject({ code: 'CATALOG_BREAKING_CHANGE' });
    await call(steward, 'PUT', `/api/catalog/entries/${id}`, { ...draft, items: [items[0], { ...items[1], type: 'datetime' }] });
    expect((await call(steward, 'POST', `/api/catalog/entries/${id}/submit`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/catalog/entries/${id}/publish`)).statusCode).toBe(200);
    const [row] = await rowsOf(id, `rq, sj = '2026-01-02T00:00:00+08:00'::timestamptz as midnight_in_weifang`);
    expect(row).toEqual({ rq: '2026-01-01', midnight_in_weifang: true });
  });

  it('refuses item codes the database reserves', async () => {
    const created = await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: orgId, content: entryContent('保留字', [item('xmin', '最小', 'string', { key: true, required: true })]) });
    const submitted = await call(steward, 'POST', `/api/catalog/entries/${created.json().id}/submit`);
    expect(submitted.statusCode).toBe(422);
    expect(submitted.json().detail).toContain('xmin');
  });
});
