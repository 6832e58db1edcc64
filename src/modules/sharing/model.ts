// The sharing vocabulary: request states, grant states, the row filter, the data-service operations, and the
// views the API answers. Pure: the console imports it too.

export const REQUEST_STATUSES = ['pending_provider', 'pending_operator', 'info_requested', 'approved', 'rejected', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** States in which somebody still has to act on a request. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['pending_provider', 'pending_operator', 'info_requested'];
export const PENDING_STATUSES: readonly RequestStatus[] = ['pending_provider', 'pending_operator'];

export const GRANT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** Share modes a grant can cover: 接口 (data service calls) and 库表 (bulk export and change feed). */
export const GRANT_MODES = ['api', 'table'] as const;
export type GrantMode = (typeof GRANT_MODES)[number];

export const OPERATIONS = ['lookup', 'list', 'export', 'changes'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** Which share mode an operation belongs to. */
export const OPERATION_MODE: Record<Operation, GrantMode> = { lookup: 'api', list: 'api', export: 'table', changes: 'table' };

/** Only records whose item holds one of the values (e.g. 登记机关 of the consumer's own county). */
export interface RowCondition {
  item: string;
  values: string[];
}

/** What a consuming department asks for. */
export interface RequestInput {
  items: string[];
  queryKeys: string[];
  rowFilter: RowCondition[];
  modes: GrantMode[];
  purpose: string;
  legalBasis: string | null;
  scenario: string | null;
  dailyVolume: number;
  /** Last day (YYYY-MM-DD, Shanghai) the grant would be valid. */
  validUntil: string;
}

/** What an approver grants: at most what was asked. */
export interface Decision {
  items: string[];
  plainItems: string[];
  dailyQuota: number;
  ratePerMinute: number;
  validUntil: string;
  note: string | null;
}

/** A data service's code in URLs: the resource code with "/" as "-" ("MB1234567/000001" → "MB1234567-000001"). */
export const serviceCodeOf = (resourceCode: string): string => resourceCode.replace('/', '-');
export const resourceCodeOf = (serviceCode: string): string => serviceCode.replace('-', '/');
