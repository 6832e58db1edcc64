// 数据汇聚 ingest: typed per-resource storage generated from the catalog, file uploads, pushed batches and
// scheduled pulls, upserted by key with every rejected row kept, and the ledger (一本账).
import { fileURLToPath } from 'node:url';
import type { AuditContext } from '../../kernel/audit.ts';
import type { PlatformModule } from '../../server/module.ts';
import { onEntryPublished } from '../catalog/index.ts';
import { IMPORT_FILE_JOB, processUploadJob } from './imports.ts';
import { PULL_JOB, runPullJob } from './pulls.ts';
import { ingestRoutes } from './routes.ts';
import { applyPublishedVersion } from './storage.ts';
import type { TextEncoding } from './sources/files.ts';

export { importFile } from './imports.ts';
export { keyJsonSql } from './writer.ts';
export { onBatchFinished, type BatchProgress } from './batches.ts';
export { loadResourceTable, resourceTableByCode, qualified, column, keyItems, baseSqlType, ensureLookupIndexes, type ResourceTable } from './storage.ts';

// Publishing creates or migrates the typed table in the same transaction, whatever runs the platform (the
// server, the CLI, a seed): the hook is registered when the module is loaded, not when routes are.
onEntryPublished(applyPublishedVersion);

export const ingestModule: PlatformModule = {
  name: 'ingest',
  migrations: { module: 'ingest', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    ctx.jobs.handleLong(IMPORT_FILE_JOB, (job, control) =>
      processUploadJob(ctx, job.payload as { batchId: number; path: string; encoding: TextEncoding; audit: AuditContext }, control.extendLease),
    );
    ctx.jobs.handleLong(PULL_JOB, (job, control) => runPullJob(ctx, String(job.payload.sourceId), control.extendLease));
    ingestRoutes(app, ctx);
  },
};
