// Scheduled pulls against real sources: a table in the machine's PostgreSQL server, a table in its MariaDB
// server and a local HTTP endpoint. Each pull is one batch; the cursor moves only after a batch succeeded.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { CatalogEntryContent, CatalogItem } from '../catalog/index.ts';
import { loadResourceTable, qualified } from './storage.ts';

/** Whether something accepts TCP connections at 127.0.0.1:port within about a second. */
function reachable(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const [pgUp, mysqlUp] = await Promise.all([reachable(5432), reachable(3306)]);

const item = (code: string, name: string, type: CatalogItem['type'], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code, name, type, length: type === 'string' ? 50 : null, scale: null, required: false, key: false, sensitivity: 'internal', mask: 'none', ...extra,
});

const marriage = (name: string): CatalogEntryContent => ({
  name,
  summary: '婚姻登记机关业务系统中的婚姻登记信息，定时抽取。',
  resourceClass: 'base',
  category: '人口',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '办理政务服务事项时核验婚姻状况',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'important',
  relatedCodes: [],
  items: [
    item('djzh', '登记证号', 'string', { length: 32, required: true, key: true }),
    item('nfxm', '男方姓名', 'string', { required: true }),
    item('djrq', '登记日期', 'date', { required: true }),
  ],
});

interface SourceView {
  id: string;
  kind: string;
  hasSecret: boolean;
  cursor: string | null;
  lastRunAt: string | null;
  lastBatchId: number | null;
  lastError: { zh: string; en: string } | null;
}

