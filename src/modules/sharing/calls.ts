// What every data-service call passes through besides its query: the per-grant rate and daily quota, and the
// call log. The log is written before the answer leaves (an answered call always has its record), with the
// records of concurrent calls gathered into one INSERT (group commit) so that logging costs a fraction of
// a round trip per call instead of one.
import type { Db } from '../../kernel/db.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import { calls, quota, type CallRecord, type GrantRow } from './repository.ts';

/** Most records one INSERT carries. */
const MAX_GROUP = 500;

export class CallRecorder {
  private queue: Array<{ record: CallRecord; done: () => void; failed: (err: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  /** Resolves once the record is committed; rejects when it could not be written. */
  record(record: CallRecord): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ record, done, failed });
      // Let the calls answered in the same turn of the event loop join the group.
      this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    });
  }

  /** Waits until every record handed over so far is written (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await calls.insertMany(this.db, group.map((g) => g.record));
          for (const g of group) g.done();
        } catch (err) {
          for (const g of group) g.failed(err);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Seconds until the next midnight in Asia/Shanghai, when daily quotas start afresh. */
export function secondsUntilShanghaiMidnight(now: Date): number {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  return Math.max(1, Math.ceil((DAY_MS - (local % DAY_MS)) / 1000));
}

interface QuotaState {
  day: string;
  /** Calls reserved in the database and not yet taken. */
  left: number;
  /** The quota found spent (no more reservations today unless it is raised). */
  spentAt: number | null;
  chain: Promise<unknown>;
}

/**
 * Per-grant limits. The rate is a token bucket per grant in this process (capacity = the per-minute figure,
 * refilled continuously), so a burst up to the figure passes and the average holds. The daily quota is
 * reserved from the database in blocks, so it holds across processes; see shr_quota_usage.
 */
export class GrantLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly quotas = new Map<string, QuotaState>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Throws SHARING_RATE_LIMITED (with the seconds to wait) when the grant's rate is exceeded. */
  takeRate(grant: GrantRow): void {
    const now = this.clock.now().getTime();
    const perMs = grant.rate_per_minute / 60_000;
    const b = this.buckets.get(grant.id) ?? { tokens: grant.rate_per_minute, at: now };
    b.tokens = Math.min(grant.rate_per_minute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(grant.id, b);
    if (b.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      throw new AppError('SHARING_RATE_LIMITED', undefined, { retryAfterSeconds });
    }
    b.tokens -= 1;
  }

  /** Takes one call of the grant's daily quota; throws SHARING_QUOTA_EXCEEDED when the day's quota is spent. */
  async takeQuota(grant: GrantRow): Promise<void> {
    const now = this.clock.now();
    const day = shanghaiDay(now);
    let q = this.quotas.get(grant.id);
    if (!q || q.day !== day) {
      q = { day, left: 0, spentAt: null, chain: Promise.resolve() };
      this.quotas.set(grant.id, q);
    }
    const block = Math.max(1, Math.min(1000, Math.floor(grant.daily_quota / 50)));
    if (q.left > 0) {
      q.left--;
      // Reserve the next block while this one lasts, so that calls do not wait for the database.
      if (q.left === Math.floor(block / 2) && block > 1) void this.reserve(q, grant, day, block).catch(() => undefined);
      return;
    }
    if (!(await this.reserve(q, grant, day, block, true))) {
      throw new AppError('SHARING_QUOTA_EXCEEDED', undefined, { retryAfterSeconds: secondsUntilShanghaiMidnight(now), dailyQuota: grant.daily_quota });
    }
  }

  /**
   * Adds a block of the day's quota to `q` (one reservation at a time per grant); with `take`, also takes one
   * call from it. Resolves false when the quota is spent.
   */
  private reserve(q: QuotaState, grant: GrantRow, day: string, block: number, take = false): Promise<boolean> {
    const turn = q.chain.then(async () => {
      if (take && q.left > 0) {
        q.left--;
        return true;
      }
      // A raised quota (a renewed grant) is worth asking again; an unchanged one stays spent for the day.
      if (q.spentAt === grant.daily_quota) return false;
      const got = await this.db.transaction((tx) => quota.reserve(tx, grant.id, day, block, grant.daily_quota));
      if (!got) {
        q.spentAt = grant.daily_quota;
        return false;
      }
      q.left += take ? got - 1 : got;
      return true;
    });
    q.chain = turn.catch(() => undefined);
    return turn;
  }
}
