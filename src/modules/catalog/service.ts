// Use cases of the catalog: draft, submit, publish or return, browse, search, versions.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import type { CatalogEntryContent, CatalogEntryView, EntryStatus } from './model.ts';
import { canEditEntriesOf, canReviewEntries, draftScopes } from './policy.ts';
import { entries, nextCodeSequence, type EntryRow } from './repository.ts';
import { breakingItemChanges } from './evolution.ts';
import { runPublishedHooks } from './hooks.ts';
import { contentProblems } from './validation.ts';

type Provider = { id: string; name: string; uscc: string | null; path: string; kind: string };

function searchText(c: CatalogEntryContent, providerName: string, code: string): string {
  return [code, c.name, c.summary, c.category, providerName, ...c.items.map((i) => `${i.name} ${i.code}`)].join(' ').toLowerCase();
}

/** The view of an entry: its draft for those who may edit it, its published content for everyone else. */
function view(row: EntryRow, provider: Provider | undefined, showDraft: boolean): CatalogEntryView {
  const content = showDraft || !row.published ? row.draft : row.published;
  return {
    ...content,
    id: row.id,
    code: row.code,
    providerOrgId: row.provider_org_id,
    providerName: provider?.name ?? '',
    providerUscc: provider?.uscc ?? null,
    status: showDraft ? row.status : 'published',
    version: row.version,
    publishedAt: row.published_at?.toISOString() ?? null,
    returnReason: showDraft ? row.return_reason : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function provider(sql: Sql, orgId: string): Promise<Provider> {
  const p = (await orgSummaries(sql, [orgId])).get(orgId);
  if (!p) throw new AppError('NOT_FOUND', { zh: '提供方机构不存在', en: 'The providing organisation does not exist' });
  return p;
}

function assertSubmittable(content: CatalogEntryContent, published: CatalogEntryContent | null): void {
  const problems = contentProblems(content);
  if (problems.length) {
    throw new AppError(
      'CATALOG_ENTRY_INCOMPLETE',
      { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
      { problems: problems.map((p) => ({ field: p.field, message: p.en })) },
    );
  }
  const breaking = published ? breakingItemChanges(published.items, content.items) : [];
  if (breaking.length) {
    throw new AppError(
      'CATALOG_BREAKING_CHANGE',
      { zh: breaking.map((p) => p.zh).join('；'), en: breaking.map((p) => p.en).join('; ') },
      { problems: breaking.map((p) => ({ field: p.field, message: p.en })) },
    );
  }
}

/** Registers a new resource of a providing department as a draft with a generated resource code. */
export async function createEntry(ctx: PlatformContext, principal: Principal, input: { providerOrgId: string; content: CatalogEntryContent }, audit: AuditContext): Promise<CatalogEntryView> {
  const prov = await provider(ctx.db, input.providerOrgId);
  if (prov.kind !== 'department') throw new AppError('CATALOG_PROVIDER_NOT_DEPARTMENT');
  if (!canEditEntriesOf(principal, prov.path)) throw new AppError('FORBIDDEN');
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    const seq = await nextCodeSequence(tx, prov.id);
    // 后段码: the provider's organisation code (inside its credit code) and a six-digit sequence.
    const code = `${(prov.uscc ?? prov.id.replace(/-/g, '')).slice(8, 17).toUpperCase()}/${String(seq).padStart(6, '0')}`;
    const now = ctx.clock.now();
    await entries.insert(tx, { id, code, providerOrgId: prov.id, draft: input.content, searchText: searchText(input.content, prov.name, code), createdBy: principal.kind === 'user' ? principal.id : null }, now);
    await ctx.audit.record(tx, audit, { action: 'catalog.entry.create', targetType: 'catalog_entry', targetId: id, orgId: prov.id, after: { code, name: input.content.name } });
  });
  return getEntry(ctx, principal, id);
}

async function editable(tx: Sql, principal: Principal, row: EntryRow | undefined): Promise<{ row: EntryRow; prov: Provider }> {
  if (!row) throw new AppError('NOT_FOUND');
  const prov = await provider(tx, row.provider_org_id);
  if (!canEditEntriesOf(principal, prov.path)) throw new AppError('FORBIDDEN');
  return { row, prov };
}

/** Replaces the draft; a published entry keeps serving its published version until the new one is published. */
export async function updateDraft(ctx: PlatformContext, principal: Principal, id: string, content: CatalogEntryContent, audit: AuditContext): Promise<CatalogEntryView> {
  await ctx.db.transaction(async (tx) => {
    const { row, prov } = await editable(tx, principal, await entries.forUpdate(tx, id));
    if (row.status === 'submitted') throw new AppError('CATALOG_ENTRY_STATE', { zh: '已提交审核的资源不能修改，请等待审核结果', en: 'A submitted entry cannot be edited until it is reviewed' });
    await entries.saveDraft(tx, id, content, searchText(content, prov.name, row.code), ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'catalog.entry.update', targetType: 'catalog_entry', targetId: id, orgId: row.provider_org_id, before: { name: row.draft.name, items: row.draft.items.length }, after: { name: content.name, items: content.items.length } });
  });
  return getEntry(ctx, principal, id);
}