let p: TestPlatform;
let steward: string; // mz_cdo: chief data officer of the 民政局, which provides the resources below
let operator: string; // admin: publishes catalog entries
let providerOrgId: string;

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** A published 民政局 resource (djzh key, nfxm, djrq) with its typed table; returns the entry id. */
async function publishResource(name: string): Promise<string> {
  const created = await call(steward, 'POST', '/api/catalog/entries', { providerOrgId, content: marriage(name) });
  expect(created.statusCode).toBe(201);
  const entryId = created.json().id as string;
  expect((await call(steward, 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
  expect((await call(operator, 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
  return entryId;
}

const addSource = (entryId: string, body: object, cookie = steward) => call(cookie, 'POST', `/api/ingest/resources/${entryId}/sources`, body);
const pull = (sourceId: string, cookie = steward) => call(cookie, 'POST', `/api/ingest/sources/${sourceId}/pull`);

async function sourceOf(entryId: string, sourceId: string): Promise<SourceView> {
  const res = await call(steward, 'GET', `/api/ingest/resources/${entryId}/sources`);
  expect(res.statusCode).toBe(200);
  const found = (res.json() as SourceView[]).find((s) => s.id === sourceId);
  expect(found).toBeDefined();
  return found!;
}

/** The resource's live records as text, ordered by key. */
async function recordsOf(entryId: string): Promise<Array<{ djzh: string; nfxm: string; djrq: string }>> {
  const table = (await loadResourceTable(p.ctx.db, entryId))!;
  const { rows } = await p.ctx.db.query<{ djzh: string; nfxm: string; djrq: string }>(
    `select djzh, nfxm, djrq::text as djrq from ${qualified(table.tableName)} where not _deleted order by djzh`,
  );
  return rows;
}

beforeAll(async () => {
  p = await startTestPlatform({ config: { pullAllowedHosts: ['127.0.0.1'] } });
  steward = await p.signIn('mz_cdo');
  operator = await p.signIn('admin');
  providerOrgId = (await call(steward, 'GET', '/api/me')).json().user.posts[0].orgId;
});
afterAll(() => p?.close());

describe.skipIf(!pgUp)('pulling from a PostgreSQL table', () => {
  const schema = `pull_src_${randomBytes(5).toString('hex')}`;
  const table = `${schema}.marriage`;
  let src: pg.Client;
  let entryId: string;
  let sourceId: string;

  /** Whether the source's cursor text denotes the given instant (the cursor keeps PostgreSQL's text form). */
  async function cursorIs(cursor: string | null, iso: string): Promise<boolean> {
    expect(cursor).not.toBeNull();
    return (await src.query<{ same: boolean }>('select $1::timestamptz = $2::timestamptz as same', [cursor, iso])).rows[0]!.same;
  }

  beforeAll(async () => {
    src = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await src.connect();
    await src.query(`create schema ${schema}`);
    await src.query(`create table ${table} (djzh text primary key, nfxm text, djrq date, updated_at timestamptz)`);
    await src.query(
      `insert into ${table} values
        ('PG-0001', '王建国', '2026-03-08', '2026-03-08T09:00:00Z'),
        ('PG-0002', '李明', '2026-05-20', '2026-05-20T09:00:00Z'),
        ('PG-0003', '张伟', '2026-06-12', '2026-06-12T09:00:00Z')`,
    );
    entryId = await publishResource('婚姻登记信息（PostgreSQL 抽取）');
  });
  afterAll(async () => {
    if (!src) return;
    await src.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await src.end();
  });

  it('stores the password encrypted and never shows it', async () => {
    const res = await addSource(entryId, {
      name: '婚姻登记业务库',
      kind: 'postgres',
      config: { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', table, updatedAt: 'updated_at' },
      secret: 'not-needed',
      intervalMinutes: 60,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'postgres', hasSecret: true, cursor: null, enabled: true, intervalMinutes: 60 });
    expect(res.json()).not.toHaveProperty('secret');
    expect(res.body).not.toContain('not-needed');
    sourceId = res.json().id;

    const stored = (await p.ctx.db.query<{ secret: string }>('select secret from ing_sources where id = $1', [sourceId])).rows[0]!.secret;
    expect(stored).not.toBe('not-needed');
    expect(stored).not.toContain('not-needed');
    expect(p.ctx.vault.decrypt(stored)).toBe('not-needed');

    const list = await call(steward, 'GET', `/api/ingest/resources/${entryId}/sources`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(1);
    expect(list.json()[0]).toMatchObject({ id: sourceId, hasSecret: true, config: { table, updatedAt: 'updated_at' } });
    expect(list.json()[0]).not.toHaveProperty('secret');
    expect(list.body).not.toContain('not-needed');

    // The audit trail keeps where the data comes from, never the secret.
    const audit = await p.ctx.db.query<{ after: unknown }>(`select after from audit_records where action = 'ingest.source.create' and target_id = $1`, [sourceId]);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]!.after)).not.toContain('not-needed');
  });

  it('takes the whole table on the first pull and moves the cursor to its newest change', async () => {
    const res = await pull(sourceId);
    expect(res.statusCode).toBe(200);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ source: 'pull', sourceName: '婚姻登记业务库', format: 'postgres', status: 'succeeded', rowsRead: 3, inserted: 3, updated: 0, rejected: 0 });
    expect(batch.ignoredColumns).toEqual(['updated_at']);
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'PG-0001', nfxm: '王建国', djrq: '2026-03-08' },
      { djzh: 'PG-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'PG-0003', nfxm: '张伟', djrq: '2026-06-12' },
    ]);
    const source = await sourceOf(entryId, sourceId);
    expect(source).toMatchObject({ lastBatchId: batch.id, lastError: null });
    expect(source.lastRunAt).not.toBeNull();
    expect(await cursorIs(source.cursor, '2026-06-12T09:00:00Z')).toBe(true);
  });

  it('takes only rows changed since the cursor on the next pull', async () => {
    await src.query(`insert into ${table} values ('PG-0004', '刘洋', '2026-07-01', '2026-07-01T09:00:00Z')`);
    await src.query(`update ${table} set nfxm = '王建军', updated_at = '2026-07-02T09:00:00Z' where djzh = 'PG-0001'`);
    const before = (await sourceOf(entryId, sourceId)).cursor;

    const res = await pull(sourceId);
    expect(res.statusCode).toBe(200);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'PG-0001', nfxm: '王建军', djrq: '2026-03-08' },
      { djzh: 'PG-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'PG-0003', nfxm: '张伟', djrq: '2026-06-12' },
      { djzh: 'PG-0004', nfxm: '刘洋', djrq: '2026-07-01' },
    ]);
    const source = await sourceOf(entryId, sourceId);
    expect(source.cursor).not.toBe(before);
    expect(await cursorIs(source.cursor, '2026-07-02T09:00:00Z')).toBe(true);
    expect(source.lastBatchId).toBe(batch.id);
  });

  it('answers no batch when nothing changed, keeping the cursor', async () => {
    const before = await sourceOf(entryId, sourceId);
    const res = await pull(sourceId);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ batch: null });
    const after = await sourceOf(entryId, sourceId);
    expect(after).toMatchObject({ cursor: before.cursor, lastBatchId: before.lastBatchId, lastError: null });
    const batches = (await call(steward, 'GET', `/api/ingest/resources/${entryId}/batches`)).json();
    expect(batches.total).toBe(2);
  });

  it('takes every row of a bulk load stamped with one time, across several pages', async () => {
    // 12,000 rows share one updated_at (a nightly bulk load): more than two pages of 5,000.
    await src.query(`insert into ${table} select 'BULK-' || lpad(n::text, 5, '0'), '批量', '2026-08-01', '2026-08-01T02:00:00Z' from generate_series(1, 12000) as n`);
    const res = await pull(sourceId);
    expect(res.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 12_000, inserted: 12_000 });
    const n = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from resource_data."${(await loadResourceTable(p.ctx.db, entryId))!.tableName}" where djzh like 'BULK-%'`);
    expect(n.rows[0]!.n).toBe(12_000);
  });
});

describe.skipIf(!mysqlUp)('pulling from a MySQL (MariaDB) table', () => {
  const table = `pull_src_${randomBytes(5).toString('hex')}`;
  let src: mysql.Connection;
  let entryId: string;
  let sourceId: string;

  beforeAll(async () => {
    src = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
    await src.query(`create table \`${table}\` (djzh varchar(32) primary key, nfxm varchar(50), djrq date, updated_at datetime)`);
    await src.query(
      `insert into \`${table}\` values
        ('MY-0001', '王建国', '2026-03-08', '2026-03-08 09:00:00'),
        ('MY-0002', '李明', '2026-05-20', '2026-05-20 09:00:00'),
        ('MY-0003', '张伟', '2026-06-12', '2026-06-12 09:00:00')`,
    );
    entryId = await publishResource('婚姻登记信息（MySQL 抽取）');
  });
  afterAll(async () => {
    if (!src) return;
    await src.query(`drop table if exists \`${table}\``).catch(() => undefined);
    await src.end();
  });

  it('creates a source without a password', async () => {
    const res = await addSource(entryId, {
      name: '婚姻登记 MySQL 库',
      kind: 'mysql',
      config: { host: '127.0.0.1', port: 3306, database: 'test', user: 'root', table, updatedAt: 'updated_at' },
      intervalMinutes: 30,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'mysql', hasSecret: false, cursor: null });
    sourceId = res.json().id;
    expect((await p.ctx.db.query('select secret from ing_sources where id = $1', [sourceId])).rows[0]).toEqual({ secret: null });
  });

  it('takes the whole table first, then only what changed, then nothing', async () => {
    const first = await pull(sourceId);
    expect(first.statusCode).toBe(200);
    expect(first.json().batch).toMatchObject({ format: 'mysql', status: 'succeeded', rowsRead: 3, inserted: 3, updated: 0, rejected: 0, ignoredColumns: ['updated_at'] });
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'MY-0001', nfxm: '王建国', djrq: '2026-03-08' },
      { djzh: 'MY-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'MY-0003', nfxm: '张伟', djrq: '2026-06-12' },
    ]);
    expect((await sourceOf(entryId, sourceId)).cursor).toBe('2026-06-12 09:00:00');

    await src.query(`insert into \`${table}\` values ('MY-0004', '刘洋', '2026-07-01', '2026-07-01 09:00:00')`);
    await src.query(`update \`${table}\` set nfxm = '王建军', updated_at = '2026-07-02 09:00:00' where djzh = 'MY-0001'`);
    const second = await pull(sourceId);
    expect(second.statusCode).toBe(200);
    expect(second.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'MY-0001', nfxm: '王建军', djrq: '2026-03-08' },
      { djzh: 'MY-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'MY-0003', nfxm: '张伟', djrq: '2026-06-12' },
      { djzh: 'MY-0004', nfxm: '刘洋', djrq: '2026-07-01' },
    ]);
    const source = await sourceOf(entryId, sourceId);
    expect(source).toMatchObject({ cursor: '2026-07-02 09:00:00', lastBatchId: second.json().batch.id, lastError: null });

    const third = await pull(sourceId);
    expect(third.statusCode).toBe(200);
    expect(third.json()).toEqual({ batch: null });
    expect((await sourceOf(entryId, sourceId)).cursor).toBe('2026-07-02 09:00:00');
  });
});

