// 共享申请: a consuming department asks for a catalog resource for one of its systems. 无条件共享 is granted at
// once (and still recorded as a request); 有条件共享 waits for the provider's approvers, and for the platform
// operator after them where the data grade calls for it, each stage within a deadline of working days.
// 不予共享 cannot be asked for. Every step is one transaction with its timeline event and audit record.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Tx } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { addWorkingDays, loadWorkCalendar, shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { publishedResource } from '../catalog/index.ts';
import { activeApiClientsUnder, apiClientSummary, isPlatformAdmin, orgSummaries } from '../directory/index.ts';
import { forgetGrants } from './grant-cache.ts';
import { partyNames } from './parties.ts';
import { issueGrant } from './grants.ts';
import { OPEN_STATUSES, PENDING_STATUSES, serviceCodeOf, type Decision, type RequestInput, type RequestStatus } from './model.ts';
import { canAmend, canDecide, canReadRequest, canRequestFor, REQUESTER_ROLES, requestScopes } from './policy.ts';
import { grants, requests, type EventRow, type RequestRow } from './repository.ts';

const grantLive = (tx: Tx, clientId: string, entryId: string) => grants.liveFor(tx, clientId, entryId);
import { checkRequest, decisionFor } from './validation.ts';
import type { RequestDetailView, RequestView } from './views.ts';




const iso = (d: Date | null) => d?.toISOString() ?? null;

async function views(ctx: PlatformContext, principal: Principal, rows: RequestRow[]): Promise<RequestView[]> {
  const names = await partyNames(ctx.db, rows);
  const now = ctx.clock.now();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    entryId: r.entry_id,
    resourceCode: r.resource_code,
    serviceCode: serviceCodeOf(r.resource_code),
    resourceName: r.resource_name,
    providerOrgId: r.provider_org_id,
    providerName: names.org(r.provider_org_id),
    consumerOrgId: r.consumer_org_id,
    consumerName: names.org(r.consumer_org_id),
    clientId: r.client_id,
    clientName: names.client(r.client_id),
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    items: r.items,
    queryKeys: r.query_keys,
    rowFilter: r.row_filter,
    modes: r.modes,
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    scenario: r.scenario,
    dailyVolume: r.daily_volume,
    validUntil: r.valid_until,
    shareType: r.share_type,
    dataGrade: r.data_grade,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    deadline: iso(r.deadline),
    overdue: PENDING_STATUSES.includes(r.status) && r.deadline !== null && r.deadline < now,
    remindedAt: iso(r.reminded_at),
    escalatedAt: iso(r.escalated_at),
    providerDecision: r.provider_decision,
    decidedAt: iso(r.decided_at),
    decidedByName: r.decided_by_name,
    reason: r.reason,
    grantId: r.grant_id,
    canDecide: canDecide(principal, r),
    canAmend: canAmend(principal, r) && (OPEN_STATUSES.includes(r.status) || r.status === 'rejected'),
  }));
}

const actor = (audit: AuditContext) => ({ actor_id: audit.actor.kind === 'system' ? null : audit.actor.id, actor_name: audit.actor.name ?? '系统' });

async function addEvent(tx: Tx, r: RequestRow, at: Date, action: string, audit: AuditContext, note: string | null = null, detail: Record<string, unknown> | null = null): Promise<void> {
  await requests.addEvent(tx, { request_id: r.id, at, action, ...actor(audit), note, detail });
}

/** A 库表 grant keeps the resource's key items, in plain where they have a masking rule. */
async function tableKeys(tx: Tx, r: RequestRow): Promise<{ keepItems: string[]; plainKeys: string[] }> {
  if (!r.modes.includes('table')) return { keepItems: [], plainKeys: [] };
  const keys = (await publishedResource(tx, r.entry_id))?.content.items.filter((i) => i.key) ?? [];
  return { keepItems: keys.map((i) => i.code), plainKeys: keys.filter((i) => i.mask !== 'none').map((i) => i.code) };
}

/** Loads a request for a change by the caller, locked; NOT_FOUND for those who may not see it. */
async function lockedRequest(tx: Tx, principal: Principal, id: string): Promise<RequestRow> {
  const r = await requests.byId(tx, id, true);
  if (!r || !canReadRequest(principal, r)) throw new AppError('NOT_FOUND');
  return r;
}

