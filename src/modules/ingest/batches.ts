// An import batch: opened once per source content (idempotency key), written chunk by chunk, each chunk in
// one transaction with the batch's counters and its resume point, so a batch killed halfway resumes where
// its last chunk committed, and a finished batch run again changes nothing.
import { hostname } from 'node:os';
import type { AuditContext } from '../../kernel/audit.ts';
import type { Tx } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { PlatformContext } from '../../server/context.ts';
import type { SourceRow } from './sources/files.ts';
import type { ResourceTable } from './storage.ts';
import { coerceValue, mapColumns, type TypedValue, type ValueProblem } from './values.ts';
import { ResourceWriter } from './writer.ts';

/** A batch of another host whose heartbeat is older than this was interrupted and may be taken over. */
export const STALE_AFTER_MS = 60_000;

/** Who writes a batch: this host and process. */
const RUNNER = `${hostname()}:${process.pid}`;
/** Batches this process is writing right now. */
const writing = new Set<number>();

/** Whether the process that marked a batch running still works on it. */
export function stillRunning(b: BatchRow, now: Date): boolean {
  if (writing.has(Number(b.id))) return true;
  const [host, pid] = (b.runner ?? '').split(':');
  if (host === hostname() && pid) {
    if (Number(pid) === process.pid) return false;
    try {
      process.kill(Number(pid), 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return now.getTime() - b.heartbeat_at.getTime() < STALE_AFTER_MS;
}
const CHUNK_ROWS = 10_000;

export interface BatchRow {
  id: number;
  entry_id: string;
  provider_org_id: string;
  source: 'file' | 'push' | 'pull';
  source_name: string;
  idempotency_key: string;
  content_hash: string | null;
  status: 'running' | 'succeeded' | 'failed';
  format: string | null;
  total_bytes: number | null;
  bytes_read: number;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  resume_after_row: number;
  ignored_columns: string[];
  runner: string | null;
  error: { zh: string; en: string } | null;
  heartbeat_at: Date;
  started_at: Date;
  finished_at: Date | null;
  created_by: string | null;
  client_id: string | null;
}

export interface BatchSource {
  kind: 'file' | 'push' | 'pull';
  name: string;
  idempotencyKey: string;
  /** Hash of the content: the same key with other content is a conflict, not a resume. */
  contentHash: string | null;
  format?: string | null;
  totalBytes?: number | null;
}

export interface BatchProgress {
  batchId: number;
  bytesRead: number;
  totalBytes: number | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  rejected: number;
}

export type BatchFinishedHook = (tx: Tx, event: { entryId: string; batchId: number; providerOrgId: string; at: Date }) => Promise<void>;
const finishedHooks = new Set<BatchFinishedHook>();
/** Other modules (quality) react to a finished batch inside its closing transaction. */
export function onBatchFinished(hook: BatchFinishedHook): void {
  finishedHooks.add(hook);
}

const BATCH_COLUMNS = `id, entry_id, provider_org_id, source, source_name, idempotency_key, content_hash, status, format, total_bytes,
  bytes_read, rows_read, inserted, updated, unchanged, deleted, rejected, resume_after_row, ignored_columns, runner, error, heartbeat_at,
  started_at, finished_at, created_by, client_id`;

export async function batchById(sql: { query: Tx['query'] }, id: number): Promise<BatchRow | undefined> {
  return (await sql.query<BatchRow>(`select ${BATCH_COLUMNS} from ing_batches where id = $1`, [id])).rows[0];
}

export type OpenedBatch = { batch: BatchRow; state: 'new' | 'resumed' | 'done' };

/**
 * Opens the batch for a source: a new one, the same one to resume (interrupted or failed), or the finished
 * one (nothing to do). A batch another process is still writing is refused.
 */
export async function openBatch(ctx: PlatformContext, table: ResourceTable, source: BatchSource, audit: AuditContext): Promise<OpenedBatch> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const existing = (await tx.query<BatchRow>(`select ${BATCH_COLUMNS} from ing_batches where entry_id = $1 and idempotency_key = $2 for update`, [table.entryId, source.idempotencyKey])).rows[0];
    if (existing) {
      if (source.contentHash && existing.content_hash && source.contentHash !== existing.content_hash) throw new AppError('INGEST_BATCH_CONFLICT');
      if (existing.status === 'succeeded') return { batch: existing, state: 'done' as const };
      if (existing.status === 'running' && stillRunning(existing, now)) throw new AppError('INGEST_BATCH_RUNNING');
      await tx.query(`update ing_batches set status = 'running', heartbeat_at = $2, runner = $3, error = null, finished_at = null where id = $1`, [existing.id, now, RUNNER]);
      await ctx.audit.record(tx, audit, { action: 'ingest.batch.resume', targetType: 'ingest_batch', targetId: String(existing.id), orgId: table.providerOrgId, after: { resumeAfterRow: existing.resume_after_row } });
      return { batch: { ...existing, status: 'running' as const, heartbeat_at: now }, state: 'resumed' as const };
    }
    const actor = audit.actor;
    const { rows } = await tx.query<BatchRow>(
      `insert into ing_batches (entry_id, provider_org_id, source, source_name, idempotency_key, content_hash, status, format, total_bytes, heartbeat_at, started_at, created_by, client_id, runner)
       values ($1, $2, $3, $4, $5, $6, 'running', $7, $8, $9, $9, $10, $11, $12) returning ${BATCH_COLUMNS}`,
      [table.entryId, table.providerOrgId, source.kind, source.name, source.idempotencyKey, source.contentHash, source.format ?? null, source.totalBytes ?? null, now,
        actor.kind === 'user' ? actor.id : null, actor.kind === 'client' ? actor.id : null, RUNNER],
    );
    const batch = rows[0]!;
    await ctx.audit.record(tx, audit, { action: 'ingest.batch.start', targetType: 'ingest_batch', targetId: String(batch.id), orgId: table.providerOrgId, after: { resource: table.code, source: source.kind, name: source.name } });
    return { batch, state: 'new' as const };
  });
}

