import type { CatalogEntryContent } from '../../src/modules/catalog/model';

export const ROLES = [
  'platform_admin',
  'org_admin',
  'chief_data_officer',
  'data_steward',
  'approver',
  'auditor',
  'developer',
  'verifier',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = [
  'city',
  'district',
  'county',
  'county_city',
  'dev_zone',
  'street',
  'town',
  'community',
  'village',
  'department',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface Post {
  orgId: string;
  orgName: string;
  title: string;
  primary: boolean;
}

export interface RoleGrant {
  id: string;
  role: Role;
  orgId: string;
  orgName: string;
}

export interface Me {
  id: string;
  username: string;
  name: string;
  mobileMasked: string;
  totpEnabled: boolean;
  posts: Post[];
  roles: RoleGrant[];
}

export interface MeResponse {
  kind: 'user';
  user: Me;
}

export interface OrgNode {
  id: string;
  name: string;
  kind: OrgKind;
  level: number;
  regionCode: string | null;
  uscc: string | null;
  children: OrgNode[];
}

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
  level: number;
  regionCode: string | null;
  uscc: string | null;
  parentId: string | null;
  shortName?: string | null;
  path: Array<{ id: string; name: string }>;
}

export interface UserSummary {
  id: string;
  totpEnabled?: boolean;
  username: string;
  name: string;
  mobileMasked: string;
  citizenIdMasked: string | null;
  status: 'active' | 'disabled';
  posts: Post[];
  roles: RoleGrant[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ApiClient {
  id: string;
  name: string;
  orgId: string;
  orgName: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  status: 'active' | 'revoked';
}

export interface ApiClientWithKey {
  client: ApiClient;
  apiKey: string;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorKind: 'user' | 'client' | 'citizen' | 'system';
  orgId: string | null;
  orgName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  hash?: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
  /** Human-readable explanation, when the server provides one. */
  message?: string;
  checkpoints: number;
}

export interface StatsOverview {
  orgs: number;
  departments: number;
  users: number;
  apiClients: number;
  auditRecords: number;
  orgsByLevel: Array<{ level: number; count: number }>;
  auditPerDay: Array<{ day: string; count: number }>;
}

// ---- Catalog (数据目录) ----

// One vocabulary for server and console: the catalog's model file is pure (no imports), so the console
// bundles it directly instead of keeping a copy that could drift.
export {
  RESOURCE_CLASSES, SHARE_TYPES, SHARE_MODES, OPEN_TYPES, DATA_GRADES, UPDATE_FREQUENCIES, ITEM_TYPES, SENSITIVITIES, MASK_RULES, ENTRY_STATUSES,
} from '../../src/modules/catalog/model';
export type {
  ResourceClass, ShareType, ShareMode, OpenType, DataGrade, UpdateFrequency, ItemType, Sensitivity, MaskRule, EntryStatus, CatalogItem,
  CatalogEntryContent as CatalogContent, CatalogEntryView as CatalogEntry,
} from '../../src/modules/catalog/model';

export interface CatalogVersion {
  version: number;
  publishedAt: string;
  content: CatalogEntryContent;
}

export interface CatalogTreeNode {
  key: string;
  title: string;
  count: number;
  children: CatalogTreeNode[];
}

// ---- Ingest (数据汇聚) ----

export const BATCH_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
/** Encodings accepted for CSV uploads (`auto` detects UTF-8, with or without BOM, or GB18030/GBK). */
export const UPLOAD_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type UploadEncoding = (typeof UPLOAD_ENCODINGS)[number];
export const UPLOAD_EXTENSIONS = ['csv', 'xlsx', 'json', 'ndjson'] as const;

/** A message the server gives in both languages. */
export interface BilingualText {
  zh: string;
  en: string;
}

export interface IngestBatch {
  id: number;
  entryId: string;
  /** file | push | pull */
  source: string;
  sourceName: string;
  /** running | succeeded | failed */
  status: string;
  format: string | null;
  totalBytes: number | null;
  bytesRead: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  ignoredColumns: string[];
  error: BilingualText | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface OpenedBatch {
  /** new | resumed | done (this content was imported before: nothing changed) */
  state: string;
  batch: IngestBatch;
}

/** A record as the server shows it: item code → masked value, plus its metadata. */
export type IngestRecord = Record<string, unknown> & { _updatedAt?: string; _batch?: number };

export interface Ledger {
  totals: { resources: number; records: number };
  byResource: Array<{ entryId: string; code: string; name: string; providerOrgId: string; providerName: string; records: number; lastBatchAt: string | null }>;
  byDepartment: Array<{ orgId: string; name: string; resources: number; records: number }>;
  daily: Array<{ day: string; inserted: number; updated: number; deleted: number; rejected: number; batches: number }>;
}

// ---- Quality (数据质量) ----

export const INCIDENT_STATUSES = ['new', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface QualityDashboard {
  resources: Array<{ entryId: string; code: string | null; name: string | null; providerOrgId: string; providerName: string | null; score: number; checkedAt: string }>;
  departments: Array<{ orgId: string; name: string | null; resources: number; score: number }>;
  history: Array<{ day: string; score: number }>;
  departmentHistory: Array<{ day: string; orgId: string; name: string | null; score: number }>;
  incidents: { new: number; acknowledged: number; resolved: number; overdue: number };
}

export interface Incident {
  id: string;
  kind: 'rule' | 'manual';
  ruleId: string | null;
  ruleKind: string | null;
  itemCode: string | null;
  entryId: string;
  resourceCode: string | null;
  resourceName: string | null;
  providerOrgId: string;
  providerName: string | null;
  title: string;
  status: IncidentStatus;
  openedAt: string;
  deadline: string;
  overdue: boolean;
  overdueAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedNote: string | null;
  resolvedAt: string | null;
  resolution: 'auto' | 'manual' | null;
  resolutionNote: string | null;
  lastFailed: number | null;
  lastEvaluated: number | null;
  lastRunId: string | null;
}

export interface SampleRow {
  key: Record<string, unknown>;
  value: unknown;
}

export interface IncidentDetail extends Incident {
  latestResult: { runId: string; evaluated: number; failed: number; failedPercent: number; sample: SampleRow[]; detail: Record<string, unknown> | null } | null;
  flags: Array<{ id: string; key: Record<string, unknown>; reason: string; flaggedAt: string }>;
  history: Array<{ at: string; action: 'opened' | 'acknowledged' | 'escalated' | 'resolved'; actorName: string | null; note: string | null; detail: Record<string, unknown> | null }>;
}

// ---- Sharing (数据共享) ----

// The sharing vocabulary, from the server's pure model file (like the catalog's).
export { REQUEST_STATUSES, OPEN_STATUSES, GRANT_STATUSES, GRANT_MODES, OPERATIONS } from '../../src/modules/sharing/model';
export type { RequestStatus, GrantStatus, GrantMode, Operation, RowCondition } from '../../src/modules/sharing/model';

// What the sharing API answers: the server's own view types (a pure file), under the console's names.
export type {
  ProviderDecision,
  RequestView as SharingRequest,
  RequestEventView as SharingRequestEvent,
  RequestDetailView as SharingRequestDetail,
  GrantView as SharingGrant,
  SharingStats,
  CallView as ServiceCall,
} from '../../src/modules/sharing/views';
export type { RequestInput as SharingRequestInput } from '../../src/modules/sharing/model';