/** The active systems of the organisations the caller may ask for. */
export function requestableSystems(ctx: PlatformContext, principal: Principal & { kind: 'user' }) {
  return activeApiClientsUnder(ctx.db, principal.roles.filter((g) => REQUESTER_ROLES.includes(g.role)).map((g) => g.orgPath));
}

export type SubmitInput = RequestInput & { entryId: string; clientId: string };

/** Files a request for a consuming system; an unconditionally shared resource is granted in the same transaction. */
export async function requestAccess(ctx: PlatformContext, principal: Principal & { kind: 'user' }, input: SubmitInput, audit: AuditContext): Promise<RequestDetailView> {
  const id = await ctx.db.transaction(async (tx) => {
    const entry = await publishedResource(tx, input.entryId);
    if (!entry) throw new AppError('NOT_FOUND', { zh: '目录中没有已发布的该资源', en: 'No published resource with that id' });
    if (entry.content.shareType === 'none') {
      const basis = entry.content.notSharedBasis ?? '';
      throw new AppError('SHARING_NOT_SHAREABLE', { zh: `该资源不予共享。依据：${basis}`, en: `This resource is not shared. Basis: ${basis}` }, { basis });
    }
    const client = await apiClientSummary(tx, input.clientId);
    if (!client || client.status !== 'active') throw new AppError('SHARING_REQUEST_INVALID', { zh: '调用系统不存在或已注销', en: 'The calling system does not exist or is revoked' });
    if (!canRequestFor(principal, client.orgPath)) throw new AppError('FORBIDDEN', { zh: '只能为本单位的系统申请', en: "You can ask only for your own organisation's systems" });
    const now = ctx.clock.now();
    checkRequest(input, entry.content, now);
    if (await requests.openFor(tx, client.id, entry.id)) throw new AppError('SHARING_REQUEST_OPEN');
    const provider = (await orgSummaries(tx, [entry.providerOrgId])).get(entry.providerOrgId)!;
    const conditional = entry.content.shareType === 'conditional';
    const id = newId();
    const row = {
      id, number: await requests.nextNumber(tx, shanghaiDay(now)), entry_id: entry.id, resource_code: entry.code, resource_name: entry.content.name,
      provider_org_id: entry.providerOrgId, consumer_org_id: client.orgId, provider_org_path: provider.path, consumer_org_path: client.orgPath,
      client_id: client.id, requested_by: principal.id, requested_by_name: principal.name,
      items: input.items, query_keys: input.queryKeys, row_filter: input.rowFilter, modes: input.modes, purpose: input.purpose,
      legal_basis: input.legalBasis?.trim() || null, scenario: input.scenario?.trim() || null, daily_volume: input.dailyVolume, valid_until: input.validUntil,
      share_type: conditional ? ('conditional' as const) : ('unconditional' as const), data_grade: entry.content.dataGrade,
      status: 'pending_provider' as const, submitted_at: now,
      deadline: conditional ? addWorkingDays(now, ctx.config.sharingDeadlineWorkdays, await loadWorkCalendar(tx)) : null,
      created_at: now, updated_at: now,
    };
    await requests.insert(tx, row);
    const r = (await requests.byId(tx, id))!;
    await addEvent(tx, r, now, 'submitted', audit, null, { deadline: iso(row.deadline) });
    await ctx.audit.record(tx, audit, {
      action: 'sharing.request.submit', targetType: 'sharing_request', targetId: id, orgId: client.orgId,
      after: { number: r.number, entryId: entry.id, clientId: client.id, items: input.items, queryKeys: input.queryKeys, rowFilter: input.rowFilter, modes: input.modes, purpose: input.purpose, shareType: r.share_type, deadline: iso(row.deadline) },
    });
    if (!conditional) {
      // A suspension is the provider's decision: asking again must not lift it (nor reset the quota).
      const live = await grantLive(tx, client.id, entry.id);
      if (live?.status === 'suspended') throw new AppError('SHARING_GRANT_SUSPENDED', { zh: `本应用对该资源的授权已暂停${live.status_reason ? `（${live.status_reason}）` : ''}，须由提供部门恢复`, en: 'This system’s grant on the resource is suspended; the provider must resume it' });
      // 无条件共享: granted as asked, by the platform on the catalog's terms.
      const decision = decisionFor({ items: r.items, dailyVolume: r.daily_volume, validUntil: r.valid_until }, {}, { ratePerMinute: ctx.config.sharingRatePerMinute }, now);
      await grantRequest(ctx, tx, r, decision, audit, { auto: true });
    }
    return id;
  }).catch(openRequestConflict);
  forgetGrants();
  return getRequest(ctx, principal, id);
}

