import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { item, marriageRegistrations } from '../../../test/support/catalog.ts';
import type { CatalogItem } from '../catalog/index.ts';
import { importFile } from './imports.ts';
import { loadResourceTable, qualified } from './storage.ts';

const marriage = marriageRegistrations();

const HEADER = '登记证号,男方姓名,男方公民身份号码,登记日期,登记类别,登记费';
const GOOD = [
  'J370702-2026-000001,王建国,370702199001011237,2026-03-08,结婚,9.00',
  'J370702-2026-000002,李明,370705198805203312,2026/05/20,结婚,9',
  'J370782-2026-000003,张伟,370782199212121232,20260612,离婚,',
];
const BAD = [
  'J370702-2026-000004,,370702199001011237,2026-03-08,结婚,9.00', // name missing
  'J370702-2026-000005,赵强,370702199001011237,2026-02-30,结婚,9.00', // no such date
  'J370702-2026-000006,周涛,370702199001011237,2026-04-01,结婚,九元', // not a number
];

describe('aggregation into typed storage', () => {
  let p: TestPlatform;
  let steward: string;
  let operator: string;
  let entryId: string;
  let tmp: string;

  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  async function waitForBatch(id: number) {
    for (let i = 0; i < 200; i++) {
      const b = (await call(steward, 'GET', `/api/ingest/batches/${id}`)).json();
      if (b.status !== 'running') return b;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('batch did not finish');
  }

  const upload = (body: Buffer | string, fileName: string, cookie = steward) =>
    p.app.inject({ method: 'POST', url: `/api/ingest/resources/${entryId}/uploads?fileName=${encodeURIComponent(fileName)}`, headers: { cookie, 'content-type': 'application/octet-stream' }, payload: body });

  beforeAll(async () => {
    p = await startTestPlatform();
    steward = await p.signIn('mz_cdo');
    operator = await p.signIn('admin');
    tmp = p.ctx.config.dataDir;
    const me = (await call(steward, 'GET', '/api/me')).json();
    const created = (await call(steward, 'POST', '/api/catalog/entries', { providerOrgId: me.user.posts[0].orgId, content: marriage })).json();
    entryId = created.id;
    expect((await call(steward, 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
  });
  afterAll(() => p.close());

  it('creates a typed table with the key items as primary key when the operator publishes', async () => {
    const table = (await loadResourceTable(p.ctx.db, entryId))!;
    const { rows } = await p.ctx.db.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = 'resource_data' and table_name = $1 order by ordinal_position`,
      [table.tableName],
    );
    expect(rows.map((r) => `${r.column_name}:${r.data_type}`)).toEqual([
      'djzh:character varying', 'nfxm:character varying', 'nfsfzh:character varying', 'djrq:date', 'lb:character varying', 'fy:numeric',
      '_batch:bigint', '_first_batch:bigint', '_ingested_at:timestamp with time zone', '_updated_at:timestamp with time zone', '_deleted:boolean', '_seq:bigint',
    ]);
    const pk = await p.ctx.db.query<{ attname: string }>(
      `select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = $1::regclass and i.indisprimary`,
      [qualified(table.tableName)],
    );
    expect(pk.rows.map((r) => r.attname)).toEqual(['djzh']);
  });

  it('imports a GBK CSV: good rows typed in the table, bad rows downloadable with their reasons, records masked', async () => {
    const gbk = iconv.encode([HEADER, ...GOOD, ...BAD].join('\r\n') + '\r\n', 'gbk');
    const res = await upload(gbk, '婚姻登记2026.csv');
    expect(res.statusCode).toBe(202);
    const batch = await waitForBatch(res.json().batch.id);
    expect(batch).toMatchObject({ status: 'succeeded', rowsRead: 6, inserted: 3, rejected: 3, updated: 0 });

    const table = (await loadResourceTable(p.ctx.db, entryId))!;
    const { rows } = await p.ctx.db.query<{ djzh: string; nfxm: string; djrq: string; fy: string | null }>(`select djzh, nfxm, djrq::text as djrq, fy::text as fy from ${qualified(table.tableName)} order by djzh`);
    expect(rows).toEqual([
      { djzh: 'J370702-2026-000001', nfxm: '王建国', djrq: '2026-03-08', fy: '9.00' },
      { djzh: 'J370702-2026-000002', nfxm: '李明', djrq: '2026-05-20', fy: '9.00' },
      { djzh: 'J370782-2026-000003', nfxm: '张伟', djrq: '2026-06-12', fy: null },
    ]);

    const csv = await call(steward, 'GET', `/api/ingest/batches/${batch.id}/rejections.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(`行号,问题,${HEADER}`);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['5', '6', '7']);
    expect(lines[1]).toContain('男方姓名：必填信息项为空');
    expect(lines[2]).toContain('日期不存在');
    expect(lines[3]).toContain('不是数值');

    const records = (await call(steward, 'GET', `/api/ingest/resources/${entryId}/records`)).json();
    expect(records.total).toBe(3);
    const wang = records.items.find((r: { djzh: string }) => r.djzh === 'J370702-2026-000001');
    expect(wang).toMatchObject({ nfxm: '王**', nfsfzh: '370***********1237', djrq: '2026-03-08' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const table = (await loadResourceTable(p.ctx.db, entryId))!;
    const before = await p.ctx.db.query(`select * from ${qualified(table.tableName)} order by djzh`);
    const gbk = iconv.encode([HEADER, ...GOOD, ...BAD].join('\r\n') + '\r\n', 'gbk');
    const res = await upload(gbk, '婚姻登记2026（重复上传）.csv');
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('done');
    const after = await p.ctx.db.query(`select * from ${qualified(table.tableName)} order by djzh`);
    expect(after.rows).toEqual(before.rows);
  });

  it('updates changed rows only and keeps what they replaced in the record history', async () => {
    const file = path.join(tmp, 'update.csv');
    writeFileSync(file, [HEADER, GOOD[0]!.replace('王建国', '王建军'), GOOD[1], 'J370702-2026-000007,刘洋,,2026-07-01,结婚,9.00'].join('\n'));
    const result = await importFile(p.ctx, await principalOf('mz_cdo'), { entryId, path: file, fileName: 'update.csv' }, { actor: { kind: 'system', id: null, name: 'test', orgId: null }, requestId: null, ip: null });
    expect(result.batch).toMatchObject({ status: 'succeeded', inserted: 1, updated: 1, unchanged: 1, rejected: 0 });
    const history = (await call(steward, 'GET', `/api/ingest/resources/${entryId}/records/history?key=${encodeURIComponent(JSON.stringify({ djzh: 'J370702-2026-000001' }))}`)).json();
    expect(history.changes).toHaveLength(1);
    expect(history.changes[0]).toMatchObject({ op: 'update', batch: Number(result.batch.id), changed: [{ item: 'nfxm', before: '王**', after: '王**' }] });
    expect(history.firstBatch).not.toBe(Number(result.batch.id));
  });

  it('takes pushed batches idempotently, refuses a reused batch id with other data, and deletes softly', async () => {
    const push = (payload: object, headers: Record<string, string> = { cookie: steward }) => p.app.inject({ method: 'POST', url: `/api/ingest/resources/${entryId}/batches`, headers, payload });
    const body = { batchId: 'mz-2026-11-25-001', records: [{ djzh: 'J370702-2026-000100', nfxm: '陈刚', djrq: '2026-11-25' }] };
    const first = await push(body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'new', batch: { inserted: 1, status: 'succeeded' } });
    const again = await push(body);
    expect(again.json()).toMatchObject({ state: 'done', batch: { id: first.json().batch.id } });
    const conflict = await push({ ...body, records: [{ ...body.records[0], nfxm: '陈钢' }] });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('INGEST_BATCH_CONFLICT');

    const del = await push({ batchId: 'mz-2026-11-25-002', records: [], deletes: [{ djzh: 'J370702-2026-000100' }] });
    expect(del.json().batch).toMatchObject({ deleted: 1 });
    const records = (await call(steward, 'GET', `/api/ingest/resources/${entryId}/records?limit=100`)).json();
    expect(records.items.map((r: { djzh: string }) => r.djzh)).not.toContain('J370702-2026-000100');
    const history = (await call(steward, 'GET', `/api/ingest/resources/${entryId}/records/history?key=${encodeURIComponent(JSON.stringify({ djzh: 'J370702-2026-000100' }))}`)).json();
    expect(history).toMatchObject({ deleted: true, changes: [{ op: 'delete' }] });

    // The 公安局's system may not write into the 民政局's resource.
    const foreign = await push({ batchId: 'x', records: [] }, { authorization: `Bearer ${p.demoApiKey}` });
    expect(foreign.statusCode).toBe(403);
  });

  it('migrates the table for a compatible new version and refuses a breaking one', async () => {
    const entry = (await call(steward, 'GET', `/api/catalog/entries/${entryId}`)).json();
    const { id: _id, code: _code, providerOrgId: _p, providerName: _n, providerUscc: _u, status: _s, version: _v, publishedAt: _a, returnReason: _r, createdAt: _c, updatedAt: _up, ...content } = entry;
    const widened = { ...content, items: [...content.items.map((i: CatalogItem) => (i.code === 'lb' ? { ...i, length: 20 } : i)), item('djjg', '登记机关', 'string', { length: 100 })] };
    expect((await call(steward, 'PUT', `/api/catalog/entries/${entryId}`, widened)).statusCode).toBe(200);
    expect((await call(steward, 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
    const table = (await loadResourceTable(p.ctx.db, entryId))!;
    expect(table.version).toBe(2);
    const cols = await p.ctx.db.query<{ column_name: string; character_maximum_length: number | null }>(
      `select column_name, character_maximum_length from information_schema.columns where table_schema = 'resource_data' and table_name = $1 and column_name in ('lb', 'djjg') order by column_name`,
      [table.tableName],
    );
    expect(cols.rows).toEqual([{ column_name: 'djjg', character_maximum_length: 100 }, { column_name: 'lb', character_maximum_length: 20 }]);

    const narrowed = { ...widened, items: widened.items.filter((i: CatalogItem) => i.code !== 'fy') };
    expect((await call(steward, 'PUT', `/api/catalog/entries/${entryId}`, narrowed)).statusCode).toBe(200);
    const refused = await call(steward, 'POST', `/api/catalog/entries/${entryId}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'CATALOG_BREAKING_CHANGE' });
    expect(refused.json().detail).toContain('登记费');
  });

  it('refuses uploads from people outside the providing department and files it cannot read', async () => {
    const other = await p.signIn('rs_steward');
    expect((await upload('a,b\n1,2\n', 'x.csv', other)).statusCode).toBe(403);
    expect((await upload('a,b\n1,2\n', 'x.pdf')).json().code).toBe('INGEST_UNKNOWN_FORMAT');
    const noKey = await upload('男方姓名\n王五\n', 'nokey.csv');
    const batch = await waitForBatch(noKey.json().batch.id);
    expect(batch.status).toBe('failed');
    expect(batch.error.zh).toContain('登记证号');
  });

  async function principalOf(username: string) {
    const { resolvePrincipal } = await import('../directory/index.ts');
    const cookie = await p.signIn(username);
    const sessionToken = cookie.split('=')[1]!;
    return resolvePrincipal(p.ctx, { sessionToken });
  }
});
