// Scheduled pulls (定时抽取) from a department's own systems: a PostgreSQL or MySQL table read incrementally by
// its updated-at column, or an HTTP endpoint answering JSON. Each pull is one batch; the cursor (the newest
// updated-at value taken) moves only when the batch succeeded, so a failed pull is simply taken again.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { ingestRows, openBatch, type BatchRow } from './batches.ts';
import { writableResource } from './imports.ts';
import type { SourceRow } from './sources/files.ts';
import { loadResourceTable } from './storage.ts';

export const PULL_JOB = 'ingest.pull';
export const SOURCE_KINDS = ['postgres', 'mysql', 'http'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where and how to read. `secret` (password or bearer token) is kept apart and stored encrypted. */
export interface SourceConfig {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  /** Table, optionally schema-qualified ("gongan.hukou"). */
  table?: string;
  /** Column (database) or field (HTTP) holding each record's last-change time. */
  updatedAt?: string;
  /** HTTP: URL of the endpoint; the cursor is sent as the query parameter `cursorParam`. */
  url?: string;
  cursorParam?: string;
  /** HTTP: dotted path to the array of records in the answer ("data.items"); empty = the answer itself. */
  recordsPath?: string;
}

const PAGE = 5000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function invalid(zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { zh, en });
}

/** Checks a source's settings before they are stored: names that end up in SQL must be plain identifiers. */
export function checkSourceConfig(kind: SourceKind, c: SourceConfig): void {
  if (kind === 'http') {
    let url: URL;
    try {
      url = new URL(c.url ?? '');
    } catch {
      throw invalid('请填写有效的接口地址', 'a valid endpoint URL is required');
    }
    if (!['http:', 'https:'].includes(url.protocol)) throw invalid('接口地址须为 http 或 https', 'the endpoint must be http or https');
    if (c.updatedAt && !IDENTIFIER.test(c.updatedAt)) throw invalid('更新时间字段名不合法', 'the updated-at field name is not valid');
    return;
  }
  if (!c.host || !c.database || !c.user) throw invalid('请填写数据库地址、库名和用户名', 'host, database and user are required');
  const parts = (c.table ?? '').split('.');
  if (!c.table || parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) throw invalid('表名须为字母、数字和下划线（可带模式名）', 'the table must be a plain name, optionally schema-qualified');
  if (!c.updatedAt || !IDENTIFIER.test(c.updatedAt)) throw invalid('请填写更新时间列名（字母、数字、下划线）', 'the updated-at column must be a plain name');
}

/**
 * Whether the operator lets pulls reach this source: a steward must not make the platform connect to any
 * address inside the city network (server-side request forgery, port scanning by error messages).
 */
export function assertHostAllowed(allowed: readonly string[], kind: SourceKind, c: SourceConfig): void {
  if (allowed.includes('*')) return;
  let host: string;
  let port: number;
  if (kind === 'http') {
    const url = new URL(c.url!);
    host = url.hostname.toLowerCase();
    port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  } else {
    host = (c.host ?? '').toLowerCase();
    port = c.port ?? (kind === 'postgres' ? 5432 : 3306);
  }
  if (!allowed.includes(host) && !allowed.includes(`${host}:${port}`)) {
    throw new AppError('INGEST_SOURCE_NOT_ALLOWED', { zh: `平台未允许访问 ${host}:${port}（CITYSTACK_PULL_HOSTS）`, en: `pulls may not reach ${host}:${port} (CITYSTACK_PULL_HOSTS)` });
  }
}

/**
 * One page of records newer than the cursor, oldest first, with every value as the source's text. A pull
 * keeps its starting cursor and pages by offset: paging by the last value seen would skip the rest of the
 * records sharing that value (a bulk load stamps thousands with one time).
 */
type PageReader = (cursor: string | null, limit: number, offset: number) => Promise<Array<Record<string, unknown>>>;

