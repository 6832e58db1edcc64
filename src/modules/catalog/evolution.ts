// How a published resource's items may change in a new version. Its records already live in a typed table,
// so a new version may add items and widen types, never drop, rename, re-key or narrow (stored values would
// be lost or no longer fit). Pure, so the form, the submit check and the table migration agree.
import type { CatalogItem } from './model.ts';
import type { ContentProblem } from './validation.ts';

/** bigint holds up to 19 digits: a decimal must keep that many before the point to take over an integer. */
const BIGINT_DIGITS = 19;

/** True when every value of type `from` fits type `to` unchanged. */
export function widens(from: CatalogItem, to: CatalogItem): boolean {
  const intDigits = (i: CatalogItem) => (i.length ?? 0) - (i.scale ?? 0);
  if (from.type === to.type) {
    if (to.type === 'string') return to.length === null || (from.length !== null && to.length >= from.length);
    if (to.type === 'decimal') return intDigits(to) >= intDigits(from) && (to.scale ?? 0) >= (from.scale ?? 0);
    return true;
  }
  if (from.type === 'integer' && to.type === 'decimal') return intDigits(to) >= BIGINT_DIGITS;
  if (from.type === 'date' && to.type === 'datetime') return true;
  return false;
}

/** Everything that makes `next` incompatible with the published `previous` items; empty when it may be published. */
export function breakingItemChanges(previous: readonly CatalogItem[], next: readonly CatalogItem[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const byCode = new Map(next.map((i) => [i.code, i]));
  for (const old of previous) {
    const now = byCode.get(old.code);
    if (!now) {
      problems.push({ field: 'items', zh: `已发布的信息项不能删除或改代码：${old.name}（${old.code}）`, en: `published item ${old.code} cannot be removed or renamed` });
      continue;
    }
    if (old.key !== now.key) {
      problems.push({ field: `items/${old.code}/key`, zh: `已发布资源的主键不能变更：${old.name}`, en: `the key of a published resource cannot change (${old.code})` });
    }
    if (old.key && now.key && old.type !== now.type) {
      // A key compares by value: a date turned into a time of day (or any other type change) would no longer
      // match the records already stored under it.
      problems.push({ field: `items/${old.code}/type`, zh: `主键信息项不能改变类型：${old.name}`, en: `the type of key item ${old.code} cannot change` });
    } else if (!widens(old, now)) {
      problems.push({ field: `items/${old.code}/type`, zh: `信息项类型只能放宽，不能收窄或改为不兼容类型：${old.name}`, en: `item ${old.code} may only be widened, not narrowed or changed to an incompatible type` });
    }
  }
  for (const added of next) {
    if (added.key && !previous.some((p) => p.code === added.code)) {
      problems.push({ field: `items/${added.code}/key`, zh: `新增信息项不能作为主键：${added.name}`, en: `a new item cannot join the key (${added.code})` });
    }
  }
  return problems;
}
