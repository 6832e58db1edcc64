// Durable jobs and timers in the database, so they work the same on PGlite and on a PostgreSQL server
// and survive restarts. Several API processes may run workers: a job is claimed with SKIP LOCKED and a
// lease; a worker that dies loses its lease and another runs the job again (handlers are idempotent).
import type { Clock } from './clock.ts';
import type { Db, Sql, Tx } from './db.ts';

export interface Job {
  id: number;
  kind: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** A handler runs in a transaction; whatever it writes commits together with the job's completion. */
export type JobHandler = (job: Job, tx: Tx) => Promise<void>;

export interface ScheduleOptions {
  kind: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  /** At most one pending job per key: scheduling the same key again keeps the first. */
  dedupeKey?: string;
  maxAttempts?: number;
}

const LEASE_MS = 5 * 60_000;

/** Schedules a job inside the caller's transaction, so it exists exactly when the change that needs it does. */
export async function scheduleJob(tx: Sql, options: ScheduleOptions): Promise<void> {
  await tx.query(
    `insert into kernel_jobs (kind, run_at, payload, dedupe_key, max_attempts) values ($1, $2, $3, $4, $5)
     on conflict (dedupe_key) do nothing`,
    [options.kind, options.runAt, JSON.stringify(options.payload ?? {}), options.dedupeKey ?? null, options.maxAttempts ?? 5],
  );
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    public log: { error(obj: unknown, msg?: string): void } = console,
  ) {}

  /** Registers the handler for one kind of job. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Claims and runs every job due now; returns how many ran. Tests call this after moving the clock. */
  async runDue(limit = 50): Promise<number> {
    if (this.running) return this.running;
    this.running = this.runBatch(limit).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runBatch(limit: number): Promise<number> {
    const now = this.clock.now();
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return 0;
    const { rows } = await this.db.query<{ id: number; kind: string; run_at: Date; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(
      `update kernel_jobs set status = 'running', attempts = attempts + 1, locked_until = $2
        where id in (select id from kernel_jobs
                      where kind = any($3::text[]) and run_at <= $1
                        and (status = 'pending' or (status = 'running' and locked_until < $1))
                      order by run_at limit $4 for update skip locked)
        returning id, kind, run_at, payload, attempts, max_attempts`,
      [now, new Date(now.getTime() + LEASE_MS), kinds, limit],
    );
    for (const row of rows) {
      const job: Job = { id: Number(row.id), kind: row.kind, runAt: row.run_at, payload: row.payload, attempts: row.attempts };
      try {
        await this.db.transaction(async (tx) => {
          await this.handlers.get(job.kind)!(job, tx);
          await tx.query("update kernel_jobs set status = 'done', finished_at = $2, locked_until = null where id = $1", [job.id, this.clock.now()]);
        });
      } catch (err) {
        this.log.error({ err, job: job.id, kind: job.kind }, 'job failed');
        const failed = row.attempts >= row.max_attempts;
        // Back off exponentially: 1, 2, 4 ... minutes.
        const retryAt = new Date(this.clock.now().getTime() + 60_000 * 2 ** (row.attempts - 1));
        await this.db.query(
          'update kernel_jobs set status = $2, last_error = $3, run_at = $4, locked_until = null where id = $1',
          [job.id, failed ? 'failed' : 'pending', String((err as Error).message ?? err).slice(0, 2000), retryAt],
        );
      }
    }
    return rows.length;
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  start(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err: unknown) => this.log.error({ err }, 'job poll failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
