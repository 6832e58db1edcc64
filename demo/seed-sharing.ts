// Seeds data sharing through the platform's own use cases, so the console's sharing pages have something to
// show: the 公安局's demo system is granted the unconditionally shared 市场主体登记信息 at once and has called
// it through the data-service path (every call in the call log), and it has asked for the 公积金 data, which
// waits for the 住房公积金管理中心's decision with its deadline.
import type { AuditContext } from '../src/kernel/audit.ts';
import type { Principal, Role } from '../src/server/access.ts';
import type { PlatformContext } from '../src/server/context.ts';
import { dataServiceDeps } from '../src/modules/sharing/index.ts';
import { requestAccess } from '../src/modules/sharing/requests.ts';
import { callService, type Caller } from '../src/modules/sharing/services.ts';
import { serviceCodeOf } from '../src/modules/sharing/model.ts';
import type { DatasetSeedResult } from './seed-datasets.ts';

const DEMO_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'demo-seed', orgId: null }, requestId: null, ip: null };

/** A demo user as a principal with their role grants. */
async function demoUser(ctx: PlatformContext, username: string): Promise<Principal & { kind: 'user' }> {
  const { rows } = await ctx.db.query<{ user_id: string; name: string; grant_id: string; role: string; org_id: string; path: string }>(
    `select u.id as user_id, u.name, g.id as grant_id, g.role, g.org_id, o.path
       from dir_users u join dir_role_grants g on g.user_id = u.id join dir_orgs o on o.id = g.org_id where u.username = $1`,
    [username],
  );
  if (!rows.length) throw new Error(`demo user ${username} not found`);
  return {
    kind: 'user', id: rows[0]!.user_id, username, name: rows[0]!.name, sessionId: 'demo-seed', primaryOrgId: rows[0]!.org_id,
    roles: rows.map((r) => ({ id: r.grant_id, role: r.role as Role, orgId: r.org_id, orgPath: r.path })),
  };
}

export interface SharingSeedResult {
  grants: number;
  pending: number;
  calls: number;
}

/** Grants, a pending request and calls of the 公安局's demo system (after the directory and the datasets). */
export async function seedDemoSharing(ctx: PlatformContext, datasets: DatasetSeedResult[]): Promise<SharingSeedResult> {
  const developer = await demoUser(ctx, 'ga_dev');
  const { rows: clients } = await ctx.db.query<{ id: string; org_id: string }>(`select id, org_id from dir_api_clients where name like '公安局%' and status = 'active' order by created_at limit 1`);
  const client = clients[0];
  const market = datasets.find((d) => d.key === 'market_entities');
  const fund = datasets.find((d) => d.key === 'housing_fund');
  if (!client || !market || !fund) return { grants: 0, pending: 0, calls: 0 };
  const validUntil = `${Number(new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1}-12-31`;

  await requestAccess(ctx, developer, {
    entryId: market.entryId, clientId: client.id, items: ['tyshxydm', 'ztmc', 'ztlx', 'fddbr', 'clrq', 'zs', 'djzt'], queryKeys: ['tyshxydm'], rowFilter: [], modes: ['api'],
    purpose: '治安管理业务中核验企业登记状态', legalBasis: '《中华人民共和国市场主体登记管理条例》第三十五条', scenario: '特种行业许可审查、旅馆业治安管理', dailyVolume: 2000, validUntil,
  }, DEMO_CONTEXT);
  await requestAccess(ctx, developer, {
    entryId: fund.entryId, clientId: client.id, items: ['grzh', 'xm', 'sfzhm', 'dwmc', 'zhzt'], queryKeys: ['sfzhm'], rowFilter: [], modes: ['api'],
    purpose: '户籍业务中核验住房公积金缴存状态', legalBasis: null, scenario: '人才落户申请材料核验（免提交缴存证明）', dailyVolume: 300, validUntil,
  }, DEMO_CONTEXT);

  // Calls through the real data-service path: some hits, a miss, so the call statistics show both.
  const { rows: companies } = await ctx.db.query<{ tyshxydm: string }>(
    `select tyshxydm from resource_data."${(await ctx.db.query<{ table_name: string }>('select table_name from ing_resources where entry_id = $1', [market.entryId])).rows[0]!.table_name}" where not _deleted order by _seq limit 24`,
  );
  const deps = dataServiceDeps(ctx);
  let calls = 0;
  for (const [n, c] of [...companies, { tyshxydm: '91370700MA3DEMO00X' }].entries()) {
    const caller: Caller = { clientId: client.id, consumerOrgId: client.org_id, endUser: n % 3 ? 'ga_zhaoyan' : 'ga_sunhao', businessRef: `TZHY-2026-${String(1000 + n)}`, requestId: `demo-seed-${n}`, method: 'GET', url: `/api/services/${serviceCodeOf(market.code)}/lookup/tyshxydm/${c.tyshxydm}`, sign: false };
    await callService(deps, caller, serviceCodeOf(market.code), { op: 'lookup', item: 'tyshxydm', value: c.tyshxydm }).catch(() => undefined);
    calls++;
  }
  await deps.recorder.idle();
  const { rows: counts } = await ctx.db.query<{ grants: number; pending: number }>(
    `select (select count(*) from shr_grants where status = 'active')::int as grants, (select count(*) from shr_requests where status in ('pending_provider', 'pending_operator'))::int as pending`,
  );
  return { ...counts[0]!, calls };
}