/** Two submissions racing for the same system and resource: the loser meets the unique index, not a 500. */
function openRequestConflict(err: unknown): never {
  if (err && typeof err === 'object' && (err as { code?: unknown }).code === '23505' && String((err as { constraint?: unknown }).constraint ?? (err as Error).message).includes('shr_requests_open')) {
    throw new AppError('SHARING_REQUEST_OPEN');
  }
  throw err;
}

/** Approves in the request's transaction: issues the grant and closes the request. */
async function grantRequest(ctx: PlatformContext, tx: Tx, r: RequestRow, decision: Decision, audit: AuditContext, how: { auto: boolean }): Promise<void> {
  const now = ctx.clock.now();
  const grantId = await issueGrant(ctx, tx, r, decision, audit);
  await requests.update(tx, r.id, {
    status: 'approved', deadline: null, decided_at: now, decided_by: audit.actor.kind === 'user' ? audit.actor.id : null,
    decided_by_name: how.auto ? '平台（无条件共享）' : audit.actor.name, grant_id: grantId, reason: decision.note,
  }, now);
  await addEvent(tx, r, now, how.auto ? 'granted_unconditionally' : 'approved', audit, decision.note, { grantId, items: decision.items, plainItems: decision.plainItems, dailyQuota: decision.dailyQuota, ratePerMinute: decision.ratePerMinute, validUntil: decision.validUntil });
  await ctx.audit.record(tx, audit, {
    action: 'sharing.request.approve', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id,
    before: { status: r.status }, after: { status: 'approved', grantId, auto: how.auto, items: decision.items, narrowed: decision.items.length < r.items.length },
  });
}

/**
 * Approves the pending stage the caller decides. The provider may narrow the items, lift masking for some,
 * set the quota, rate and validity; where the data grade needs it, the platform operator reviews next.
 */
export async function approveRequest(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, given: Partial<Decision>, audit: AuditContext): Promise<RequestDetailView> {
  await ctx.db.transaction(async (tx) => {
    const r = await lockedRequest(tx, principal, id);
    if (!PENDING_STATUSES.includes(r.status)) throw new AppError('SHARING_REQUEST_STATE');
    if (!canDecide(principal, r)) throw new AppError('FORBIDDEN');
    const now = ctx.clock.now();
    const defaults = { ratePerMinute: ctx.config.sharingRatePerMinute };
    if (r.status === 'pending_operator') {
      // The operator reviews the provider's decision and may narrow it further, never widen it.
      const pd = r.provider_decision!;
      const narrowerOnly = (ok: boolean, zh: string, en: string) => {
        if (!ok) throw new AppError('SHARING_REQUEST_INVALID', { zh, en });
      };
      narrowerOnly((given.plainItems ?? []).every((i) => pd.plainItems.includes(i)), '平台审核只能保留或取消提供部门同意的不脱敏信息项', 'the operator can only keep or drop the plain items the provider allowed');
      narrowerOnly((given.dailyQuota ?? pd.dailyQuota) <= pd.dailyQuota, '平台审核不能提高提供部门批准的每日调用量', "the operator cannot raise the provider's daily quota");
      narrowerOnly((given.ratePerMinute ?? pd.ratePerMinute) <= pd.ratePerMinute, '平台审核不能提高提供部门批准的调用频率', "the operator cannot raise the provider's rate");
      const decision = decisionFor({ items: pd.items, dailyVolume: pd.dailyQuota, validUntil: pd.validUntil, ...(await tableKeys(tx, r)) }, { plainItems: pd.plainItems.filter((i) => (given.items ?? pd.items).includes(i)), ratePerMinute: pd.ratePerMinute, ...given }, defaults, now);
      await grantRequest(ctx, tx, r, decision, audit, { auto: false });
      return;
    }
    const decision = decisionFor({ items: r.items, dailyVolume: r.daily_volume, validUntil: r.valid_until, ...(await tableKeys(tx, r)) }, given, defaults, now);
    const operatorReviews = ctx.config.sharingOperatorReviewGrades.includes(r.data_grade as never) && !isPlatformAdmin(principal);
    if (!operatorReviews) {
      await grantRequest(ctx, tx, r, decision, audit, { auto: false });
      return;
    }
    const deadline = addWorkingDays(now, ctx.config.sharingDeadlineWorkdays, await loadWorkCalendar(tx));
    await requests.update(tx, r.id, {
      status: 'pending_operator', provider_decision: { ...decision, by: principal.id, byName: principal.name, at: now.toISOString() }, deadline, reminded_at: null, escalated_at: null,
    }, now);
    await addEvent(tx, r, now, 'provider_approved', audit, decision.note, { ...decision, deadline: deadline.toISOString() });
    await ctx.audit.record(tx, audit, {
      action: 'sharing.request.provider-approve', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id,
      before: { status: r.status }, after: { status: 'pending_operator', items: decision.items, deadline: deadline.toISOString() },
    });
  });
  forgetGrants();
  return getRequest(ctx, principal, id);
}

