// Who may do what with electronic licences.
import type { Principal } from '../../server/access.ts';
import { holdsRoleOver, isPlatformAdmin } from '../directory/index.ts';

/** Issuer staff: the issuing department's chief data representative and data stewards, and platform admins. */
export const canIssueFor = (p: Principal | null, issuerOrgPath: string): boolean =>
  isPlatformAdmin(p) || holdsRoleOver(p, 'chief_data_officer', issuerOrgPath) || holdsRoleOver(p, 'data_steward', issuerOrgPath);

/** Suspending, reinstating and revoking are the issuer's, like issuing. */
export const canChangeLicenceStatus = canIssueFor;

/** Bulk issuance writes as many licences as the source holds: the same people, no one else. */
export const canRunBulkIssuance = canIssueFor;

/** Organisation subtrees whose licences the principal may list; null means every one. */
export function licenceScopes(p: Principal | null): string[] | null {
  if (isPlatformAdmin(p)) return null;
  if (p?.kind !== 'user') return [];
  return p.roles.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgPath);
}

/** Verifier organisations are registered by platform admins and by the organisation admins of the region they lie in. */
export const canRegisterVerifiersIn = (p: Principal | null, regionPath: string): boolean => isPlatformAdmin(p) || holdsRoleOver(p, 'org_admin', regionPath);

/** Region subtrees whose verifier organisations the principal may list; null means all. */
export function verifierRegionScopes(p: Principal | null): string[] | null {
  if (isPlatformAdmin(p)) return null;
  if (p?.kind !== 'user') return [];
  return p.roles.filter((g) => g.role === 'org_admin').map((g) => g.orgPath);
}
