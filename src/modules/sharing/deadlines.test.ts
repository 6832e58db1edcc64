// Approval deadlines count working days over the State Council's calendar; the deciding side is reminded
// when one working day is left, and a passed deadline escalates the request to the platform operator.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { sweepRequestDeadlines } from './index.ts';
import { useSharingPlatform } from './test-fixtures.ts';

// Tuesday 29 September 2026, 10:00 in Weifang: 中秋 is over, 国庆 (1–7 October) is ahead, and Saturday
// 10 October is a make-up working day (调休上班).
const clock = new ManualClock('2026-09-29T10:00:00+08:00');

describe('approval deadlines over the national holidays', () => {
  const s = useSharingPlatform(clock, { sharingDeadlineWorkdays: 10 });
  let id = '';

  const sweep = () => s.p.ctx.db.transaction((tx) => sweepRequestDeadlines(s.p.ctx, tx));
  const events = async () => ((await s.as('ga_dev', 'GET', `/api/sharing/requests/${id}`)).json().events as Array<{ action: string }>).map((e) => e.action);

  it('sets the deadline ten working days ahead, skipping the National Day week and counting its make-up Saturday', async () => {
    const filed = await s.submit({ validUntil: '2027-09-30' });
    id = filed.id;
    // 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct (4), 12–16 Oct (5–9), Mon 19 Oct (10). Mon–Fri alone would say 13 October.
    expect(filed.deadline).toBe('2026-10-19T15:59:59.999Z');
  });

  it('reminds the provider when one working day is left, once', async () => {
    clock.set('2026-10-15T09:00:00+08:00'); // Thursday: Friday and Monday left
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0 });
    clock.set('2026-10-16T09:00:00+08:00'); // Friday: Monday left
    expect(await sweep()).toEqual({ reminded: 1, escalated: 0 });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0 });
    const r = (await s.as('mz_cdo', 'GET', `/api/sharing/requests/${id}`)).json();
    expect(r).toMatchObject({ remindedAt: '2026-10-16T01:00:00.000Z', escalatedAt: null, overdue: false });
    expect(await s.auditCount('sharing.request.remind')).toBe(1);
  });

  it('escalates to the platform operator once the deadline has passed, and not before', async () => {
    clock.set('2026-10-19T23:30:00+08:00'); // the last day, late evening: still in time
    expect((await sweep()).escalated).toBe(0);
    clock.set('2026-10-20T00:05:00+08:00');
    expect(await sweep()).toEqual({ reminded: 0, escalated: 1 });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0 });
    expect(await events()).toEqual(['submitted', 'reminded', 'escalated']);
    const operatorInbox = (await s.as('admin', 'GET', '/api/sharing/requests?box=inbox')).json();
    expect(operatorInbox.items).toEqual([expect.objectContaining({ id, overdue: true, canDecide: true, escalatedAt: '2026-10-19T16:05:00.000Z' })]);
    expect(await s.auditCount('sharing.request.escalate')).toBe(1);
  });

  it('lets the operator decide the escalated request, and counts the approval time per department', async () => {
    clock.set('2026-10-21T10:00:00+08:00');
    const approved = await s.as('admin', 'POST', `/api/sharing/requests/${id}/approve`, { note: '督办后由平台运营方批准' });
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByName: '王建国' });
    const stats = (await s.as('mz_cdo', 'GET', '/api/sharing/stats?days=60')).json();
    const mz = stats.approvals.find((a: { providerName: string }) => a.providerName.includes('民政'));
    // Submitted 29 Sep, decided 21 Oct: 12 working days (30 Sep, 8, 9, 10, 12–16, 19, 20, 21 Oct), past the 10 allowed.
    expect(mz).toMatchObject({ decided: 1, approved: 1, rejected: 0, meanWorkdays: 12, maxWorkdays: 12, onTimePct: 0, pending: 0, overdue: 0 });
  });

  it('runs as a scheduled job', async () => {
    const filed = await s.submit({ validUntil: '2027-09-30', modes: ['api'], rowFilter: [{ item: 'djjg', values: ['370702'] }] }).catch(() => null);
    // One open request per system and resource: this one is new because the first was approved.
    expect(filed).not.toBeNull();
    clock.set('2026-12-31T09:00:00+08:00');
    for (let i = 0; i < 5 && (await s.p.ctx.jobs.runDue()) > 0; i++);
    const r = (await s.as('admin', 'GET', `/api/sharing/requests/${filed!.id}`)).json();
    expect(r.escalatedAt).not.toBeNull();
    const failed = await s.p.ctx.db.query(`select kind, last_error from kernel_jobs where kind like 'sharing.%' and last_error is not null`);
    expect(failed.rows).toEqual([]);
  });
});
