// Use cases of rules: define one for a resource's item (or the resource), change its parameters, switch it
// on or off, list them with their latest results.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { loadResourceTable, resourceTableByCode } from '../ingest/index.ts';
import { isResourceLevel, kindFitsType, RULE_KIND_NAMES, type RuleKind, type RuleParams } from './model.ts';
import { resolveRuleIncident } from './incidents.ts';
import { incidents, rules, type RuleRow } from './repository.ts';
import { manageableResource, readableResource, visibleProviders, type QualityResource } from './resources.ts';
import { checkRuleInput } from './rules.ts';
import { RUN_LOCK } from './runs.ts';

export interface RuleInput {
  entryId: string;
  itemCode?: string | null;
  kind: RuleKind;
  params?: Record<string, unknown>;
  enabled?: boolean;
}

/** What only the database can tell: the pattern compiles in PostgreSQL, the referenced item exists. */
async function checkAgainstDatabase(ctx: PlatformContext, principal: Principal, kind: RuleKind, params: RuleParams): Promise<void> {
  if (kind === 'pattern') {
    try {
      // Outside any transaction: a failed statement then leaves nothing to roll back.
      await ctx.db.query("select '' ~ $1 as ok", [params.pattern]);
    } catch (err) {
      const message = (err as Error).message ?? '';
      throw new AppError('QUALITY_PATTERN_INVALID', { zh: `正则表达式无效：${message}`, en: `The regular expression is not valid: ${message}` });
    }
  }
  if (kind === 'reference') {
    const ref = await resourceTableByCode(ctx.db, params.resourceCode!);
    if (!ref) throw new AppError('QUALITY_REFERENCE_NOT_FOUND', { zh: `资源 ${params.resourceCode} 不存在或尚未发布`, en: `resource ${params.resourceCode} does not exist or is not published` });
    // A reference check reveals which values exist in the other resource: only for those who may see its
    // data (its own department, platform admins); other departments reach it through approved sharing.
    await manageableResource(ctx.db, principal, ref.entryId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'FORBIDDEN') {
        throw new AppError('FORBIDDEN', { zh: `无权以其他部门的资源 ${ref.code} 作关联核验`, en: `you may not check against ${ref.code}, another department's resource` });
      }
      throw err;
    });
    const item = ref.items.find((i) => i.code === params.itemCode);
    if (!item) throw new AppError('QUALITY_REFERENCE_NOT_FOUND', { zh: `资源 ${ref.code} 没有信息项 ${params.itemCode}`, en: `resource ${ref.code} has no item ${params.itemCode}` });
    if (!kindFitsType('reference', item.type)) {
      throw new AppError('QUALITY_KIND_MISMATCH', { zh: `被引用的信息项 ${item.code} 的类型与本信息项不可比较`, en: `the referenced item ${item.code} cannot be compared with this item` });
    }
  }
}

function itemOf(resource: QualityResource, itemCode: string | null | undefined) {
  if (!itemCode) return null;
  const item = resource.table.items.find((i) => i.code === itemCode);
  if (!item) throw new AppError('QUALITY_ITEM_NOT_FOUND', { zh: `资源“${resource.name}”没有信息项 ${itemCode}`, en: `resource ${resource.table.code} has no item ${itemCode}` });
  return item;
}

/** Defines a rule on a resource the caller looks after. */
export async function createRule(ctx: PlatformContext, principal: Principal, input: RuleInput, audit: AuditContext): Promise<RuleView> {
  const resource = await manageableResource(ctx.db, principal, input.entryId);
  const item = itemOf(resource, input.itemCode);
  const params = checkRuleInput(input.kind, item, input.params ?? {});
  await checkAgainstDatabase(ctx, principal, input.kind, params);
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await rules.insert(tx, { id, entry_id: input.entryId, item_code: item?.code ?? null, kind: input.kind, params, enabled: input.enabled ?? true, created_by: principal.kind === 'user' ? principal.id : null, created_at: ctx.clock.now() });
    await ctx.audit.record(tx, audit, {
      action: 'quality.rule.create', targetType: 'quality_rule', targetId: id, orgId: resource.table.providerOrgId,
      after: { entryId: input.entryId, itemCode: item?.code ?? null, kind: input.kind, params, enabled: input.enabled ?? true },
    });
  });
  return (await ruleViews(ctx, [(await rules.byId(ctx.db, id))!]))[0]!;
}

