// 数据质量 quality: machine checks of aggregated data (rules evaluated set-based in SQL after every batch,
// daily, and on demand), scores per resource and department, and problem tickets (问题工单) the providing
// department must correct within working-day deadlines, escalated to the platform operator when overdue.
import { fileURLToPath } from 'node:url';
import { SYSTEM_CONTEXT } from '../../kernel/audit.ts';
import { DAY, HOUR, MINUTE } from '../../kernel/clock.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { PlatformModule } from '../../server/module.ts';
import { onBatchFinished } from '../ingest/index.ts';
import { sweepOverdueIn } from './incidents.ts';
import type { RunTrigger } from './model.ts';
import { rules } from './repository.ts';
import { qualityRoutes } from './routes.ts';
import { runChecksIn } from './runs.ts';

export { runChecksIn, type RunOutcome } from './runs.ts';
export { sweepOverdueIncidents } from './incidents.ts';
export { RULE_KINDS, type RuleKind } from './model.ts';

export const RUN_JOB = 'quality.run';
export const SCHEDULE_JOB = 'quality.schedule';
export const SWEEP_JOB = 'quality.overdue-sweep';

const SWEEP_EVERY = 15 * MINUTE;
/** The daily checks run at 02:00 Asia/Shanghai, when few batches arrive. */
const DAILY_AT_SHANGHAI = 2 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;

/** The next 02:00 in Asia/Shanghai strictly after `now`. */
export function nextDailyRun(now: Date): Date {
  const dayStart = Math.floor((now.getTime() + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
  const today = dayStart + DAILY_AT_SHANGHAI;
  return new Date(today > now.getTime() ? today : today + DAY);
}

const nextSweep = (now: Date) => new Date(Math.floor(now.getTime() / SWEEP_EVERY) * SWEEP_EVERY + SWEEP_EVERY);

// Keyed by the time, so that any number of processes schedule each occurrence once.
function scheduleDaily(sql: Sql, now: Date): Promise<void> {
  const runAt = nextDailyRun(now);
  return scheduleJob(sql, { kind: SCHEDULE_JOB, runAt, dedupeKey: `${SCHEDULE_JOB}:${runAt.toISOString()}` });
}
function scheduleSweep(sql: Sql, now: Date): Promise<void> {
  const runAt = nextSweep(now);
  return scheduleJob(sql, { kind: SWEEP_JOB, runAt, dedupeKey: `${SWEEP_JOB}:${runAt.toISOString()}` });
}

/**
 * A finished batch asks for a check of its resource. Only a job is scheduled here: this runs inside the
 * batch's closing transaction, which must stay short, and the check runs in its own job transaction.
 * One function for every platform instance, so registering it again (tests) adds nothing.
 */
const checkAfterBatch: Parameters<typeof onBatchFinished>[0] = (tx, event) =>
  scheduleJob(tx, { kind: RUN_JOB, runAt: event.at, payload: { entryId: event.entryId, batchId: event.batchId, trigger: 'batch' }, dedupeKey: `${RUN_JOB}:batch:${event.batchId}` });

// Registered when the module loads, so batches written by the CLI or a seed are checked too.
onBatchFinished(checkAfterBatch);

export const qualityModule: PlatformModule = {
  name: 'quality',
  migrations: { module: 'quality', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    qualityRoutes(app, ctx);

    ctx.jobs.handle(RUN_JOB, async (job, tx) => {
      const payload = job.payload as { entryId: string; batchId?: number; trigger?: RunTrigger };
      try {
        await runChecksIn(ctx, tx, { entryId: payload.entryId, trigger: payload.trigger ?? 'batch', batchId: payload.batchId ?? null, audit: SYSTEM_CONTEXT });
      } catch (err) {
        // The resource is gone or no longer published: nothing to check, and retrying will not change that.
        if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'QUALITY_RESOURCE_NOT_READY')) return;
        throw err;
      }
    });

    // The daily check of every resource with rules (freshness can only fail here: a stale resource gets no
    // batches), one job per resource so that each runs in its own transaction.
    ctx.jobs.handle(SCHEDULE_JOB, async (job, tx) => {
      for (const entryId of await rules.entriesWithEnabledRules(tx)) {
        await scheduleJob(tx, { kind: RUN_JOB, runAt: ctx.clock.now(), payload: { entryId, trigger: 'schedule' }, dedupeKey: `${RUN_JOB}:schedule:${entryId}:${job.runAt.toISOString()}` });
      }
      await scheduleDaily(tx, ctx.clock.now());
    });

    ctx.jobs.handle(SWEEP_JOB, async (_job, tx) => {
      await sweepOverdueIn(ctx, tx);
      await scheduleSweep(tx, ctx.clock.now());
    });
  },
  async start(ctx) {
    await scheduleDaily(ctx.db, ctx.clock.now());
    await scheduleSweep(ctx.db, ctx.clock.now());
  },
};
