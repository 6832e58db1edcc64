// Catalog content for tests: an item with sensible defaults, and the 民政局's marriage-registration resource
// that the ingest tests import into.
import type { CatalogEntryContent, CatalogItem } from '../../src/modules/catalog/index.ts';

/** A data item: strings 50 long, decimals 12,2, optional, not key, internal, unmasked unless said otherwise. */
export const item = (code: string, name: string, type: CatalogItem['type'], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code,
  name,
  type,
  length: type === 'string' ? 50 : type === 'decimal' ? 12 : null,
  scale: type === 'decimal' ? 2 : null,
  required: false,
  key: false,
  sensitivity: 'internal',
  mask: 'none',
  ...extra,
});

/** A complete entry around the given items (department class, unconditional share unless overridden). */
export const entryContent = (name: string, items: CatalogItem[], extra: Partial<CatalogEntryContent> = {}): CatalogEntryContent => ({
  name,
  summary: '测试资源',
  resourceClass: 'department',
  category: '民政',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'unconditional',
  shareConditions: null,
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items,
  ...extra,
});

/** 婚姻登记信息 of the 民政局: a string key, masked personal items, a date and a decimal. */
export const marriageRegistrations = (name = '婚姻登记信息'): CatalogEntryContent =>
  entryContent(
    name,
    [
      item('djzh', '登记证号', 'string', { length: 32, required: true, key: true }),
      item('nfxm', '男方姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
      item('nfsfzh', '男方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
      item('djrq', '登记日期', 'date', { required: true }),
      item('lb', '登记类别', 'string', { length: 4 }),
      item('fy', '登记费', 'decimal'),
    ],
    {
      summary: '全市婚姻登记机关办理的结婚、离婚登记信息。',
      resourceClass: 'base',
      category: '人口',
      shareType: 'conditional',
      shareConditions: '办理政务服务事项时核验婚姻状况',
      dataGrade: 'important',
    },
  );
