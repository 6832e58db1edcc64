// 共享一本账: services published, grants live, calls per day / resource / consumer (the city reports 数据服务次数
// and 调用次数), approval times; and the call log for access monitoring. Scoped to the departments the caller
// sees as provider or consumer; platform admins and auditors see all.
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { publishedEntries } from '../catalog/index.ts';
import { apiClientNames, orgIdsUnder, orgSummaries } from '../directory/index.ts';
import { approvalStats } from './deadlines.ts';
import type { CallView, SharingStats } from './views.ts';
import { grantScopes, requestScopes } from './policy.ts';
import { grants } from './repository.ts';


/**
 * Organisation ids (among `ids`) whose calls the caller sees: as provider under its approver scopes, as
 * consumer under its requester scopes; null = all.
 */
async function visibleOrgs(ctx: PlatformContext, principal: Principal, ids: string[]): Promise<{ providers: Set<string>; consumers: Set<string> } | null> {
  const scopes = requestScopes(principal);
  if (scopes === null) return null;
  const orgs = [...(await orgSummaries(ctx.db, [...new Set(ids)])).values()];
  const under = (paths: string[]) => new Set(orgs.filter((o) => paths.some((p) => o.path.startsWith(p))).map((o) => o.id));
  return { providers: under(scopes.provider), consumers: under(scopes.consumer) };
}

function shanghaiDays(now: Date, days: number): string[] {
  const out: string[] = [];
  const today = Date.parse(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
  for (let n = days - 1; n >= 0; n--) out.push(new Date(today - n * 86_400_000).toISOString().slice(0, 10));
  return out;
}

export async function sharingStats(ctx: PlatformContext, principal: Principal, days: number): Promise<SharingStats> {
  const now = ctx.clock.now();
  const window = shanghaiDays(now, days);
  const since = new Date(Date.parse(`${window[0]}T00:00:00+08:00`));
  const { rows } = await ctx.db.query<{ day: string; entry_id: string | null; resource_code: string | null; provider_org_id: string | null; consumer_org_id: string; calls: number; failed: number; rows: number }>(
    `select to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, entry_id, resource_code, provider_org_id, consumer_org_id,
            count(*)::int as calls, count(*) filter (where status >= 400)::int as failed, coalesce(sum(rows), 0)::int as rows
       from shr_calls where at >= $1 group by 1, 2, 3, 4, 5`,
    [since],
  );
  const visible = await visibleOrgs(ctx, principal, rows.flatMap((r) => [r.consumer_org_id, ...(r.provider_org_id ? [r.provider_org_id] : [])]));
  const mine = rows.filter((r) => visible === null || visible.consumers.has(r.consumer_org_id) || (r.provider_org_id !== null && visible.providers.has(r.provider_org_id)));
  const perDay = new Map(window.map((d) => [d, { day: d, calls: 0, failed: 0 }]));
  const byResource = new Map<string, { id: string; name: string; calls: number; failed: number }>();
  const byConsumer = new Map<string, { id: string; name: string; calls: number; failed: number }>();
  for (const r of mine) {
    const d = perDay.get(r.day);
    if (d) {
      d.calls += r.calls;
      d.failed += r.failed;
    }
    const key = r.entry_id ?? '';
    const res = byResource.get(key) ?? { id: r.resource_code ?? '', name: '', calls: 0, failed: 0 };
    res.calls += r.calls;
    res.failed += r.failed;
    byResource.set(key, res);
    const con = byConsumer.get(r.consumer_org_id) ?? { id: r.consumer_org_id, name: '', calls: 0, failed: 0 };
    con.calls += r.calls;
    con.failed += r.failed;
    byConsumer.set(r.consumer_org_id, con);
  }
  const entries = await publishedEntries(ctx);
  const names = new Map(entries.map((e) => [e.id, e.name]));
  for (const [entryId, r] of byResource) r.name = names.get(entryId) ?? '（未知服务）';
  const orgs = await orgSummaries(ctx.db, [...byConsumer.keys()]);
  for (const c of byConsumer.values()) c.name = orgs.get(c.id)?.name ?? '';
  const top = (m: Map<string, { calls: number }>) => [...m.values()].sort((a, b) => b.calls - a.calls).slice(0, 10);
  const { rows: total } = await ctx.db.query<{ n: number }>('select count(*)::int as n from shr_calls');
  const live = await grants.countLive(ctx.db, grantScopes(principal), shanghaiDay(now));
  return {
    days,
    servicesPublished: entries.filter((e) => e.shareType !== 'none' && e.shareModes.some((m) => m === 'api' || m === 'table')).length,
    grantsActive: live.active,
    grantsSuspended: live.suspended,
    callsTotal: visible === null ? total[0]!.n : mine.reduce((n, r) => n + r.calls, 0),
    callsInPeriod: mine.reduce((n, r) => n + r.calls, 0),
    failedInPeriod: mine.reduce((n, r) => n + r.failed, 0),
    rowsInPeriod: mine.reduce((n, r) => n + r.rows, 0),
    perDay: [...perDay.values()],
    byResource: top(byResource) as SharingStats['byResource'],
    byConsumer: top(byConsumer) as SharingStats['byConsumer'],
    approvals: await approvalStats(ctx, principal, days),
  };
}


/** The call log (newest first), for the departments the caller sees. */
export async function listCalls(ctx: PlatformContext, principal: Principal, q: { grantId?: string; entryId?: string; page: number; pageSize: number }): Promise<{ items: CallView[]; total: number }> {
  const scopes = requestScopes(principal);
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (q.grantId) where.push(`c.grant_id = ${p(q.grantId)}`);
  if (q.entryId) where.push(`c.entry_id = ${p(q.entryId)}`);
  if (scopes !== null) {
    // Organisations under the caller's scopes, per side, from the directory (not by scanning the log).
    const providers = await orgIdsUnder(ctx.db, scopes.provider);
    const consumers = await orgIdsUnder(ctx.db, scopes.consumer);
    if (!providers.length && !consumers.length) return { items: [], total: 0 };
    where.push(`(c.consumer_org_id = any(${p(consumers)}::uuid[]) or c.provider_org_id = any(${p(providers)}::uuid[]))`);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const { rows: count } = await ctx.db.query<{ n: number }>(`select count(*)::int as n from shr_calls c ${clause}`, params);
  const { rows } = await ctx.db.query<{ id: string; at: Date; client_id: string; consumer_org_id: string; resource_code: string | null; operation: string; end_user: string | null; business_ref: string | null; items: string[] | null; rows: number; status: number; code: string | null; latency_ms: number; response_hash: string | null; signed: boolean }>(
    `select * from shr_calls c ${clause} order by at desc, id limit ${p(q.pageSize)} offset ${p((q.page - 1) * q.pageSize)}`,
    params,
  );
  const clients = await apiClientNames(ctx.db, rows.map((r) => r.client_id));
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.consumer_org_id))]);
  return {
    total: count[0]!.n,
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), clientName: clients.get(r.client_id) ?? '', consumerName: orgs.get(r.consumer_org_id)?.name ?? '', resourceCode: r.resource_code,
      operation: r.operation, endUser: r.end_user, businessRef: r.business_ref, items: r.items, rows: r.rows, status: r.status, code: r.code,
      latencyMs: Math.round(Number(r.latency_ms) * 100) / 100, responseHash: r.response_hash, signed: r.signed,
    })),
  };
}
