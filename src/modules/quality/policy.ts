// Who may do what with data quality.
import type { Principal } from '../../server/access.ts';
import { hasRole } from '../../server/access.ts';
import { holdsRoleOver, isPlatformAdmin } from '../directory/index.ts';
import type { IncidentRow } from './repository.ts';

/** The provider's chief data representative and data stewards, and platform admins, look after its data quality. */
export const canManageQualityOf = (p: Principal | null, providerOrgPath: string): boolean =>
  isPlatformAdmin(p) || holdsRoleOver(p, 'chief_data_officer', providerOrgPath) || holdsRoleOver(p, 'data_steward', providerOrgPath);

/** Platform admins and auditors see every department's quality (auditors read only). */
export const seesAllQuality = (p: Principal | null): boolean => isPlatformAdmin(p) || hasRole(p, 'auditor');

/** Who may read a resource's rules, runs and incidents. */
export const canReadQualityOf = (p: Principal | null, providerOrgPath: string): boolean => seesAllQuality(p) || canManageQualityOf(p, providerOrgPath);

/** A reviewer (platform admin or approver) flags records found wrong by hand (人工筛查). */
export const canFlagRecords = (p: Principal | null): boolean => isPlatformAdmin(p) || hasRole(p, 'approver');

/** An incident is readable by those who read its resource's quality, and a manual one by the reviewer who opened it. */
export const canReadIncident = (p: Principal | null, incident: IncidentRow, providerOrgPath: string): boolean =>
  canReadQualityOf(p, providerOrgPath) || (incident.kind === 'manual' && p?.kind === 'user' && incident.opened_by === p.id);

/** The provider acknowledges an incident (and platform admins may, on its behalf). */
export const canAcknowledgeIncident = (p: Principal | null, providerOrgPath: string): boolean => canManageQualityOf(p, providerOrgPath);

/** Only a manual incident is resolved by hand, by the provider; a rule's incident closes when the data passes. */
export const canResolveIncident = (p: Principal | null, providerOrgPath: string): boolean => canManageQualityOf(p, providerOrgPath);

/** Organisation subtrees whose quality the principal sees; null means every one. */
export function qualityScopes(p: Principal | null): string[] | null {
  if (seesAllQuality(p)) return null;
  if (p?.kind !== 'user') return [];
  return p.roles.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgPath);
}
