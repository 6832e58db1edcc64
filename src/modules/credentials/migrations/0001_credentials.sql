-- 电子证照 credentials: licence types, issuer keys, status lists (IETF Token Status List), identifier
-- sequences, issued licences and bulk issuance runs. Frozen once landed: later changes are new migrations.
--
-- Organisation ids point at the directory's organisations, but without foreign keys: a module never reaches
-- another module's tables (ARCHITECTURE.md), and organisations are never deleted, only disabled.

-- A licence type as this platform issues it. `definition` is the whole LicenceType (fields, holder, validity,
-- scenes, source mapping) as JSON, so a type's shape can evolve without a migration per attribute; the
-- columns are what queries filter and join on.
create table cred_types (
  code            text primary key check (code ~ '^[0-9A-Z]{1,32}$'),
  name            text not null,
  issuer_org_id   uuid not null,
  definition      jsonb not null,
  -- The catalog entry whose typed table the type is issued from in bulk; null when it has none (yet).
  source_entry_id uuid,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create index cred_types_issuer on cred_types (issuer_org_id);

-- Issuers' signing keys. The private half is sealed by the Vault (AES-256-GCM under the master key, which
-- never enters the database); the public half is kept as JWK and PEM for JWKS and for SM2 verifiers
-- (SM2 has no registered JWK curve). Retired keys stay: credentials signed with them must still verify.
create table cred_issuer_keys (
  id             uuid primary key,
  org_id         uuid not null,
  alg            text not null check (alg in ('EdDSA', 'ES256', 'SM2')),
  kid            text not null unique,
  public_jwk     jsonb not null,
  public_pem     text not null,
  sealed_private text not null,
  status         text not null default 'active' check (status in ('active', 'retired')),
  created_at     timestamptz not null,
  retired_at     timestamptz
);
-- One active key per issuer and algorithm, so "the issuer's key" is never ambiguous, and two processes
-- creating a first key at once end with one (the loser's insert does nothing).
create unique index cred_issuer_keys_active on cred_issuer_keys (org_id, alg) where status = 'active';

-- Status lists, one issuer each (the list token is signed by its issuer). `data` is the raw, uncompressed
-- list (entry i in the least significant bits first, as the draft lays it out), so a status change sets
-- one byte in SQL; it is compressed only when the token is served. Indices are handed out in order
-- (next_index), never reused, so a revoked licence's entry can never come to mean another licence.
create table cred_status_lists (
  id         uuid primary key,
  org_id     uuid not null,
  bits       smallint not null check (bits in (1, 2)),
  size       integer not null check (size > 0 and size % 8 = 0),
  next_index integer not null default 0 check (next_index between 0 and size),
  data       bytea not null check (octet_length(data) * 8 = size * bits),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- The issuer's list with room left is found by this index; full lists drop out of it.
create index cred_status_lists_open on cred_status_lists (org_id, bits, created_at) where next_index < size;

-- 流水号 of GB/T 36904 identifiers, per type and issuer; a row lock serialises allocation.
create table cred_sequences (
  type_code     text not null references cred_types (code),
  issuer_org_id uuid not null,
  last_value    bigint not null default 0 check (last_value >= 0),
  primary key (type_code, issuer_org_id)
);

-- Bulk issuance from a type's source resource. Progress, the resume point and the licences of each page
-- commit together, so a run taken over after a crash neither loses nor repeats work.
create table cred_issuance_runs (
  id            uuid primary key,
  type_code     text not null references cred_types (code),
  issuer_org_id uuid not null,
  status        text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
  total         integer not null default 0,
  -- issued: licences written; skipped: records already holding a licence; failed: records whose claims
  -- do not pass the type's checks (not retried: the data must be corrected at its source).
  issued        integer not null default 0,
  skipped       integer not null default 0,
  failed        integer not null default 0,
  -- `_seq` of the last source record handled (keyset paging; the resume point).
  last_seq      bigint not null default 0,
  started_by    uuid,
  created_at    timestamptz not null,
  started_at    timestamptz,
  finished_at   timestamptz,
  error         text
);
-- One run at a time per type: two would race for the same records.
create unique index cred_issuance_runs_active on cred_issuance_runs (type_code) where status in ('queued', 'running');

-- Issued licences. The claims are personal data: sealed by the Vault at rest, found by the holder's blind
-- index (HMAC of the ID number or credit code), shown masked.
create table cred_licences (
  id                 uuid primary key,
  identifier         text not null unique,
  type_code          text not null references cred_types (code),
  issuer_org_id      uuid not null,
  holder_kind        text not null check (holder_kind in ('citizen', 'organisation')),
  holder_index       text not null,
  holder_masked      text not null,
  holder_name_masked text not null,
  claims_sealed      text not null,
  issued_at          timestamptz not null,
  -- Last valid day; null = 长期. Expiry is derived from it, never stored as a status.
  valid_until        date,
  status             text not null default 'valid' check (status in ('valid', 'suspended', 'revoked')),
  status_reason      text,
  status_changed_at  timestamptz,
  status_list_id     uuid not null references cred_status_lists (id),
  status_index       integer not null check (status_index >= 0),
  -- The source record's key items, for idempotent bulk issuance; null for licences issued one by one.
  source_key         jsonb,
  run_id             uuid references cred_issuance_runs (id),
  issued_by          uuid,
  version            integer not null default 1 check (version between 1 and 999),
  unique (status_list_id, status_index)
);
-- A source record holds at most one live licence of a type; a revoked one may be issued again.
create unique index cred_licences_source on cred_licences (type_code, source_key) where status <> 'revoked' and source_key is not null;
create index cred_licences_holder on cred_licences (holder_index);
create index cred_licences_listing on cred_licences (type_code, issued_at desc);
create index cred_licences_issuer on cred_licences (issuer_org_id, issued_at desc);
