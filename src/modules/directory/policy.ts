// Who may do what in the directory, as short predicates over the principal and the target's org path.
import type { Principal, Role } from '../../server/access.ts';

const within = (orgPath: string, scopePath: string): boolean => orgPath.startsWith(scopePath);

/** Holds `role` on the target organisation or on one of its ancestors. */
export function holdsRoleOver(p: Principal | null, role: Role, targetOrgPath: string): boolean {
  return p?.kind === 'user' && p.roles.some((g) => g.role === role && within(targetOrgPath, g.orgPath));
}

export const isPlatformAdmin = (p: Principal | null): boolean => p?.kind === 'user' && p.roles.some((g) => g.role === 'platform_admin');

/** Platform admins manage everything; an organisation's admin manages its own subtree. */
export const canManageOrg = (p: Principal | null, targetOrgPath: string): boolean =>
  isPlatformAdmin(p) || holdsRoleOver(p, 'org_admin', targetOrgPath);

/** Only a platform admin can make another platform admin or auditor (三员分立: separation of duties). */
export const canGrantRole = (p: Principal | null, role: Role, targetOrgPath: string): boolean =>
  role === 'platform_admin' || role === 'auditor' ? isPlatformAdmin(p) : canManageOrg(p, targetOrgPath);

/** API clients of an organisation: its admins and developers, and platform admins. */
export const canManageApiClients = (p: Principal | null, orgPath: string): boolean =>
  canManageOrg(p, orgPath) || holdsRoleOver(p, 'developer', orgPath);

/** The subtree whose API clients the principal may list; null means all. */
export function apiClientScopes(p: Principal | null): string[] | null {
  if (isPlatformAdmin(p)) return null;
  if (p?.kind !== 'user') return [];
  return p.roles.filter((g) => g.role === 'org_admin' || g.role === 'developer').map((g) => g.orgPath);
}
