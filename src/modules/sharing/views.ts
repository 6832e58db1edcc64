// What the sharing API answers, as plain types: the server's use cases build them, the console reads them
// (it imports this file, so the shapes are written once). Pure: no imports but the vocabularies.
import type { DataGrade } from '../catalog/model.ts';
import type { GrantMode, GrantStatus, RequestStatus, RowCondition } from './model.ts';

/** The provider's decision, kept while the platform operator reviews it. */
export interface ProviderDecision {
  items: string[];
  plainItems: string[];
  dailyQuota: number;
  ratePerMinute: number;
  validUntil: string;
  note: string | null;
  by: string;
  byName: string;
  at: string;
}

export interface RequestView {
  id: string;
  number: string;
  entryId: string;
  resourceCode: string;
  serviceCode: string;
  resourceName: string;
  providerOrgId: string;
  providerName: string;
  consumerOrgId: string;
  consumerName: string;
  clientId: string;
  clientName: string;
  requestedBy: string;
  requestedByName: string;
  items: string[];
  queryKeys: string[];
  rowFilter: RowCondition[];
  modes: GrantMode[];
  purpose: string;
  legalBasis: string | null;
  scenario: string | null;
  dailyVolume: number;
  validUntil: string;
  shareType: 'unconditional' | 'conditional';
  dataGrade: DataGrade;
  status: RequestStatus;
  submittedAt: string;
  deadline: string | null;
  /** Pending past its deadline. */
  overdue: boolean;
  remindedAt: string | null;
  escalatedAt: string | null;
  providerDecision: ProviderDecision | null;
  decidedAt: string | null;
  decidedByName: string | null;
  reason: string | null;
  grantId: string | null;
  /** What the caller may do with it now. */
  canDecide: boolean;
  canAmend: boolean;
}

export interface RequestEventView {
  at: string;
  action: string;
  actorName: string;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export type RequestDetailView = RequestView & { events: RequestEventView[] };

export interface GrantView {
  id: string;
  requestId: string;
  entryId: string;
  resourceCode: string;
  serviceCode: string;
  resourceName: string;
  providerOrgId: string;
  providerName: string;
  consumerOrgId: string;
  consumerName: string;
  clientId: string;
  clientName: string;
  items: string[];
  plainItems: string[];
  queryKeys: string[];
  rowFilter: RowCondition[];
  modes: GrantMode[];
  purpose: string;
  dailyQuota: number;
  ratePerMinute: number;
  validFrom: string;
  validUntil: string;
  status: GrantStatus;
  /** Active but past its last valid day. */
  expired: boolean;
  statusReason: string | null;
  updatedAt: string;
  /** The caller may renew, suspend, resume and revoke it (provider side, operator). */
  canManage: boolean;
  /** The caller may give it up (consumer side). */
  canRelinquish: boolean;
}

export interface ApprovalStatsRow {
  providerOrgId: string;
  providerName: string;
  decided: number;
  approved: number;
  rejected: number;
  /** Mean working days from (re)submission to decision. */
  meanWorkdays: number | null;
  maxWorkdays: number | null;
  /** Decided within the deadline, percent. */
  onTimePct: number | null;
  pending: number;
  overdue: number;
}

export interface SharingStats {
  days: number;
  servicesPublished: number;
  grantsActive: number;
  grantsSuspended: number;
  callsTotal: number;
  callsInPeriod: number;
  failedInPeriod: number;
  rowsInPeriod: number;
  perDay: Array<{ day: string; calls: number; failed: number }>;
  byResource: Array<{ id: string; name: string; calls: number; failed: number }>;
  byConsumer: Array<{ id: string; name: string; calls: number; failed: number }>;
  approvals: ApprovalStatsRow[];
}

export interface CallView {
  id: string;
  at: string;
  clientName: string;
  consumerName: string;
  resourceCode: string | null;
  operation: string;
  endUser: string | null;
  businessRef: string | null;
  items: string[] | null;
  rows: number;
  status: number;
  code: string | null;
  latencyMs: number;
  responseHash: string | null;
  signed: boolean;
}
