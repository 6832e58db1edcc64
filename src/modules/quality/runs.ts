// A check run: every enabled rule of a resource evaluated over its live records, then the run, its results,
// the day's score and every incident change written in the caller's ONE transaction, with audit records for
// the incidents' state changes. Runs of one resource are serialised by an advisory lock, so the "one open
// incident per rule" invariant also holds when a batch run and a manual run meet.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Tx } from '../../kernel/db.ts';
import { newId } from '../../kernel/ids.ts';
import { loadWorkCalendar, shanghaiDay, type WorkCalendar } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue, type CatalogItem } from '../catalog/index.ts';
import { keyItems, resourceTableByCode, type ResourceTable } from '../ingest/index.ts';
import { itemCheckSql, liveCountSql, type CheckContext } from './checks.ts';
import { openRuleIncident, resolveRuleIncident } from './incidents.ts';
import { failedPercent, freshnessLimitMs, resourceScore, rowCountChangePercent, type RunTrigger } from './model.ts';
import { incidents, rules, runs, type RuleRow, type RunRow, type SampleRow } from './repository.ts';
import { manageableResource, readableResource, resourceOf, type QualityResource } from './resources.ts';

// pg_advisory_xact_lock(int4, int4): this module's class, then the resource.
/** Serialises runs of one resource, and rule changes against them. */
export const RUN_LOCK = 370_702;

export interface RuleOutcome {
  rule: RuleRow;
  evaluated: number;
  failed: number;
  sample: SampleRow[];
  detail: Record<string, unknown> | null;
}

export interface RunOutcome {
  runId: string;
  entryId: string;
  score: number | null;
  rowCount: number;
  outcomes: RuleOutcome[];
}

export interface RunInput {
  entryId: string;
  trigger: RunTrigger;
  batchId?: number | null;
  audit: AuditContext;
  userId?: string | null;
}

const compareText = (a: unknown, b: unknown): number => {
  const [x, y] = [a === null || a === undefined ? '' : String(a), b === null || b === undefined ? '' : String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * A sample row from SQL ({<key codes>..., _value}) masked per the items' mask rules, in a stable order: by
 * key, or by value first for duplicates so that the records sharing a value stand together.
 */
function maskSample(table: ResourceTable, item: CatalogItem | null, raw: Array<Record<string, unknown>>, byValue: boolean): SampleRow[] {
  const keys = keyItems(table.items);
  const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => keys.reduce((d, k) => d || compareText(a[k.code], b[k.code]), 0);
  const sorted = [...raw].sort((a, b) => (byValue ? compareText(a._value, b._value) : 0) || byKey(a, b));
  return sorted.map((r) => ({
    key: Object.fromEntries(keys.map((k) => [k.code, maskValue(k.mask, r[k.code] ?? null)])),
    value: item ? maskValue(item.mask, r._value ?? null) : null,
  }));
}

async function evaluate(tx: Tx, resource: QualityResource, rule: RuleRow, ctx: CheckContext & { rowCount: number; previousRowCount: number | null }): Promise<RuleOutcome> {
  const { table } = resource;
  const skipped = (reason: { zh: string; en: string }): RuleOutcome => ({ rule, evaluated: 0, failed: 0, sample: [], detail: { skipped: reason } });
  if (rule.kind === 'freshness') {
    const limit = freshnessLimitMs(resource.updateFrequency);
    const last = table.lastLoadedAt;
    const ageMs = last ? ctx.now.getTime() - new Date(last).getTime() : null;
    const detail = { updateFrequency: resource.updateFrequency, lastBatchAt: last ? new Date(last).toISOString() : null, limitHours: limit === null ? null : limit / 3_600_000, ageHours: ageMs === null ? null : Math.round(ageMs / 360_000) / 10 };
    if (limit === null) return { rule, evaluated: 0, failed: 0, sample: [], detail };
    return { rule, evaluated: 1, failed: ageMs === null || ageMs > limit ? 1 : 0, sample: [], detail };
  }
  if (rule.kind === 'row_count_change') {
    // While the check fails it keeps comparing with the count before the jump: the next run must not take
    // the jumped count as normal and close the incident with nothing fixed. (A change that is right is
    // accepted by switching the rule off and on again.)
    const [last] = await rules.latestResults(tx, [rule.id]);
    const kept = last && Number(last.failed) > 0 ? (last.detail as { previous?: number | null } | null)?.previous : undefined;
    const baseline = kept ?? ctx.previousRowCount;
    const change = baseline === null ? null : rowCountChangePercent(baseline, ctx.rowCount);
    const detail = { previous: baseline, current: ctx.rowCount, changePercent: change === null ? null : Math.round(change * 10) / 10, tolerancePercent: rule.params.tolerancePercent ?? 0 };
    if (change === null) return { rule, evaluated: 0, failed: 0, sample: [], detail };
    return { rule, evaluated: 1, failed: change > (rule.params.tolerancePercent ?? 0) ? 1 : 0, sample: [], detail };
  }
  const item = table.items.find((i) => i.code === rule.item_code);
  if (!item) return skipped({ zh: `信息项 ${rule.item_code} 已不存在`, en: `item ${rule.item_code} no longer exists` });
  let referenced: CheckContext['referenced'] = null;
  if (rule.kind === 'reference') {
    const refTable = await resourceTableByCode(tx, rule.params.resourceCode ?? '');
    const refItem = refTable?.items.find((i) => i.code === rule.params.itemCode);
    if (!refTable || !refItem) return skipped({ zh: '被引用的资源或信息项已不存在', en: 'the referenced resource or item no longer exists' });
    referenced = { table: refTable, item: refItem };
  }
  const q = itemCheckSql(table, { kind: rule.kind, item, params: rule.params }, { ...ctx, referenced });
  const row = (await tx.query<{ evaluated: number; failed: number; sample: Array<Record<string, unknown>> }>(q.text, q.values)).rows[0]!;
  return { rule, evaluated: Number(row.evaluated), failed: Number(row.failed), sample: maskSample(table, item, row.sample ?? [], rule.kind === 'unique'), detail: null };
}

/** Runs the checks of one resource inside `tx` (NOT_FOUND when it is not a published resource). */
export async function runChecksIn(ctx: PlatformContext, tx: Tx, input: RunInput): Promise<RunOutcome> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [RUN_LOCK, input.entryId]);
  const resource = await resourceOf(tx, input.entryId);
  const { table } = resource;
  const started = ctx.clock.now();
  const enabled = await rules.ofEntry(tx, input.entryId, true);
  const rowCount = Number((await tx.query<{ n: number }>(liveCountSql(table))).rows[0]!.n);
  const previous = await runs.latest(tx, input.entryId);
  const checkCtx = { now: started, today: shanghaiDay(started), rowCount, previousRowCount: previous ? Number(previous.row_count) : null };

  const outcomes: RuleOutcome[] = [];
  for (const rule of enabled) outcomes.push(await evaluate(tx, resource, rule, checkCtx));
  const score = resourceScore(outcomes);
  const runId = newId();
  const finished = ctx.clock.now();
  await runs.insert(tx, {
    id: runId,
    entry_id: table.entryId,
    provider_org_id: table.providerOrgId,
    trigger: input.trigger,
    batch_id: input.batchId ?? null,
    started_at: started,
    finished_at: finished,
    row_count: rowCount,
    score: score === null ? null : score.toFixed(1),
    rules_checked: outcomes.length,
    rules_failed: outcomes.filter((o) => o.failed > 0).length,
    created_by: input.userId ?? null,
  });
  await runs.insertResults(
    tx,
    runId,
    outcomes.map((o) => ({ rule_id: o.rule.id, evaluated: o.evaluated, failed: o.failed, failed_pct: failedPercent(o).toFixed(3), sample: o.sample, detail: o.detail })),
  );
  if (score !== null) await runs.upsertScore(tx, { day: shanghaiDay(started), entryId: table.entryId, providerOrgId: table.providerOrgId, score, runId });

  // Incidents: a failing rule opens one (or updates the open one); a passing rule closes its open one.
  let calendar: WorkCalendar | null = null;
  for (const o of outcomes) {
    const open = await incidents.openForRule(tx, o.rule.id);
    const figures = { failed: o.failed, evaluated: o.evaluated, runId };
    if (o.failed > 0) {
      if (open) {
        await incidents.updateFigures(tx, open.id, figures, finished);
      } else {
        calendar ??= await loadWorkCalendar(tx);
        await openRuleIncident(ctx, tx, { rule: o.rule, resource, figures, calendar, audit: input.audit });
      }
    } else if (open) {
      await resolveRuleIncident(ctx, tx, open, { figures, audit: input.audit, note: { zh: '复检通过，自动关闭', en: 'passed the check again' } });
    }
  }
  if (input.trigger === 'manual') {
    await ctx.audit.record(tx, input.audit, { action: 'quality.run', targetType: 'catalog_entry', targetId: table.entryId, orgId: table.providerOrgId, after: { runId, score, rowCount, rulesFailed: outcomes.filter((o) => o.failed > 0).length } });
  }
  return { runId, entryId: table.entryId, score, rowCount, outcomes };
}


