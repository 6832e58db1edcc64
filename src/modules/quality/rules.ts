// Checking a rule's input before it is stored: the kind fits the item (or is resource level), and its
// parameters are complete and well-formed. Pure; what needs the database (the regex compiles in PostgreSQL,
// the referenced resource exists) is checked by the use case in rule-service.ts.
import { AppError, type ErrorCode } from '../../kernel/errors.ts';
import type { CatalogItem } from '../catalog/index.ts';
import { isResourceLevel, kindFitsType, RULE_KIND_NAMES, typesFor, type RuleKind, type RuleParams } from './model.ts';

const TYPE_NAMES: Record<string, string> = { string: '字符串', integer: '整数', decimal: '数值', date: '日期', datetime: '日期时间', boolean: '布尔' };

/** Parameters each kind accepts; anything else is refused rather than silently ignored. */
const ALLOWED: Record<RuleKind, readonly (keyof RuleParams)[]> = {
  required: [],
  unique: [],
  pattern: ['pattern'],
  code_table: ['values'],
  range: ['min', 'max'],
  length: ['min', 'max'],
  valid_date: ['min', 'allowFuture'],
  citizen_id: [],
  uscc: [],
  mobile: [],
  reference: ['resourceCode', 'itemCode'],
  freshness: [],
  row_count_change: ['tolerancePercent'],
};

const fail = (code: ErrorCode, zh: string, en: string): never => {
  throw new AppError(code, { zh, en });
};
const invalid = (zh: string, en: string): never => fail('QUALITY_RULE_INVALID', zh, en);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const NUMBER = /^[+-]?\d{1,30}(\.\d{1,30})?$/;
const INTEGER = /^[+-]?\d{1,19}$/;
const ITEM_CODE = /^[a-z][a-z0-9_]{0,62}$/;

/** A real calendar day written YYYY-MM-DD (year 0001 to 9999). */
export function isRealDay(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return false;
  const t = new Date(Date.UTC(2000, mo - 1, d));
  t.setUTCFullYear(y);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A bound of a range rule in the form PostgreSQL parses for the item's type. */
function bound(item: CatalogItem, name: 'min' | 'max', v: unknown): string {
  if (item.type === 'integer' || item.type === 'decimal') {
    const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!NUMBER.test(s) && !(typeof v === 'number' && Number.isFinite(v))) invalid(`${name} 必须是数值`, `${name} must be a number`);
    return s;
  }
  if (typeof v !== 'string') return invalid(`${name} 必须是日期（YYYY-MM-DD）`, `${name} must be a date (YYYY-MM-DD)`);
  if (item.type === 'date') {
    if (!isRealDay(v)) invalid(`${name} 不是有效日期（YYYY-MM-DD）`, `${name} is not a real date (YYYY-MM-DD)`);
    return v;
  }
  // datetime: a day means its start in Asia/Shanghai; a time must carry its offset.
  if (isRealDay(v)) return `${v}T00:00:00+08:00`;
  if (!DATETIME.test(v) || Number.isNaN(Date.parse(v)) || !isRealDay(v.slice(0, 10))) {
    invalid(`${name} 不是有效的日期时间（ISO 8601，带时区）`, `${name} is not a valid ISO 8601 date-time with an offset`);
  }
  return v;
}

const compareBounds = (item: CatalogItem, min: string, max: string): number =>
  item.type === 'integer' || item.type === 'decimal' ? Number(min) - Number(max) : item.type === 'date' ? min.localeCompare(max) : Date.parse(min) - Date.parse(max);

function lengthBound(name: 'min' | 'max', v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) return invalid(`${name} 必须是不小于 0 的整数`, `${name} must be a whole number ≥ 0`);
  return v;
}

/**
 * The rule's normalised parameters, or an AppError naming what is wrong: the item missing (QUALITY_ITEM_NOT_FOUND
 * is raised by the caller, which knows the resource), the kind not fitting the item (QUALITY_KIND_MISMATCH),
 * or bad parameters (QUALITY_RULE_INVALID).
 */
