-- 免证办 evidence instead of paper: evidence types (证明材料类型) and where the platform finds them, government
-- service items (政务服务事项) and the evidence each needs, citizens' applications, and the pieces of evidence
-- fetched for them. Frozen once landed: later changes are new migrations.
--
-- Ids of other modules' rows (organisations, citizen accounts, sharing grants, licences, catalog entries) are
-- kept without foreign keys, as everywhere between modules. Evidence values are personal data: they are kept
-- sealed by the Vault only, never in plain text, with a SHA-256 digest of what the citizen was shown.

create table evd_types (
  -- e.g. marriage_status, household_registration, no_criminal_record
  code text primary key,
  name text not null,
  description text,
  -- ordered list of providers; the first that answers wins:
  -- [{kind: 'licence', typeCode, fields, conclusion?} | {kind: 'resource', entryId, grantId, keyItems, fields, conclusion?, noRecord?}]
  providers jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table evd_items (
  id uuid primary key,
  -- 事项编码 (the province's item catalogue code, or a local one)
  code text not null unique,
  name text not null,
  -- the handling department (受理部门) and its tree path at creation, for scope checks
  org_id uuid not null,
  org_path text not null,
  -- evidence type codes, in the order the citizen sees them
  evidence_codes jsonb not null,
  status text not null check (status in ('active', 'inactive')),
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index evd_items_org on evd_items (org_id);

create sequence evd_application_number_seq;

create table evd_applications (
  id uuid primary key,
  -- 申请编号 shown to people: SQ + the Shanghai day + a sequence
  number text not null unique,
  item_id uuid not null references evd_items (id),
  -- copied at application time: an item renamed later does not rewrite what the citizen applied for
  item_code text not null,
  item_name text not null,
  org_id uuid not null,
  org_path text not null,
  -- the citizen account (citizens module) and the applicant as shown to staff
  citizen_id uuid not null,
  applicant_name_sealed text not null,
  applicant_id_masked text not null,
  -- previewed: evidence fetched and shown to the citizen, nothing released yet; submitted: confirmed and
  -- released to the handling department; cancelled: the citizen gave up before confirming
  status text not null check (status in ('previewed', 'submitted', 'cancelled')),
  -- set on submission: true when every piece of evidence was fetched and confirmed (no paper at all)
  paper_free boolean,
  previewed_at timestamptz not null,
  submitted_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- One application awaiting confirmation per citizen and item.
create unique index evd_applications_open on evd_applications (citizen_id, item_id) where status = 'previewed';
create index evd_applications_citizen on evd_applications (citizen_id, created_at desc);
create index evd_applications_item on evd_applications (item_id, status);

create table evd_pieces (
  application_id uuid not null references evd_applications (id),
  evidence_code text not null,
  evidence_name text not null,
  position int not null,
  -- fetched: a provider answered (a record, or an authoritative "no record"); missing: none could
  outcome text not null check (outcome in ('fetched', 'missing')),
  provider_kind text check (provider_kind in ('licence', 'resource')),
  provider_name text,
  -- why nothing could be fetched (shown to the citizen, who then brings paper)
  missing_reason text,
  -- what the citizen was shown, sealed, and the SHA-256 of its canonical JSON
  preview_sealed text,
  preview_digest text,
  -- data-service call ids of the preview's look-ups and of the release's (the sharing call log)
  preview_calls jsonb not null default '[]',
  -- pending until the citizen confirms; declined pieces are never released
  decision text not null check (decision in ('pending', 'confirmed', 'declined')),
  released_sealed text,
  released_digest text,
  release_calls jsonb not null default '[]',
  released_at timestamptz,
  -- the citizen must hand in paper for this piece (declined or missing)
  paper_required boolean not null default false,
  primary key (application_id, evidence_code)
);
