import { createContext, useContext } from 'react';
import type { Me, Role } from '../types';

export interface Session {
  me: Me;
  reload: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside of <SessionContext.Provider>');
  return session;
}

export function hasAnyRole(me: Me, roles: readonly Role[]): boolean {
  return me.roles.some((r) => roles.includes(r.role));
}

export const AUDIT_ROLES: readonly Role[] = ['platform_admin', 'auditor'];
export const API_CLIENT_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'developer'];
/** May draft and submit catalog entries (the server checks the provider's scope). */
export const CATALOG_EDITOR_ROLES: readonly Role[] = ['platform_admin', 'chief_data_officer', 'data_steward'];
/** May publish or return submitted catalog entries. */
export const CATALOG_REVIEW_ROLES: readonly Role[] = ['platform_admin'];
export const ORG_ADMIN_ROLES: readonly Role[] = ['platform_admin', 'org_admin'];

export function primaryPost(me: Me) {
  return me.posts.find((p) => p.primary) ?? me.posts[0];
}

/** Whether `me` may manage (create users / child orgs in) the org whose ancestry is `orgPath` (ids, incl. itself). */
export function canManageOrg(me: Me, orgPathIds: readonly string[]): boolean {
  return me.roles.some(
    (r) => r.role === 'platform_admin' || (r.role === 'org_admin' && orgPathIds.includes(r.orgId)),
  );
}
