export const ROLES = [
  'platform_admin',
  'org_admin',
  'chief_data_officer',
  'data_steward',
  'approver',
  'auditor',
  'developer',
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
  actorKind: 'user' | 'client' | 'system';
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

export const RESOURCE_CLASSES = ['base', 'theme', 'department'] as const;
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const SHARE_MODES = ['api', 'table', 'file'] as const;
export const OPEN_TYPES = ['open', 'conditional', 'none'] as const;
export const DATA_GRADES = ['core', 'important', 'general'] as const;
export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export const ITEM_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean'] as const;
export const SENSITIVITIES = ['public', 'internal', 'sensitive', 'personal'] as const;
export const MASK_RULES = ['none', 'citizen_id', 'mobile', 'name', 'uscc', 'address', 'full'] as const;
export const ENTRY_STATUSES = ['draft', 'submitted', 'published', 'returned'] as const;

export type ResourceClass = (typeof RESOURCE_CLASSES)[number];
export type ShareType = (typeof SHARE_TYPES)[number];
export type ShareMode = (typeof SHARE_MODES)[number];
export type OpenType = (typeof OPEN_TYPES)[number];
export type DataGrade = (typeof DATA_GRADES)[number];
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];
export type ItemType = (typeof ITEM_TYPES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
export type MaskRule = (typeof MASK_RULES)[number];
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** 信息项 */
export interface CatalogItem {
  code: string;
  name: string;
  type: ItemType;
  length: number | null;
  scale: number | null;
  required: boolean;
  key: boolean;
  sensitivity: Sensitivity;
  mask: MaskRule;
}

export interface CatalogContent {
  name: string;
  summary: string;
  resourceClass: ResourceClass;
  category: string;
  format: string;
  updateFrequency: UpdateFrequency;
  shareType: ShareType;
  shareConditions: string | null;
  notSharedBasis: string | null;
  shareModes: ShareMode[];
  openType: OpenType;
  dataGrade: DataGrade;
  relatedCodes: string[];
  items: CatalogItem[];
}

export interface CatalogEntry extends CatalogContent {
  id: string;
  code: string;
  providerOrgId: string;
  providerName: string;
  providerUscc: string | null;
  status: EntryStatus;
  version: number;
  publishedAt: string | null;
  returnReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogVersion {
  version: number;
  publishedAt: string;
  content: CatalogContent;
}

export interface CatalogTreeNode {
  key: string;
  title: string;
  count: number;
  children: CatalogTreeNode[];
}
