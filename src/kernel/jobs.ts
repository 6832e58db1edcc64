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

/**
 * A long job (a large import) commits its own work step by step instead of running in one transaction;
 * it must extend its lease while it works, or another worker takes the job over as abandoned.
 */
export type LongJobHandler = (job: Job, control: { db: Db; extendLease(): Promise<void> }) => Promise<void>;

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
  private readonly longHandlers = new Map<string, LongJobHandler>();
  private readonly detached = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    public log: { error(obj: unknown, msg?: string): void } = console,
  ) {}

  /** Registers the handler for one kind of job. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Registers the handler for a long job: it runs detached from the poll loop, outside one transaction. */
  handleLong(kind: string, handler: LongJobHandler): void {
    this.longHandlers.set(kind, handler);
  }

  /**
   * Claims and runs every job due now; returns how many were claimed. Tests call this after moving the clock.
   * Called while a poll is running, it polls again right after, so a job just scheduled is not left waiting.
   */
  async runDue(limit = 50): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runBatch(limit).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.runDue(limit).catch((err: unknown) => this.log.error({ err }, 'job poll failed'));
      }
    });
    return this.running;
  }

  /** Resolves when no long job started by this runner is still working (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.detached.size) await Promise.allSettled([...this.detached]);
  }

  private async runBatch(limit: number): Promise<number> {
    const now = this.clock.now();
    const kinds = [...this.handlers.keys(), ...this.longHandlers.keys()];
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
      const long = this.longHandlers.get(job.kind);
      if (long) {
        const work = this.runLong(job, row.max_attempts, long).finally(() => this.detached.delete(work));
        this.detached.add(work);
        continue;
      }
      try {
        await this.db.transaction(async (tx) => {
          await this.handlers.get(job.kind)!(job, tx);
          await tx.query("update kernel_jobs set status = 'done', finished_at = $2, locked_until = null where id = $1", [job.id, this.clock.now()]);
        });
      } catch (err) {
        await this.recordFailure(job, row.max_attempts, err);
      }
    }
    return rows.length;
  }

  private async runLong(job: Job, maxAttempts: number, handler: LongJobHandler): Promise<void> {
    const extendLease = async () => {
      await this.db.query('update kernel_jobs set locked_until = $2 where id = $1', [job.id, new Date(this.clock.now().getTime() + LEASE_MS)]);
    };
    try {
      await handler(job, { db: this.db, extendLease });
      await this.db.query("update kernel_jobs set status = 'done', finished_at = $2, locked_until = null where id = $1", [job.id, this.clock.now()]);
    } catch (err) {
      await this.recordFailure(job, maxAttempts, err).catch((e: unknown) => this.log.error({ err: e }, 'job failure not recorded'));
    }
  }

  private async recordFailure(job: Job, maxAttempts: number, err: unknown): Promise<void> {
    this.log.error({ err, job: job.id, kind: job.kind }, 'job failed');
    const failed = job.attempts >= maxAttempts;
    // Back off exponentially: 1, 2, 4 ... minutes.
    const retryAt = new Date(this.clock.now().getTime() + 60_000 * 2 ** (job.attempts - 1));
    await this.db.query(
      'update kernel_jobs set status = $2, last_error = $3, run_at = $4, locked_until = null where id = $1',
      [job.id, failed ? 'failed' : 'pending', String((err as Error).message ?? err).slice(0, 2000), retryAt],
    );
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
