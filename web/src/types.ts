import type { CatalogEntryContent } from '../../src/modules/catalog/model';

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
