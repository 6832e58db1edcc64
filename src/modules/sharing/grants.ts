// 授权: what an approved request allows a consuming system to read, for how long and how much. Issued by an
// approval (or at once for 无条件共享), renewed, suspended, resumed and revoked by the provider's approvers
// or the platform operator; a consuming department may give up its own. Every change is audited.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Tx } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { partyNames } from './parties.ts';
import { ensureLookupIndexes, loadResourceTable } from '../ingest/index.ts';
import { forgetGrants } from './grant-cache.ts';
import { serviceCodeOf, type Decision } from './model.ts';
import { canManageGrant, canReadGrant, canRelinquishGrant, grantScopes } from './policy.ts';
import { grants, type GrantRow, type RequestRow } from './repository.ts';
import { checkValidUntil } from './validation.ts';
import type { GrantView } from './views.ts';


/** Grant rows as the API shows them, with organisation and system names. */
export async function grantViews(ctx: PlatformContext, principal: Principal, rows: GrantRow[]): Promise<GrantView[]> {
  const names = await partyNames(ctx.db, rows);
  const today = shanghaiDay(ctx.clock.now());
  return rows.map((g) => ({
    id: g.id,
    requestId: g.request_id,
    entryId: g.entry_id,
    resourceCode: g.resource_code,
    serviceCode: serviceCodeOf(g.resource_code),
    resourceName: g.resource_name,
    providerOrgId: g.provider_org_id,
    providerName: names.org(g.provider_org_id),
    consumerOrgId: g.consumer_org_id,
    consumerName: names.org(g.consumer_org_id),
    clientId: g.client_id,
    clientName: names.client(g.client_id),
    items: g.items,
    plainItems: g.plain_items,
    queryKeys: g.query_keys,
    rowFilter: g.row_filter,
    modes: g.modes,
    purpose: g.purpose,
    dailyQuota: g.daily_quota,
    ratePerMinute: g.rate_per_minute,
    validFrom: g.valid_from.toISOString(),
    validUntil: g.valid_until,
    status: g.status,
    expired: g.valid_until < today,
    statusReason: g.status_reason,
    updatedAt: g.updated_at.toISOString(),
    canManage: canManageGrant(principal, g),
    canRelinquish: canRelinquishGrant(principal, g),
  }));
}

/**
 * Issues the grant of an approved request in the approval's transaction: a live grant the same system holds
 * on the resource is replaced, and the granted query keys get an index so look-ups stay point queries.
 */
export async function issueGrant(ctx: PlatformContext, tx: Tx, r: RequestRow, decision: Decision, audit: AuditContext): Promise<string> {
  const now = ctx.clock.now();
  const previous = await grants.liveFor(tx, r.client_id, r.entry_id);
  if (previous) {
    await grants.update(tx, previous.id, { status: 'revoked', status_reason: `由申请 ${r.number} 的新授权取代` }, now);
    await ctx.audit.record(tx, audit, { action: 'sharing.grant.revoke', targetType: 'sharing_grant', targetId: previous.id, orgId: previous.provider_org_id, before: { status: previous.status }, after: { status: 'revoked', reason: 'superseded', by: r.number } });
  }
  const id = newId();
  const queryKeys = r.query_keys.filter((k) => decision.items.includes(k));
  await grants.insert(tx, {
    id, request_id: r.id, entry_id: r.entry_id, resource_code: r.resource_code, resource_name: r.resource_name,
    provider_org_id: r.provider_org_id, consumer_org_id: r.consumer_org_id, provider_org_path: r.provider_org_path, consumer_org_path: r.consumer_org_path,
    client_id: r.client_id, items: decision.items, plain_items: decision.plainItems, query_keys: queryKeys, row_filter: r.row_filter, modes: r.modes,
    purpose: r.purpose, daily_quota: decision.dailyQuota, rate_per_minute: decision.ratePerMinute, valid_from: now, valid_until: decision.validUntil,
    status: 'active', status_reason: null, created_at: now, updated_at: now,
  });
  if (previous) {
    // The replacement inherits today's spent quota, so a new approval is not a way to reset it.
    await tx.query('insert into shr_quota_usage (grant_id, day, reserved) select $1, day, reserved from shr_quota_usage where grant_id = $2 and day = $3', [id, previous.id, shanghaiDay(now)]);
  }
  const table = await loadResourceTable(tx, r.entry_id);
  if (table) await ensureLookupIndexes(tx, table, [...queryKeys, ...r.row_filter.map((c) => c.item)]);
  await ctx.audit.record(tx, audit, {
    action: 'sharing.grant.issue', targetType: 'sharing_grant', targetId: id, orgId: r.provider_org_id,
    after: { requestId: r.id, number: r.number, clientId: r.client_id, consumerOrgId: r.consumer_org_id, items: decision.items, plainItems: decision.plainItems, queryKeys, rowFilter: r.row_filter, modes: r.modes, dailyQuota: decision.dailyQuota, ratePerMinute: decision.ratePerMinute, validUntil: decision.validUntil },
  });
  return id;
}

