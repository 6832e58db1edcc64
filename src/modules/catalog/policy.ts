// Who may do what with catalog entries.
import type { Principal } from '../../server/access.ts';
import { holdsRoleOver, isPlatformAdmin } from '../directory/index.ts';

/** A provider's chief data representative and data stewards (and platform admins) draft and submit its entries. */
export const canEditEntriesOf = (p: Principal | null, providerOrgPath: string): boolean =>
  isPlatformAdmin(p) || holdsRoleOver(p, 'chief_data_officer', providerOrgPath) || holdsRoleOver(p, 'data_steward', providerOrgPath);

/** The platform operator (市大数据局 platform admins) publishes entries or returns them with reasons. */
export const canReviewEntries = (p: Principal | null): boolean => isPlatformAdmin(p);

/** Providers whose unpublished drafts the principal may see; null means every provider. */
export function draftScopes(p: Principal | null): string[] | null {
  if (isPlatformAdmin(p)) return null;
  if (p?.kind !== 'user') return [];
  return p.roles.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgPath);
}
