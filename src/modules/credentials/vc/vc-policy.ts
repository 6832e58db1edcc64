// Who may issue W3C credentials and change their status through the VC-API.
import type { Principal } from '../../../server/access.ts';
import { canIssueFor } from '../policy.ts';

/**
 * Issuer staff (platform admins, the department's chief data representative and stewards, as for licences)
 * and the department's own systems: an API client issues only for the organisation it belongs to.
 */
export function canIssueVcFor(p: Principal | null, org: { id: string; path: string }): boolean {
  if (p?.kind === 'client') return p.orgId === org.id;
  return canIssueFor(p, org.path);
}

/** Suspending, reinstating and revoking are the issuer's, like issuing. */
export const canChangeVcStatus = canIssueVcFor;

/**
 * The organisation a caller issues for when the request does not say: an API client's own, or the one
 * department where a member of staff is chief data representative or steward. Null when there is no
 * single answer (platform admins, staff of several departments): the request must name it.
 */
export function defaultIssuerOrg(p: Principal | null): string | null {
  if (p?.kind === 'client') return p.orgId;
  if (p?.kind !== 'user') return null;
  const orgs = new Set(p.roles.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgId));
  return orgs.size === 1 ? [...orgs][0]! : null;
}
