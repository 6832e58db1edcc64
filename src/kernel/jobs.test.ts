import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate } from '../../test/support/databases.ts';
import { ManualClock, MINUTE } from './clock.ts';
import type { Db } from './db.ts';
import { JobRunner, scheduleJob, type Job } from './jobs.ts';

// Integration tests on a clone of the template. Each test uses its own job kinds, so the template's own
// jobs (audit checkpoints, session purges) are never claimed: a runner only claims kinds it has handlers for.
const silent = { error: () => undefined };

interface JobRow {
  id: number;
  status: string;
  attempts: number;
  run_at: Date;
  last_error: string | null;
  locked_until: Date | null;
  payload: Record<string, unknown>;
}

describe('durable jobs', () => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await cloneTemplate());
    await db.exec('create table test_job_effects (id serial primary key, job_id bigint not null, note text not null)');
  });
  afterAll(async () => {
    await db.exec('drop table if exists test_job_effects');
    await drop();
  });

  const jobsOf = async (kind: string) =>
    (
      await db.query<JobRow>('select id, status, attempts, run_at, last_error, locked_until, payload from kernel_jobs where kind = $1 order by id', [kind])
    ).rows.map((r) => ({ ...r, id: Number(r.id) }));
  const effects = async (jobId: number) =>
    (await db.query<{ note: string }>('select note from test_job_effects where job_id = $1 order by id', [jobId])).rows.map((r) => r.note);

  it('does not run a job before its time, and runs it once after the clock passes it', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(db, clock, silent);
    const seen: Job[] = [];
    runner.handle('test.future', async (job) => {
      seen.push(job);
    });
    const runAt = new Date(clock.now().getTime() + 10 * MINUTE);
    await scheduleJob(db, { kind: 'test.future', runAt, payload: { city: '潍坊' } });

    expect(await runner.runDue()).toBe(0);
    clock.advance(10 * MINUTE - 1);
    expect(await runner.runDue()).toBe(0);
    expect(seen).toHaveLength(0);

    clock.advance(1);
    expect(await runner.runDue()).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'test.future', payload: { city: '潍坊' }, attempts: 1 });
    expect(seen[0]!.runAt.getTime()).toBe(runAt.getTime());

    clock.advance(60 * MINUTE);
    expect(await runner.runDue()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(await jobsOf('test.future')).toMatchObject([{ status: 'done', attempts: 1, locked_until: null }]);
  });

  it('keeps one job per dedupe key', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(db, clock, silent);
    let runs = 0;
    runner.handle('test.dedupe', async () => {
      runs++;
    });
    const runAt = clock.now();
    await scheduleJob(db, { kind: 'test.dedupe', runAt, dedupeKey: 'test.dedupe:1', payload: { n: 1 } });
    await db.transaction((tx) => scheduleJob(tx, { kind: 'test.dedupe', runAt, dedupeKey: 'test.dedupe:1', payload: { n: 2 } }));
    await scheduleJob(db, { kind: 'test.dedupe', runAt: new Date(runAt.getTime() + MINUTE), dedupeKey: 'test.dedupe:1', payload: { n: 3 } });

    const rows = await jobsOf('test.dedupe');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ n: 1 });
    clock.advance(MINUTE);
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(1);

    // A different key is a different job.
    await scheduleJob(db, { kind: 'test.dedupe', runAt, dedupeKey: 'test.dedupe:2' });
    expect(await jobsOf('test.dedupe')).toHaveLength(2);
  });

  it('retries a failing handler with growing back-off and marks it failed after max attempts', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(db, clock, silent);
    let calls = 0;
    runner.handle('test.flaky', async () => {
      calls++;
      throw new Error(`upstream down (${calls})`);
    });
    await scheduleJob(db, { kind: 'test.flaky', runAt: clock.now(), maxAttempts: 3 });

    expect(await runner.runDue()).toBe(1);
    let [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'upstream down (1)', locked_until: null });
    expect(job!.run_at.getTime()).toBe(clock.now().getTime() + MINUTE);

    // Not again before the back-off has passed.
    clock.advance(MINUTE - 1);
    expect(await runner.runDue()).toBe(0);
    clock.advance(1);
    expect(await runner.runDue()).toBe(1);
    [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'pending', attempts: 2, last_error: 'upstream down (2)' });
    expect(job!.run_at.getTime()).toBe(clock.now().getTime() + 2 * MINUTE);

    clock.advance(2 * MINUTE - 1);
    expect(await runner.runDue()).toBe(0);
    clock.advance(1);
    expect(await runner.runDue()).toBe(1);
    [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'upstream down (3)' });

    clock.advance(24 * 60 * MINUTE);
    expect(await runner.runDue()).toBe(0);
    expect(calls).toBe(3);
  });

  it("commits the handler's writes together with the job's completion", async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(db, clock, silent);
    runner.handle('test.writes-then-throws', async (job, tx) => {
      await tx.query('insert into test_job_effects (job_id, note) values ($1, $2)', [job.id, `attempt ${job.attempts}`]);
      throw new Error('after the write');
    });
    runner.handle('test.writes', async (job, tx) => {
      await tx.query('insert into test_job_effects (job_id, note) values ($1, $2)', [job.id, 'written']);
    });
    await scheduleJob(db, { kind: 'test.writes-then-throws', runAt: clock.now(), maxAttempts: 2 });
    await scheduleJob(db, { kind: 'test.writes', runAt: clock.now() });

    expect(await runner.runDue()).toBe(2);
    const [failing] = await jobsOf('test.writes-then-throws');
    expect(failing).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await effects(failing!.id)).toEqual([]);
    clock.advance(MINUTE);
    expect(await runner.runDue()).toBe(1);
    expect(await jobsOf('test.writes-then-throws')).toMatchObject([{ status: 'failed', attempts: 2 }]);
    expect(await effects(failing!.id)).toEqual([]);

    const [ok] = await jobsOf('test.writes');
    expect(ok).toMatchObject({ status: 'done' });
    expect(await effects(ok!.id)).toEqual(['written']);
  });

  it('lets a new runner take over a job whose runner died, once its lease has run out', async () => {
    const clock = new ManualClock();
    await scheduleJob(db, { kind: 'test.orphan', runAt: clock.now() });
    const [orphan] = await jobsOf('test.orphan');
    // The dead runner claimed it (status running, one attempt) with a lease that ends in 5 minutes.
    await db.query("update kernel_jobs set status = 'running', attempts = 1, locked_until = $2 where id = $1", [
      orphan!.id,
      new Date(clock.now().getTime() + 5 * MINUTE),
    ]);

    const restarted = new JobRunner(db, clock, silent);
    const ran: number[] = [];
    restarted.handle('test.orphan', async (job) => {
      ran.push(job.attempts);
    });
    // While the lease holds, the job belongs to the other runner.
    expect(await restarted.runDue()).toBe(0);
    clock.advance(5 * MINUTE + 1);
    expect(await restarted.runDue()).toBe(1);
    expect(ran).toEqual([2]);
    expect(await jobsOf('test.orphan')).toMatchObject([{ status: 'done', attempts: 2, locked_until: null }]);
    expect(await restarted.runDue()).toBe(0);
  });

  it('survives a restart: a job scheduled under one runner is run by the next one', async () => {
    const clock = new ManualClock();
    const before = new JobRunner(db, clock, silent);
    let ranBefore = 0;
    before.handle('test.restart', async () => {
      ranBefore++;
    });
    await scheduleJob(db, { kind: 'test.restart', runAt: new Date(clock.now().getTime() + 30 * MINUTE), payload: { step: 'later' } });
    expect(await before.runDue()).toBe(0);
    await before.stop();

    const after = new JobRunner(db, clock, silent);
    const payloads: unknown[] = [];
    after.handle('test.restart', async (job) => {
      payloads.push(job.payload);
    });
    clock.advance(30 * MINUTE);
    expect(await after.runDue()).toBe(1);
    expect(payloads).toEqual([{ step: 'later' }]);
    expect(ranBefore).toBe(0);
  });

  it('runs each job once when two runners poll at the same time', async () => {
    const clock = new ManualClock();
    const counts = new Map<number, number>();
    const runners = [new JobRunner(db, clock, silent), new JobRunner(db, clock, silent)];
    for (const r of runners) {
      r.handle('test.race', async (job) => {
        counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
      });
    }
    for (let i = 0; i < 20; i++) await scheduleJob(db, { kind: 'test.race', runAt: clock.now(), payload: { i } });

    const ran = await Promise.all(runners.map((r) => r.runDue()));
    expect(ran[0]! + ran[1]!).toBe(20);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await jobsOf('test.race')).every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
  });
});
