-- The citizen's wallet and the verifiers: holder keys the wallet's credentials are bound to, purpose-bound
-- copies (加注件), verifier organisations, and every verification (for the issuer's statistics and the
-- citizen's "who checked my licence").

-- Public keys the wallet generated in the browser (WebCrypto, non-extractable private half). Credentials
-- minted for the wallet carry the key in `cnf`, so only that device can present them.
create table cred_holder_keys (
  id           uuid primary key,
  citizen_id   uuid not null,
  holder_index text not null,
  public_jwk   jsonb not null,
  -- RFC 7638 thumbprint: the same key registered twice is one row.
  thumbprint   text not null unique,
  device       text,
  created_at   timestamptz not null,
  revoked_at   timestamptz
);
create index cred_holder_keys_citizen on cred_holder_keys (citizen_id) where revoked_at is null;

-- 加注件: a copy of a licence handed to one organisation for one purpose until a day. The copy itself is an
-- issuer-signed SD-JWT VC without holder binding; the row lets the citizen list and withdraw copies.
create table cred_copies (
  id          uuid primary key,
  licence_id  uuid not null references cred_licences (id),
  citizen_id  uuid not null,
  purpose     text not null,
  recipient   text not null,
  fields      text[] not null,
  expires_at  timestamptz not null,
  created_at  timestamptz not null,
  withdrawn_at timestamptz
);
create index cred_copies_licence on cred_copies (licence_id);

-- Verifier organisations (核验机构: hotels, scenic spots, museums, libraries, hospitals). They are not
-- government organisations, so they are not in the directory's tree; their staff are directory users with
-- the `verifier` role on the region the place lies in, tied to the place by cred_verifier_staff.
create table cred_verifiers (
  id            uuid primary key,
  name          text not null,
  uscc          text not null unique,
  category      text not null check (category in ('hotel', 'scenic', 'museum', 'library', 'hospital', 'other')),
  region_org_id uuid not null,
  address       text,
  status        text not null default 'active' check (status in ('active', 'disabled')),
  registered_at timestamptz not null,
  registered_by uuid
);
create table cred_verifier_staff (
  user_id     uuid primary key,
  verifier_id uuid not null references cred_verifiers (id),
  created_at  timestamptz not null
);

-- Every online verification. `licence_id` is found from the presentation's status-list entry; a
-- presentation too broken to name one has none. No claim values are kept, only what was checked.
create table cred_verifications (
  id              uuid primary key,
  at              timestamptz not null,
  verifier_id     uuid,
  verifier_user_id uuid,
  licence_id      uuid,
  type_code       text,
  issuer_org_id   uuid,
  holder_index    text,
  scene           text,
  disclosed       text[] not null default '{}',
  ok              boolean not null,
  reason          text,
  copy_id         uuid
);
create index cred_verifications_holder on cred_verifications (holder_index, at desc) where holder_index is not null;
create index cred_verifications_issuer on cred_verifications (issuer_org_id, at desc);
create index cred_verifications_verifier on cred_verifications (verifier_id, at desc);

-- A presentation names its licence by status-list entry.
create unique index cred_licences_status_entry on cred_licences (status_list_id, status_index);
