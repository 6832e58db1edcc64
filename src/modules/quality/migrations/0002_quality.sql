-- 数据质量: machine checks of the aggregated data (rules), every check run with its per-rule results, the
-- problem tickets (问题工单) a failing rule or a reviewer's flag opens for the providing department, and the
-- daily score history. Resources are catalog entries (their typed tables belong to ingest); ids of other
-- modules' rows are kept without foreign keys, as everywhere between modules.

-- A rule on one item of a resource (item_code) or on the resource as a whole (item_code null).
create table qa_rules (
  id uuid primary key,
  entry_id uuid not null,
  item_code text,
  kind text not null check (kind in ('required', 'unique', 'pattern', 'code_table', 'range', 'length', 'valid_date',
    'citizen_id', 'uscc', 'mobile', 'reference', 'freshness', 'row_count_change')),
  params jsonb not null default '{}'::jsonb,
  enabled boolean not null default true,
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((kind in ('freshness', 'row_count_change')) = (item_code is null))
);
create index qa_rules_entry on qa_rules (entry_id);

-- One check of a resource: after a batch, on the daily schedule, or on demand.
create table qa_runs (
  id uuid primary key,
  -- commit-independent order of runs of the same instant (the previous run is the row-count baseline)
  seq bigserial not null unique,
  entry_id uuid not null,
  provider_org_id uuid not null,
  trigger text not null check (trigger in ('batch', 'schedule', 'manual')),
  batch_id bigint,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  -- live records when the run looked
  row_count bigint not null,
  -- mean pass percentage over the enabled rules, one decimal; null when the resource has no enabled rule
  score numeric(4, 1),
  rules_checked int not null,
  rules_failed int not null,
  created_by uuid
);
create index qa_runs_entry on qa_runs (entry_id, started_at desc, seq desc);

-- What one rule found in one run; the sample holds up to 10 failing records (key items and the offending
-- value), masked per the items' mask rules.
create table qa_results (
  run_id uuid not null references qa_runs (id),
  rule_id uuid not null references qa_rules (id),
  evaluated bigint not null,
  failed bigint not null,
  failed_pct numeric(7, 3) not null,
  sample jsonb not null default '[]'::jsonb,
  -- figures of resource-level rules (last batch time and limit, previous and current row counts)
  detail jsonb,
  primary key (run_id, rule_id)
);
create index qa_results_rule on qa_results (rule_id);

-- 问题工单: opened by a failing rule (kind rule) or a reviewer's flag (kind manual) for the provider, due
-- within a number of working days; past the deadline it is escalated to the platform operator (overdue_at).
create table qa_incidents (
  id uuid primary key,
  kind text not null check (kind in ('rule', 'manual')),
  rule_id uuid references qa_rules (id),
  entry_id uuid not null,
  provider_org_id uuid not null,
  title text not null,
  status text not null check (status in ('new', 'acknowledged', 'resolved')),
  opened_at timestamptz not null,
  opened_by uuid,
  deadline timestamptz not null,
  overdue_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  acknowledged_note text,
  resolved_at timestamptz,
  resolved_by uuid,
  resolution text check (resolution in ('auto', 'manual')),
  resolution_note text,
  last_failed bigint,
  last_evaluated bigint,
  last_run_id uuid references qa_runs (id),
  updated_at timestamptz not null,
  check ((kind = 'rule') = (rule_id is not null)),
  check ((status = 'resolved') = (resolved_at is not null))
);
-- At most one unresolved incident per rule: a rule failing run after run updates the one it opened.
create unique index qa_incidents_open_rule on qa_incidents (rule_id) where status <> 'resolved';
create index qa_incidents_org on qa_incidents (provider_org_id, status);
create index qa_incidents_entry on qa_incidents (entry_id, opened_at desc);
create index qa_incidents_due on qa_incidents (deadline) where status <> 'resolved' and overdue_at is null;

-- The state changes of an incident, for its history view (the audit chain records them too).
create table qa_incident_events (
  id bigserial primary key,
  incident_id uuid not null references qa_incidents (id),
  at timestamptz not null,
  action text not null check (action in ('opened', 'acknowledged', 'escalated', 'resolved')),
  actor_id uuid,
  actor_name text,
  note text,
  detail jsonb
);
create index qa_incident_events_incident on qa_incident_events (incident_id, id);

-- 人工筛查: a reviewer flags one record of a resource by its key.
create table qa_flags (
  id uuid primary key,
  entry_id uuid not null,
  provider_org_id uuid not null,
  record_key jsonb not null,
  reason text not null,
  flagged_by uuid not null,
  flagged_at timestamptz not null,
  incident_id uuid not null references qa_incidents (id)
);
create index qa_flags_incident on qa_flags (incident_id);

-- Daily score of each resource (Asia/Shanghai day): the day's latest run.
create table qa_scores (
  day date not null,
  entry_id uuid not null,
  provider_org_id uuid not null,
  score numeric(4, 1) not null,
  run_id uuid not null references qa_runs (id),
  primary key (day, entry_id)
);
create index qa_scores_org on qa_scores (provider_org_id, day);
