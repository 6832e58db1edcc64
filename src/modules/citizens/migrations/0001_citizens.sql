-- 公众用户 citizens: members of the public who sign in to the wallet with their mobile number and a one-time
-- code sent by SMS. Frozen once landed: later changes are new migrations.
--
-- Mobile numbers, names and ID numbers are personal data: sealed by the Vault, found by blind indexes
-- (HMAC under a key derived from the master key), shown masked.

create table cit_accounts (
  id               uuid primary key,
  mobile_index     text not null unique,
  mobile_sealed    text not null,
  mobile_masked    text not null,
  -- Set once the account is bound to a real name (实名): the person the population register lists with this
  -- mobile number. The holder index equals the credentials module's holder index of the same ID number.
  holder_index     text,
  id_number_sealed text,
  id_number_masked text,
  name_sealed      text,
  name_masked      text,
  bound_at         timestamptz,
  status           text not null default 'active' check (status in ('active', 'disabled')),
  created_at       timestamptz not null,
  last_signin_at   timestamptz
);
create index cit_accounts_holder on cit_accounts (holder_index) where holder_index is not null;

-- One-time codes. Only a hash is kept; a code is good for five minutes and five attempts, and is used once.
create table cit_otp_codes (
  id           uuid primary key,
  mobile_index text not null,
  code_hash    text not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  attempts     integer not null default 0,
  consumed_at  timestamptz
);
create index cit_otp_codes_mobile on cit_otp_codes (mobile_index, created_at desc);

create table cit_sessions (
  id           uuid primary key,
  token_hash   text not null unique,
  account_id   uuid not null references cit_accounts (id),
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null,
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
create index cit_sessions_account on cit_sessions (account_id) where revoked_at is null;