interface Chunk {
  rows: TypedValue[][];
  keyIndex: Map<string, number>;
  rejections: Array<{ rowNumber: number; problems: ValueProblem[]; raw: unknown }>;
  deletes: TypedValue[][];
  superseded: number;
  rowsRead: number;
  lastRow: number;
  bytesRead: number;
}

const emptyChunk = (): Chunk => ({ rows: [], keyIndex: new Map(), rejections: [], deletes: [], superseded: 0, rowsRead: 0, lastRow: 0, bytesRead: 0 });

export interface IngestOptions {
  onProgress?: (p: BatchProgress) => void;
  /** Raw bytes consumed so far (files), for progress. */
  bytesRead?: () => number;
  /** Keys to delete after the rows (push API). */
  deleteKeys?: Array<Record<string, unknown>>;
  chunkRows?: number;
  /**
   * Records are documents (JSON, NDJSON, pushes, pulls), each carrying its own fields: every item is written,
   * an absent field as empty. Otherwise (CSV, XLSX) the header decides which items the source provides, and
   * the others keep their stored values.
   */
  documents?: boolean;
  /** Runs inside the batch's closing transaction (a pull moves its cursor there). */
  onFinish?: (tx: Tx) => Promise<void>;
}

/** Writes the source's rows into an open batch and closes it; returns the finished batch. */
/** A source's rows, one by one or in batches (file readers hand over batches: one asynchronous hop each). */
export type RowSource = AsyncIterable<SourceRow | SourceRow[]>;

