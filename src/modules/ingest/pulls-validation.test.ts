// Pull sources refused or failing: unsafe table and column names, unusable URLs, hosts the operator has not
// allowed, other departments, unreachable databases, unknown sources.
import { beforeAll, describe, expect, it } from 'vitest';
import { usePullPlatform } from './pull-fixtures.ts';

const env = usePullPlatform();
const { call, publishResource, addSource, pull, sourceOf } = env;

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
    expect((await env.p.ctx.db.query('select id from ing_sources where entry_id = $1', [entryId])).rows).toEqual([]);
  });

  it('refuses a host the operator has not allowed (CITYSTACK_PULL_HOSTS), for databases and endpoints alike', async () => {
    const db = await addSource(entryId, { name: '内网数据库', kind: 'postgres', config: { ...pgConfig, host: '10.0.0.8', table: 'marriage' }, intervalMinutes: 60 });
    expect(db.statusCode).toBe(403);
    expect(db.json().code).toBe('INGEST_SOURCE_NOT_ALLOWED');
    const http = await addSource(entryId, { name: '内网接口', kind: 'http', config: { url: 'http://169.254.169.254/latest/meta-data' }, intervalMinutes: 60 });
    expect(http.json().code).toBe('INGEST_SOURCE_NOT_ALLOWED');
    expect((await env.p.ctx.db.query('select id from ing_sources where entry_id = $1', [entryId])).rows).toEqual([]);
  });

  it('lets no other department add, list or pull the 民政局 resource\'s sources (403)', async () => {
    const other = await env.p.signIn('rs_steward');
    const refused = await addSource(entryId, { name: '人社局的数据源', kind: 'postgres', config: { ...pgConfig, table: 'marriage' }, intervalMinutes: 60 }, other);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');

    const mine = await addSource(entryId, { name: '婚姻登记接口', kind: 'http', config: { url: 'http://127.0.0.1:9/none' }, intervalMinutes: 60 });
    expect(mine.statusCode).toBe(201);
    expect((await call(other, 'GET', `/api/ingest/resources/${entryId}/sources`)).statusCode).toBe(403);
    expect((await pull(mine.json().id, other)).statusCode).toBe(403);
    expect((await env.p.ctx.db.query('select count(*)::int as n from ing_sources where entry_id = $1', [entryId])).rows[0]).toEqual({ n: 1 });
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