/** Sends the draft to the platform operator for review, after checking it is complete. */
export async function submitEntry(ctx: PlatformContext, principal: Principal, id: string, audit: AuditContext): Promise<CatalogEntryView> {
  await ctx.db.transaction(async (tx) => {
    const { row } = await editable(tx, principal, await entries.forUpdate(tx, id));
    if (row.status !== 'draft' && row.status !== 'returned') throw new AppError('CATALOG_ENTRY_STATE', { zh: '只有草稿或被退回的资源可以提交', en: 'Only a draft or returned entry can be submitted' });
    assertSubmittable(row.draft, row.published);
    await entries.setStatus(tx, id, 'submitted', null, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'catalog.entry.submit', targetType: 'catalog_entry', targetId: id, orgId: row.provider_org_id });
  });
  return getEntry(ctx, principal, id);
}

async function reviewable(tx: Sql, principal: Principal, id: string): Promise<EntryRow> {
  if (!canReviewEntries(principal)) throw new AppError('FORBIDDEN');
  const row = await entries.forUpdate(tx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== 'submitted') throw new AppError('CATALOG_ENTRY_STATE', { zh: '只有已提交的资源可以审核', en: 'Only a submitted entry can be reviewed' });
  return row;
}

/** The operator publishes a submitted entry as its next version (history is kept). */
export async function publishEntry(ctx: PlatformContext, principal: Principal, id: string, audit: AuditContext): Promise<CatalogEntryView> {
  await ctx.db.transaction(async (tx) => {
    const row = await reviewable(tx, principal, id);
    assertSubmittable(row.draft, row.published);
    const version = row.version + 1;
    const now = ctx.clock.now();
    await entries.publish(tx, id, version, row.draft, now, principal.kind === 'user' ? principal.id : null);
    await runPublishedHooks(tx, { entryId: id, code: row.code, providerOrgId: row.provider_org_id, version, publishedAt: now, items: row.draft.items, previousItems: row.published?.items ?? null });
    await ctx.audit.record(tx, audit, { action: 'catalog.entry.publish', targetType: 'catalog_entry', targetId: id, orgId: row.provider_org_id, after: { version, items: row.draft.items.map((i) => i.code) } });
  });
  return getEntry(ctx, principal, id);
}

/** The operator returns a submitted entry to its steward with reasons. */
export async function returnEntry(ctx: PlatformContext, principal: Principal, id: string, reason: string, audit: AuditContext): Promise<CatalogEntryView> {
  await ctx.db.transaction(async (tx) => {
    const row = await reviewable(tx, principal, id);
    await entries.setStatus(tx, id, 'returned', reason, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'catalog.entry.return', targetType: 'catalog_entry', targetId: id, orgId: row.provider_org_id, after: { reason } });
  });
  return getEntry(ctx, principal, id);
}

