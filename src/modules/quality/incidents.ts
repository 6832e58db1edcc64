// 问题工单: opened for the providing department by a failing rule or a reviewer's flag, due within a number
// of working days, acknowledged by the provider (New → Acknowledged), resolved (→ Resolved) by passing data
// (rule incidents, automatically) or by the provider's note (manual incidents), and escalated to the
// platform operator when the deadline passes unresolved. Every state change is audited in its transaction.
import { SYSTEM_CONTEXT, type AuditContext } from '../../kernel/audit.ts';
import type { Sql, Tx } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { addWorkingDays, loadWorkCalendar, type WorkCalendar } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue, publishedResource, type CatalogItem } from '../catalog/index.ts';
import { orgSummaries } from '../directory/index.ts';
import { baseSqlType, column, keyItems, loadResourceTable, qualified } from '../ingest/index.ts';
import { RULE_KIND_NAMES, type IncidentStatus, type RuleKind } from './model.ts';
import { canAcknowledgeIncident, canFlagRecords, canReadIncident, canResolveIncident } from './policy.ts';
import { flags, incidents, rules, runs, type EventRow, type IncidentRow, type RuleRow } from './repository.ts';
import { orgPath, resourceOf, visibleProviders, type QualityResource } from './resources.ts';

type Figures = { failed: number; evaluated: number; runId: string };

const actorOf = (audit: AuditContext) => ({ actor_id: audit.actor.kind === 'system' ? null : audit.actor.id, actor_name: audit.actor.name });

/** "必填：男方姓名（nfxm）" — what a rule checks, as the incident's title. */
export function ruleTitle(rule: Pick<RuleRow, 'kind' | 'item_code'>, item: CatalogItem | undefined): string {
  const kind = RULE_KIND_NAMES[rule.kind];
  if (!rule.item_code) return `${kind}检查未通过`;
  return `${kind}检查未通过：${item ? `${item.name}（${item.code}）` : rule.item_code}`;
}

/** Opens the incident of a failing rule that has none open (the caller holds the resource's run lock). */
export async function openRuleIncident(
  ctx: PlatformContext,
  tx: Tx,
  input: { rule: RuleRow; resource: QualityResource; figures: Figures; calendar: WorkCalendar; audit: AuditContext },
): Promise<string> {
  const now = ctx.clock.now();
  const { rule, resource, figures } = input;
  const id = newId();
  const deadline = addWorkingDays(now, ctx.config.qualityDeadlineWorkdays, input.calendar);
  const title = ruleTitle(rule, resource.table.items.find((i) => i.code === rule.item_code));
  await incidents.insert(tx, {
    id, kind: 'rule', rule_id: rule.id, entry_id: resource.table.entryId, provider_org_id: resource.table.providerOrgId, title, status: 'new',
    opened_at: now, opened_by: null, deadline, last_failed: figures.failed, last_evaluated: figures.evaluated, last_run_id: figures.runId, updated_at: now,
  });
  await incidents.addEvent(tx, { incident_id: id, at: now, action: 'opened', ...actorOf(input.audit), note: null, detail: { failed: figures.failed, evaluated: figures.evaluated, runId: figures.runId } });
  await ctx.audit.record(tx, input.audit, {
    action: 'quality.incident.open', targetType: 'quality_incident', targetId: id, orgId: resource.table.providerOrgId,
    after: { kind: 'rule', ruleId: rule.id, ruleKind: rule.kind, itemCode: rule.item_code, entryId: resource.table.entryId, failed: figures.failed, evaluated: figures.evaluated, deadline: deadline.toISOString() },
  });
  return id;
}

/** Closes a rule's open incident because the rule passes again (or no longer runs). */
export async function resolveRuleIncident(
  ctx: PlatformContext,
  tx: Tx,
  incident: IncidentRow,
  input: { figures?: Figures; audit: AuditContext; note: { zh: string; en: string } },
): Promise<void> {
  const now = ctx.clock.now();
  await incidents.resolve(tx, incident.id, { resolution: 'auto', by: null, note: input.note.zh, runId: input.figures?.runId, failed: input.figures?.failed, evaluated: input.figures?.evaluated }, now);
  await incidents.addEvent(tx, { incident_id: incident.id, at: now, action: 'resolved', ...actorOf(input.audit), note: input.note.zh, detail: { resolution: 'auto', ...(input.figures ?? {}) } });
  await ctx.audit.record(tx, input.audit, {
    action: 'quality.incident.resolve', targetType: 'quality_incident', targetId: incident.id, orgId: incident.provider_org_id,
    before: { status: incident.status }, after: { status: 'resolved', resolution: 'auto', reason: input.note.en },
  });
}

