// Scheduled pulls from real database tables: one in the machine's PostgreSQL server, one in its MariaDB server
// (each skipped when its server does not answer). Each pull is one batch; the cursor moves only after a batch succeeded.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePullPlatform } from './pull-fixtures.ts';
import { loadResourceTable } from './storage.ts';

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

const env = usePullPlatform();
const { call, publishResource, addSource, pull, sourceOf, recordsOf } = env;

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

    const stored = (await env.p.ctx.db.query<{ secret: string }>('select secret from ing_sources where id = $1', [sourceId])).rows[0]!.secret;
    expect(stored).not.toBe('not-needed');
    expect(stored).not.toContain('not-needed');
    expect(env.p.ctx.vault.decrypt(stored)).toBe('not-needed');

    const list = await call(env.steward, 'GET', `/api/ingest/resources/${entryId}/sources`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(1);
    expect(list.json()[0]).toMatchObject({ id: sourceId, hasSecret: true, config: { table, updatedAt: 'updated_at' } });
    expect(list.json()[0]).not.toHaveProperty('secret');
    expect(list.body).not.toContain('not-needed');

    // The audit trail keeps where the data comes from, never the secret.
    const audit = await env.p.ctx.db.query<{ after: unknown }>(`select after from audit_records where action = 'ingest.source.create' and target_id = $1`, [sourceId]);
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
    const batches = (await call(env.steward, 'GET', `/api/ingest/resources/${entryId}/batches`)).json();
    expect(batches.total).toBe(2);
  });

  it('takes every row of a bulk load stamped with one time, across several pages', async () => {
    // 12,000 rows share one updated_at (a nightly bulk load): more than two pages of 5,000.
    await src.query(`insert into ${table} select 'BULK-' || lpad(n::text, 5, '0'), '批量', '2026-08-01', '2026-08-01T02:00:00Z' from generate_series(1, 12000) as n`);
    const res = await pull(sourceId);
    expect(res.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 12_000, inserted: 12_000 });
    const n = await env.p.ctx.db.query<{ n: number }>(`select count(*)::int as n from resource_data."${(await loadResourceTable(env.p.ctx.db, entryId))!.tableName}" where djzh like 'BULK-%'`);
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
    expect((await env.p.ctx.db.query('select secret from ing_sources where id = $1', [sourceId])).rows[0]).toEqual({ secret: null });
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
