-- 数据共享: a consuming department's requests (申请) for a catalog resource, the providing department's (and,
-- where configured, the platform operator's) decisions within a deadline of working days, the grants (授权)
-- they produce, the daily quota reservations of grants, and the call log of the data services (调用记录).
-- Ids of other modules' rows (catalog entries, organisations, users, API clients) are kept without foreign
-- keys, as everywhere between modules.

create sequence shr_request_number_seq;

create table shr_requests (
  id uuid primary key,
  -- 申请编号 shown to people: GX + the Shanghai day + a sequence
  number text not null unique,
  entry_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  provider_org_id uuid not null,
  consumer_org_id uuid not null,
  -- organisation tree paths at the time of the request, for scope checks ("/<city>/<county>/<dept>/")
  provider_org_path text not null,
  consumer_org_path text not null,
  -- the consuming system (API client) that will call
  client_id uuid not null,
  requested_by uuid not null,
  requested_by_name text not null,
  -- who last resubmitted it (amended what is asked): they may not decide it either
  amended_by uuid,
  items jsonb not null,
  query_keys jsonb not null,
  -- [{item, values}]: only records whose item is one of the values (e.g. the consumer's own county)
  row_filter jsonb not null,
  modes jsonb not null,
  purpose text not null,
  legal_basis text,
  scenario text,
  daily_volume int not null check (daily_volume > 0),
  valid_until date not null,
  share_type text not null check (share_type in ('unconditional', 'conditional')),
  data_grade text not null,
  status text not null check (status in ('pending_provider', 'pending_operator', 'info_requested', 'approved', 'rejected', 'withdrawn')),
  submitted_at timestamptz not null,
  -- deadline of the stage now pending (null when nobody has to decide)
  deadline timestamptz,
  reminded_at timestamptz,
  escalated_at timestamptz,
  -- the provider's decision, kept while the operator reviews: {items, plainItems, dailyQuota, ratePerMinute, validUntil, note, by, byName, at}
  provider_decision jsonb,
  decided_at timestamptz,
  decided_by uuid,
  decided_by_name text,
  -- reason of a rejection, or the question of an information request
  reason text,
  grant_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- One open request per consuming system and resource.
create unique index shr_requests_open on shr_requests (client_id, entry_id) where status in ('pending_provider', 'pending_operator', 'info_requested');
create index shr_requests_provider on shr_requests (provider_org_id, status);
create index shr_requests_consumer on shr_requests (consumer_org_id, status);
create index shr_requests_deadline on shr_requests (deadline) where status in ('pending_provider', 'pending_operator');

-- The request's timeline: submitted, approved, rejected, information asked and given, reminded, escalated.
create table shr_request_events (
  id bigserial primary key,
  request_id uuid not null references shr_requests (id),
  at timestamptz not null,
  action text not null,
  actor_id uuid,
  actor_name text not null,
  note text,
  detail jsonb
);
create index shr_request_events_request on shr_request_events (request_id, id);

create table shr_grants (
  id uuid primary key,
  request_id uuid not null references shr_requests (id),
  entry_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  provider_org_id uuid not null,
  consumer_org_id uuid not null,
  provider_org_path text not null,
  consumer_org_path text not null,
  client_id uuid not null,
  items jsonb not null,
  -- granted items returned without their masking rule
  plain_items jsonb not null,
  query_keys jsonb not null,
  row_filter jsonb not null,
  modes jsonb not null,
  purpose text not null,
  daily_quota int not null check (daily_quota > 0),
  rate_per_minute int not null check (rate_per_minute > 0),
  valid_from timestamptz not null,
  -- last Shanghai day on which the grant may be used
  valid_until date not null,
  status text not null check (status in ('active', 'suspended', 'revoked')),
  status_reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- One live grant per consuming system and resource: a newer approval replaces the older grant.
create unique index shr_grants_live on shr_grants (client_id, entry_id) where status <> 'revoked';
create index shr_grants_provider on shr_grants (provider_org_id);
create index shr_grants_consumer on shr_grants (consumer_org_id);

-- Daily quota: API processes reserve calls in blocks, so the quota holds across processes without a write
-- per call; a block a crashed process did not spend is lost for the day (the quota errs on the safe side).
create table shr_quota_usage (
  grant_id uuid not null,
  day date not null,
  reserved int not null,
  primary key (grant_id, day)
);

-- Every data-service call, answered or refused, written before its answer leaves (group commit).
create table shr_calls (
  -- UUIDv7: time-ordered
  id uuid primary key,
  at timestamptz not null,
  client_id uuid not null,
  consumer_org_id uuid not null,
  grant_id uuid,
  entry_id uuid,
  provider_org_id uuid,
  resource_code text,
  operation text not null,
  end_user text,
  business_ref text,
  purpose text,
  items jsonb,
  query_hash text not null,
  rows int not null,
  status int not null,
  code text,
  latency_ms real not null,
  request_id text not null,
  -- binds the response to its request (see docs/data-services.md); signed when the caller asked
  response_hash text,
  signed boolean not null default false
);
-- Every answered call pays for these indexes before it answers: ids are time-ordered (UUIDv7) so the primary
-- key appends, time is indexed by a BRIN (rows arrive in time order), and only the per-grant view (the
-- provider's and consumer's call log) gets a B-tree. Statistics read by time.
create index shr_calls_at on shr_calls using brin (at);
create index shr_calls_grant on shr_calls (grant_id, at);
