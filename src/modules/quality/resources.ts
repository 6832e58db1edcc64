// The resources quality looks at, reached through the catalog's and ingest's public surfaces, and the
// scope checks that go with them.
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Principal } from '../../server/access.ts';
import { publishedResource, type UpdateFrequency } from '../catalog/index.ts';
import { orgSummaries } from '../directory/index.ts';
import { loadResourceTable, type ResourceTable } from '../ingest/index.ts';
import { canManageQualityOf, canReadQualityOf, qualityScopes } from './policy.ts';

export interface QualityResource {
  table: ResourceTable;
  name: string;
  updateFrequency: UpdateFrequency;
  providerPath: string;
  providerName: string;
}

/** A published resource with its typed table, or NOT_FOUND. */
export async function resourceOf(sql: Sql, entryId: string): Promise<QualityResource> {
  const published = await publishedResource(sql, entryId);
  if (!published) throw new AppError('NOT_FOUND', { zh: '资源不存在或尚未发布', en: 'No such published resource' });
  const table = await loadResourceTable(sql, entryId);
  if (!table) throw new AppError('QUALITY_RESOURCE_NOT_READY');
  const provider = (await orgSummaries(sql, [table.providerOrgId])).get(table.providerOrgId);
  return {
    table,
    name: published.content.name,
    updateFrequency: published.content.updateFrequency,
    providerPath: provider?.path ?? '',
    providerName: provider?.name ?? '',
  };
}

/** The resource, after checking the caller looks after its quality. */
export async function manageableResource(sql: Sql, principal: Principal | null, entryId: string): Promise<QualityResource> {
  const r = await resourceOf(sql, entryId);
  if (!canManageQualityOf(principal, r.providerPath)) throw new AppError('FORBIDDEN');
  return r;
}

/** The resource, after checking the caller may read its quality. */
export async function readableResource(sql: Sql, principal: Principal | null, entryId: string): Promise<QualityResource> {
  const r = await resourceOf(sql, entryId);
  if (!canReadQualityOf(principal, r.providerPath)) throw new AppError('FORBIDDEN');
  return r;
}

/** The path of an organisation (for scope checks); empty when it is unknown. */
export async function orgPath(sql: Sql, orgId: string): Promise<string> {
  return (await orgSummaries(sql, [orgId])).get(orgId)?.path ?? '';
}

/** Of the given providers, those the principal may see; null when it sees all. */
export async function visibleProviders(sql: Sql, principal: Principal | null, candidates: string[]): Promise<string[] | null> {
  const scopes = qualityScopes(principal);
  if (scopes === null) return null;
  if (!scopes.length || !candidates.length) return [];
  const summaries = await orgSummaries(sql, [...new Set(candidates)]);
  return [...summaries.values()].filter((o) => scopes.some((s) => o.path.startsWith(s))).map((o) => o.id);
}
