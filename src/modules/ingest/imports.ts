// Use cases that bring data in: a file (uploaded through the console or API and processed as a durable job,
// or read by the CLI), and a batch pushed by a department's system. All end in ingestRows.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuditContext } from '../../kernel/audit.ts';
import canonicalize from 'canonicalize';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { batchById, ingestRows, openBatch, stillRunning, type BatchProgress, type BatchRow, type OpenedBatch } from './batches.ts';
import { canImportInto, canReadRecordsOf, type Provider } from './policy.ts';
import { formatFromFileName, readRecordBatches, FileUnreadableError, type FileFormat, type SourceRow, type TextEncoding } from './sources/files.ts';
import { loadResourceTable, type ResourceTable } from './storage.ts';

export const IMPORT_FILE_JOB = 'ingest.import-file';

export async function providerOf(sql: Sql, orgId: string): Promise<Provider> {
  const org = (await orgSummaries(sql, [orgId])).get(orgId);
  if (!org) throw new AppError('NOT_FOUND');
  return { id: org.id, path: org.path };
}

/** The operator at the server's command line, who holds the database itself: no role to check. */
export type Caller = Principal | null | 'operator';

/** The resource's typed table, after checking the caller may write into it. */
export async function writableResource(sql: Sql, principal: Caller, entryId: string): Promise<ResourceTable> {
  const table = await loadResourceTable(sql, entryId);
  if (!table) throw new AppError('INGEST_RESOURCE_NOT_PUBLISHED');
  if (principal !== 'operator' && !canImportInto(principal, await providerOf(sql, table.providerOrgId))) throw new AppError('FORBIDDEN');
  return table;
}

/** The resource's typed table, after checking the caller may read its records. */
export async function readableResource(sql: Sql, principal: Principal | null, entryId: string): Promise<ResourceTable> {
  const table = await loadResourceTable(sql, entryId);
  if (!table) throw new AppError('NOT_FOUND', { zh: '资源尚未发布或没有数据表', en: 'The resource is not published or has no table' });
  if (!canReadRecordsOf(principal, await providerOf(sql, table.providerOrgId))) throw new AppError('FORBIDDEN');
  return table;
}

/** JSON and NDJSON records are documents: each carries its own fields (see IngestOptions.documents). */
const isDocuments = (format: FileFormat): boolean => format === 'json' || format === 'ndjson';