export async function listGrants(ctx: PlatformContext, principal: Principal, q: { status?: GrantRow['status']; entryId?: string; clientId?: string; page: number; pageSize: number }): Promise<{ items: GrantView[]; total: number }> {
  const scopes = grantScopes(principal);
  if (scopes !== null && !scopes.provider.length && !scopes.consumer.length) return { items: [], total: 0 };
  const { rows, total } = await grants.list(ctx.db, { scopes, statuses: q.status ? [q.status] : undefined, entryId: q.entryId, clientId: q.clientId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await grantViews(ctx, principal, rows), total };
}

export async function getGrant(ctx: PlatformContext, principal: Principal, id: string): Promise<GrantView> {
  const g = await grants.byId(ctx.db, id);
  if (!g || !canReadGrant(principal, g)) throw new AppError('NOT_FOUND');
  return (await grantViews(ctx, principal, [g]))[0]!;
}

type GrantChange =
  | { kind: 'renew'; validUntil: string }
  | { kind: 'suspend'; reason: string }
  | { kind: 'resume' }
  | { kind: 'revoke'; reason: string };

/** Renews, suspends, resumes or revokes a grant; the data-service path sees it at once in this process. */
export async function changeGrant(ctx: PlatformContext, principal: Principal, id: string, change: GrantChange, audit: AuditContext): Promise<GrantView> {
  await ctx.db.transaction(async (tx) => {
    const g = await grants.byId(tx, id, true);
    if (!g || !canReadGrant(principal, g)) throw new AppError('NOT_FOUND');
    const allowed = canManageGrant(principal, g) || (change.kind === 'revoke' && canRelinquishGrant(principal, g));
    if (!allowed) throw new AppError('FORBIDDEN');
    const now = ctx.clock.now();
    const stateError = () => new AppError('SHARING_GRANT_STATE');
    switch (change.kind) {
      case 'renew':
        if (g.status === 'revoked') throw stateError();
        checkValidUntil(change.validUntil, now);
        if (change.validUntil <= g.valid_until) throw new AppError('SHARING_REQUEST_INVALID', { zh: '续期后的有效期必须晚于当前有效期', en: 'a renewal must end later than the current validity' });
        await grants.update(tx, id, { valid_until: change.validUntil }, now);
        break;
      case 'suspend':
        if (g.status !== 'active') throw stateError();
        await grants.update(tx, id, { status: 'suspended', status_reason: change.reason }, now);
        break;
      case 'resume':
        if (g.status !== 'suspended') throw stateError();
        await grants.update(tx, id, { status: 'active', status_reason: null }, now);
        break;
      case 'revoke':
        if (g.status === 'revoked') throw stateError();
        await grants.update(tx, id, { status: 'revoked', status_reason: change.reason }, now);
        break;
    }
    const { kind, ...detail } = change;
    const status = { renew: g.status, suspend: 'suspended', resume: 'active', revoke: 'revoked' }[kind];
    await ctx.audit.record(tx, audit, {
      action: `sharing.grant.${kind}`, targetType: 'sharing_grant', targetId: id, orgId: g.provider_org_id,
      before: { status: g.status, validUntil: g.valid_until },
      after: { ...detail, status },
    });
  });
  forgetGrants();
  return getGrant(ctx, principal, id);
}
