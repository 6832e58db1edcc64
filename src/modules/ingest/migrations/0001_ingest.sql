-- 数据汇聚: each published resource's records live in their own typed table in the schema
-- resource_data (generated from the catalog items, see storage.ts); these tables keep track of them,
-- of every import batch, of the rows a batch rejected, and of the daily ledger (一本账).
create schema if not exists resource_data;

create table ing_resources (
  entry_id uuid primary key,
  code text not null unique,
  provider_org_id uuid not null,
  table_name text not null unique,
  -- catalog version the table's columns follow, and those items
  version int not null,
  items jsonb not null,
  -- live (not deleted) records, kept up to date by every batch
  row_count bigint not null default 0,
  last_batch_at timestamptz,
  created_at timestamptz not null
);

create table ing_batches (
  id bigserial primary key,
  entry_id uuid not null references ing_resources (entry_id),
  provider_org_id uuid not null,
  source text not null check (source in ('file', 'push', 'pull')),
  -- file name, pushing system, or pull source name, as a person would recognise it
  source_name text not null,
  -- the same key again is the same batch: a finished one is not applied twice, an interrupted one resumes
  idempotency_key text not null,
  -- sha-256 of the content: the same key with other content is refused, not resumed
  content_hash text,
  status text not null check (status in ('running', 'succeeded', 'failed')),
  format text,
  total_bytes bigint,
  bytes_read bigint not null default 0,
  rows_read bigint not null default 0,
  inserted bigint not null default 0,
  updated bigint not null default 0,
  unchanged bigint not null default 0,
  deleted bigint not null default 0,
  rejected bigint not null default 0,
  -- rows of the source up to this row number are committed; a rerun skips them
  resume_after_row bigint not null default 0,
  ignored_columns jsonb not null default '[]',
  error jsonb,
  -- a running batch whose process is gone (same host: its pid; other hosts: its heartbeat stopped) was
  -- interrupted (kill -9) and may be resumed
  runner text,
  heartbeat_at timestamptz not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  created_by uuid,
  client_id uuid,
  unique (entry_id, idempotency_key)
);
create index ing_batches_entry on ing_batches (entry_id, id desc);
create index ing_batches_org on ing_batches (provider_org_id, id desc);

create table ing_rejections (
  batch_id bigint not null references ing_batches (id),
  row_number bigint not null,
  -- [{item, zh, en}]: every problem of the row, so the department fixes it in one go
  problems jsonb not null,
  -- json, not jsonb: the download shows the columns in the order of the file
  raw json not null,
  primary key (batch_id, row_number)
);

-- 一本账: what each resource took in, per day (Asia/Shanghai)
create table ing_ledger_daily (
  day date not null,
  entry_id uuid not null references ing_resources (entry_id),
  provider_org_id uuid not null,
  inserted bigint not null default 0,
  updated bigint not null default 0,
  deleted bigint not null default 0,
  rejected bigint not null default 0,
  batches int not null default 0,
  primary key (day, entry_id)
);
create index ing_ledger_org on ing_ledger_daily (provider_org_id, day);

-- Scheduled pulls from a department's own database table or HTTP endpoint. Passwords and tokens are
-- encrypted with the platform vault; the cursor is the newest updated-at value already taken.
create table ing_sources (
  id uuid primary key,
  entry_id uuid not null references ing_resources (entry_id),
  name text not null,
  kind text not null check (kind in ('postgres', 'mysql', 'http')),
  config jsonb not null,
  secret text,
  interval_minutes int not null check (interval_minutes > 0),
  cursor text,
  enabled boolean not null default true,
  last_run_at timestamptz,
  last_batch_id bigint,
  last_error jsonb,
  created_by uuid,
  created_at timestamptz not null
);
create index ing_sources_entry on ing_sources (entry_id);