/** Rejects a pending request with the reason the requester will read. */
export async function rejectRequest(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, reason: string, audit: AuditContext): Promise<RequestDetailView> {
  await ctx.db.transaction(async (tx) => {
    const r = await lockedRequest(tx, principal, id);
    if (!PENDING_STATUSES.includes(r.status)) throw new AppError('SHARING_REQUEST_STATE');
    if (!canDecide(principal, r)) throw new AppError('FORBIDDEN');
    const now = ctx.clock.now();
    await requests.update(tx, r.id, { status: 'rejected', deadline: null, decided_at: now, decided_by: principal.id, decided_by_name: principal.name, reason }, now);
    await addEvent(tx, r, now, 'rejected', audit, reason);
    await ctx.audit.record(tx, audit, { action: 'sharing.request.reject', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id, before: { status: r.status }, after: { status: 'rejected', reason } });
  });
  forgetGrants();
  return getRequest(ctx, principal, id);
}

/** Sends a pending request back with a question (补充材料); its deadline stops until it is resubmitted. */
export async function askForInformation(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, question: string, audit: AuditContext): Promise<RequestDetailView> {
  await ctx.db.transaction(async (tx) => {
    const r = await lockedRequest(tx, principal, id);
    if (!PENDING_STATUSES.includes(r.status)) throw new AppError('SHARING_REQUEST_STATE');
    if (!canDecide(principal, r)) throw new AppError('FORBIDDEN');
    const now = ctx.clock.now();
    await requests.update(tx, r.id, { status: 'info_requested', deadline: null, reason: question, provider_decision: null }, now);
    await addEvent(tx, r, now, 'info_requested', audit, question);
    await ctx.audit.record(tx, audit, { action: 'sharing.request.ask-info', targetType: 'sharing_request', targetId: r.id, orgId: r.provider_org_id, before: { status: r.status }, after: { status: 'info_requested', question } });
  });
  forgetGrants();
  return getRequest(ctx, principal, id);
}

/**
 * The requester answers a question or amends a rejected request and sends it again: the provider's stage
 * starts over with a fresh deadline.
 */
export async function resubmitRequest(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, changes: Partial<RequestInput> & { reply?: string | null }, audit: AuditContext): Promise<RequestDetailView> {
  await ctx.db.transaction(async (tx) => {
    const r = await lockedRequest(tx, principal, id);
    if (!canAmend(principal, r)) throw new AppError('FORBIDDEN');
    if (r.status !== 'info_requested' && r.status !== 'rejected') throw new AppError('SHARING_REQUEST_STATE');
    const entry = await publishedResource(tx, r.entry_id);
    if (!entry || entry.content.shareType === 'none') throw new AppError('SHARING_NOT_SHAREABLE');
    const now = ctx.clock.now();
    const input: RequestInput = {
      items: changes.items ?? r.items, queryKeys: changes.queryKeys ?? r.query_keys, rowFilter: changes.rowFilter ?? r.row_filter, modes: changes.modes ?? r.modes,
      purpose: changes.purpose ?? r.purpose, legalBasis: changes.legalBasis !== undefined ? changes.legalBasis : r.legal_basis,
      scenario: changes.scenario !== undefined ? changes.scenario : r.scenario, dailyVolume: changes.dailyVolume ?? r.daily_volume, validUntil: changes.validUntil ?? r.valid_until,
    };
    checkRequest(input, entry.content, now);
    if (r.status === 'rejected' && (await requests.openFor(tx, r.client_id, r.entry_id))) throw new AppError('SHARING_REQUEST_OPEN');
    const deadline = addWorkingDays(now, ctx.config.sharingDeadlineWorkdays, await loadWorkCalendar(tx));
    await requests.update(tx, r.id, {
      items: input.items, query_keys: input.queryKeys, row_filter: input.rowFilter, modes: input.modes, purpose: input.purpose,
      legal_basis: input.legalBasis?.trim() || null, scenario: input.scenario?.trim() || null, daily_volume: input.dailyVolume, valid_until: input.validUntil,
      status: 'pending_provider', submitted_at: now, deadline, reminded_at: null, escalated_at: null, provider_decision: null,
      decided_at: null, decided_by: null, decided_by_name: null, reason: null, amended_by: principal.id,
    }, now);
    await addEvent(tx, r, now, 'resubmitted', audit, changes.reply ?? null, { deadline: deadline.toISOString() });
    await ctx.audit.record(tx, audit, {
      action: 'sharing.request.resubmit', targetType: 'sharing_request', targetId: r.id, orgId: r.consumer_org_id,
      before: { status: r.status, items: r.items }, after: { status: 'pending_provider', items: input.items, deadline: deadline.toISOString() },
    });
  }).catch(openRequestConflict);
  forgetGrants();
  return getRequest(ctx, principal, id);
}

