// SQL over the quality module's own tables.
import type { Sql } from '../../kernel/db.ts';
import type { IncidentKind, IncidentStatus, RuleKind, RuleParams, RunTrigger } from './model.ts';

export interface RuleRow {
  id: string;
  entry_id: string;
  item_code: string | null;
  kind: RuleKind;
  params: RuleParams;
  enabled: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RunRow {
  id: string;
  entry_id: string;
  provider_org_id: string;
  trigger: RunTrigger;
  batch_id: number | null;
  started_at: Date;
  finished_at: Date;
  row_count: number;
  score: string | null;
  rules_checked: number;
  rules_failed: number;
}

export interface ResultRow {
  run_id: string;
  rule_id: string;
  evaluated: number;
  failed: number;
  failed_pct: string;
  sample: SampleRow[];
  detail: Record<string, unknown> | null;
}

/** One failing record in a sample: its key items and the offending value, masked. */
export interface SampleRow {
  key: Record<string, unknown>;
  value: unknown;
}

export interface IncidentRow {
  id: string;
  kind: IncidentKind;
  rule_id: string | null;
  entry_id: string;
  provider_org_id: string;
  title: string;
  status: IncidentStatus;
  opened_at: Date;
  opened_by: string | null;
  deadline: Date;
  overdue_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_note: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: 'auto' | 'manual' | null;
  resolution_note: string | null;
  last_failed: number | null;
  last_evaluated: number | null;
  last_run_id: string | null;
  updated_at: Date;
}

export interface EventRow {
  id: number;
  incident_id: string;
  at: Date;
  action: 'opened' | 'acknowledged' | 'escalated' | 'resolved';
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  detail: Record<string, unknown> | null;
}

const RULE_COLUMNS = 'id, entry_id, item_code, kind, params, enabled, created_by, created_at, updated_at';
const RUN_COLUMNS = 'id, entry_id, provider_org_id, trigger, batch_id, started_at, finished_at, row_count, score::text as score, rules_checked, rules_failed';
const INCIDENT_COLUMNS = `id, kind, rule_id, entry_id, provider_org_id, title, status, opened_at, opened_by, deadline, overdue_at, acknowledged_at,
  acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolution, resolution_note, last_failed, last_evaluated, last_run_id, updated_at`;

export const rules = {
  async insert(sql: Sql, r: Omit<RuleRow, 'updated_at'>): Promise<void> {
    await sql.query(
      `insert into qa_rules (id, entry_id, item_code, kind, params, enabled, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [r.id, r.entry_id, r.item_code, r.kind, JSON.stringify(r.params), r.enabled, r.created_by, r.created_at],
    );
  },
  async update(sql: Sql, id: string, change: { params: RuleParams; enabled: boolean }, now: Date): Promise<void> {
    await sql.query('update qa_rules set params = $2, enabled = $3, updated_at = $4 where id = $1', [id, JSON.stringify(change.params), change.enabled, now]);
  },
  async byId(sql: Sql, id: string, forUpdate = false): Promise<RuleRow | undefined> {
    return (await sql.query<RuleRow>(`select ${RULE_COLUMNS} from qa_rules where id = $1${forUpdate ? ' for update' : ''}`, [id])).rows[0];
  },
  async ofEntry(sql: Sql, entryId: string, enabledOnly = false): Promise<RuleRow[]> {
    return (await sql.query<RuleRow>(`select ${RULE_COLUMNS} from qa_rules where entry_id = $1 ${enabledOnly ? 'and enabled' : ''} order by created_at, id`, [entryId])).rows;
  },
  async ofEntries(sql: Sql, entryIds: string[] | null): Promise<RuleRow[]> {
    if (entryIds === null) return (await sql.query<RuleRow>(`select ${RULE_COLUMNS} from qa_rules order by entry_id, created_at, id`)).rows;
    return (await sql.query<RuleRow>(`select ${RULE_COLUMNS} from qa_rules where entry_id = any($1::uuid[]) order by entry_id, created_at, id`, [entryIds])).rows;
  },
  async entriesWithEnabledRules(sql: Sql): Promise<string[]> {
    return (await sql.query<{ entry_id: string }>('select distinct entry_id from qa_rules where enabled order by entry_id')).rows.map((r) => r.entry_id);
  },
  async entryIds(sql: Sql): Promise<string[]> {
    return (await sql.query<{ entry_id: string }>('select distinct entry_id from qa_rules')).rows.map((r) => r.entry_id);
  },
  /** Each rule's latest result with the time of its run. */
  async latestResults(sql: Sql, ruleIds: string[]): Promise<Array<ResultRow & { at: Date }>> {
    if (!ruleIds.length) return [];
    return (
      await sql.query<ResultRow & { at: Date }>(
        `select distinct on (r.rule_id) r.run_id, r.rule_id, r.evaluated, r.failed, r.failed_pct::text as failed_pct, r.sample, r.detail, u.started_at as at
           from qa_results r join qa_runs u on u.id = r.run_id
          where r.rule_id = any($1::uuid[]) order by r.rule_id, u.started_at desc, u.seq desc`,
        [ruleIds],
      )
    ).rows;
  },
};

export const runs = {
  async insert(sql: Sql, r: RunRow & { created_by: string | null }): Promise<void> {
    await sql.query(
      `insert into qa_runs (id, entry_id, provider_org_id, trigger, batch_id, started_at, finished_at, row_count, score, rules_checked, rules_failed, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [r.id, r.entry_id, r.provider_org_id, r.trigger, r.batch_id, r.started_at, r.finished_at, r.row_count, r.score, r.rules_checked, r.rules_failed, r.created_by],
    );
  },
  async insertResults(sql: Sql, runId: string, results: Array<Omit<ResultRow, 'run_id'>>): Promise<void> {
    if (!results.length) return;
    await sql.query(
      `insert into qa_results (run_id, rule_id, evaluated, failed, failed_pct, sample, detail)
       select $1, r, e, f, p, s, d from unnest($2::uuid[], $3::int8[], $4::int8[], $5::numeric[], $6::jsonb[], $7::jsonb[]) as x(r, e, f, p, s, d)`,
      [
        runId,
        results.map((r) => r.rule_id),
        results.map((r) => r.evaluated),
        results.map((r) => r.failed),
        results.map((r) => r.failed_pct),
        results.map((r) => JSON.stringify(r.sample)),
        results.map((r) => (r.detail ? JSON.stringify(r.detail) : null)),
      ],
    );
  },
  async byId(sql: Sql, id: string): Promise<RunRow | undefined> {
    return (await sql.query<RunRow>(`select ${RUN_COLUMNS} from qa_runs where id = $1`, [id])).rows[0];
  },
  /** The entry's latest run before this moment (the row-count baseline). */
  async latest(sql: Sql, entryId: string): Promise<RunRow | undefined> {
    return (await sql.query<RunRow>(`select ${RUN_COLUMNS} from qa_runs where entry_id = $1 order by started_at desc, seq desc limit 1`, [entryId])).rows[0];
  },
  async recent(sql: Sql, entryId: string, limit: number): Promise<RunRow[]> {
    return (await sql.query<RunRow>(`select ${RUN_COLUMNS} from qa_runs where entry_id = $1 order by started_at desc, seq desc limit $2`, [entryId, limit])).rows;
  },
  async results(sql: Sql, runIds: string[]): Promise<Array<ResultRow & { kind: RuleKind; item_code: string | null }>> {
    if (!runIds.length) return [];
    return (
      await sql.query<ResultRow & { kind: RuleKind; item_code: string | null }>(
        `select r.run_id, r.rule_id, r.evaluated, r.failed, r.failed_pct::text as failed_pct, r.sample, r.detail, q.kind, q.item_code
           from qa_results r join qa_rules q on q.id = r.rule_id where r.run_id = any($1::uuid[]) order by q.created_at, q.id`,
        [runIds],
      )
    ).rows;
  },
  async result(sql: Sql, runId: string, ruleId: string): Promise<ResultRow | undefined> {
    return (
      await sql.query<ResultRow>(
        'select run_id, rule_id, evaluated, failed, failed_pct::text as failed_pct, sample, detail from qa_results where run_id = $1 and rule_id = $2',
        [runId, ruleId],
      )
    ).rows[0];
  },
  async upsertScore(sql: Sql, s: { day: string; entryId: string; providerOrgId: string; score: number; runId: string }): Promise<void> {
    await sql.query(
      `insert into qa_scores (day, entry_id, provider_org_id, score, run_id) values ($1, $2, $3, $4, $5)
       on conflict (day, entry_id) do update set score = excluded.score, run_id = excluded.run_id, provider_org_id = excluded.provider_org_id`,
      [s.day, s.entryId, s.providerOrgId, s.score, s.runId],
    );
  },
};

export interface IncidentFilter {
  status?: IncidentStatus;
  entryId?: string;
  orgId?: string;
  overdue?: boolean;
  /** Providers the caller may see; null = all. */
  providers: string[] | null;
  /** Manual incidents a reviewer opened are visible to them too. */
  openedBy: string | null;
}

function incidentWhere(f: IncidentFilter): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const parts: string[] = [];
  if (f.providers !== null) {
    const scope = [`provider_org_id = any(${p(f.providers)}::uuid[])`];
    if (f.openedBy) scope.push(`(kind = 'manual' and opened_by = ${p(f.openedBy)})`);
    parts.push(`(${scope.join(' or ')})`);
  }
  if (f.status) parts.push(`status = ${p(f.status)}`);
  if (f.entryId) parts.push(`entry_id = ${p(f.entryId)}`);
  if (f.orgId) parts.push(`provider_org_id = ${p(f.orgId)}`);
  if (f.overdue === true) parts.push('overdue_at is not null');
  if (f.overdue === false) parts.push('overdue_at is null');
  return { where: parts.length ? `where ${parts.join(' and ')}` : '', values };
}

export const incidents = {
  async insert(sql: Sql, r: Omit<IncidentRow, 'overdue_at' | 'acknowledged_at' | 'acknowledged_by' | 'acknowledged_note' | 'resolved_at' | 'resolved_by' | 'resolution' | 'resolution_note'>): Promise<void> {
    await sql.query(
      `insert into qa_incidents (id, kind, rule_id, entry_id, provider_org_id, title, status, opened_at, opened_by, deadline, last_failed, last_evaluated, last_run_id, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [r.id, r.kind, r.rule_id, r.entry_id, r.provider_org_id, r.title, r.status, r.opened_at, r.opened_by, r.deadline, r.last_failed, r.last_evaluated, r.last_run_id, r.updated_at],
    );
  },
  async byId(sql: Sql, id: string, forUpdate = false): Promise<IncidentRow | undefined> {
    return (await sql.query<IncidentRow>(`select ${INCIDENT_COLUMNS} from qa_incidents where id = $1${forUpdate ? ' for update' : ''}`, [id])).rows[0];
  },
  async openForRule(sql: Sql, ruleId: string): Promise<IncidentRow | undefined> {
    return (await sql.query<IncidentRow>(`select ${INCIDENT_COLUMNS} from qa_incidents where rule_id = $1 and status <> 'resolved' for update`, [ruleId])).rows[0];
  },
  async openForRules(sql: Sql, ruleIds: string[]): Promise<Array<{ id: string; rule_id: string }>> {
    if (!ruleIds.length) return [];
    return (await sql.query<{ id: string; rule_id: string }>(`select id, rule_id from qa_incidents where rule_id = any($1::uuid[]) and status <> 'resolved'`, [ruleIds])).rows;
  },
  async updateFigures(sql: Sql, id: string, f: { failed: number; evaluated: number; runId: string }, now: Date): Promise<void> {
    await sql.query('update qa_incidents set last_failed = $2, last_evaluated = $3, last_run_id = $4, updated_at = $5 where id = $1', [id, f.failed, f.evaluated, f.runId, now]);
  },
  async acknowledge(sql: Sql, id: string, by: string, note: string, now: Date): Promise<void> {
    await sql.query(
      `update qa_incidents set status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, acknowledged_note = $4, updated_at = $2 where id = $1`,
      [id, now, by, note],
    );
  },
  async resolve(sql: Sql, id: string, r: { resolution: 'auto' | 'manual'; by: string | null; note: string | null; runId?: string; failed?: number; evaluated?: number }, now: Date): Promise<void> {
    await sql.query(
      `update qa_incidents set status = 'resolved', resolved_at = $2, resolved_by = $3, resolution = $4, resolution_note = $5,
         last_run_id = coalesce($6, last_run_id), last_failed = coalesce($7, last_failed), last_evaluated = coalesce($8, last_evaluated), updated_at = $2
       where id = $1`,
      [id, now, r.by, r.resolution, r.note, r.runId ?? null, r.failed ?? null, r.evaluated ?? null],
    );
  },
  /** Unresolved incidents past their deadline and not yet escalated, locked for the sweep. */
  async dueForEscalation(sql: Sql, now: Date): Promise<IncidentRow[]> {
    return (
      await sql.query<IncidentRow>(
        `select ${INCIDENT_COLUMNS} from qa_incidents where status <> 'resolved' and overdue_at is null and deadline < $1 order by deadline, id for update skip locked`,
        [now],
      )
    ).rows;
  },
  async markOverdue(sql: Sql, id: string, now: Date): Promise<void> {
    await sql.query('update qa_incidents set overdue_at = $2, updated_at = $2 where id = $1', [id, now]);
  },
  async search(sql: Sql, f: IncidentFilter, limit: number, offset: number): Promise<{ rows: IncidentRow[]; total: number }> {
    const { where, values } = incidentWhere(f);
    const n = values.length;
    const { rows } = await sql.query<IncidentRow>(
      `select ${INCIDENT_COLUMNS} from qa_incidents ${where} order by (status = 'resolved'), opened_at desc, id limit $${n + 1} offset $${n + 2}`,
      [...values, limit, offset],
    );
    const total = (await sql.query<{ n: number }>(`select count(*)::int8 as n from qa_incidents ${where}`, values)).rows[0]!.n;
    return { rows, total: Number(total) };
  },
  async counts(sql: Sql, f: IncidentFilter): Promise<{ new: number; acknowledged: number; resolved: number; overdue: number }> {
    const { where, values } = incidentWhere(f);
    const r = (
      await sql.query<{ new: number; acknowledged: number; resolved: number; overdue: number }>(
        `select count(*) filter (where status = 'new')::int8 as new, count(*) filter (where status = 'acknowledged')::int8 as acknowledged,
                count(*) filter (where status = 'resolved')::int8 as resolved,
                count(*) filter (where status <> 'resolved' and overdue_at is not null)::int8 as overdue
           from qa_incidents ${where}`,
        values,
      )
    ).rows[0]!;
    return { new: Number(r.new), acknowledged: Number(r.acknowledged), resolved: Number(r.resolved), overdue: Number(r.overdue) };
  },
  async providerIds(sql: Sql): Promise<string[]> {
    return (await sql.query<{ provider_org_id: string }>('select distinct provider_org_id from qa_incidents')).rows.map((r) => r.provider_org_id);
  },
  async addEvent(sql: Sql, e: Omit<EventRow, 'id'>): Promise<void> {
    await sql.query('insert into qa_incident_events (incident_id, at, action, actor_id, actor_name, note, detail) values ($1, $2, $3, $4, $5, $6, $7)', [
      e.incident_id, e.at, e.action, e.actor_id, e.actor_name, e.note, e.detail ? JSON.stringify(e.detail) : null,
    ]);
  },
  async events(sql: Sql, incidentId: string): Promise<EventRow[]> {
    return (await sql.query<EventRow>('select id, incident_id, at, action, actor_id, actor_name, note, detail from qa_incident_events where incident_id = $1 order by id', [incidentId])).rows;
  },
};

export const flags = {
  async insert(sql: Sql, f: { id: string; entryId: string; providerOrgId: string; key: Record<string, unknown>; reason: string; by: string; at: Date; incidentId: string }): Promise<void> {
    await sql.query(
      'insert into qa_flags (id, entry_id, provider_org_id, record_key, reason, flagged_by, flagged_at, incident_id) values ($1, $2, $3, $4, $5, $6, $7, $8)',
      [f.id, f.entryId, f.providerOrgId, JSON.stringify(f.key), f.reason, f.by, f.at, f.incidentId],
    );
  },
  async ofIncident(sql: Sql, incidentId: string): Promise<Array<{ id: string; record_key: Record<string, unknown>; reason: string; flagged_by: string; flagged_at: Date }>> {
    return (await sql.query<{ id: string; record_key: Record<string, unknown>; reason: string; flagged_by: string; flagged_at: Date }>(
      'select id, record_key, reason, flagged_by, flagged_at from qa_flags where incident_id = $1 order by flagged_at', [incidentId],
    )).rows;
  },
};

export const scores = {
  /** Each entry's latest scored run. */
  async latestPerEntry(sql: Sql, entryIds: string[] | null): Promise<Array<{ entry_id: string; provider_org_id: string; score: string; started_at: Date }>> {
    const scope = entryIds === null ? '' : 'and entry_id = any($1::uuid[])';
    return (
      await sql.query<{ entry_id: string; provider_org_id: string; score: string; started_at: Date }>(
        `select distinct on (entry_id) entry_id, provider_org_id, score::text as score, started_at from qa_runs
          where score is not null ${scope} order by entry_id, started_at desc, seq desc`,
        entryIds === null ? [] : [entryIds],
      )
    ).rows;
  },
  async history(sql: Sql, fromDay: string, providers: string[] | null): Promise<Array<{ day: string; entry_id: string; provider_org_id: string; score: string }>> {
    const scope = providers === null ? '' : 'and provider_org_id = any($2::uuid[])';
    return (
      await sql.query<{ day: string; entry_id: string; provider_org_id: string; score: string }>(
        `select to_char(day, 'YYYY-MM-DD') as day, entry_id, provider_org_id, score::text as score from qa_scores where day >= $1::date ${scope} order by day, entry_id`,
        providers === null ? [fromDay] : [fromDay, providers],
      )
    ).rows;
  },
  async providerIds(sql: Sql): Promise<string[]> {
    return (await sql.query<{ provider_org_id: string }>('select distinct provider_org_id from qa_runs')).rows.map((r) => r.provider_org_id);
  },
};
