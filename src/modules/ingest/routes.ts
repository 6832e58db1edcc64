// HTTP only: schema → access → use case → present.
import { Readable } from 'node:stream';
import { AppError, pickLang } from '../../kernel/errors.ts';
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import type { App } from '../../server/types.ts';
import { receiveUpload, pushBatch } from './imports.ts';
import { createSource, listSources, pullSource } from './pulls.ts';
import { batchView, getBatch, ledger, listBatches, listRecords, recordHistory, rejections, type Rejection } from './records.ts';
import * as S from './schemas.ts';

const DATA_PEOPLE = ['platform_admin', 'chief_data_officer', 'data_steward'] as const;
const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', 'application/x-ndjson', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rejected rows as CSV for Excel (UTF-8 with BOM): row number, every problem, then the row as it was sent. */
async function* rejectionsCsv(rows: AsyncGenerator<Rejection>, lang: 'zh-CN' | 'en'): AsyncGenerator<string> {
  let columns: string[] | null = null;
  for await (const r of rows) {
    if (!columns) {
      columns = Object.keys(r.raw ?? {});
      yield '\uFEFF' + [lang === 'en' ? 'row' : '行号', lang === 'en' ? 'problems' : '问题', ...columns].map(csvField).join(',') + '\r\n';
    }
    const problems = r.problems.map((p) => (lang === 'en' ? p.en : p.zh)).join(lang === 'en' ? '; ' : '；');
    yield [r.rowNumber, problems, ...columns.map((c) => r.raw?.[c])].map(csvField).join(',') + '\r\n';
  }
  if (!columns) yield '\uFEFF' + (lang === 'en' ? 'row,problems' : '行号,问题') + '\r\n';
}