export async function ingestRows(ctx: PlatformContext, table: ResourceTable, opened: BatchRow, source: RowSource, audit: AuditContext, options: IngestOptions = {}): Promise<BatchRow> {
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  let batch = opened;
  let writer: ResourceWriter | null = null;
  /** Per item, the source's column name; null for documents, looked up by item code or name per record. */
  let sourceColumns: string[] | null = null;
  const unknownFields = new Set<string>();
  const known = new Set(table.items.flatMap((i) => [i.code, i.name]));
  let pending: Promise<void> | null = null;
  let chunk = emptyChunk();
  writing.add(Number(batch.id));

  const flush = async (c: Chunk) => {
    if (pending) await pending;
    const write = writeChunk(ctx, table, writer, batch, c).then((b) => {
      batch = b;
      options.onProgress?.(progressOf(batch));
    });
    write.catch(() => undefined); // awaited below; keeps an early failure from being reported as unhandled
    pending = write;
  };

  try {
    /** Takes one row into the current chunk; true when the chunk is full. */
    const take = async (row: SourceRow): Promise<boolean> => {
      if (!writer && 'values' in row && options.documents) writer = new ResourceWriter(table, table.items);
      if (options.documents && 'values' in row && unknownFields.size < 50) {
        for (const field in row.values) if (!known.has(field)) unknownFields.add(field);
      }
      if (!writer && 'values' in row) {
        const mapped = mapColumns(Object.keys(row.values), table.items);
        const missingKey = table.items.filter((i) => i.key && !mapped.byItem.has(i.code));
        if (missingKey.length) {
          throw new AppError('INGEST_MISSING_KEY_COLUMN', { zh: `文件缺少主键信息项列：${missingKey.map((i) => `${i.name}（${i.code}）`).join('、')}`, en: `missing key column(s): ${missingKey.map((i) => i.code).join(', ')}` });
        }
        writer = new ResourceWriter(table, table.items.filter((i) => mapped.byItem.has(i.code)));
        sourceColumns = writer.items.map((i) => mapped.byItem.get(i.code)!);
        if (mapped.ignored.length) await ctx.db.query('update ing_batches set ignored_columns = $2 where id = $1', [batch.id, JSON.stringify(mapped.ignored)]);
      }
      chunk.lastRow = row.rowNumber;
      if (row.rowNumber <= batch.resume_after_row) return false;
      chunk.rowsRead++;
      if ('error' in row) chunk.rejections.push({ rowNumber: row.rowNumber, problems: [{ item: '', ...row.error }], raw: null });
      else prepareRow(writer!, sourceColumns, row.rowNumber, row.values, chunk);
      return chunk.rowsRead >= chunkRows;
    };

    let sinceIo = 0;
    for await (const item of source) {
      for (const row of Array.isArray(item) ? item : [item]) {
        if (await take(row)) {
          chunk.bytesRead = options.bytesRead?.() ?? 0;
          await flush(chunk);
          chunk = emptyChunk();
        }
        // The chunk being written waits on one round trip after another, and a reply is only read when this
        // loop lets I/O in: a file read from its buffer resolves on microtasks alone and would starve it.
        if (++sinceIo === 128) {
          sinceIo = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      chunk.bytesRead = options.bytesRead?.() ?? 0;
    }
    if (options.deleteKeys?.length) {
      writer ??= new ResourceWriter(table, table.items.filter((i) => i.key));
      for (const key of options.deleteKeys) {
        const values = writer.keys.map((k) => coerceValue(k, key[k.code]));
        const bad = values.find((v) => 'problem' in v);
        if (bad) throw new AppError('VALIDATION_FAILED', { zh: `待删除记录的主键不正确：${bad.problem.zh}`, en: `a key to delete is not valid: ${bad.problem.en}` });
        chunk.deletes.push(values.map((v) => (v as { value: TypedValue }).value));
      }
    }
    await flush(chunk);
    await pending;
    if (unknownFields.size) await ctx.db.query('update ing_batches set ignored_columns = $2 where id = $1', [batch.id, JSON.stringify([...unknownFields])]);
    return await finishBatch(ctx, table, batch, audit, null, options.onFinish);
  } catch (err) {
    await Promise.resolve(pending).catch(() => undefined);
    const detail = err instanceof AppError ? (err.detail ?? { zh: err.message, en: err.message }) : { zh: '导入中断', en: (err as Error).message?.slice(0, 500) ?? 'failed' };
    await finishBatch(ctx, table, batch, audit, detail).catch(() => undefined);
    throw err;
  } finally {
    writing.delete(Number(batch.id));
  }
}

function prepareRow(writer: ResourceWriter, sourceColumns: string[] | null, rowNumber: number, values: Record<string, unknown>, chunk: Chunk): void {
  const items = writer.items;
  const typed: TypedValue[] = new Array<TypedValue>(items.length);
  let problems: ValueProblem[] | null = null;
  let key = '';
  for (let n = 0; n < items.length; n++) {
    const item = items[n]!;
    const raw = sourceColumns ? values[sourceColumns[n]!] : Object.hasOwn(values, item.code) ? values[item.code] : values[item.name];
    const result = coerceValue(item, raw);
    if ('problem' in result) (problems ??= []).push(result.problem);
    else {
      typed[n] = result.value;
      if (item.key) key += `${canonicalKeyPart(item, result.value)}\u0001`;
    }
  }
  if (problems) {
    chunk.rejections.push({ rowNumber, problems, raw: values });
    return;
  }
  const earlier = chunk.keyIndex.get(key);
  if (earlier !== undefined) {
    // The same record twice in one chunk: the later row wins, as it would in the next chunk.
    chunk.rows[earlier] = typed;
    chunk.superseded++;
  } else {
    chunk.keyIndex.set(key, chunk.rows.length);
    chunk.rows.push(typed);
  }
}

async function writeChunk(ctx: PlatformContext, table: ResourceTable, writer: ResourceWriter | null, batch: BatchRow, c: Chunk): Promise<BatchRow> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const counts = writer ? await writer.upsert(tx, c.rows, batch.id, now) : { inserted: 0, updated: 0, unchanged: 0, restored: 0 };
    const deleted = writer && c.deletes.length ? await writer.softDelete(tx, c.deletes, batch.id, now) : 0;
    if (c.rejections.length) {
      await tx.query(
        `insert into ing_rejections (batch_id, row_number, problems, raw)
         select $1, r, p, w from unnest($2::bigint[], $3::jsonb[], $4::json[]) as x(r, p, w) on conflict do nothing`,
        [batch.id, c.rejections.map((r) => r.rowNumber), c.rejections.map((r) => JSON.stringify(r.problems)), c.rejections.map((r) => JSON.stringify(r.raw))],
      );
    }
    const updated = counts.updated - counts.restored + c.superseded;
    const { rows } = await tx.query<BatchRow>(
      `update ing_batches set rows_read = rows_read + $2, inserted = inserted + $3, updated = updated + $4, unchanged = unchanged + $5,
         deleted = deleted + $6, rejected = rejected + $7, resume_after_row = greatest(resume_after_row, $8), bytes_read = greatest(bytes_read, $9), heartbeat_at = $10
       where id = $1 returning ${BATCH_COLUMNS}`,
      [batch.id, c.rowsRead, counts.inserted + counts.restored, updated, counts.unchanged, deleted, c.rejections.length, c.lastRow, c.bytesRead, now],
    );
    const live = counts.inserted + counts.restored - deleted;
    // Only data delivered counts as an update for freshness: an empty batch does not.
    const delivered = c.rows.length + c.deletes.length > 0;
    await tx.query(`update ing_resources set row_count = row_count + $2${delivered ? ', last_batch_at = $3' : ''} where entry_id = $1`, delivered ? [table.entryId, live, now] : [table.entryId, live]);
    await tx.query(
      `insert into ing_ledger_daily (day, entry_id, provider_org_id, inserted, updated, deleted, rejected)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (day, entry_id) do update set inserted = ing_ledger_daily.inserted + excluded.inserted, updated = ing_ledger_daily.updated + excluded.updated,
         deleted = ing_ledger_daily.deleted + excluded.deleted, rejected = ing_ledger_daily.rejected + excluded.rejected`,
      [shanghaiDay(now), table.entryId, table.providerOrgId, counts.inserted + counts.restored, updated, deleted, c.rejections.length],
    );
    return rows[0]!;
  });
}

