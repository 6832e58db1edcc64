// The vocabulary of data quality: rule kinds with the item types they fit and their parameters, incident
// states, run triggers, freshness windows and the score. Pure: no database, no clock.
import type { ItemType, UpdateFrequency } from '../catalog/index.ts';

export const RULE_KINDS = [
  'required', // 必填: the item has a value (an empty or blank string counts as missing)
  'unique', // 唯一: no two live records share the value
  'pattern', // 格式: the value matches a POSIX regular expression
  'code_table', // 代码表: the value is one of the listed codes
  'range', // 取值范围: numbers or dates within min/max
  'length', // 长度: characters within min/max
  'valid_date', // 日期有效: a real date, not in the future, not before 1900 (unless the params say)
  'citizen_id', // 公民身份号码 (GB 11643)
  'uscc', // 统一社会信用代码 (GB 32100)
  'mobile', // 手机号码
  'reference', // 关联一致: the value exists among the live records of another resource
  'freshness', // 及时性: the last batch is within the resource's update frequency (resource level)
  'row_count_change', // 数据量波动: live records changed by no more than a tolerance since the last run (resource level)
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Kinds that look at the resource as a whole rather than at one item. */
export const RESOURCE_LEVEL_KINDS: readonly RuleKind[] = ['freshness', 'row_count_change'];
export const isResourceLevel = (kind: RuleKind): boolean => RESOURCE_LEVEL_KINDS.includes(kind);

export const RULE_KIND_NAMES: Record<RuleKind, string> = {
  required: '必填',
  unique: '唯一',
  pattern: '格式',
  code_table: '代码表',
  range: '取值范围',
  length: '长度',
  valid_date: '日期有效',
  citizen_id: '公民身份号码',
  uscc: '统一社会信用代码',
  mobile: '手机号码',
  reference: '关联一致',
  freshness: '及时性',
  row_count_change: '数据量波动',
};

/** Item types each item-level kind can check. */
const FITS: Record<RuleKind, readonly ItemType[]> = {
  required: ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean'],
  unique: ['string', 'integer', 'decimal', 'date', 'datetime'],
  pattern: ['string'],
  code_table: ['string', 'integer'],
  range: ['integer', 'decimal', 'date', 'datetime'],
  length: ['string'],
  valid_date: ['date', 'datetime', 'string'],
  citizen_id: ['string'],
  uscc: ['string'],
  mobile: ['string'],
  reference: ['string', 'integer', 'decimal', 'date'],
  freshness: [],
  row_count_change: [],
};

export const kindFitsType = (kind: RuleKind, type: ItemType): boolean => FITS[kind].includes(type);
export const typesFor = (kind: RuleKind): readonly ItemType[] => FITS[kind];

export const INCIDENT_STATUSES = ['new', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_KINDS = ['rule', 'manual'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const RUN_TRIGGERS = ['batch', 'schedule', 'manual'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Parameters of each kind, after validation (a type alias, so it is also a plain JSON record). */
export type RuleParams = {
  pattern?: string;
  values?: string[];
  min?: number | string;
  max?: number | string;
  allowFuture?: boolean;
  resourceCode?: string;
  itemCode?: string;
  tolerancePercent?: number;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How old a resource's last batch may be for its update frequency (更新周期); null = never stale. */
export const FRESHNESS_WINDOW_MS: Record<UpdateFrequency, number | null> = {
  realtime: HOUR_MS,
  daily: DAY_MS,
  weekly: 7 * DAY_MS,
  monthly: 31 * DAY_MS,
  quarterly: 92 * DAY_MS,
  yearly: 366 * DAY_MS,
  irregular: null,
};

/** The window plus a grace of one day (none for real-time feeds); null when the frequency is irregular. */
export function freshnessLimitMs(frequency: UpdateFrequency): number | null {
  const window = FRESHNESS_WINDOW_MS[frequency];
  if (window === null) return null;
  return frequency === 'realtime' ? window : window + DAY_MS;
}

/** Whether data last loaded at `lastBatchAt` is stale at `now`. */
export function isStale(frequency: UpdateFrequency, lastBatchAt: Date, now: Date): boolean {
  const limit = freshnessLimitMs(frequency);
  return limit !== null && now.getTime() - lastBatchAt.getTime() > limit;
}

/** Whether a change from `previous` to `current` records exceeds the tolerance; no baseline (0) never fails. */
export function rowCountChangePercent(previous: number, current: number): number | null {
  if (previous <= 0) return null;
  return (Math.abs(current - previous) / previous) * 100;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Pass percentage of one rule: 100 × (1 − failed/evaluated); a rule that evaluated nothing passes. */
export function passPercent(r: { evaluated: number; failed: number }): number {
  return r.evaluated > 0 ? 100 * (1 - r.failed / r.evaluated) : 100;
}

/** Failed share of the evaluated records, in percent (0 when nothing was evaluated). */
export function failedPercent(r: { evaluated: number; failed: number }): number {
  return r.evaluated > 0 ? (100 * r.failed) / r.evaluated : 0;
}

/** Resource score: the mean pass percentage over the enabled rules, one decimal; null without rules. */
export function resourceScore(results: ReadonlyArray<{ evaluated: number; failed: number }>): number | null {
  if (!results.length) return null;
  return round1(results.reduce((s, r) => s + passPercent(r), 0) / results.length);
}

/** Department score: the mean of its resources' latest scores, one decimal; null without scored resources. */
export function meanScore(scores: ReadonlyArray<number>): number | null {
  if (!scores.length) return null;
  return round1(scores.reduce((s, n) => s + n, 0) / scores.length);
}
