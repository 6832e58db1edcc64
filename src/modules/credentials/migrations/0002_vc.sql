-- W3C Verifiable Credentials 2.0 issued through the VC-API, and their W3C Bitstring Status Lists.
-- Frozen once landed: later changes are new migrations. As in 0001, organisation ids point at the
-- directory's organisations without foreign keys (a module never reaches another module's tables).

-- Bitstring status lists, one issuer and one purpose each: a Bitstring Status List credential states one
-- statusPurpose, and a credential carries a revocation and a suspension entry, each in its own list.
-- `data` is the raw bitstring (entry i is bit 7 - i % 8 of byte i / 8, the left-to-right order the W3C
-- spec prescribes), so a status change sets one byte in SQL; it is gzipped and signed only when served.
-- Indices are handed out in order (next_index) and never reused, so a revoked credential's entry can never
-- come to mean another credential. The spec's minimum of 131,072 entries (16 KiB) keeps any one entry from
-- telling a verifier much about whom it belongs to (herd privacy).
create table cred_vc_status_lists (
  id             uuid primary key,
  org_id         uuid not null,
  status_purpose text not null check (status_purpose in ('revocation', 'suspension')),
  size           integer not null check (size >= 131072 and size % 8 = 0),
  next_index     integer not null default 0 check (next_index between 0 and size),
  data           bytea not null check (octet_length(data) * 8 = size),
  created_at     timestamptz not null,
  updated_at     timestamptz not null
);
-- The issuer's list with room left, per purpose, is found by this index; full lists drop out of it.
create index cred_vc_status_lists_open on cred_vc_status_lists (org_id, status_purpose, created_at) where next_index < size;

-- Issued verifiable credentials, as much as status management needs and no more: the credential itself
-- (its subject is personal data) is handed to the caller and not kept, so there is nothing here to leak or
-- to seal. `credential_id` is the credential's `id` (the caller's URL, or urn:uuid:<id> assigned at issue).
create table cred_vcs (
  id                 uuid primary key,
  credential_id      text not null unique,
  issuer_org_id      uuid not null,
  types              text[] not null,
  -- Suspension can be lifted; revocation is final. Expiry is derived from valid_until, never stored.
  status             text not null default 'valid' check (status in ('valid', 'suspended', 'revoked')),
  status_reason      text,
  status_changed_at  timestamptz,
  revocation_list_id uuid not null references cred_vc_status_lists (id),
  revocation_index   integer not null check (revocation_index >= 0),
  suspension_list_id uuid not null references cred_vc_status_lists (id),
  suspension_index   integer not null check (suspension_index >= 0),
  valid_from         timestamptz,
  valid_until        timestamptz,
  -- Who asked for it: a user or an API client (the audit record has the full actor).
  issued_by          uuid,
  created_at         timestamptz not null,
  unique (revocation_list_id, revocation_index),
  unique (suspension_list_id, suspension_index)
);
create index cred_vcs_issuer on cred_vcs (issuer_org_id, created_at desc);
