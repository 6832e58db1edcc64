// Reading what was aggregated: a resource's records (masked per their items' rules), one record's history,
// its batches with their rejected rows, and the ledger (一本账).
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { isPlatformAdmin, orgSummaries } from '../directory/index.ts';
import { entryNames, maskValue } from '../catalog/index.ts';
import { batchById, type BatchRow } from './batches.ts';
import { readableResource } from './imports.ts';
import { column, keyItems, qualified, type ResourceTable } from './storage.ts';
import { coerceValue } from './values.ts';
import { keyJsonSql } from './writer.ts';

export interface RecordPage {
  items: Array<Record<string, unknown>>;
  total: number;
}

function present(table: ResourceTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of table.items) {
    const v = row[item.code];
    const plain = v instanceof Date ? (item.type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString()) : v;
    out[item.code] = maskValue(item.mask, plain ?? null);
  }
  out._updatedAt = (row._updated_at as Date).toISOString();
  out._batch = Number(row._batch);
  return out;
}

/** Live records of a resource, newest change first; values masked per the items' rules. */
export async function listRecords(ctx: PlatformContext, principal: Principal | null, entryId: string, q: { limit: number; offset: number }): Promise<RecordPage> {
  const table = await readableResource(ctx.db, principal, entryId);
  const t = qualified(table.tableName);
  const { rows } = await ctx.db.query<Record<string, unknown>>(`select * from ${t} where not _deleted order by _seq desc limit $1 offset $2`, [q.limit, q.offset]);
  return { items: rows.map((r) => present(table, r)), total: table.rowCount };
}

/** One record's story: when it was first ingested and in which batch, then every change with the values it replaced. */
export async function recordHistory(ctx: PlatformContext, principal: Principal | null, entryId: string, key: Record<string, string>) {
  const table = await readableResource(ctx.db, principal, entryId);
  const keys = keyItems(table.items);
  const values = keys.map((k) => {
    const r = coerceValue(k, key[k.code]);
    if ('problem' in r) throw new AppError('VALIDATION_FAILED', { zh: r.problem.zh, en: r.problem.en });
    return r.value;
  });
  const where = keys.map((k, n) => `${column(k.code)} = $${n + 1}`).join(' and ');
  const row = (await ctx.db.query<Record<string, unknown>>(`select * from ${qualified(table.tableName)} where ${where}`, values)).rows[0];
  if (!row) throw new AppError('NOT_FOUND');
  // The key as the history stores it, built by the database the same way (exact for decimals and times).
  const { rows: changes } = await ctx.db.query<{ seq: number; batch: number; op: string; diff: Record<string, [unknown, unknown]>; at: Date }>(
    `select h.seq, h.batch, h.op, h.diff, h.at from ${qualified(table.tableName, '__history')} h
      where h.key = (select ${keyJsonSql(keys, 't')} from ${qualified(table.tableName)} t where ${keys.map((k, n) => `t.${column(k.code)} = $${n + 1}`).join(' and ')}) order by h.seq`,
    values,
  );
  const mask = (code: string, v: unknown) => maskValue(table.items.find((i) => i.code === code)?.mask ?? 'full', v);
  return {
    record: present(table, row),
    deleted: row._deleted as boolean,
    firstBatch: Number(row._first_batch),
    ingestedAt: (row._ingested_at as Date).toISOString(),
    changes: changes.map((c) => ({
      batch: Number(c.batch),
      op: c.op === 'D' ? 'delete' : c.op === 'R' ? 'restore' : 'update',
      at: c.at.toISOString(),
      changed: Object.entries(c.diff).map(([item, [before, after]]) => ({ item, before: mask(item, before), after: mask(item, after) })),
    })),
  };
}

