// The catalog's vocabulary after GB/T 21063 (政务信息资源目录) and its 2017 编制指南, with the data grades of
// GB/T 43697-2024. Codes are stored in English; the console shows the Chinese terms.

export const RESOURCE_CLASSES = ['base', 'theme', 'department'] as const; // 基础 / 主题 / 部门
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const; // 无条件共享 / 有条件共享 / 不予共享
export const SHARE_MODES = ['api', 'table', 'file'] as const; // 接口 / 库表 / 文件
export const OPEN_TYPES = ['open', 'conditional', 'none'] as const; // 无条件开放 / 有条件开放 / 不予开放
export const DATA_GRADES = ['core', 'important', 'general'] as const; // 核心 / 重要 / 一般
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

/** 信息项: one data item of a resource. */
export interface CatalogItem {
  /** Column-safe code, e.g. "sfzhm". */
  code: string;
  /** Chinese name, e.g. "公民身份号码". */
  name: string;
  type: ItemType;
  /** Maximum length for strings, total digits for decimals. */
  length: number | null;
  /** Digits after the point for decimals. */
  scale: number | null;
  required: boolean;
  /** Key items together identify a record (the typed table's primary key). */
  key: boolean;
  sensitivity: Sensitivity;
  mask: MaskRule;
}

/** The content of a catalog entry that a steward edits; a published change to `items` is a new version. */
export interface CatalogEntryContent {
  name: string;
  summary: string;
  resourceClass: ResourceClass;
  /** Category within the class, e.g. "人口" / "法人" / "社会保障". */
  category: string;
  /** Format of the resource, e.g. "数据库表" / "电子表格" / "接口". */
  format: string;
  updateFrequency: UpdateFrequency;
  shareType: ShareType;
  /** Conditions of a conditional share (有条件共享 must state them). */
  shareConditions: string | null;
  /** Legal basis for not sharing (不予共享 must cite it). */
  notSharedBasis: string | null;
  shareModes: ShareMode[];
  openType: OpenType;
  dataGrade: DataGrade;
  /** Codes of related resources (关联资源). */
  relatedCodes: string[];
  items: CatalogItem[];
}

/** A catalog entry as the API and other modules see it. */
export interface CatalogEntryView extends CatalogEntryContent {
  id: string;
  /** Resource code (资源代码), unique and stable across versions. */
  code: string;
  providerOrgId: string;
  providerName: string;
  providerUscc: string | null;
  status: EntryStatus;
  /** Published version number; 0 before the first publication. */
  version: number;
  publishedAt: string | null;
  returnReason: string | null;
  createdAt: string;
  updatedAt: string;
}
