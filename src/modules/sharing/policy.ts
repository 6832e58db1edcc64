// Who may do what in data sharing, as short predicates over the principal and organisation paths.
import { hasRole, type Principal, type Role } from '../../server/access.ts';
import { holdsRoleOver, isPlatformAdmin } from '../directory/index.ts';
import type { GrantRow, RequestRow } from './repository.ts';

/** Roles that ask for data on behalf of a consuming department (its data people and its system developers). */
export const REQUESTER_ROLES: readonly Role[] = ['chief_data_officer', 'data_steward', 'org_admin', 'developer'];
/** Roles that decide for the providing department: its approvers and its chief data representative. */
export const APPROVER_ROLES: readonly Role[] = ['approver', 'chief_data_officer'];

const holdsAnyOver = (p: Principal | null, roles: readonly Role[], orgPath: string): boolean => roles.some((r) => holdsRoleOver(p, r, orgPath));

/** Asks for data for a consuming system of an organisation under the caller's roles. */
export const canRequestFor = (p: Principal | null, consumerOrgPath: string): boolean => holdsAnyOver(p, REQUESTER_ROLES, consumerOrgPath);

/** Decides requests for the providing department's resources. */
export const canApproveFor = (p: Principal | null, providerOrgPath: string): boolean => holdsAnyOver(p, APPROVER_ROLES, providerOrgPath);

/** Platform admins and auditors see every request, grant and call figure (auditors read only). */
export const seesAllSharing = (p: Principal | null): boolean => isPlatformAdmin(p) || hasRole(p, 'auditor');

/**
 * Who decides a pending request now: the provider's approvers at the provider stage (the platform operator
 * too, once the deadline has passed and the request is escalated to it); the operator at its own stage.
 * Nobody decides a request they made or last amended themselves.
 */
export function canDecide(p: Principal | null, r: RequestRow): boolean {
  if (p?.kind === 'user' && (p.id === r.requested_by || p.id === r.amended_by)) return false;
  if (r.status === 'pending_provider') return canApproveFor(p, r.provider_org_path) || (isPlatformAdmin(p) && r.escalated_at !== null);
  if (r.status === 'pending_operator') return isPlatformAdmin(p);
  return false;
}

/** The requesting side amends, resubmits or withdraws its request. */
export const canAmend = (p: Principal | null, r: RequestRow): boolean => canRequestFor(p, r.consumer_org_path);

export const canReadRequest = (p: Principal | null, r: RequestRow): boolean =>
  seesAllSharing(p) || canApproveFor(p, r.provider_org_path) || canRequestFor(p, r.consumer_org_path);

/** The provider's approvers and the platform operator renew, suspend, resume and revoke grants. */
export const canManageGrant = (p: Principal | null, g: GrantRow): boolean => isPlatformAdmin(p) || canApproveFor(p, g.provider_org_path);

/** A consuming department may give up its own grant. */
export const canRelinquishGrant = (p: Principal | null, g: GrantRow): boolean => canRequestFor(p, g.consumer_org_path);

export const canReadGrant = (p: Principal | null, g: GrantRow): boolean =>
  seesAllSharing(p) || canApproveFor(p, g.provider_org_path) || canRequestFor(p, g.consumer_org_path);

/** Organisation subtrees whose requests the caller sees, per side; null means all. */
export function requestScopes(p: Principal | null): { provider: string[]; consumer: string[] } | null {
  if (seesAllSharing(p)) return null;
  if (p?.kind !== 'user') return { provider: [], consumer: [] };
  return {
    provider: p.roles.filter((g) => APPROVER_ROLES.includes(g.role)).map((g) => g.orgPath),
    consumer: p.roles.filter((g) => REQUESTER_ROLES.includes(g.role)).map((g) => g.orgPath),
  };
}

/**
 * Subtrees whose grants and calls the caller sees, per side (an approver's subtree as provider, a requester's
 * as consumer — never crossed); null means all.
 */
export const grantScopes = requestScopes;
