-- 组织在线: one organisation tree over four levels (city → county level → town/street → community/village)
-- with departments hanging off the region they serve; users with posts in several organisations (兼职),
-- role grants scoped to an organisation's subtree, console sessions and API clients for departmental systems.
create table dir_orgs (
  id uuid primary key,
  parent_id uuid references dir_orgs (id),
  kind text not null check (kind in ('city', 'district', 'county', 'county_city', 'dev_zone', 'street', 'town',
                                      'community', 'village', 'department')),
  level smallint not null check (level between 1 and 4),
  name text not null,
  short_name text,
  region_code text unique,
  uscc text unique,
  -- "/<root id>/.../<own id>/": a subtree is a prefix match.
  path text not null unique,
  sort int not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index dir_orgs_parent on dir_orgs (parent_id, sort, name);
create index dir_orgs_path on dir_orgs (path text_pattern_ops);

create table dir_users (
  id uuid primary key,
  username text not null unique,
  name text not null,
  -- personal data: encrypted, with a keyed blind index for look-ups and a masked copy for display
  mobile_enc text not null,
  mobile_index text not null,
  mobile_masked text not null,
  citizen_id_enc text,
  citizen_id_index text unique,
  citizen_id_masked text,
  password_hash text not null,
  totp_secret_enc text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_attempts int not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index dir_users_mobile on dir_users (mobile_index);

create table dir_posts (
  user_id uuid not null references dir_users (id),
  org_id uuid not null references dir_orgs (id),
  title text not null,
  is_primary boolean not null default false,
  created_at timestamptz not null,
  primary key (user_id, org_id)
);
create index dir_posts_org on dir_posts (org_id);
create unique index dir_posts_one_primary on dir_posts (user_id) where is_primary;

create table dir_role_grants (
  id uuid primary key,
  user_id uuid not null references dir_users (id),
  role text not null check (role in ('platform_admin', 'org_admin', 'chief_data_officer', 'data_steward', 'approver',
                                      'auditor', 'developer')),
  org_id uuid not null references dir_orgs (id),
  created_at timestamptz not null,
  unique (user_id, role, org_id)
);

create table dir_sessions (
  id uuid primary key,
  token_hash text not null unique,
  user_id uuid not null references dir_users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
create index dir_sessions_user on dir_sessions (user_id) where revoked_at is null;

create table dir_api_clients (
  id uuid primary key,
  org_id uuid not null references dir_orgs (id),
  name text not null,
  key_prefix text not null,
  key_hash text not null unique,
  status text not null default 'active' check (status in ('active', 'revoked')),
  created_by uuid references dir_users (id),
  created_at timestamptz not null,
  last_used_at timestamptz,
  rotated_at timestamptz,
  revoked_at timestamptz
);
create index dir_api_clients_org on dir_api_clients (org_id);
