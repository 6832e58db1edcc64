// 数据共享 sharing: requests for catalog resources, approvals within working-day deadlines, grants, and the data
// services through which consuming systems read exactly what was granted, every call recorded.
import { fileURLToPath } from 'node:url';
import { MINUTE } from '../../kernel/clock.ts';
import type { Sql } from '../../kernel/db.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { PlatformContext } from '../../server/context.ts';
import type { PlatformModule } from '../../server/module.ts';
import { CallRecorder, GrantLimits } from './calls.ts';
import { sweepRequestDeadlines } from './deadlines.ts';
import { sharingRoutes } from './routes.ts';
import type { DataServiceDeps } from './services.ts';

export { sweepRequestDeadlines } from './deadlines.ts';
export { BINDING_VERSION, bindingText, requestDigest } from './services.ts';
export { lookupForEvidence, type EvidenceLookup, type EvidenceLookupResult } from './evidence-lookup.ts';

export const DEADLINE_JOB = 'sharing.deadlines';
const SWEEP_EVERY = 15 * MINUTE;

function scheduleSweep(sql: Sql, now: Date): Promise<void> {
  const runAt = new Date(Math.floor(now.getTime() / SWEEP_EVERY) * SWEEP_EVERY + SWEEP_EVERY);
  return scheduleJob(sql, { kind: DEADLINE_JOB, runAt, dedupeKey: `${DEADLINE_JOB}:${runAt.toISOString()}` });
}

/** The data-service path's per-process parts: the call log's group commit and the per-grant limits. */
const servicePaths = new WeakMap<PlatformContext, DataServiceDeps>();

/** The data-service dependencies of a platform (tests wait on its recorder). */
export function dataServiceDeps(ctx: PlatformContext): DataServiceDeps {
  let deps = servicePaths.get(ctx);
  if (!deps) {
    deps = { ctx, recorder: new CallRecorder(ctx.db), limits: new GrantLimits(ctx.db, ctx.clock) };
    servicePaths.set(ctx, deps);
  }
  return deps;
}

export const sharingModule: PlatformModule = {
  name: 'sharing',
  migrations: { module: 'sharing', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    const deps = dataServiceDeps(ctx);
    sharingRoutes(app, ctx, deps);
    // Calls still in flight wait for their records: let them finish before the database closes.
    app.addHook('onClose', async () => deps.recorder.idle());
    ctx.jobs.handle(DEADLINE_JOB, async (_job, tx) => {
      await sweepRequestDeadlines(ctx, tx);
      await scheduleSweep(tx, ctx.clock.now());
    });
  },
  async start(ctx) {
    await scheduleSweep(ctx.db, ctx.clock.now());
  },
};
