-- 统一数据目录: one entry per data resource (GB/T 21063), the steward's working draft and the published
-- content side by side, and every published version kept. The provider is a directory organisation,
-- referenced by id (modules own their tables; the directory is reached through its service).
create table cat_entries (
  id uuid primary key,
  code text not null unique,
  provider_org_id uuid not null,
  status text not null check (status in ('draft', 'submitted', 'published', 'returned')),
  version int not null default 0,
  draft jsonb not null,
  published jsonb,
  published_at timestamptz,
  return_reason text,
  -- name, summary, category, item names and provider name: substring search works for Chinese text
  search_text text not null,
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index cat_entries_provider on cat_entries (provider_org_id);
create index cat_entries_status on cat_entries (status);

create table cat_versions (
  entry_id uuid not null references cat_entries (id),
  version int not null,
  content jsonb not null,
  published_at timestamptz not null,
  published_by uuid,
  primary key (entry_id, version)
);

-- Per-provider sequence for resource codes (后段码: provider code + sequence).
create table cat_code_sequences (
  provider_org_id uuid primary key,
  last_value int not null
);