/** Switches a rule on or off or changes its parameters; switching it off closes its open incident. */
export async function updateRule(ctx: PlatformContext, principal: Principal, id: string, change: { enabled?: boolean; params?: Record<string, unknown> }, audit: AuditContext): Promise<RuleView> {
  const rule = await rules.byId(ctx.db, id);
  if (!rule) throw new AppError('NOT_FOUND');
  const resource = await manageableResource(ctx.db, principal, rule.entry_id);
  let params = rule.params;
  if (change.params !== undefined) {
    const item = isResourceLevel(rule.kind) ? null : itemOf(resource, rule.item_code);
    params = checkRuleInput(rule.kind, item, change.params);
    await checkAgainstDatabase(ctx, principal, rule.kind, params);
  }
  const enabled = change.enabled ?? rule.enabled;
  await ctx.db.transaction(async (tx) => {
    // A run in progress must not open an incident for a rule being switched off here (it could never close).
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [RUN_LOCK, rule.entry_id]);
    const locked = (await rules.byId(tx, id, true))!;
    await rules.update(tx, id, { params, enabled }, ctx.clock.now());
    await ctx.audit.record(tx, audit, {
      action: 'quality.rule.update', targetType: 'quality_rule', targetId: id, orgId: resource.table.providerOrgId,
      before: { params: locked.params, enabled: locked.enabled }, after: { params, enabled },
    });
    if (!enabled) {
      const open = await incidents.openForRule(tx, id);
      if (open) await resolveRuleIncident(ctx, tx, open, { audit, note: { zh: '规则已停用，工单关闭', en: 'the rule was switched off' } });
    }
  });
  return (await ruleViews(ctx, [(await rules.byId(ctx.db, id))!]))[0]!;
}

/** Rules of one resource, or of every resource the caller may see. */
export async function listRules(ctx: PlatformContext, principal: Principal | null, entryId?: string): Promise<RuleView[]> {
  if (entryId) {
    await readableResource(ctx.db, principal, entryId);
    return ruleViews(ctx, await rules.ofEntry(ctx.db, entryId));
  }
  const all = await rules.ofEntries(ctx.db, null);
  const providerOf = new Map<string, string>();
  for (const id of new Set(all.map((r) => r.entry_id))) {
    const table = await loadResourceTable(ctx.db, id);
    if (table) providerOf.set(id, table.providerOrgId);
  }
  const visible = await visibleProviders(ctx.db, principal, [...providerOf.values()]);
  return ruleViews(ctx, visible === null ? all : all.filter((r) => visible.includes(providerOf.get(r.entry_id) ?? '')));
}

export interface RuleView {
  id: string;
  entryId: string;
  resourceCode: string | null;
  itemCode: string | null;
  itemName: string | null;
  kind: RuleKind;
  kindName: string;
  params: RuleParams;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastResult: { runId: string; at: string; evaluated: number; failed: number; failedPercent: number } | null;
  openIncidentId: string | null;
}

async function ruleViews(ctx: PlatformContext, rows: RuleRow[]): Promise<RuleView[]> {
  const ids = rows.map((r) => r.id);
  const latest = new Map((await rules.latestResults(ctx.db, ids)).map((r) => [r.rule_id, r]));
  const open = new Map((await incidents.openForRules(ctx.db, ids)).map((i) => [i.rule_id, i.id]));
  const tables = new Map<string, Awaited<ReturnType<typeof loadResourceTable>>>();
  for (const entryId of new Set(rows.map((r) => r.entry_id))) tables.set(entryId, await loadResourceTable(ctx.db, entryId));
  return rows.map((r) => {
    const table = tables.get(r.entry_id);
    const result = latest.get(r.id);
    return {
      id: r.id,
      entryId: r.entry_id,
      resourceCode: table?.code ?? null,
      itemCode: r.item_code,
      itemName: table?.items.find((i) => i.code === r.item_code)?.name ?? null,
      kind: r.kind,
      kindName: RULE_KIND_NAMES[r.kind],
      params: r.params,
      enabled: r.enabled,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      lastResult: result
        ? { runId: result.run_id, at: result.at.toISOString(), evaluated: Number(result.evaluated), failed: Number(result.failed), failedPercent: Number(result.failed_pct) }
        : null,
      openIncidentId: open.get(r.id) ?? null,
    };
  });
}
