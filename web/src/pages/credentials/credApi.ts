// The staff credentials routes (/api/credentials/...) as the issuer and verifier-registration pages call them,
// with their response types (src/modules/credentials/schemas.ts and wallet-schemas.ts).
import { api } from '../../api';
import type { Role } from '../../types';

export type LicenceStatus = 'valid' | 'expired' | 'suspended' | 'revoked';
export type StatusAction = 'suspend' | 'reinstate' | 'revoke';

export interface LicenceType {
  code: string;
  name: string;
  issuerOrgId: string;
  issuerName: string;
  holderKind: 'citizen' | 'organisation';
  fields: Array<{ code: string; name: string; type: string; personal: boolean }>;
  validity: Record<string, unknown>;
  scenes: Array<{ code: string; name: string; disclose: string[] }>;
  sourceEntryId: string | null;
}

export interface Licence {
  id: string;
  identifier: string;
  typeCode: string;
  typeName: string;
  issuerOrgId: string;
  holderKind: 'citizen' | 'organisation';
  holderMasked: string;
  holderNameMasked: string;
  issuedAt: string;
  validUntil: string | null;
  status: LicenceStatus;
  statusReason: string | null;
  statusList: { id: string; index: number };
  version: number;
}

export interface LicencePage {
  items: Licence[];
  total: number;
  page: number;
  pageSize: number;
}

export interface IssuanceRun {
  id: string;
  typeCode: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  total: number;
  issued: number;
  skipped: number;
  failed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface VerifierOrg {
  id: string;
  name: string;
  uscc: string;
  category: string;
  regionOrgId: string;
  regionName: string;
  address: string | null;
  status: string;
  registeredAt: string;
  staff: number;
  checks: number;
}

export interface RegisterVerifierInput {
  name: string;
  uscc: string;
  category: string;
  regionOrgId: string;
  address?: string;
  account: { username: string; name: string; mobile: string; password: string };
}

export const fetchTypes = (signal?: AbortSignal) => api.get<{ items: LicenceType[] }>('/api/credentials/types', undefined, { signal });

export const fetchLicences = (query: { typeCode?: string; status?: LicenceStatus; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<LicencePage>('/api/credentials/licences', query, { signal });

export const changeStatus = (id: string, action: StatusAction, reason: string) =>
  api.post<Licence>(`/api/credentials/licences/${encodeURIComponent(id)}/${action}`, { reason });

export const startRun = (typeCode: string) => api.post<IssuanceRun>(`/api/credentials/types/${encodeURIComponent(typeCode)}/issuance-runs`);

export const fetchRun = (id: string, signal?: AbortSignal) => api.get<IssuanceRun>(`/api/credentials/issuance-runs/${encodeURIComponent(id)}`, undefined, { signal });

export const fetchVerifiers = (signal?: AbortSignal) => api.get<{ items: VerifierOrg[] }>('/api/credentials/verifiers', undefined, { signal });

export const registerVerifier = (body: RegisterVerifierInput) => api.post<VerifierOrg>('/api/credentials/verifiers', body);

/** Issuer staff (the server narrows them to their issuing departments). */
export const ISSUER_ROLES: readonly Role[] = ['platform_admin', 'chief_data_officer', 'data_steward'];
/** Register verifier organisations. */
export const VERIFIER_ADMIN_ROLES: readonly Role[] = ['platform_admin', 'org_admin'];
/** Verify presentations (核验员; platform admins to try it out). */
export const VERIFY_ROLES: readonly Role[] = ['verifier', 'platform_admin'];
