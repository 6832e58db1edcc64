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
/** Import data into a resource and read its (masked) records: the provider's data people and platform admins. */
export const DATA_IMPORT_ROLES: readonly Role[] = CATALOG_EDITOR_ROLES;
/** Read the ledger (一本账) and the quality dashboard: the data people, and auditors (read only). */
export const LEDGER_ROLES: readonly Role[] = ['platform_admin', 'chief_data_officer', 'data_steward', 'auditor'];
export const QUALITY_READ_ROLES: readonly Role[] = LEDGER_ROLES;
/** Acknowledge and resolve quality incidents (the server checks the provider's scope). */
export const QUALITY_MANAGE_ROLES: readonly Role[] = ['platform_admin', 'chief_data_officer', 'data_steward'];
/** Incidents are also followed by the reviewers who flag records by hand. */
export const INCIDENT_ROLES: readonly Role[] = [...QUALITY_READ_ROLES, 'approver'];
export const ORG_ADMIN_ROLES: readonly Role[] = ['platform_admin', 'org_admin'];
/** Keep the working-day calendar (holidays, make-up working days); everyone signed in may read it. */
export const CALENDAR_EDIT_ROLES: readonly Role[] = ['platform_admin'];

/** 数据共享, as the server's sharing routes allow: ask for data on behalf of a consuming department (REQUESTERS). */
export const SHARING_REQUESTER_ROLES: readonly Role[] = ['chief_data_officer', 'data_steward', 'org_admin', 'developer'];
/** Decide requests and manage grants: providers' approvers and chief data representatives, the platform operator (DECIDERS). */
export const SHARING_DECIDER_ROLES: readonly Role[] = ['platform_admin', 'approver', 'chief_data_officer'];
/** Grants are listed to the deciders and to auditors (read only). */
export const SHARING_GRANT_ROLES: readonly Role[] = [...SHARING_DECIDER_ROLES, 'auditor'];
/** Everyone with a part in sharing, and auditors (PARTIES): statistics, the call log, request details. */
export const SHARING_PARTY_ROLES: readonly Role[] = [...new Set<Role>([...SHARING_REQUESTER_ROLES, ...SHARING_DECIDER_ROLES, 'auditor'])];

/** Organisations where `me` holds one of `roles` (the server also accepts their sub-organisations). */
export function roleOrgIds(me: Me, roles: readonly Role[]): Set<string> {
  return new Set(me.roles.filter((r) => roles.includes(r.role)).map((r) => r.orgId));
}

export function primaryPost(me: Me) {
  return me.posts.find((p) => p.primary) ?? me.posts[0];
}

/** Whether `me` may manage (create users / child orgs in) the org whose ancestry is `orgPath` (ids, incl. itself). */
export function canManageOrg(me: Me, orgPathIds: readonly string[]): boolean {
  return me.roles.some(
    (r) => r.role === 'platform_admin' || (r.role === 'org_admin' && orgPathIds.includes(r.orgId)),
  );
}