describe('pulling from an HTTP JSON endpoint', () => {
  const TOKEN = `tok-${randomBytes(8).toString('hex')}`;
  const items: Array<{ djzh: string; nfxm: string; djrq: string; updated_at: string }> = [
    { djzh: 'HT-0001', nfxm: '王建国', djrq: '2026-03-08', updated_at: '2026-03-08T09:00:00Z' },
    { djzh: 'HT-0002', nfxm: '李明', djrq: '2026/05/20', updated_at: '2026-05-20T09:00:00Z' },
  ];
  let plain = [{ djzh: 'HN-0001', nfxm: '赵强', djrq: '2026-08-01' }, { djzh: 'HN-0002', nfxm: '周涛', djrq: '2026-08-02' }];
  const seen: Array<{ auth: string | undefined; since: string | null }> = [];
  let server: http.Server;
  let base: string;
  let entryId: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const since = url.searchParams.get('since');
      seen.push({ auth: req.headers.authorization, since });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      // /plain: a bare array of records without any change time.
      if (url.pathname === '/plain') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(plain));
        return;
      }
      // ?all=1: an endpoint that ignores the cursor and always answers everything.
      const answer = since !== null && url.searchParams.get('all') !== '1' ? items.filter((i) => i.updated_at > since) : items;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items: answer } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`;
    entryId = await publishResource('婚姻登记信息（接口抽取）');
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  const httpSource = (name: string, secret: string, url = base) =>
    addSource(entryId, { name, kind: 'http', config: { url, cursorParam: 'since', recordsPath: 'data.items', updatedAt: 'updated_at' }, secret, intervalMinutes: 15 });

  it('answers 502 and records the error on the source when the endpoint refuses the token', async () => {
    const created = await httpSource('婚姻登记接口（旧令牌）', 'wrong-token');
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const res = await pull(id);
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('INGEST_SOURCE_FAILED');
    expect(seen.at(-1)).toEqual({ auth: 'Bearer wrong-token', since: null });

    const source = await sourceOf(entryId, id);
    expect(source.lastError?.en).toContain('401');
    expect(source.lastError?.zh).toContain('401');
    expect(source).toMatchObject({ cursor: null, lastBatchId: null });
    expect(source.lastRunAt).not.toBeNull();
    const stored = (await p.ctx.db.query<{ last_error: unknown }>('select last_error from ing_sources where id = $1', [id])).rows[0]!.last_error;
    expect(stored).not.toBeNull();
    // Nothing was opened for a pull that could not read.
    expect((await call(steward, 'GET', `/api/ingest/resources/${entryId}/batches`)).json().total).toBe(0);
  });

  it('imports the records with the right token, then sends the cursor and takes only newer ones', async () => {
    const created = await httpSource('婚姻登记接口', TOKEN);
    expect(created.statusCode).toBe(201);
    expect(created.json().hasSecret).toBe(true);
    const id = created.json().id;

    const first = await pull(id);
    expect(first.statusCode).toBe(200);
    expect(first.json().batch).toMatchObject({ format: 'http', status: 'succeeded', rowsRead: 2, inserted: 2, rejected: 0, ignoredColumns: ['updated_at'] });
    expect(seen.at(-1)).toEqual({ auth: `Bearer ${TOKEN}`, since: null });
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'HT-0001', nfxm: '王建国', djrq: '2026-03-08' },
      { djzh: 'HT-0002', nfxm: '李明', djrq: '2026-05-20' },
    ]);
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: '2026-05-20T09:00:00Z', lastError: null });

    items.push({ djzh: 'HT-0003', nfxm: '刘洋', djrq: '2026-07-01', updated_at: '2026-07-01T09:00:00Z' });
    items[0] = { ...items[0]!, nfxm: '王建军', updated_at: '2026-07-02T09:00:00Z' };
    const second = await pull(id);
    expect(second.statusCode).toBe(200);
    expect(seen.at(-1)).toEqual({ auth: `Bearer ${TOKEN}`, since: '2026-05-20T09:00:00Z' });
    expect(second.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 1, updated: 1, unchanged: 0 });
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: '2026-07-02T09:00:00Z', lastBatchId: second.json().batch.id });

    const third = await pull(id);
    expect(third.statusCode).toBe(200);
    expect(third.json()).toEqual({ batch: null });
    expect(seen.at(-1)?.since).toBe('2026-07-02T09:00:00Z');
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'HT-0001', nfxm: '王建军', djrq: '2026-03-08' },
      { djzh: 'HT-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'HT-0003', nfxm: '刘洋', djrq: '2026-07-01' },
    ]);
  });

  it('only takes newer records from an endpoint that ignores the cursor', async () => {
    const id = (await httpSource('婚姻登记接口（不分页）', TOKEN, `${base}?all=1`)).json().id;
    const first = await pull(id);
    expect(first.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 0, updated: 0, unchanged: 3 });
    const again = await pull(id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ batch: null });
    expect(seen.at(-1)?.since).toBe('2026-07-02T09:00:00Z');
  });

  it('takes everything on each pull from an endpoint without change times, as a new batch each time', async () => {
    const created = await addSource(entryId, { name: '婚姻登记接口（全量）', kind: 'http', config: { url: base.replace('/records', '/plain') }, secret: TOKEN, intervalMinutes: 15 });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const first = (await pull(id)).json().batch;
    expect(first).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 2, ignoredColumns: [] });

    plain = [{ ...plain[0]!, nfxm: '赵刚' }, plain[1]!, { djzh: 'HN-0003', nfxm: '吴磊', djrq: '2026-08-03' }];
    const second = (await pull(id)).json().batch;
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 1, updated: 1, unchanged: 1 });
    expect((await recordsOf(entryId)).filter((r) => r.djzh.startsWith('HN-'))).toEqual([
      { djzh: 'HN-0001', nfxm: '赵刚', djrq: '2026-08-01' },
      { djzh: 'HN-0002', nfxm: '周涛', djrq: '2026-08-02' },
      { djzh: 'HN-0003', nfxm: '吴磊', djrq: '2026-08-03' },
    ]);
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: null, lastBatchId: second.id, lastError: null });
  });
});

describe('refusing bad sources', () => {
  let entryId: string;
  const pgConfig = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', updatedAt: 'updated_at' };

  beforeAll(async () => {
    entryId = await publishResource('婚姻登记信息（校验）');
  });

  it.each([
    ['a quote and a semicolon', { ...pgConfig, table: 'marriage"; drop table ing_sources; --' }],
    ['a back-tick', { ...pgConfig, table: 'marriage`' }],
    ['three name parts', { ...pgConfig, table: 'a.b.c' }],
    ['no table', { ...pgConfig }],
    ['an updated-at column with a space', { ...pgConfig, table: 'marriage', updatedAt: 'updated at' }],
    ['no updated-at column', { ...pgConfig, table: 'marriage', updatedAt: undefined }],
  ])('refuses a table source with %s (400)', async (_what, config) => {
    const res = await addSource(entryId, { name: '坏数据源', kind: 'postgres', config, intervalMinutes: 60 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('refuses an HTTP source without a usable http(s) URL (400)', async () => {
    for (const url of ['not a url', 'file:///etc/passwd', 'ftp://127.0.0.1/x']) {
      const res = await addSource(entryId, { name: '坏接口', kind: 'http', config: { url }, intervalMinutes: 60 });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await p.ctx.db.query('select id from ing_sources where entry_id = $1', [entryId])).rows).toEqual([]);
  });

  it('refuses a host the operator has not allowed (CITYSTACK_PULL_HOSTS), for databases and endpoints alike', async () => {
    const db = await addSource(entryId, { name: '内网数据库', kind: 'postgres', config: { ...pgConfig, host: '10.0.0.8', table: 'marriage' }, intervalMinutes: 60 });
    expect(db.statusCode).toBe(403);
    expect(db.json().code).toBe('INGEST_SOURCE_NOT_ALLOWED');
    const http = await addSource(entryId, { name: '内网接口', kind: 'http', config: { url: 'http://169.254.169.254/latest/meta-data' }, intervalMinutes: 60 });
    expect(http.json().code).toBe('INGEST_SOURCE_NOT_ALLOWED');
    expect((await p.ctx.db.query('select id from ing_sources where entry_id = $1', [entryId])).rows).toEqual([]);
  });

  it('lets no other department add, list or pull the 民政局 resource\'s sources (403)', async () => {
    const other = await p.signIn('rs_steward');
    const refused = await addSource(entryId, { name: '人社局的数据源', kind: 'postgres', config: { ...pgConfig, table: 'marriage' }, intervalMinutes: 60 }, other);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');

    const mine = await addSource(entryId, { name: '婚姻登记接口', kind: 'http', config: { url: 'http://127.0.0.1:9/none' }, intervalMinutes: 60 });
    expect(mine.statusCode).toBe(201);
    expect((await call(other, 'GET', `/api/ingest/resources/${entryId}/sources`)).statusCode).toBe(403);
    expect((await pull(mine.json().id, other)).statusCode).toBe(403);
    expect((await p.ctx.db.query('select count(*)::int as n from ing_sources where entry_id = $1', [entryId])).rows[0]).toEqual({ n: 1 });
  });

  it('answers 502 with the reason when the database cannot be reached, and keeps the cursor', async () => {
    const created = await addSource(entryId, { name: '停机的库', kind: 'postgres', config: { ...pgConfig, port: 1, table: 'marriage' }, intervalMinutes: 60 });
    expect(created.statusCode).toBe(201);
    const res = await pull(created.json().id);
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('INGEST_SOURCE_FAILED');
    const source = await sourceOf(entryId, created.json().id);
    expect(source.lastError?.zh).toContain('无法连接数据源');
    expect(source).toMatchObject({ cursor: null, lastBatchId: null });
  });

  it('answers 404 for a source that does not exist', async () => {
    const res = await pull('00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });
});
