// The staff 免证办 routes (/api/evidence/...) and their response types (src/modules/evidence/schemas.ts).
import { api } from '../../api';
import type { Role } from '../../types';

type Value = string | number | boolean | null;

export interface EvidenceProvider {
  kind: 'licence' | 'resource';
  typeCode?: string;
  entryId?: string;
  fields?: string[];
}
export interface EvidenceType {
  code: string;
  name: string;
  description: string | null;
  providers: EvidenceProvider[];
  createdAt: string;
}
export interface ServiceItem {
  id: string;
  code: string;
  name: string;
  orgId: string;
  orgName: string;
  evidence: Array<{ code: string; name: string }>;
  status: 'active' | 'inactive';
  createdAt: string;
}
export interface ItemInput {
  code: string;
  name: string;
  orgId: string;
  evidenceCodes: string[];
  status?: 'active' | 'inactive';
}
export interface EvidenceContent {
  evidence: { code: string; name: string };
  provider: { kind: 'licence' | 'resource'; name: string; source: string };
  conclusion: string | null;
  noRecord: boolean;
  fields: Array<{ code: string; name: string }>;
  records: Array<Record<string, Value>>;
}
export interface HandledSummary {
  id: string;
  number: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  orgId: string;
  applicantName: string;
  applicantIdMasked: string;
  submittedAt: string;
  paperFree: boolean;
}
export interface HandledPiece {
  code: string;
  name: string;
  released: boolean;
  paperRequired: boolean;
  paperReason: string | null;
  releasedAt: string | null;
  digest: string | null;
  content: EvidenceContent | null;
}
export interface HandledApplication extends HandledSummary {
  evidence: HandledPiece[];
}
export interface Figures {
  applications: number;
  submitted: number;
  paperFree: number;
  /** 0–1. */
  paperFreeShare: number;
}
export interface EvidenceStats {
  items: Array<Figures & { itemId: string; itemCode: string; itemName: string; orgId: string; orgName: string }>;
  totals: Figures;
}

export const fetchEvidenceTypes = (signal?: AbortSignal) => api.get<{ items: EvidenceType[] }>('/api/evidence/types', undefined, { signal });
export const fetchItems = (signal?: AbortSignal) => api.get<{ items: ServiceItem[] }>('/api/evidence/items', undefined, { signal });
export const createItem = (body: ItemInput) => api.post<ServiceItem>('/api/evidence/items', body);
export const setItemStatus = (id: string, status: 'active' | 'inactive') => api.post<ServiceItem>(`/api/evidence/items/${encodeURIComponent(id)}/status`, { status });
export const fetchApplications = (query: { itemId?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<{ items: HandledSummary[]; total: number }>('/api/evidence/applications', query, { signal });
export const fetchApplication = (id: string, signal?: AbortSignal) => api.get<HandledApplication>(`/api/evidence/applications/${encodeURIComponent(id)}`, undefined, { signal });
export const fetchEvidenceStats = (signal?: AbortSignal) => api.get<EvidenceStats>('/api/evidence/stats', undefined, { signal });

/** Department staff who see its submitted applications and the released evidence (受理人员). */
export const EVIDENCE_HANDLER_ROLES: readonly Role[] = ['org_admin', 'chief_data_officer', 'data_steward', 'approver', 'developer'];
/** Keep service items: platform admins, and a department's admin, chief data representative and stewards. */
export const EVIDENCE_ITEM_KEEPER_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'chief_data_officer', 'data_steward'];
/** Statistics: platform admins (all departments) and handlers (their own). */
export const EVIDENCE_STATS_ROLES: readonly Role[] = ['platform_admin', ...EVIDENCE_HANDLER_ROLES];
/** Everyone with a 免证办 page. */
export const EVIDENCE_ROLES: readonly Role[] = EVIDENCE_STATS_ROLES;