async function withReader<T>(kind: SourceKind, c: SourceConfig, secret: string | null, work: (read: PageReader) => Promise<T>): Promise<T> {
  if (kind === 'postgres') {
    const pg = (await import('pg')).default;
    // Every value as text: dates and times reach the item rules exactly as the source wrote them.
    const client = new pg.Client({ host: c.host, port: c.port ?? 5432, database: c.database, user: c.user, password: secret ?? undefined, connectionTimeoutMillis: 10_000, types: { getTypeParser: () => (v: string) => v } });
    await connect(() => client.connect());
    try {
      const table = c.table!.split('.').map((p) => `"${p}"`).join('.');
      const col = `"${c.updatedAt}"`;
      return await work(async (cursor, limit, offset) =>
        (await client.query(`select * from ${table} ${cursor === null ? '' : `where ${col} > $3`} order by ${col} limit $1 offset $2`, cursor === null ? [limit, offset] : [limit, offset, cursor])).rows,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (kind === 'mysql') {
    const mysql = await import('mysql2/promise');
    const conn = await connect(() => mysql.createConnection({ host: c.host, port: c.port ?? 3306, database: c.database, user: c.user, password: secret ?? undefined, dateStrings: true, connectTimeout: 10_000, supportBigNumbers: true, bigNumberStrings: true }));
    try {
      const table = c.table!.split('.').map((p) => `\`${p}\``).join('.');
      const col = `\`${c.updatedAt}\``;
      return await work(async (cursor, limit, offset) => {
        const [rows] = await conn.query(`select * from ${table} ${cursor === null ? '' : `where ${col} > ?`} order by ${col} limit ? offset ?`, cursor === null ? [limit, offset] : [cursor, limit, offset]);
        return rows as Array<Record<string, unknown>>;
      });
    } finally {
      await conn.end().catch(() => undefined);
    }
  }
  return work(async (cursor) => {
    const url = new URL(c.url!);
    if (cursor !== null && c.cursorParam) url.searchParams.set(c.cursorParam, cursor);
    let body: unknown;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.json();
    } catch (err) {
      throw new AppError('INGEST_SOURCE_FAILED', { zh: `接口请求失败：${(err as Error).message}`, en: `the endpoint failed: ${(err as Error).message}` });
    }
    const records = (c.recordsPath ? c.recordsPath.split('.') : []).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
    if (!Array.isArray(records)) throw new AppError('INGEST_SOURCE_FAILED', { zh: '接口返回的不是记录数组', en: 'the endpoint did not answer an array of records' });
    // An endpoint that does not filter by the cursor still only contributes what is newer.
    const newer = c.updatedAt && cursor !== null ? records.filter((r) => String((r as Record<string, unknown>)[c.updatedAt!] ?? '') > cursor) : records;
    return newer as Array<Record<string, unknown>>;
  });
}

async function connect<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    throw new AppError('INGEST_SOURCE_FAILED', { zh: `无法连接数据源：${(err as Error).message}`, en: `cannot connect to the source: ${(err as Error).message}` });
  }
}

interface SourceRowDb {
  id: string;
  entry_id: string;
  name: string;
  kind: SourceKind;
  config: SourceConfig;
  secret: string | null;
  interval_minutes: number;
  cursor: string | null;
  enabled: boolean;
  last_run_at: Date | null;
  last_batch_id: number | null;
  last_error: { zh: string; en: string } | null;
  created_at: Date;
}

export function sourceView(s: SourceRowDb) {
  return {
    id: s.id, entryId: s.entry_id, name: s.name, kind: s.kind, config: s.config, hasSecret: s.secret !== null, intervalMinutes: s.interval_minutes,
    cursor: s.cursor, enabled: s.enabled, lastRunAt: s.last_run_at?.toISOString() ?? null, lastBatchId: s.last_batch_id === null ? null : Number(s.last_batch_id), lastError: s.last_error,
  };
}

export interface NewSource {
  name: string;
  kind: SourceKind;
  config: SourceConfig;
  secret?: string | null;
  intervalMinutes: number;
}

