// The quality dashboard (质量看板): latest score per resource and per department, the daily score history
// of the last 30 days, and incident counts, for the departments the caller may see.
import { DAY } from '../../kernel/clock.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { publishedEntries } from '../catalog/index.ts';
import { orgSummaries } from '../directory/index.ts';
import { meanScore } from './model.ts';
import { incidents, scores } from './repository.ts';
import { visibleProviders } from './resources.ts';

export const HISTORY_DAYS = 30;

export async function qualityDashboard(ctx: PlatformContext, principal: Principal | null) {
  const candidates = [...new Set([...(await scores.providerIds(ctx.db)), ...(await incidents.providerIds(ctx.db))])];
  const visible = await visibleProviders(ctx.db, principal, candidates);
  const inScope = (orgId: string) => visible === null || visible.includes(orgId);

  const latest = (await scores.latestPerEntry(ctx.db, null)).filter((r) => inScope(r.provider_org_id));
  const entries = new Map((await publishedEntries(ctx)).map((e) => [e.id, e]));
  const orgIds = [...new Set(latest.map((r) => r.provider_org_id))];
  const history = await scores.history(ctx.db, shanghaiDay(new Date(ctx.clock.now().getTime() - (HISTORY_DAYS - 1) * DAY)), visible);
  const orgNames = new Map([...(await orgSummaries(ctx.db, [...new Set([...orgIds, ...history.map((h) => h.provider_org_id)])])).values()].map((o) => [o.id, o.name]));

  const resources = latest.map((r) => ({
    entryId: r.entry_id,
    code: entries.get(r.entry_id)?.code ?? null,
    name: entries.get(r.entry_id)?.name ?? null,
    providerOrgId: r.provider_org_id,
    providerName: orgNames.get(r.provider_org_id) ?? null,
    score: Number(r.score),
    checkedAt: new Date(r.started_at).toISOString(),
  }));
  const byOrg = new Map<string, number[]>();
  for (const r of resources) byOrg.set(r.providerOrgId, [...(byOrg.get(r.providerOrgId) ?? []), r.score]);
  const departments = [...byOrg].map(([orgId, list]) => ({ orgId, name: orgNames.get(orgId) ?? null, resources: list.length, score: meanScore(list)! })).sort((a, b) => a.score - b.score);

  const perDay = new Map<string, number[]>();
  const perDayOrg = new Map<string, { day: string; orgId: string; scores: number[] }>();
  for (const h of history) {
    perDay.set(h.day, [...(perDay.get(h.day) ?? []), Number(h.score)]);
    const key = `${h.day}|${h.provider_org_id}`;
    const cur = perDayOrg.get(key) ?? { day: h.day, orgId: h.provider_org_id, scores: [] };
    cur.scores.push(Number(h.score));
    perDayOrg.set(key, cur);
  }

  return {
    resources: resources.sort((a, b) => a.score - b.score),
    departments,
    history: [...perDay].map(([day, list]) => ({ day, score: meanScore(list)! })),
    departmentHistory: [...perDayOrg.values()].map((d) => ({ day: d.day, orgId: d.orgId, name: orgNames.get(d.orgId) ?? null, score: meanScore(d.scores)! })),
    incidents: await incidents.counts(ctx.db, { providers: visible, openedBy: null }),
  };
}
