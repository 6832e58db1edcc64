-- Tamper-evident audit trail: each record carries the hash of the one before it (a hash chain), and
-- signed checkpoints pin the chain head so that a rewrite of the whole chain is detected too.
create table audit_records (
  seq bigint primary key,
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('user', 'client', 'system')),
  actor_id text,
  actor_name text,
  org_id text,
  action text not null,
  target_type text,
  target_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text,
  prev_hash text not null,
  hash text not null
);
create index audit_records_at on audit_records (at);
create index audit_records_actor on audit_records (actor_id, seq);
create index audit_records_org on audit_records (org_id, seq);
create index audit_records_action on audit_records (action, seq);

create table audit_checkpoints (
  seq bigint primary key,
  hash text not null,
  at timestamptz not null,
  key_id text not null,
  signature text not null
);

-- Platform keys, private halves encrypted with the master key (which never enters the database).
create table kernel_keys (
  id text primary key,
  purpose text not null,
  algorithm text not null,
  public_key text not null,
  private_key_enc text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index kernel_keys_one_active on kernel_keys (purpose) where retired_at is null;
