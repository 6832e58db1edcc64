// Names of the parties of requests and grants (providing and consuming departments, consuming systems), one
// query each for a whole listing.
import type { Sql } from '../../kernel/db.ts';
import { apiClientNames, orgSummaries } from '../directory/index.ts';

export interface PartyNames {
  org(id: string): string;
  client(id: string): string;
}

export async function partyNames(sql: Sql, rows: Array<{ provider_org_id: string; consumer_org_id: string; client_id: string }>): Promise<PartyNames> {
  const orgs = await orgSummaries(sql, [...new Set(rows.flatMap((r) => [r.provider_org_id, r.consumer_org_id]))]);
  const clients = await apiClientNames(sql, rows.map((r) => r.client_id));
  return { org: (id) => orgs.get(id)?.name ?? '', client: (id) => clients.get(id) ?? '' };
}