export function batchView(b: BatchRow) {
  return {
    id: Number(b.id),
    entryId: b.entry_id,
    source: b.source,
    sourceName: b.source_name,
    status: b.status,
    format: b.format,
    totalBytes: b.total_bytes === null ? null : Number(b.total_bytes),
    bytesRead: Number(b.bytes_read),
    rowsRead: Number(b.rows_read),
    inserted: Number(b.inserted),
    updated: Number(b.updated),
    unchanged: Number(b.unchanged),
    deleted: Number(b.deleted),
    rejected: Number(b.rejected),
    ignoredColumns: b.ignored_columns,
    error: b.error,
    startedAt: b.started_at.toISOString(),
    finishedAt: b.finished_at?.toISOString() ?? null,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export async function listBatches(ctx: PlatformContext, principal: Principal | null, entryId: string, q: { limit: number; offset: number }) {
  await readableResource(ctx.db, principal, entryId);
  const { rows } = await ctx.db.query<BatchRow>('select * from ing_batches where entry_id = $1 order by id desc limit $2 offset $3', [entryId, q.limit, q.offset]);
  const total = (await ctx.db.query<{ n: number }>('select count(*)::int8 as n from ing_batches where entry_id = $1', [entryId])).rows[0]!.n;
  return { items: rows.map(batchView), total };
}

/** A batch the caller may see: its resource's readers, or the system that pushed it. */
export async function getBatch(ctx: PlatformContext, principal: Principal | null, batchId: number): Promise<BatchView> {
  const batch = await batchById(ctx.db, batchId);
  if (!batch) throw new AppError('NOT_FOUND');
  if (!(principal?.kind === 'client' && batch.client_id === principal.id)) await readableResource(ctx.db, principal, batch.entry_id);
  return batchView(batch);
}

export interface Rejection {
  rowNumber: number;
  problems: Array<{ item: string; zh: string; en: string }>;
  raw: Record<string, unknown> | null;
}

/** Rejected rows of a batch, in row order, read page by page so a download of many stays in bounded memory. */
export async function* rejections(ctx: PlatformContext, principal: Principal | null, batchId: number): AsyncGenerator<Rejection> {
  await getBatch(ctx, principal, batchId);
  let after = 0;
  for (;;) {
    const { rows } = await ctx.db.query<{ row_number: number; problems: Rejection['problems']; raw: Record<string, unknown> | null }>(
      'select row_number, problems, raw from ing_rejections where batch_id = $1 and row_number > $2 order by row_number limit 1000',
      [batchId, after],
    );
    for (const r of rows) yield { rowNumber: Number(r.row_number), problems: r.problems, raw: r.raw };
    if (rows.length < 1000) return;
    after = Number(rows[rows.length - 1]!.row_number);
  }
}

/** 一本账: totals per resource and per department, and daily volumes, for the resources the caller may see. */
export async function ledger(ctx: PlatformContext, principal: Principal | null, q: { days: number }) {
  const scope = await visibleProviders(ctx.db, principal);
  const since = new Date(ctx.clock.now().getTime() - q.days * 86_400_000);
  const inScope = (n: number) => (scope === null ? '' : `and r.provider_org_id = any($${n}::uuid[])`);
  const resources = await ctx.db.query<{ entry_id: string; code: string; provider_org_id: string; row_count: number; last_batch_at: Date | null }>(
    `select r.entry_id, r.code, r.provider_org_id, r.row_count, r.last_batch_at from ing_resources r where true ${inScope(1)} order by r.row_count desc`,
    scope === null ? [] : [scope],
  );
  const entryTitles = await entryNames(ctx.db, resources.rows.map((r) => r.entry_id));
  const daily = await ctx.db.query<{ day: string; inserted: number; updated: number; deleted: number; rejected: number; batches: number }>(
    `select l.day::text as day, sum(l.inserted)::int8 as inserted, sum(l.updated)::int8 as updated, sum(l.deleted)::int8 as deleted,
            sum(l.rejected)::int8 as rejected, sum(l.batches)::int8 as batches
       from ing_ledger_daily l join ing_resources r on r.entry_id = l.entry_id
      where l.day >= $1::date ${inScope(2)} group by l.day order by l.day`,
    scope === null ? [shanghaiDay(since)] : [shanghaiDay(since), scope],
  );
  const names = await orgNames(ctx.db, [...new Set(resources.rows.map((r) => r.provider_org_id))]);
  const byDept = new Map<string, { orgId: string; name: string; resources: number; records: number }>();
  for (const r of resources.rows) {
    const d = byDept.get(r.provider_org_id) ?? { orgId: r.provider_org_id, name: names.get(r.provider_org_id) ?? '', resources: 0, records: 0 };
    d.resources++;
    d.records += Number(r.row_count);
    byDept.set(r.provider_org_id, d);
  }
  return {
    totals: { resources: resources.rows.length, records: resources.rows.reduce((s, r) => s + Number(r.row_count), 0) },
    byResource: resources.rows.map((r) => ({ entryId: r.entry_id, code: r.code, name: entryTitles.get(r.entry_id) ?? r.code, providerOrgId: r.provider_org_id, providerName: names.get(r.provider_org_id) ?? '', records: Number(r.row_count), lastBatchAt: r.last_batch_at?.toISOString() ?? null })),
    byDepartment: [...byDept.values()].sort((a, b) => b.records - a.records),
    daily: daily.rows.map((d) => ({ day: d.day, inserted: Number(d.inserted), updated: Number(d.updated), deleted: Number(d.deleted), rejected: Number(d.rejected), batches: Number(d.batches) })),
  };
}

async function orgNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  return new Map([...(await orgSummaries(sql, ids)).values()].map((o) => [o.id, o.name]));
}

/** Providers whose ledger the principal sees: every one for platform admins and auditors, else those it stewards. */
async function visibleProviders(sql: Sql, principal: Principal | null): Promise<string[] | null> {
  if (isPlatformAdmin(principal) || (principal?.kind === 'user' && principal.roles.some((g) => g.role === 'auditor'))) return null;
  if (principal?.kind !== 'user') return [];
  const paths = principal.roles.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgPath);
  if (!paths.length) return [];
  const { rows } = await sql.query<{ provider_org_id: string }>('select distinct provider_org_id from ing_resources');
  const summaries = await orgSummaries(sql, rows.map((r) => r.provider_org_id));
  return [...summaries.values()].filter((o) => paths.some((p) => o.path.startsWith(p))).map((o) => o.id);
}
