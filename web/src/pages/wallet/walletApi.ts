// The citizen API (/api/citizen, where the wallet's cookie is sent) as the wallet uses it.
import { api } from '../../api';

export type Binding = 'bound' | 'choose' | 'not_in_register';
export interface Account { id: string; mobile: string; name: string | null; idNumber: string | null; boundAt: string | null }
export interface FieldValue { code: string; label: string; value: string | number | boolean }
export interface Scene { code: string; name: string; disclose: string[] }
export type LicenceStatus = 'valid' | 'expired' | 'suspended' | 'revoked';
export interface WalletLicence {
  id: string; identifier: string; typeCode: string; typeName: string; issuerName: string; color: string;
  status: LicenceStatus; statusReason: string | null; issuedAt: string; validUntil: string | null;
  face: FieldValue[]; fields: FieldValue[]; scenes: Scene[];
}
export interface Copy { id: string; licenceId: string; typeName: string; purpose: string; recipient: string; fields: FieldValue[]; expiresAt: string; createdAt: string; withdrawn: boolean }
export interface CreatedCopy extends Copy { token: string }
export interface Check {
  id: string; at: string; verifierName: string | null; verifierCategory: string | null; typeName: string | null;
  scene: string | null; disclosed: string[]; ok: boolean; reason: string | null; copy: boolean;
}
export interface ServiceItem { id: string; code: string; name: string; orgId: string; orgName: string; evidence: Array<{ code: string; name: string }>; status: string; createdAt: string }
type Value = string | number | boolean | null;
export interface EvidenceContent {
  evidence: { code: string; name: string };
  provider: { kind: 'licence' | 'resource'; name: string; source: string };
  conclusion: string | null;
  noRecord: boolean;
  fields: Array<{ code: string; name: string }>;
  records: Array<Record<string, Value>>;
}
export interface EvidencePiece {
  code: string; name: string; outcome: 'fetched' | 'missing'; decision: 'pending' | 'confirmed' | 'declined';
  released: boolean; paperRequired: boolean; missingReason: string | null; digest: string | null; content: EvidenceContent | null;
}
export type ApplicationStatus = 'previewed' | 'submitted' | 'cancelled';
export interface ApplicationSummary {
  id: string; number: string; itemId: string; itemCode: string; itemName: string; orgId: string; orgName: string;
  status: ApplicationStatus; paperFree: boolean | null; previewedAt: string; submittedAt: string | null;
}
export interface Application extends ApplicationSummary { evidence: EvidencePiece[] }

// Every call is quiet on 401: the wallet handles its own session (the staff console's listener is not here).
const quiet = { quiet401: true } as const;

export const walletApi = {
  sendCode: (mobile: string) => api.post<{ sentTo: string; resendAfterSeconds: number; expiresInSeconds: number }>('/api/citizen/auth/code', { mobile }, quiet),
  login: (mobile: string, code: string) => api.post<{ account: Account; binding: Binding }>('/api/citizen/auth/login', { mobile, code }, quiet),
  logout: () => api.post<void>('/api/citizen/auth/logout', undefined, quiet),
  me: () => api.get<Account>('/api/citizen/me', undefined, quiet),
  bind: (idNumber: string, name: string) => api.post<Account>('/api/citizen/me/real-name', { idNumber, name }, quiet),
  licences: () => api.get<{ items: WalletLicence[] }>('/api/citizen/wallet/licences', undefined, quiet),
  registerKey: (jwk: { kty: string; crv: string; x: string; y: string }, device: string) =>
    api.post<{ id: string; thumbprint: string }>('/api/citizen/wallet/keys', { jwk, device }, quiet),
  /** A credential of the licence for one scene: only the claims the scene discloses, so the QR code stays small. */
  mint: (licenceId: string, keyId: string, scene: string) =>
    api.post<{ credential: string; expiresAt: string }>(`/api/citizen/wallet/licences/${licenceId}/credential`, { keyId, scene }, quiet),
  createCopy: (licenceId: string, body: { purpose: string; recipient: string; fields: string[]; days: number }) =>
    api.post<CreatedCopy>(`/api/citizen/wallet/licences/${licenceId}/copies`, body, quiet),
  copies: () => api.get<{ items: Copy[] }>('/api/citizen/wallet/copies', undefined, quiet),
  withdrawCopy: (id: string) => api.post<void>(`/api/citizen/wallet/copies/${id}/withdraw`, undefined, quiet),
  checks: () => api.get<{ items: Check[] }>('/api/citizen/wallet/checks', undefined, quiet),
  serviceItems: () => api.get<{ items: ServiceItem[] }>('/api/citizen/service-items', undefined, quiet),
  applications: () => api.get<{ items: ApplicationSummary[] }>('/api/citizen/applications', undefined, quiet),
  application: (id: string) => api.get<Application>(`/api/citizen/applications/${id}`, undefined, quiet),
  apply: (itemId: string) => api.post<Application>('/api/citizen/applications', { itemId }, quiet),
  previewAgain: (id: string) => api.post<Application>(`/api/citizen/applications/${id}/preview`, undefined, quiet),
  confirm: (id: string, body: { decline: string[]; digests: Record<string, string> }) =>
    api.post<Application>(`/api/citizen/applications/${id}/confirm`, body, quiet),
  cancel: (id: string) => api.post<Application>(`/api/citizen/applications/${id}/cancel`, undefined, quiet),
};
