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
export { onBatchFinished, type BatchProgress } from './batches.ts';
export { loadResourceTable, resourceTableByCode, qualified, column, keyItems, type ResourceTable } from './storage.ts';

export const ingestModule: PlatformModule = {
  name: 'ingest',
  migrations: { module: 'ingest', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    onEntryPublished(applyPublishedVersion);
    ctx.jobs.handleLong(IMPORT_FILE_JOB, (job, control) =>
      processUploadJob(ctx, job.payload as { batchId: number; path: string; encoding: TextEncoding; audit: AuditContext }, control.extendLease),
    );
    ctx.jobs.handleLong(PULL_JOB, (job) => runPullJob(ctx, String(job.payload.sourceId)));
    ingestRoutes(app, ctx);
  },
};