/** One key value as the database compares it: 1 = 1.0 = 01 for decimals, one instant for date-times. */
function canonicalKeyPart(item: { type: string }, value: TypedValue): string {
  if (typeof value !== 'string') return String(value);
  if (item.type === 'datetime') return String(Date.parse(value));
  if (item.type === 'decimal' || item.type === 'integer') {
    const [whole = '', fraction = ''] = value.replace(/^\+/, '').split('.');
    const sign = whole.startsWith('-') ? '-' : '';
    const digits = whole.replace(/^-/, '').replace(/^0+(?=\d)/, '');
    const frac = fraction.replace(/0+$/, '');
    return `${sign}${digits}${frac ? `.${frac}` : ''}`;
  }
  return value;
}

async function finishBatch(ctx: PlatformContext, table: ResourceTable, batch: BatchRow, audit: AuditContext, error: { zh: string; en: string } | null, onFinish?: (tx: Tx) => Promise<void>): Promise<BatchRow> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const { rows } = await tx.query<BatchRow>(
      `update ing_batches set status = $2, error = $3, finished_at = $4, heartbeat_at = $4 where id = $1 returning ${BATCH_COLUMNS}`,
      [batch.id, error ? 'failed' : 'succeeded', error ? JSON.stringify(error) : null, now],
    );
    const done = rows[0]!;
    await tx.query(
      `insert into ing_ledger_daily (day, entry_id, provider_org_id, batches) values ($1, $2, $3, 1)
       on conflict (day, entry_id) do update set batches = ing_ledger_daily.batches + 1`,
      [shanghaiDay(now), table.entryId, table.providerOrgId],
    );
    await ctx.audit.record(tx, audit, {
      action: error ? 'ingest.batch.fail' : 'ingest.batch.finish',
      targetType: 'ingest_batch',
      targetId: String(batch.id),
      orgId: table.providerOrgId,
      after: { resource: table.code, rowsRead: done.rows_read, inserted: done.inserted, updated: done.updated, unchanged: done.unchanged, deleted: done.deleted, rejected: done.rejected, error },
    });
    if (!error) {
      await onFinish?.(tx);
      for (const hook of finishedHooks) await hook(tx, { entryId: table.entryId, batchId: batch.id, providerOrgId: table.providerOrgId, at: now });
    }
    return done;
  });
}

export function progressOf(b: BatchRow): BatchProgress {
  return { batchId: b.id, bytesRead: Number(b.bytes_read), totalBytes: b.total_bytes === null ? null : Number(b.total_bytes), rowsRead: Number(b.rows_read), inserted: Number(b.inserted), updated: Number(b.updated), rejected: Number(b.rejected) };
}