export function checkRuleInput(kind: RuleKind, item: CatalogItem | null, raw: Record<string, unknown>): RuleParams {
  const kindName = RULE_KIND_NAMES[kind];
  if (isResourceLevel(kind)) {
    if (item) fail('QUALITY_KIND_MISMATCH', `“${kindName}”是资源级规则，不能指定信息项`, `a ${kind} rule checks the whole resource; do not name an item`);
  } else if (!item) {
    return fail('QUALITY_KIND_MISMATCH', `“${kindName}”规则须指定信息项`, `a ${kind} rule needs an item`);
  } else if (!kindFitsType(kind, item.type)) {
    fail(
      'QUALITY_KIND_MISMATCH',
      `“${kindName}”规则不适用于${TYPE_NAMES[item.type] ?? item.type}类型的信息项 ${item.code}（适用：${typesFor(kind).map((t) => TYPE_NAMES[t]).join('、')}）`,
      `a ${kind} rule does not fit item ${item.code} of type ${item.type} (fits: ${typesFor(kind).join(', ')})`,
    );
  }
  const unknown = Object.keys(raw).filter((k) => !(ALLOWED[kind] as readonly string[]).includes(k));
  if (unknown.length) invalid(`“${kindName}”规则不接受参数：${unknown.join('、')}`, `a ${kind} rule does not take: ${unknown.join(', ')}`);

  switch (kind) {
    case 'pattern': {
      const pattern = raw.pattern;
      if (typeof pattern !== 'string' || !pattern.length || pattern.length > 500) return invalid('pattern 须为 1–500 个字符的正则表达式', 'pattern must be a regular expression of 1 to 500 characters');
      if (pattern.includes('\u0000')) invalid('正则表达式不能包含 NUL 字符', 'the pattern must not contain NUL');
      return { pattern };
    }
    case 'code_table': {
      const values = raw.values;
      if (!Array.isArray(values) || !values.length || values.length > 5000) return invalid('values 须为 1–5000 个代码值的数组', 'values must be an array of 1 to 5000 codes');
      const out = new Set<string>();
      for (const v of values) {
        const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : null;
        if (s === null || !s.length || s.length > 200) return invalid('代码值须为 1–200 个字符的文本或数字', 'each code must be text of 1 to 200 characters or a number');
        if (item!.type === 'integer') {
          if (!INTEGER.test(s.trim())) invalid(`整数信息项的代码值必须是整数：${s}`, `codes of an integer item must be integers: ${s}`);
          out.add(BigInt(s.trim()).toString());
        } else {
          out.add(s);
        }
      }
      return { values: [...out] };
    }
    case 'range': {
      if (raw.min === undefined && raw.max === undefined) invalid('取值范围规则至少需要 min 或 max', 'a range rule needs min or max');
      const min = raw.min === undefined ? undefined : bound(item!, 'min', raw.min);
      const max = raw.max === undefined ? undefined : bound(item!, 'max', raw.max);
      if (min !== undefined && max !== undefined && compareBounds(item!, min, max) > 0) invalid('min 不能大于 max', 'min must not exceed max');
      return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'length': {
      if (raw.min === undefined && raw.max === undefined) invalid('长度规则至少需要 min 或 max', 'a length rule needs min or max');
      const min = raw.min === undefined ? undefined : lengthBound('min', raw.min);
      const max = raw.max === undefined ? undefined : lengthBound('max', raw.max);
      if (min !== undefined && max !== undefined && min > max) invalid('min 不能大于 max', 'min must not exceed max');
      return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'valid_date': {
      const out: RuleParams = {};
      if (raw.min !== undefined) {
        if (typeof raw.min !== 'string' || !isRealDay(raw.min)) invalid('min 须为有效日期（YYYY-MM-DD）', 'min must be a real date (YYYY-MM-DD)');
        out.min = raw.min as string;
      }
      if (raw.allowFuture !== undefined) {
        if (typeof raw.allowFuture !== 'boolean') invalid('allowFuture 须为 true 或 false', 'allowFuture must be true or false');
        out.allowFuture = raw.allowFuture as boolean;
      }
      return out;
    }
    case 'reference': {
      const { resourceCode, itemCode } = raw;
      if (typeof resourceCode !== 'string' || !resourceCode.trim() || resourceCode.length > 60) return invalid('resourceCode 须为被引用资源的资源代码', 'resourceCode must be the code of the referenced resource');
      if (typeof itemCode !== 'string' || !ITEM_CODE.test(itemCode)) return invalid('itemCode 须为被引用资源的信息项代码', 'itemCode must be an item code of the referenced resource');
      return { resourceCode: resourceCode.trim(), itemCode };
    }
    case 'row_count_change': {
      const t = raw.tolerancePercent;
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1_000_000) return invalid('tolerancePercent 须为不小于 0 的百分比', 'tolerancePercent must be a percentage ≥ 0');
      return { tolerancePercent: t };
    }
    default:
      return {};
  }
}

/** Item types whose values a reference rule can compare directly (otherwise both sides are compared as text). */
export const sameComparable = (a: CatalogItem, b: CatalogItem): boolean => a.type === b.type;