export function ingestRoutes(app: App, ctx: PlatformContext): void {
  // Data files arrive as the raw request body and are streamed to disk: never parsed or buffered here.
  app.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    (scope as unknown as App).post('/api/ingest/resources/:entryId/uploads', {
      schema: {
        tags: ['ingest'],
        summary: '上传数据文件 Upload a data file (CSV UTF-8/GBK, XLSX, JSON, NDJSON) as the raw body',
        params: S.EntryParams,
        querystring: S.UploadQuery,
        response: { 200: S.Opened, 202: S.Opened },
      },
      config: { access: { users: DATA_PEOPLE } },
      handler: async (request, reply) => {
        if (!(request.body instanceof Readable)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const opened = await receiveUpload(
          ctx,
          request.principal,
          { entryId: request.params.entryId, fileName: request.query.fileName, format: request.query.format, encoding: request.query.encoding, body: request.body, maxBytes: ctx.config.uploadLimitBytes },
          auditContext(request),
        );
        return reply.code(opened.state === 'done' ? 200 : 202).send({ state: opened.state, batch: batchView(opened.batch) });
      },
    });
  });

  app.post('/api/ingest/resources/:entryId/batches', {
    schema: { tags: ['ingest'], summary: '推送数据批次 Push a batch of records (idempotent by batchId)', params: S.EntryParams, body: S.PushBody, response: { 200: S.Opened } },
    config: { access: { users: DATA_PEOPLE, clients: true } },
    // JSON.parse has already rounded an integer beyond 2^53 (an ID number sent as a number): refuse the batch
    // before anything is stored, rather than store another number.
    preValidation: async (request) => {
      const body = request.body as { records?: unknown; deletes?: unknown } | null;
      for (const [list, name] of [[body?.records, 'records'], [body?.deletes, 'deletes']] as const) {
        if (!Array.isArray(list)) continue;
        for (const [n, record] of list.entries()) {
          if (!record || typeof record !== 'object') continue;
          for (const [field, value] of Object.entries(record as Record<string, unknown>)) {
            if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
              throw new AppError('VALIDATION_FAILED', {
                zh: `${name}[${n}].${field} 的数字过大，已无法精确表示，请以字符串传送`,
                en: `${name}[${n}].${field} is a number too large to be exact; send it as a string`,
              });
            }
          }
        }
      }
    },
    handler: async (request) => {
      const opened = await pushBatch(ctx, request.principal, { entryId: request.params.entryId, ...request.body }, auditContext(request));
      return { state: opened.state, batch: batchView(opened.batch) };
    },
  });

  app.get('/api/ingest/resources/:entryId/batches', {
    schema: { tags: ['ingest'], summary: '导入批次 Import batches of a resource', params: S.EntryParams, querystring: S.Page, response: { 200: S.BatchPage } },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request) => listBatches(ctx, request.principal, request.params.entryId, request.query),
  });

  app.get('/api/ingest/batches/:id', {
    schema: { tags: ['ingest'], summary: '批次进度 A batch and its progress', params: S.BatchParams, response: { 200: S.Batch } },
    config: { access: { users: DATA_PEOPLE, clients: true } },
    handler: async (request) => getBatch(ctx, request.principal, request.params.id),
  });

  app.get('/api/ingest/batches/:id/rejections.csv', {
    schema: { tags: ['ingest'], summary: '下载未通过校验的行 Rejected rows with reasons (CSV)', params: S.BatchParams },
    config: { access: { users: DATA_PEOPLE, clients: true } },
    handler: async (request, reply) => {
      const rows = rejections(ctx, request.principal, request.params.id);
      const first = await rows.next(); // checks access before the download starts
      async function* all(): AsyncGenerator<Rejection> {
        if (!first.done) yield first.value;
        yield* rows;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-rows-${request.params.id}.csv"`)
        .send(Readable.from(rejectionsCsv(all(), pickLang(request.headers['accept-language']))));
    },
  });

  app.get('/api/ingest/resources/:entryId/records', {
    schema: { tags: ['ingest'], summary: '资源数据（按规则脱敏）Records of a resource, masked', params: S.EntryParams, querystring: S.Page, response: { 200: S.RecordPage } },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request) => listRecords(ctx, request.principal, request.params.entryId, request.query),
  });

  app.get('/api/ingest/resources/:entryId/records/history', {
    schema: { tags: ['ingest'], summary: '记录变更历史 One record and its change history', params: S.EntryParams, querystring: S.HistoryQuery },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request) => {
      let key: unknown;
      try {
        key = JSON.parse(request.query.key);
      } catch {
        throw new AppError('VALIDATION_FAILED', { zh: 'key 须为 JSON 对象', en: 'key must be a JSON object' });
      }
      if (!key || typeof key !== 'object' || Array.isArray(key)) throw new AppError('VALIDATION_FAILED', { zh: 'key 须为 JSON 对象', en: 'key must be a JSON object' });
      return recordHistory(ctx, request.principal, request.params.entryId, key as Record<string, string>);
    },
  });

  app.post('/api/ingest/resources/:entryId/sources', {
    schema: { tags: ['ingest'], summary: '新建定时抽取数据源 Add a scheduled pull source (PostgreSQL, MySQL, HTTP JSON)', params: S.EntryParams, body: S.SourceBody },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request, reply) => reply.code(201).send(await createSource(ctx, request.principal, request.params.entryId, request.body, auditContext(request))),
  });

  app.get('/api/ingest/resources/:entryId/sources', {
    schema: { tags: ['ingest'], summary: '数据源 Pull sources of a resource (secrets never shown)', params: S.EntryParams },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request) => listSources(ctx, request.principal, request.params.entryId),
  });

  app.post('/api/ingest/sources/:id/pull', {
    schema: { tags: ['ingest'], summary: '立即抽取 Pull from a source now', params: S.SourceParams },
    config: { access: { users: DATA_PEOPLE } },
    handler: async (request) => {
      const batch = await pullSource(ctx, request.params.id, auditContext(request), request.principal);
      return { batch: batch ? batchView(batch) : null };
    },
  });

  app.get('/api/ingest/ledger', {
    schema: { tags: ['ingest'], summary: '数据资源一本账 Ledger: records per resource, department and day', querystring: S.LedgerQuery },
    config: { access: { users: [...DATA_PEOPLE, 'auditor'] } },
    handler: async (request) => ledger(ctx, request.principal, request.query),
  });
}
