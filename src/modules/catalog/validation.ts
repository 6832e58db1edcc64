// Rules a catalog entry must satisfy before it can be submitted (pure, for tests and the form).
import type { CatalogEntryContent } from './model.ts';

export interface ContentProblem {
  field: string;
  zh: string;
  en: string;
}

/** PostgreSQL's system columns: an item cannot be stored under these names. */
const RESERVED_CODES = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid', 'oid']);

/** Everything wrong with an entry's content, empty when it may be submitted. */
export function contentProblems(c: CatalogEntryContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (field: string, zh: string, en: string) => problems.push({ field, zh, en });
  if (!c.summary.trim()) add('summary', '摘要不能为空', 'the summary is required');
  if (c.shareType === 'conditional' && !c.shareConditions?.trim()) add('shareConditions', '有条件共享须写明共享条件', 'a conditional share must state its conditions');
  if (c.shareType === 'none' && !c.notSharedBasis?.trim()) add('notSharedBasis', '不予共享须注明法律法规或政策依据', 'a resource that is not shared must cite its legal basis');
  if (c.shareType !== 'none' && !c.shareModes.length) add('shareModes', '须选择至少一种共享方式', 'choose at least one share mode');
  if (!c.items.length) add('items', '须至少包含一个信息项', 'at least one data item is required');
  if (c.items.length && !c.items.some((i) => i.key)) add('items', '须指定至少一个主键信息项', 'mark at least one key item');
  const seen = new Set<string>();
  for (const [n, item] of c.items.entries()) {
    if (seen.has(item.code)) add(`items/${n}/code`, `信息项代码重复：${item.code}`, `duplicate item code ${item.code}`);
    if (RESERVED_CODES.has(item.code)) add(`items/${n}/code`, `信息项代码是数据库保留字，请换一个：${item.code}`, `item code ${item.code} is reserved by the database`);
    seen.add(item.code);
    if (item.key && !item.required) add(`items/${n}/required`, `主键信息项必须必填：${item.name}`, `key item ${item.code} must be required`);
    if (item.type === 'string' && !item.length) add(`items/${n}/length`, `字符型信息项须注明长度：${item.name}`, `string item ${item.code} needs a length`);
    if (item.type === 'decimal' && (!item.length || item.scale === null || item.scale > item.length)) {
      add(`items/${n}/scale`, `数值型信息项须注明精度：${item.name}`, `decimal item ${item.code} needs precision and scale`);
    }
  }
  return problems;
}