async function lockedIncident(tx: Sql, id: string): Promise<{ row: IncidentRow; path: string }> {
  const row = await incidents.byId(tx, id, true);
  if (!row) throw new AppError('NOT_FOUND');
  return { row, path: await orgPath(tx, row.provider_org_id) };
}

const userId = (p: Principal): string | null => (p.kind === 'user' ? p.id : null);

/** The provider acknowledges a new incident with a note (New → Acknowledged). */
export async function acknowledgeIncident(ctx: PlatformContext, principal: Principal, id: string, note: string, audit: AuditContext) {
  await ctx.db.transaction(async (tx) => {
    const { row, path } = await lockedIncident(tx, id);
    if (!canAcknowledgeIncident(principal, path)) throw new AppError('FORBIDDEN');
    if (row.status !== 'new') {
      throw new AppError('QUALITY_INCIDENT_STATE', { zh: '只有新工单可以确认', en: 'Only a new incident can be acknowledged' });
    }
    const now = ctx.clock.now();
    await incidents.acknowledge(tx, id, userId(principal)!, note, now);
    await incidents.addEvent(tx, { incident_id: id, at: now, action: 'acknowledged', ...actorOf(audit), note, detail: null });
    await ctx.audit.record(tx, audit, { action: 'quality.incident.acknowledge', targetType: 'quality_incident', targetId: id, orgId: row.provider_org_id, before: { status: row.status }, after: { status: 'acknowledged', note } });
  });
  return getIncident(ctx, principal, id);
}

/** The provider resolves a manual incident with a note; a rule's incident closes only when its data passes. */
export async function resolveIncident(ctx: PlatformContext, principal: Principal, id: string, note: string, audit: AuditContext) {
  await ctx.db.transaction(async (tx) => {
    const { row, path } = await lockedIncident(tx, id);
    if (!canResolveIncident(principal, path)) throw new AppError('FORBIDDEN');
    if (row.kind === 'rule') throw new AppError('QUALITY_RULE_INCIDENT_AUTO');
    if (row.status === 'resolved') throw new AppError('QUALITY_INCIDENT_STATE', { zh: '工单已关闭', en: 'The incident is already resolved' });
    const now = ctx.clock.now();
    await incidents.resolve(tx, id, { resolution: 'manual', by: userId(principal), note }, now);
    await incidents.addEvent(tx, { incident_id: id, at: now, action: 'resolved', ...actorOf(audit), note, detail: { resolution: 'manual' } });
    await ctx.audit.record(tx, audit, { action: 'quality.incident.resolve', targetType: 'quality_incident', targetId: id, orgId: row.provider_org_id, before: { status: row.status }, after: { status: 'resolved', resolution: 'manual', note } });
  });
  return getIncident(ctx, principal, id);
}


/** The record's key as given, checked against the resource's key items. */
function recordKey(keys: CatalogItem[], key: Record<string, unknown>): Record<string, string> {
  const missing = keys.filter((k) => key[k.code] === undefined || key[k.code] === null || String(key[k.code]).trim() === '');
  const extra = Object.keys(key).filter((c) => !keys.some((k) => k.code === c));
  if (missing.length || extra.length) {
    const expected = keys.map((k) => `${k.name}（${k.code}）`).join('、');
    throw new AppError('VALIDATION_FAILED', { zh: `记录主键须且只须包含：${expected}`, en: `the record key must consist of exactly: ${keys.map((k) => k.code).join(', ')}` });
  }
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = key[k.code];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new AppError('VALIDATION_FAILED', { zh: `主键 ${k.code} 须为文本或数字`, en: `key ${k.code} must be text or a number` });
    }
    out[k.code] = String(v).trim();
  }
  return out;
}

