// A grant's daily quota and per-minute rate hold under concurrent calls, and every answered call — served
// or refused — has exactly one call record.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { useSharingPlatform } from './test-fixtures.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');

describe('quota and rate limits under concurrent calls', () => {
  const s = useSharingPlatform(clock);

  const burst = async (n: number) => {
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => s.call(i % 2 ? '/lookup/djzh/J370705-2026-000101' : '/lookup/nfsfzh/370702199203033456')));
    const by = (status: number) => answers.filter((a) => a.statusCode === status);
    return { answers, ok: by(200), limited: by(429) };
  };

  it('serves exactly the daily quota, then 429 with the time until midnight in Weifang', async () => {
    const filed = await s.submit();
    const approved = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { dailyQuota: 120, ratePerMinute: 100_000 });
    const grantId = approved.json().grantId as string;
    const before = await s.callCount();

    const { answers, ok, limited } = await burst(200);
    expect(ok).toHaveLength(120);
    expect(limited).toHaveLength(80);
    expect(limited[0]!.json()).toMatchObject({ code: 'SHARING_QUOTA_EXCEEDED', dailyQuota: 120 });
    // 09:00 in Weifang: fifteen hours to midnight.
    expect(limited[0]!.headers['retry-after']).toBe(String(15 * 3600));
    expect(limited[0]!.json().retryAfterSeconds).toBe(15 * 3600);

    expect(await s.callCount()).toBe(before + answers.length);
    expect(await s.callCount('grant_id = $1 and status = 200', [grantId])).toBe(120);
    expect(await s.callCount("grant_id = $1 and code = 'SHARING_QUOTA_EXCEEDED'", [grantId])).toBe(80);
    // Reservations never exceed the quota, whatever the block size.
    const reserved = await s.p.ctx.db.query<{ reserved: number }>('select reserved from shr_quota_usage where grant_id = $1', [grantId]);
    expect(reserved.rows[0]!.reserved).toBe(120);

    // The next day in Weifang starts afresh.
    clock.set('2026-11-26T00:00:01+08:00');
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).statusCode).toBe(200);
  });

  it('lets a burst up to the per-minute rate through, refuses the rest, and refills with time', async () => {
    const grant = (await s.as('mz_cdo', 'GET', '/api/sharing/grants?status=active')).json().items[0];
    await s.as('mz_cdo', 'POST', `/api/sharing/grants/${grant.id}/revoke`, { reason: '改为新的调用频率' });
    const filed = await s.submit();
    await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { dailyQuota: 100_000, ratePerMinute: 30 });
    const before = await s.callCount();

    const first = await burst(50);
    expect(first.ok).toHaveLength(30);
    expect(first.limited).toHaveLength(20);
    expect(first.limited[0]!.json().code).toBe('SHARING_RATE_LIMITED');
    // 30 a minute: one call every two seconds.
    expect(first.limited[0]!.headers['retry-after']).toBe('2');

    clock.advance(20_000); // 20 s refill 10 calls
    const second = await burst(15);
    expect(second.ok).toHaveLength(10);
    expect(second.limited).toHaveLength(5);
    expect(await s.callCount()).toBe(before + 65);
  });
});