/** The requester withdraws a request nobody has decided yet. */
export async function withdrawRequest(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, audit: AuditContext): Promise<RequestDetailView> {
  await ctx.db.transaction(async (tx) => {
    const r = await lockedRequest(tx, principal, id);
    if (!canAmend(principal, r)) throw new AppError('FORBIDDEN');
    if (!OPEN_STATUSES.includes(r.status)) throw new AppError('SHARING_REQUEST_STATE');
    const now = ctx.clock.now();
    await requests.update(tx, r.id, { status: 'withdrawn', deadline: null }, now);
    await addEvent(tx, r, now, 'withdrawn', audit);
    await ctx.audit.record(tx, audit, { action: 'sharing.request.withdraw', targetType: 'sharing_request', targetId: r.id, orgId: r.consumer_org_id, before: { status: r.status }, after: { status: 'withdrawn' } });
  });
  forgetGrants();
  return getRequest(ctx, principal, id);
}

export async function getRequest(ctx: PlatformContext, principal: Principal, id: string): Promise<RequestDetailView> {
  const r = await requests.byId(ctx.db, id);
  if (!r || !canReadRequest(principal, r)) throw new AppError('NOT_FOUND');
  const events = (await requests.events(ctx.db, id)).map((e: EventRow) => ({ at: e.at.toISOString(), action: e.action, actorName: e.actor_name, note: e.note, detail: e.detail }));
  return { ...(await views(ctx, principal, [r]))[0]!, events };
}

/**
 * Requests the caller sees. `box`: `inbox` = waiting for the caller's decision, `outbox` = filed by the
 * caller's organisations, `all` = everything in scope.
 */
export async function listRequests(
  ctx: PlatformContext,
  principal: Principal,
  q: { box: 'inbox' | 'outbox' | 'all'; status?: RequestStatus; entryId?: string; page: number; pageSize: number },
): Promise<{ items: RequestView[]; total: number }> {
  const scopes = requestScopes(principal);
  const limit = q.pageSize;
  const offset = (q.page - 1) * q.pageSize;
  if (q.box === 'inbox') {
    // Waiting for this caller: the provider stage of its departments, the operator stage (and escalations) for operators.
    const operator = isPlatformAdmin(principal);
    const providerScopes = scopes === null ? null : scopes.provider;
    const candidates = await requests.list(ctx.db, {
      scopes: operator ? null : { provider: providerScopes ?? [], consumer: [] }, side: 'provider',
      statuses: q.status ? [q.status] : PENDING_STATUSES, entryId: q.entryId, limit: 500, offset: 0,
    });
    const mine = candidates.rows.filter((r) => canDecide(principal, r));
    return { items: await views(ctx, principal, mine.slice(offset, offset + limit)), total: mine.length };
  }
  if (scopes && !scopes.provider.length && !scopes.consumer.length) return { items: [], total: 0 };
  const { rows, total } = await requests.list(ctx.db, {
    scopes: scopes ?? null, side: q.box === 'outbox' ? 'consumer' : undefined, statuses: q.status ? [q.status] : undefined, entryId: q.entryId, limit, offset,
  });
  return { items: await views(ctx, principal, rows), total };
}
