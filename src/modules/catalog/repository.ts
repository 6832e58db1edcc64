// SQL only: catalog entries, their published versions and code sequences.
import type { Sql } from '../../kernel/db.ts';
import type { CatalogEntryContent, EntryStatus } from './model.ts';

export interface EntryRow {
  id: string;
  code: string;
  provider_org_id: string;
  status: EntryStatus;
  version: number;
  draft: CatalogEntryContent;
  published: CatalogEntryContent | null;
  published_at: Date | null;
  return_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, code, provider_org_id, status, version, draft, published, published_at, return_reason, created_at, updated_at';

export interface EntryFilter {
  q?: string[];
  providerOrgIds?: string[];
  resourceClass?: string;
  category?: string;
  shareType?: string;
  dataGrade?: string;
  status?: EntryStatus;
  /** Only entries that have a published version. */
  publishedOnly?: boolean;
  /** Unless publishedOnly: drafts are visible only for these providers (null = all). */
  draftsOf?: string[] | null;
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: EntryFilter): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    parts.push(sql(params.length));
  };
  for (const term of f.q ?? []) add((n) => `search_text like $${n}`, `%${escapeLike(term.toLowerCase())}%`);
  if (f.providerOrgIds) add((n) => `provider_org_id = any($${n}::uuid[])`, f.providerOrgIds);
  // Filters apply to what the caller sees: the draft for its own entries, the published content otherwise.
  if (f.resourceClass) add((n) => `coalesce(published, draft)->>'resourceClass' = $${n}`, f.resourceClass);
  if (f.category) add((n) => `coalesce(published, draft)->>'category' = $${n}`, f.category);
  if (f.shareType) add((n) => `coalesce(published, draft)->>'shareType' = $${n}`, f.shareType);
  if (f.dataGrade) add((n) => `coalesce(published, draft)->>'dataGrade' = $${n}`, f.dataGrade);
  if (f.status) add((n) => `status = $${n}`, f.status);
  if (f.publishedOnly) parts.push('published is not null');
  else if (f.draftsOf) add((n) => `(published is not null or provider_org_id = any($${n}::uuid[]))`, f.draftsOf);
  return { clause: parts.length ? `where ${parts.join(' and ')}` : '', params };
}

export const entries = {
  async byId(sql: Sql, id: string): Promise<EntryRow | undefined> {
    return (await sql.query<EntryRow>(`select ${COLUMNS} from cat_entries where id = $1`, [id])).rows[0];
  },
  async forUpdate(sql: Sql, id: string): Promise<EntryRow | undefined> {
    return (await sql.query<EntryRow>(`select ${COLUMNS} from cat_entries where id = $1 for update`, [id])).rows[0];
  },
  async search(sql: Sql, f: EntryFilter): Promise<{ rows: EntryRow[]; total: number }> {
    const { clause, params } = where(f);
    const total = (await sql.query<{ n: number }>(`select count(*)::int8 as n from cat_entries ${clause}`, params)).rows[0]?.n ?? 0;
    const { rows } = await sql.query<EntryRow>(
      `select ${COLUMNS} from cat_entries ${clause} order by code limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, f.limit, f.offset],
    );
    return { rows, total };
  },
  async insert(sql: Sql, e: { id: string; code: string; providerOrgId: string; draft: CatalogEntryContent; searchText: string; createdBy: string | null }, at: Date): Promise<void> {
    await sql.query(
      `insert into cat_entries (id, code, provider_org_id, status, version, draft, search_text, created_by, created_at, updated_at)
       values ($1, $2, $3, 'draft', 0, $4, $5, $6, $7, $7)`,
      [e.id, e.code, e.providerOrgId, JSON.stringify(e.draft), e.searchText, e.createdBy, at],
    );
  },
  async saveDraft(sql: Sql, id: string, draft: CatalogEntryContent, searchText: string, at: Date): Promise<void> {
    await sql.query(`update cat_entries set draft = $2, search_text = $3, status = 'draft', return_reason = null, updated_at = $4 where id = $1`, [
      id, JSON.stringify(draft), searchText, at,
    ]);
  },
  async setStatus(sql: Sql, id: string, status: EntryStatus, returnReason: string | null, at: Date): Promise<void> {
    await sql.query('update cat_entries set status = $2, return_reason = $3, updated_at = $4 where id = $1', [id, status, returnReason, at]);
  },
  async publish(sql: Sql, id: string, version: number, content: CatalogEntryContent, at: Date, by: string | null): Promise<void> {
    await sql.query(
      `update cat_entries set status = 'published', version = $2, published = $3, published_at = $4, return_reason = null, updated_at = $4 where id = $1`,
      [id, version, JSON.stringify(content), at],
    );
    await sql.query('insert into cat_versions (entry_id, version, content, published_at, published_by) values ($1, $2, $3, $4, $5)', [
      id, version, JSON.stringify(content), at, by,
    ]);
  },
  async versions(sql: Sql, id: string): Promise<Array<{ version: number; content: CatalogEntryContent; published_at: Date }>> {
    return (
      await sql.query<{ version: number; content: CatalogEntryContent; published_at: Date }>(
        'select version, content, published_at from cat_versions where entry_id = $1 order by version desc',
        [id],
      )
    ).rows;
  },
  /** Published entries grouped by class and category, or by provider, with counts. */
  async countsBy(sql: Sql, by: 'class' | 'provider'): Promise<Array<{ a: string; b: string; n: number }>> {
    const sqlText =
      by === 'class'
        ? `select published->>'resourceClass' as a, published->>'category' as b, count(*)::int8 as n from cat_entries where published is not null group by 1, 2 order by 1, 2`
        : `select provider_org_id::text as a, published->>'resourceClass' as b, count(*)::int8 as n from cat_entries where published is not null group by 1, 2 order by 1, 2`;
    return (await sql.query<{ a: string; b: string; n: number }>(sqlText)).rows;
  },
  async providerIds(sql: Sql): Promise<string[]> {
    return (await sql.query<{ id: string }>('select distinct provider_org_id::text as id from cat_entries')).rows.map((r) => r.id);
  },
  async allPublished(sql: Sql): Promise<EntryRow[]> {
    return (await sql.query<EntryRow>(`select ${COLUMNS} from cat_entries where published is not null order by code`)).rows;
  },
};

/** The next sequence number of a provider's resource codes (row-locked, so concurrent creations differ). */
export async function nextCodeSequence(sql: Sql, providerOrgId: string): Promise<number> {
  const { rows } = await sql.query<{ last_value: number }>(
    `insert into cat_code_sequences (provider_org_id, last_value) values ($1, 1)
     on conflict (provider_org_id) do update set last_value = cat_code_sequences.last_value + 1
     returning last_value`,
    [providerOrgId],
  );
  return rows[0]!.last_value;
}