/** One entry: its draft for those who may edit it, otherwise its published version (404 if none). */
export async function getEntry(ctx: PlatformContext, principal: Principal | null, id: string): Promise<CatalogEntryView> {
  const row = await entries.byId(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const prov = (await orgSummaries(ctx.db, [row.provider_org_id])).get(row.provider_org_id);
  const mayEdit = !!prov && canEditEntriesOf(principal, prov.path);
  if (!mayEdit && !row.published) throw new AppError('NOT_FOUND');
  return view(row, prov, mayEdit);
}

export interface EntryQuery {
  q?: string;
  providerOrgId?: string;
  resourceClass?: string;
  category?: string;
  shareType?: string;
  dataGrade?: string;
  status?: EntryStatus;
  page: number;
  pageSize: number;
}

/** Search and filter the catalog; unpublished drafts appear only to their own providers' stewards. */
export async function searchEntries(ctx: PlatformContext, principal: Principal | null, q: EntryQuery): Promise<{ items: CatalogEntryView[]; total: number }> {
  const scopes = draftScopes(principal);
  // Providers whose drafts are visible: the departments at or under each scope.
  const draftsOf = scopes === null ? null : scopes.length ? await providersUnder(ctx, scopes) : [];
  const { rows, total } = await entries.search(ctx.db, {
    q: q.q?.split(/\s+/).filter(Boolean),
    providerOrgIds: q.providerOrgId ? [q.providerOrgId] : undefined,
    resourceClass: q.resourceClass,
    category: q.category,
    shareType: q.shareType,
    dataGrade: q.dataGrade,
    status: q.status,
    publishedOnly: draftsOf !== null && draftsOf.length === 0,
    draftsOf,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const provs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.provider_org_id))]);
  return {
    total,
    items: rows.map((r) => {
      const prov = provs.get(r.provider_org_id);
      return view(r, prov, !!prov && canEditEntriesOf(principal, prov.path));
    }),
  };
}

async function providersUnder(ctx: PlatformContext, paths: string[]): Promise<string[]> {
  const provs = await orgSummaries(ctx.db, await entries.providerIds(ctx.db));
  return [...provs.values()].filter((o) => paths.some((p) => o.path.startsWith(p))).map((o) => o.id);
}

/** Published versions of an entry, newest first. */
export async function entryVersions(ctx: PlatformContext, principal: Principal | null, id: string): Promise<Array<{ version: number; publishedAt: string; content: CatalogEntryContent }>> {
  await getEntry(ctx, principal, id);
  return (await entries.versions(ctx.db, id)).map((v) => ({ version: v.version, publishedAt: v.published_at.toISOString(), content: v.content }));
}

export interface TreeNode {
  key: string;
  title: string;
  count: number;
  children: TreeNode[];
}

const CLASS_ZH: Record<string, string> = { base: '基础信息资源', theme: '主题信息资源', department: '部门信息资源' };

/** Published entries as a tree: by class then category, or by providing department then class. */
export async function catalogTree(ctx: PlatformContext, by: 'class' | 'provider'): Promise<TreeNode[]> {
  const rows = await entries.countsBy(ctx.db, by);
  const names = by === 'provider' ? await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.a))]) : new Map<string, { name: string }>();
  const top = new Map<string, TreeNode>();
  for (const r of rows) {
    const title = by === 'class' ? (CLASS_ZH[r.a] ?? r.a) : (names.get(r.a)?.name ?? r.a);
    const node = top.get(r.a) ?? { key: `${by}:${r.a}`, title, count: 0, children: [] };
    node.count += r.n;
    node.children.push({ key: `${by}:${r.a}:${r.b}`, title: by === 'class' ? r.b : (CLASS_ZH[r.b] ?? r.b), count: r.n, children: [] });
    top.set(r.a, node);
  }
  return [...top.values()];
}

/** Every published entry (for the DCAT-AP export and other modules). */
export async function publishedEntries(ctx: PlatformContext): Promise<CatalogEntryView[]> {
  const rows = await entries.allPublished(ctx.db);
  const provs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.provider_org_id))]);
  return rows.map((r) => view(r, provs.get(r.provider_org_id), false));
}

/** The published state of a resource for other modules' use cases (ingest, quality), read in their transaction. */
export interface PublishedResource {
  id: string;
  code: string;
  providerOrgId: string;
  version: number;
  content: CatalogEntryContent;
}

export async function publishedResource(sql: Sql, id: string): Promise<PublishedResource | null> {
  const row = await entries.byId(sql, id);
  if (!row?.published) return null;
  return { id: row.id, code: row.code, providerOrgId: row.provider_org_id, version: row.version, content: row.published };
}

/** Published names of entries, for other modules' reports (the ledger). */
export async function entryNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await sql.query<{ id: string; name: string }>(`select id, coalesce(published, draft)->>'name' as name from cat_entries where id = any($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
