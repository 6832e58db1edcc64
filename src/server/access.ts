// Deny by default: every route states who may call it in `config.access`. A route without a statement
// answers 403 to everyone, and a test fails for it. Object-level rules (which organisation) live in each
// module's policy.ts as readable predicates.
import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../kernel/audit.ts';

export const ROLES = ['platform_admin', 'org_admin', 'chief_data_officer', 'data_steward', 'approver', 'auditor', 'developer', 'verifier'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  id: string;
  role: Role;
  orgId: string;
  /** Materialised path of the organisation ("/<city id>/<county id>/"), for subtree checks. */
  orgPath: string;
}

export type Principal =
  | { kind: 'user'; id: string; username: string; name: string; sessionId: string; primaryOrgId: string | null; roles: RoleGrant[] }
  | { kind: 'client'; id: string; name: string; orgId: string; orgPath: string }
  /**
   * A member of the public signed in to the wallet with mobile number and one-time code. `holderIndex` is
   * the blind index of their citizen ID once the account is bound to a real name (实名), else null.
   */
  | { kind: 'citizen'; id: string; sessionId: string; name: string | null; holderIndex: string | null };

/**
 * Who may call a route:
 * - `public`: anyone, signed in or not;
 * - `users`: signed-in users: any of them (`'any'`, for their own account), government staff (`'staff'`: everyone
 *   but the 核验员 of hotels, scenic spots and the like, who are users only to check licences), or holders of one
 *   of the roles;
 * - `clients`: systems calling with an API key;
 * - `citizens`: members of the public signed in to the wallet (公众用户), who never hold staff roles.
 */
export type Access = { public: true } | { users?: 'any' | 'staff' | readonly Role[]; clients?: boolean; citizens?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** True when the principal satisfies the route's declared access (ignoring object-level scope). */
export function isAllowed(access: Access | undefined, principal: Principal | null): boolean {
  if (!access) return false;
  if ('public' in access) return true;
  if (!principal) return false;
  if (principal.kind === 'client') return access.clients === true;
  if (principal.kind === 'citizen') return access.citizens === true;
  if (!access.users) return false;
  if (access.users === 'any') return true;
  if (access.users === 'staff') return !isVerifierOnly(principal);
  return principal.roles.some((g) => (access.users as readonly Role[]).includes(g.role));
}

/** A 核验员 and nothing else: a member of a verifier organisation, not of the government. */
export const isVerifierOnly = (p: Principal | null): boolean => p?.kind === 'user' && p.roles.length > 0 && p.roles.every((g) => g.role === 'verifier');

export const hasRole = (p: Principal | null, role: Role): boolean => p?.kind === 'user' && p.roles.some((g) => g.role === role);

/** The request's actor, request id and address, for audit records. */
export function auditContext(request: FastifyRequest): AuditContext {
  const p = request.principal;
  const actor =
    p?.kind === 'user'
      ? { kind: 'user' as const, id: p.id, name: p.name, orgId: p.primaryOrgId }
      : p?.kind === 'client'
        ? { kind: 'client' as const, id: p.id, name: p.name, orgId: p.orgId }
        : p?.kind === 'citizen'
          ? { kind: 'citizen' as const, id: p.id, name: p.name ?? '公众用户', orgId: null }
          : { kind: 'system' as const, id: null, name: 'anonymous', orgId: null };
  return { actor, requestId: request.id, ip: request.ip };
}