/** 人工筛查: a reviewer flags one record of a resource by its key; the provider gets a manual incident. */
export async function flagRecord(ctx: PlatformContext, principal: Principal, input: { entryId: string; key: Record<string, unknown>; reason: string }, audit: AuditContext) {
  if (!canFlagRecords(principal) || principal.kind !== 'user') throw new AppError('FORBIDDEN');
  const resource = await resourceOf(ctx.db, input.entryId);
  const { table } = resource;
  const keys = keyItems(table.items);
  const key = recordKey(keys, input.key);
  const where = keys.map((k, n) => `${column(k.code)} = $${n + 1}::${baseSqlType(k)}`).join(' and ');
  const found = await ctx.db.query(`select 1 from ${qualified(table.tableName)} where not _deleted and ${where}`, keys.map((k) => key[k.code]));
  if (!found.rows.length) throw new AppError('QUALITY_RECORD_NOT_FOUND');
  const incidentId = newId();
  const flagId = newId();
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const deadline = addWorkingDays(now, ctx.config.qualityDeadlineWorkdays, await loadWorkCalendar(tx));
    await incidents.insert(tx, {
      id: incidentId, kind: 'manual', rule_id: null, entry_id: table.entryId, provider_org_id: table.providerOrgId,
      title: `人工筛查：${Array.from(input.reason).slice(0, 80).join('')}`, status: 'new', opened_at: now, opened_by: principal.id, deadline,
      last_failed: null, last_evaluated: null, last_run_id: null, updated_at: now,
    });
    await flags.insert(tx, { id: flagId, entryId: table.entryId, providerOrgId: table.providerOrgId, key, reason: input.reason, by: principal.id, at: now, incidentId });
    await incidents.addEvent(tx, { incident_id: incidentId, at: now, action: 'opened', ...actorOf(audit), note: input.reason, detail: { flagId, key } });
    await ctx.audit.record(tx, audit, { action: 'quality.flag.create', targetType: 'quality_flag', targetId: flagId, orgId: table.providerOrgId, after: { entryId: table.entryId, key, reason: input.reason, incidentId } });
    await ctx.audit.record(tx, audit, { action: 'quality.incident.open', targetType: 'quality_incident', targetId: incidentId, orgId: table.providerOrgId, after: { kind: 'manual', entryId: table.entryId, flagId, deadline: deadline.toISOString() } });
  });
  return { flagId, incident: await getIncident(ctx, principal, incidentId) };
}

/** Marks unresolved incidents past their deadline overdue: escalated to the platform operator. Returns how many. */
export async function sweepOverdueIn(ctx: PlatformContext, tx: Tx): Promise<number> {
  const now = ctx.clock.now();
  const due = await incidents.dueForEscalation(tx, now);
  for (const row of due) {
    await incidents.markOverdue(tx, row.id, now);
    await incidents.addEvent(tx, { incident_id: row.id, at: now, action: 'escalated', actor_id: null, actor_name: 'system', note: null, detail: { deadline: row.deadline.toISOString() } });
    await ctx.audit.record(tx, SYSTEM_CONTEXT, {
      action: 'quality.incident.escalate', targetType: 'quality_incident', targetId: row.id, orgId: row.provider_org_id,
      before: { status: row.status, deadline: row.deadline.toISOString() }, after: { overdueAt: now.toISOString() },
    });
  }
  return due.length;
}

