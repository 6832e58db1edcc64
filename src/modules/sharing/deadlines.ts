// Approval deadlines: a reminder to the deciding side when one working day or less is left, escalation to
// the platform operator once the deadline has passed, and the statistics of approval times per department.
import { SYSTEM_CONTEXT } from '../../kernel/audit.ts';
import type { Tx } from '../../kernel/db.ts';
import { loadWorkCalendar, workingDaysBetween } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { forgetGrants } from './grant-cache.ts';
import { requestScopes } from './policy.ts';
import { requests } from './repository.ts';
import type { ApprovalStatsRow } from './views.ts';

/** Working days left at which the deciding side is reminded. */
export const REMIND_WITHIN_WORKDAYS = 1;

/** Reminds and escalates the pending requests that are due, in the job's transaction; returns the counts. */
export async function sweepRequestDeadlines(ctx: PlatformContext, tx: Tx): Promise<{ reminded: number; escalated: number }> {
  const now = ctx.clock.now();
  const calendar = await loadWorkCalendar(tx);
  let reminded = 0;
  let escalated = 0;
  for (const r of await requests.due(tx)) {
    if (!r.deadline) continue;
    const stage = r.status === 'pending_operator' ? '平台运营方' : '资源提供部门审核人';
    if (r.deadline < now) {
      if (r.escalated_at) continue;
      await requests.update(tx, r.id, { escalated_at: now, reminded_at: r.reminded_at ?? now }, now);
      await requests.addEvent(tx, { request_id: r.id, at: now, action: 'escalated', actor_id: null, actor_name: '系统', note: `已超过审批期限（${r.deadline.toISOString()}），提交平台运营方督办`, detail: { deadline: r.deadline.toISOString(), stage: r.status } });
      await ctx.audit.record(tx, SYSTEM_CONTEXT, { action: 'sharing.request.escalate', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id, after: { stage: r.status, deadline: r.deadline.toISOString() } });
      escalated++;
    } else if (!r.reminded_at && workingDaysBetween(now, r.deadline, calendar) <= REMIND_WITHIN_WORKDAYS) {
      await requests.update(tx, r.id, { reminded_at: now }, now);
      await requests.addEvent(tx, { request_id: r.id, at: now, action: 'reminded', actor_id: null, actor_name: '系统', note: `审批期限将至，已提醒${stage}`, detail: { deadline: r.deadline.toISOString(), stage: r.status } });
      await ctx.audit.record(tx, SYSTEM_CONTEXT, { action: 'sharing.request.remind', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id, after: { stage: r.status, deadline: r.deadline.toISOString() } });
      reminded++;
    }
  }
  if (escalated) forgetGrants();
  return { reminded, escalated };
}


/** Approval times per providing department over the last `days` days, for the departments the caller sees. */
export async function approvalStats(ctx: PlatformContext, principal: Principal, days: number): Promise<ApprovalStatsRow[]> {
  const now = ctx.clock.now();
  const calendar = await loadWorkCalendar(ctx.db);
  const scopes = requestScopes(principal);
  const visible = (path: string) => scopes === null || scopes.provider.some((s) => path.startsWith(s)) || scopes.consumer.some((s) => path.startsWith(s));
  const decided = (await requests.decidedSince(ctx.db, new Date(now.getTime() - days * 86_400_000))).filter((r) => visible(r.provider_org_path));
  const pending = await requests.pendingByProvider(ctx.db);
  const byProvider = new Map<string, { days: number[]; approved: number; rejected: number; onTime: number }>();
  for (const r of decided) {
    const s = byProvider.get(r.provider_org_id) ?? { days: [], approved: 0, rejected: 0, onTime: 0 };
    s.days.push(workingDaysBetween(r.submitted_at, r.decided_at!, calendar));
    if (r.status === 'approved') s.approved++;
    else s.rejected++;
    // The deadline is cleared on decision; it was the submission plus the allowed working days — per stage,
    // so a request the operator reviewed after the provider had two stages' worth.
    const stages = r.provider_decision ? 2 : 1;
    if (workingDaysBetween(r.submitted_at, r.decided_at!, calendar) <= stages * ctx.config.sharingDeadlineWorkdays) s.onTime++;
    byProvider.set(r.provider_org_id, s);
  }
  const orgs = await orgSummaries(ctx.db, [...new Set([...byProvider.keys(), ...pending.map((p) => p.provider_org_id)])]);
  const ids = [...new Set([...byProvider.keys(), ...pending.map((p) => p.provider_org_id)])].filter((id) => orgs.has(id) && visible(orgs.get(id)!.path));
  return ids
    .map((id) => {
      const s = byProvider.get(id);
      const p = pending.find((x) => x.provider_org_id === id);
      const n = s?.days.length ?? 0;
      return {
        providerOrgId: id,
        providerName: orgs.get(id)!.name,
        decided: n,
        approved: s?.approved ?? 0,
        rejected: s?.rejected ?? 0,
        meanWorkdays: n ? Math.round((s!.days.reduce((a, b) => a + b, 0) / n) * 10) / 10 : null,
        maxWorkdays: n ? Math.max(...s!.days) : null,
        onTimePct: n ? Math.round((s!.onTime / n) * 1000) / 10 : null,
        pending: p?.pending ?? 0,
        overdue: p?.overdue ?? 0,
      };
    })
    .sort((a, b) => b.decided + b.pending - (a.decided + a.pending));
}