// ---------------------------------------------------------------------------------------------------------
// Use cases over runs

/** Checks a resource now, on behalf of the caller who looks after it. */
export async function runNow(ctx: PlatformContext, principal: Principal, entryId: string, audit: AuditContext): Promise<RunView> {
  await manageableResource(ctx.db, principal, entryId);
  const outcome = await ctx.db.transaction((tx) => runChecksIn(ctx, tx, { entryId, trigger: 'manual', audit, userId: principal.kind === 'user' ? principal.id : null }));
  return (await runViews(ctx, [(await runs.byId(ctx.db, outcome.runId))!]))[0]!;
}

/** A resource's recent runs with their per-rule results, newest first. */
export async function recentRuns(ctx: PlatformContext, principal: Principal | null, entryId: string, limit: number): Promise<RunView[]> {
  await readableResource(ctx.db, principal, entryId);
  return runViews(ctx, await runs.recent(ctx.db, entryId, limit));
}

async function runViews(ctx: PlatformContext, rows: RunRow[]) {
  const results = await runs.results(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    trigger: r.trigger,
    batchId: r.batch_id === null ? null : Number(r.batch_id),
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: new Date(r.finished_at).toISOString(),
    rowCount: Number(r.row_count),
    score: r.score === null ? null : Number(r.score),
    rulesChecked: r.rules_checked,
    rulesFailed: r.rules_failed,
    results: results
      .filter((x) => x.run_id === r.id)
      .map((x) => ({
        ruleId: x.rule_id,
        kind: x.kind,
        itemCode: x.item_code,
        evaluated: Number(x.evaluated),
        failed: Number(x.failed),
        failedPercent: Number(x.failed_pct),
        passed: Number(x.failed) === 0,
        sample: x.sample,
        detail: x.detail,
      })),
  }));
}
export type RunView = Awaited<ReturnType<typeof runViews>>[number];