/** The overdue sweep in its own transaction (the recurring job's work; tests call it after moving the clock). */
export function sweepOverdueIncidents(ctx: PlatformContext): Promise<number> {
  return ctx.db.transaction((tx) => sweepOverdueIn(ctx, tx));
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface IncidentQuery {
  status?: IncidentStatus;
  entryId?: string;
  orgId?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

interface Names {
  resources: Map<string, { code: string; name: string }>;
  providers: Map<string, string>;
  rules: Map<string, { kind: RuleKind; itemCode: string | null }>;
}

async function namesFor(sql: Sql, rows: IncidentRow[]): Promise<Names> {
  const resources = new Map<string, { code: string; name: string }>();
  for (const entryId of new Set(rows.map((r) => r.entry_id))) {
    const r = await publishedResource(sql, entryId);
    if (r) resources.set(entryId, { code: r.code, name: r.content.name });
  }
  const providers = new Map([...(await orgSummaries(sql, [...new Set(rows.map((r) => r.provider_org_id))])).values()].map((o) => [o.id, o.name]));
  const ruleMap = new Map<string, { kind: RuleKind; itemCode: string | null }>();
  for (const ruleId of new Set(rows.flatMap((r) => (r.rule_id ? [r.rule_id] : [])))) {
    const rule = await rules.byId(sql, ruleId);
    if (rule) ruleMap.set(ruleId, { kind: rule.kind, itemCode: rule.item_code });
  }
  return { resources, providers, rules: ruleMap };
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function view(row: IncidentRow, names: Names) {
  const rule = row.rule_id ? names.rules.get(row.rule_id) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    ruleId: row.rule_id,
    ruleKind: rule?.kind ?? null,
    itemCode: rule?.itemCode ?? null,
    entryId: row.entry_id,
    resourceCode: names.resources.get(row.entry_id)?.code ?? null,
    resourceName: names.resources.get(row.entry_id)?.name ?? null,
    providerOrgId: row.provider_org_id,
    providerName: names.providers.get(row.provider_org_id) ?? null,
    title: row.title,
    status: row.status,
    openedAt: iso(row.opened_at)!,
    deadline: iso(row.deadline)!,
    overdue: row.overdue_at !== null,
    overdueAt: iso(row.overdue_at),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedNote: row.acknowledged_note,
    resolvedAt: iso(row.resolved_at),
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
    lastFailed: row.last_failed === null ? null : Number(row.last_failed),
    lastEvaluated: row.last_evaluated === null ? null : Number(row.last_evaluated),
    lastRunId: row.last_run_id,
  };
}
export type IncidentView = ReturnType<typeof view>;

/** Incidents the caller may see, filtered and paged; unresolved first, newest first. */
export async function listIncidents(ctx: PlatformContext, principal: Principal | null, q: IncidentQuery): Promise<{ items: IncidentView[]; total: number }> {
  const providers = await visibleProviders(ctx.db, principal, await incidents.providerIds(ctx.db));
  const openedBy = providers !== null && principal?.kind === 'user' ? principal.id : null;
  const { rows, total } = await incidents.search(
    ctx.db,
    { status: q.status, entryId: q.entryId, orgId: q.orgId, overdue: q.overdue, providers, openedBy },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const names = await namesFor(ctx.db, rows);
  return { items: rows.map((r) => view(r, names)), total };
}

const eventView = (e: EventRow) => ({ at: iso(e.at)!, action: e.action, actorName: e.actor_name, note: e.note, detail: e.detail });

/** One incident with what the latest check found (or the flagged records) and its history of state changes. */
export async function getIncident(ctx: PlatformContext, principal: Principal | null, id: string) {
  const row = await incidents.byId(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canReadIncident(principal, row, await orgPath(ctx.db, row.provider_org_id))) throw new AppError('FORBIDDEN');
  const names = await namesFor(ctx.db, [row]);
  const result = row.rule_id && row.last_run_id ? await runs.result(ctx.db, row.last_run_id, row.rule_id) : undefined;
  const flagged = row.kind === 'manual' ? await flags.ofIncident(ctx.db, id) : [];
  // Flagged keys are shown like samples: masked per the key items' rules.
  const keyMasks = new Map(flagged.length ? keyItems((await loadResourceTable(ctx.db, row.entry_id))?.items ?? []).map((k) => [k.code, k.mask]) : []);
  const maskKey = (key: Record<string, unknown>) => Object.fromEntries(Object.entries(key).map(([code, v]) => [code, maskValue(keyMasks.get(code) ?? 'full', v)]));
  return {
    ...view(row, names),
    latestResult: result
      ? { runId: result.run_id, evaluated: Number(result.evaluated), failed: Number(result.failed), failedPercent: Number(result.failed_pct), sample: result.sample, detail: result.detail }
      : null,
    flags: flagged.map((f) => ({ id: f.id, key: maskKey(f.record_key), reason: f.reason, flaggedAt: iso(f.flagged_at)! })),
    history: (await incidents.events(ctx.db, id)).map(eventView),
  };
}

