// Who may do what in 免证办, as short predicates over the principal and the handling department's tree path.
import type { Principal, Role } from '../../server/access.ts';
import { holdsRoleOver, isPlatformAdmin } from '../directory/index.ts';

/** Staff of a department who keep its service items: its admin, chief data representative and data stewards. */
export const ITEM_KEEPER_ROLES: readonly Role[] = ['org_admin', 'chief_data_officer', 'data_steward'];
/**
 * Staff of the handling department who see its applications and the released evidence (受理人员): those who
 * decide (approver) and keep its data; not developers, whose work never needs a citizen's evidence.
 */
export const HANDLER_ROLES: readonly Role[] = ['org_admin', 'chief_data_officer', 'data_steward', 'approver'];

const holdsAnyOver = (p: Principal | null, roles: readonly Role[], orgPath: string): boolean => roles.some((r) => holdsRoleOver(p, r, orgPath));

/** Evidence types name grants and licence types across departments: the platform operator keeps them. */
export const canManageEvidenceTypes = (p: Principal | null): boolean => isPlatformAdmin(p);

/** Platform admins, and the handling department's keepers for its own items. */
export const canManageItemsOf = (p: Principal | null, orgPath: string): boolean => isPlatformAdmin(p) || holdsAnyOver(p, ITEM_KEEPER_ROLES, orgPath);

/**
 * The handling department's staff see its submitted applications with the released evidence. Platform admins
 * do not: evidence is released to the department that handles the item, not to the operator (who sees counts).
 */
export const canHandleApplicationsOf = (p: Principal | null, orgPath: string): boolean => holdsAnyOver(p, HANDLER_ROLES, orgPath);

/** Subtrees whose applications the principal handles (never null: nobody sees every department's evidence). */
export const handlingScopes = (p: Principal | null): string[] =>
  p?.kind === 'user' ? p.roles.filter((g) => HANDLER_ROLES.includes(g.role)).map((g) => g.orgPath) : [];

/** Subtrees whose statistics the principal sees; null means all (platform admins). */
export const statsScopes = (p: Principal | null): string[] | null => (isPlatformAdmin(p) ? null : handlingScopes(p));

/** A citizen applies only once bound to a real name (实名): evidence is found by their ID number. */
export const isBoundCitizen = (p: Principal | null): p is Principal & { kind: 'citizen'; holderIndex: string } => p?.kind === 'citizen' && p.holderIndex !== null;