function fileFormat(fileName: string, format?: FileFormat): FileFormat {
  const f = format ?? formatFromFileName(fileName);
  if (!f) throw new AppError('INGEST_UNKNOWN_FORMAT');
  return f;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Reads a file's records, turning an unreadable file into the caller's error. */
async function* fileRows(path: string, format: FileFormat, encoding: TextEncoding, onBytes: (n: number) => void): AsyncIterable<SourceRow[]> {
  try {
    yield* readRecordBatches(createReadStream(path, { highWaterMark: 256 * 1024 }), { format, encoding, onBytes });
  } catch (err) {
    if (err instanceof FileUnreadableError) throw new AppError('INGEST_FILE_UNREADABLE', { zh: err.zh, en: err.en });
    throw err;
  }
}

export interface FileImport {
  entryId: string;
  path: string;
  fileName: string;
  format?: FileFormat;
  encoding?: TextEncoding;
}

/**
 * Imports a file on this machine (CLI): the file's SHA-256 is the batch's identity, so running the same file
 * again does nothing if it finished, and resumes after the last committed row if it was interrupted.
 */
export async function importFile(ctx: PlatformContext, principal: Caller, input: FileImport, audit: AuditContext, onProgress?: (p: BatchProgress) => void): Promise<OpenedBatch> {
  const format = fileFormat(input.fileName, input.format);
  const table = await writableResource(ctx.db, principal, input.entryId);
  const hash = await sha256Of(input.path);
  const opened = await openBatch(ctx, table, { kind: 'file', name: input.fileName, idempotencyKey: `file:${hash}`, contentHash: hash, format, totalBytes: statSync(input.path).size }, audit);
  if (opened.state === 'done') return opened;
  let bytes = 0;
  const batch = await ingestRows(ctx, table, opened.batch, fileRows(input.path, format, input.encoding ?? 'auto', (n) => (bytes = n)), audit, { onProgress, bytesRead: () => bytes, documents: isDocuments(format) });
  return { batch, state: opened.state };
}

export interface Upload {
  entryId: string;
  fileName: string;
  format?: FileFormat;
  encoding?: TextEncoding;
  body: Readable;
  maxBytes: number;
}

/**
 * Receives an uploaded file: streamed to the data folder while hashed (bounded memory), then processed by a
 * durable job, so an upload acknowledged here is imported even if the process dies before it finishes.
 */
export async function receiveUpload(ctx: PlatformContext, principal: Principal | null, upload: Upload, audit: AuditContext): Promise<OpenedBatch> {
  const format = fileFormat(upload.fileName, upload.format);
  const table = await writableResource(ctx.db, principal, upload.entryId);
  const dir = join(ctx.config.dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `incoming-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      upload.body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > upload.maxBytes) throw new AppError('BODY_TOO_LARGE');
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(temp),
    );
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  if (size === 0) {
    rmSync(temp, { force: true });
    throw new AppError('INGEST_FILE_UNREADABLE', { zh: '文件为空', en: 'The file is empty' });
  }
  const digest = hash.digest('hex');
  const stored = join(dir, `${digest}.${format}`);
  if (existsSync(stored)) rmSync(temp, { force: true });
  else renameSync(temp, stored);
  const opened = await openBatch(ctx, table, { kind: 'file', name: upload.fileName, idempotencyKey: `file:${digest}`, contentHash: digest, format, totalBytes: size }, audit);
  if (opened.state !== 'done') {
    await ctx.db.transaction((tx) =>
      scheduleJob(tx, { kind: IMPORT_FILE_JOB, runAt: ctx.clock.now(), payload: { batchId: opened.batch.id, path: stored, encoding: upload.encoding ?? 'auto', audit } }),
    );
    ctx.jobs.runDue().catch(() => undefined); // the poller picks the job up anyway
  }
  return opened;
}

/** The import job: resumes the batch after its last committed chunk, keeping its lease while it works. */
export async function processUploadJob(ctx: PlatformContext, payload: { batchId: number; path: string; encoding: TextEncoding; audit: AuditContext }, extendLease: () => Promise<void>): Promise<void> {
  const batch = await batchById(ctx.db, payload.batchId);
  if (!batch || batch.status === 'succeeded') return;
  const table = (await loadResourceTable(ctx.db, batch.entry_id))!;
  if (!existsSync(payload.path)) {
    throw new AppError('INGEST_FILE_UNREADABLE', { zh: '上传的文件已不存在', en: 'The uploaded file is gone' });
  }
  // A job taken over after a crash finds its batch still marked running: take it over too, unless its writer
  // is alive after all (a lease that ran out while it worked): then two writers would double its counts.
  if (batch.status === 'running' && stillRunning(batch, ctx.clock.now())) throw new AppError('INGEST_BATCH_RUNNING');
  await ctx.db.query(`update ing_batches set status = 'running', heartbeat_at = $2, runner = $3 where id = $1`, [batch.id, ctx.clock.now(), `${hostname()}:${process.pid}`]);
  let bytes = 0;
  let lastLease = Date.now();
  await ingestRows(ctx, table, { ...batch, status: 'running' }, fileRows(payload.path, batch.format as FileFormat, payload.encoding, (n) => (bytes = n)), payload.audit, {
    bytesRead: () => bytes,
    documents: isDocuments(batch.format as FileFormat),
    onProgress: () => {
      if (Date.now() - lastLease > 30_000) {
        lastLease = Date.now();
        extendLease().catch(() => undefined); // a missed extension only risks a duplicate take-over, refused by the batch
      }
    },
  }).catch((err: unknown) => {
    // A file that cannot be read will not become readable by retrying: the batch records why; stop here.
    if (err instanceof AppError && err.status < 500) return;
    throw err;
  });
}

export interface PushInput {
  entryId: string;
  batchId: string;
  records: Array<Record<string, unknown>>;
  deletes?: Array<Record<string, unknown>>;
}

/** A department system pushes a batch of records: idempotent by its batch id, processed before answering. */
export async function pushBatch(ctx: PlatformContext, principal: Principal | null, input: PushInput, audit: AuditContext): Promise<OpenedBatch> {
  const table = await writableResource(ctx.db, principal, input.entryId);
  const contentHash = createHash('sha256').update(canonicalize({ records: input.records, deletes: input.deletes ?? [] }) ?? '').digest('hex');
  const who = principal?.kind === 'client' ? `client:${principal.id}` : `user:${principal?.id}`;
  const opened = await openBatch(ctx, table, { kind: 'push', name: who, idempotencyKey: `push:${input.batchId}`, contentHash, format: 'json' }, audit);
  if (opened.state === 'done') return opened;
  async function* rows(): AsyncIterable<SourceRow> {
    for (const [n, values] of input.records.entries()) yield { rowNumber: n + 1, values };
  }
  const batch: BatchRow = await ingestRows(ctx, table, opened.batch, rows(), audit, { deleteKeys: input.deletes, documents: true });
  return { batch, state: opened.state };
}