export async function createSource(ctx: PlatformContext, principal: Principal | null, entryId: string, input: NewSource, audit: AuditContext) {
  checkSourceConfig(input.kind, input.config);
  assertHostAllowed(ctx.config.pullAllowedHosts, input.kind, input.config);
  const id = newId();
  return ctx.db.transaction(async (tx) => {
    const table = await writableResource(tx, principal, entryId);
    const now = ctx.clock.now();
    const { rows } = await tx.query<SourceRowDb>(
      `insert into ing_sources (id, entry_id, name, kind, config, secret, interval_minutes, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [id, entryId, input.name, input.kind, JSON.stringify(input.config), input.secret ? ctx.vault.encrypt(input.secret) : null, input.intervalMinutes, principal?.kind === 'user' ? principal.id : null, now],
    );
    await scheduleJob(tx, { kind: PULL_JOB, runAt: now, payload: { sourceId: id }, dedupeKey: `${PULL_JOB}:${id}` });
    // The audit keeps where data comes from, never the secret.
    await ctx.audit.record(tx, audit, { action: 'ingest.source.create', targetType: 'ingest_source', targetId: id, orgId: table.providerOrgId, after: { name: input.name, kind: input.kind, config: input.config, intervalMinutes: input.intervalMinutes } });
    return sourceView(rows[0]!);
  });
}

export async function listSources(ctx: PlatformContext, principal: Principal | null, entryId: string) {
  await writableResource(ctx.db, principal, entryId);
  const { rows } = await ctx.db.query<SourceRowDb>('select * from ing_sources where entry_id = $1 order by created_at', [entryId]);
  return rows.map(sourceView);
}

/** Pulls what is new from a source now, as one batch; returns it (null when there was nothing new). */
export async function pullSource(ctx: PlatformContext, sourceId: string, audit: AuditContext, principal?: Principal | null, extendLease?: () => Promise<void>): Promise<BatchRow | null> {
  const source = (await ctx.db.query<SourceRowDb>('select * from ing_sources where id = $1', [sourceId])).rows[0];
  if (!source) throw new AppError('NOT_FOUND');
  const table = principal === undefined ? await loadResourceTable(ctx.db, source.entry_id) : await writableResource(ctx.db, principal, source.entry_id);
  if (!table) throw new AppError('INGEST_RESOURCE_NOT_PUBLISHED');
  const secret = source.secret ? ctx.vault.decrypt(source.secret) : null;
  try {
    // Checked again at every pull: the operator may have narrowed the list since the source was added.
    assertHostAllowed(ctx.config.pullAllowedHosts, source.kind, source.config);
    const result = await withReader(source.kind, source.config, secret, async (read) => {
      const first = await read(source.cursor, PAGE, 0);
      if (!first.length) return null;
      // Every pull is a batch of its own. A failed pull is taken again from the same cursor in a new batch: the
      // rows it had written are upserted again unchanged, and nothing is skipped by row number (the source may
      // have changed in between). The cursor moves in the batch's closing transaction, so a finished batch and
      // its cursor are never apart.
      const opened = await openBatch(ctx, table, { kind: 'pull', name: source.name, idempotencyKey: `pull:${source.id}:${newId()}`, contentHash: null, format: source.kind }, audit);
      let newest = source.cursor;
      const { kind, config, cursor: since } = source;
      async function* rows(): AsyncIterable<SourceRow> {
        let page = first;
        let n = 0;
        while (page.length) {
          for (const values of page) {
            const stamp = config.updatedAt ? values[config.updatedAt] : undefined;
            if (stamp !== undefined && stamp !== null && (newest === null || String(stamp) > newest)) newest = String(stamp);
            yield { rowNumber: ++n, values };
          }
          // An HTTP endpoint answers everything at once; a database is paged from the pull's starting cursor.
          if (kind === 'http' || page.length < PAGE) return;
          page = await read(since, PAGE, n);
        }
      }
      let lastLease = Date.now();
      const batch = await ingestRows(ctx, table, opened.batch, rows(), audit, {
        documents: true,
        onProgress: () => {
          if (extendLease && Date.now() - lastLease > 30_000) {
            lastLease = Date.now();
            extendLease().catch(() => undefined);
          }
        },
        onFinish: async (tx) => {
          await tx.query('update ing_sources set cursor = coalesce($2, cursor), last_batch_id = $3 where id = $1', [source.id, newest, opened.batch.id]);
          await ctx.audit.record(tx, audit, { action: 'ingest.source.pull', targetType: 'ingest_source', targetId: source.id, orgId: table.providerOrgId, before: { cursor: source.cursor }, after: { cursor: newest, batch: opened.batch.id } });
        },
      });
      return { batch };
    });
    await ctx.db.query('update ing_sources set last_run_at = $2, last_error = null where id = $1', [source.id, ctx.clock.now()]);
    return result?.batch ?? null;
  } catch (err) {
    const detail = err instanceof AppError && err.detail ? err.detail : { zh: (err as Error).message, en: (err as Error).message };
    await ctx.db.query('update ing_sources set last_run_at = $2, last_error = $3 where id = $1', [source.id, ctx.clock.now(), JSON.stringify(detail)]);
    throw err;
  }
}

/** The recurring pull job: pulls, then schedules the next pull of that source (if it is still enabled); never retried itself. */
export async function runPullJob(ctx: PlatformContext, sourceId: string, extendLease?: () => Promise<void>): Promise<void> {
  const audit: AuditContext = { actor: { kind: 'system', id: null, name: 'scheduled pull', orgId: null }, requestId: null, ip: null };
  try {
    await pullSource(ctx, sourceId, audit, undefined, extendLease);
  } catch {
    // Recorded on the source (last_error) for its stewards; the next pull tries again on schedule.
  } finally {
    const source = (await ctx.db.query<{ enabled: boolean; interval_minutes: number }>('select enabled, interval_minutes from ing_sources where id = $1', [sourceId])).rows[0];
    if (source?.enabled) {
      await ctx.db.transaction((tx) =>
        scheduleJob(tx, { kind: PULL_JOB, runAt: new Date(ctx.clock.now().getTime() + source.interval_minutes * 60_000), payload: { sourceId }, dedupeKey: `${PULL_JOB}:${sourceId}:${ctx.clock.now().getTime()}` }),
      );
    }
  }
}
