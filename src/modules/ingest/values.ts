// Turning what a file or a system sent into the typed values of a resource's items, or saying exactly why
// not. Pure: the same rules serve files, pushes and pulls. Values come out as the text PostgreSQL parses for
// the column type (numbers stay exact as text, never floats), booleans and null as themselves.
import type { CatalogItem } from '../catalog/index.ts';

export type TypedValue = string | boolean | null;

export interface ValueProblem {
  item: string;
  zh: string;
  en: string;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+)(?:\.(\d+))?$/;
const BIGINT_MAX = 9223372036854775807n;
const DATE_FORMS = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', '是', 't']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', '否', 'f']);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const NULL_VALUE: { value: TypedValue } = Object.freeze({ value: null });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The Gregorian calendar has this day (years 1000–9999, as dates are written here). */
function realDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0);
}

/** The raw value as text, or null when it is absent (empty cells, empty strings, JSON null). */
function asText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') {
    const t = raw.trim();
    return t === '' ? null : t;
  }
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  return null;
}

type Coerced = { value: TypedValue } | { problem: ValueProblem };

function failure(item: CatalogItem, zh: string, en: string): Coerced {
  // Messages quote the value; a NUL in it could not be stored with the rejected row.
  const clean = (s: string) => s.split('\u0000').join('');
  return { problem: { item: item.code, zh: clean(`${item.name}：${zh}`), en: clean(`${item.code}: ${en}`) } };
}

/** One item's value, or the problem with it. Runs for every cell of every import: kept allocation-light. */
export function coerceValue(item: CatalogItem, raw: unknown): Coerced {
  if (typeof raw === 'string' && item.type === 'string') {
    // The common case first: text into a text column.
    const t = raw.trim();
    if (t === '') return item.required ? failure(item, '必填信息项为空', 'required value is missing') : NULL_VALUE;
    // UTF-16 length ≥ characters, so only a long value needs counting by code point.
    if (item.length && t.length > item.length) {
      const length = Array.from(t).length;
      if (length > item.length) return failure(item, `长度 ${length} 超过 ${item.length}`, `length ${length} exceeds ${item.length}`);
    }
    if (t.includes('\u0000')) return failure(item, '包含非法字符', 'contains a NUL character');
    return { value: t };
  }
  if (raw instanceof Date) return coerceDate(item, raw);
  // A JSON number beyond 2^53 has already lost digits when it arrives: say so rather than store another number.
  if (typeof raw === 'number' && (!Number.isFinite(raw) || (Number.isInteger(raw) && !Number.isSafeInteger(raw)))) {
    return failure(item, '数字过大，已无法精确表示，请以字符串传送', 'the number is too large to be exact; send it as a string');
  }
  if (typeof raw === 'object' && raw !== null) return failure(item, '不能是对象或数组', 'must not be an object or array');
  const text = asText(raw);
  if (text === null) return item.required ? failure(item, '必填信息项为空', 'required value is missing') : NULL_VALUE;
  switch (item.type) {
    case 'string': {
      const length = Array.from(text).length;
      if (item.length && length > item.length) return failure(item, `长度 ${length} 超过 ${item.length}`, `length ${length} exceeds ${item.length}`);
      return { value: text };
    }
    case 'integer': {
      if (!INTEGER.test(text)) return failure(item, `“${text.slice(0, 30)}”不是整数`, `"${text.slice(0, 30)}" is not an integer`);
      const n = BigInt(text);
      if (n > BIGINT_MAX || n < -BIGINT_MAX) return failure(item, '整数超出范围', 'integer out of range');
      return { value: n.toString() };
    }
    case 'decimal': {
      const m = DECIMAL.exec(text.replace(/,/g, ''));
      if (!m) return failure(item, `“${text.slice(0, 30)}”不是数值`, `"${text.slice(0, 30)}" is not a number`);
      const scale = item.scale ?? 0;
      const intDigits = m[1]!.replace(/^0+(?=\d)/, '').length;
      const fraction = (m[2] ?? '').replace(/0+$/, '');
      if (intDigits > (item.length ?? 38) - scale) return failure(item, '数值超出精度', 'number exceeds the precision');
      if (fraction.length > scale) return failure(item, `小数位超过 ${scale} 位`, `more than ${scale} decimal places`);
      return { value: text.replace(/,/g, '') };
    }
    case 'date': {
      const m = DATE_FORMS.exec(text);
      if (!m) return failure(item, `“${text.slice(0, 30)}”不是日期（应为 YYYY-MM-DD）`, `"${text.slice(0, 30)}" is not a date (YYYY-MM-DD)`);
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!realDate(y, mo, d)) return failure(item, `日期不存在：${text}`, `no such date: ${text}`);
      return { value: `${y}-${pad(mo)}-${pad(d)}` };
    }
    case 'datetime': {
      const m = DATETIME.exec(text);
      if (!m) {
        const dateOnly = DATE_FORMS.exec(text);
        if (dateOnly && realDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]))) {
          return { value: `${dateOnly[1]}-${pad(Number(dateOnly[2]))}-${pad(Number(dateOnly[3]))}T00:00:00+08:00` };
        }
        return failure(item, `“${text.slice(0, 30)}”不是日期时间`, `"${text.slice(0, 30)}" is not a date-time`);
      }
      const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
      if (!realDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return failure(item, `时间不存在：${text}`, `no such time: ${text}`);
      if (m[8] && m[8] !== 'Z' && Number(m[8].slice(1, 3)) > 14) return failure(item, `时区偏移不存在：${m[8]}`, `no such time zone offset: ${m[8]}`);
      // Without a zone, a time written in Weifang is Beijing time.
      const zone = m[8] ? (m[8] === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '+08:00';
      return { value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(s)}${m[7] ?? ''}${zone}` };
    }
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return failure(item, `“${text.slice(0, 30)}”不是是/否`, `"${text.slice(0, 30)}" is not a yes/no value`);
    }
  }
}

function coerceDate(item: CatalogItem, raw: Date): Coerced {
  if (Number.isNaN(raw.getTime())) return failure(item, '日期无效', 'invalid date');
  // Spreadsheet dates arrive as UTC midnight of the calendar day shown in the cell.
  const day = `${raw.getUTCFullYear()}-${pad(raw.getUTCMonth() + 1)}-${pad(raw.getUTCDate())}`;
  if (item.type === 'date') return { value: day };
  if (item.type === 'datetime') return { value: raw.toISOString() };
  if (item.type === 'string') return coerceValue(item, day);
  return failure(item, '不能是日期', 'must not be a date');
}

/** Maps file headers to items: by item code (any case) or by the item's Chinese name. */
export function mapColumns(headers: readonly string[], items: readonly CatalogItem[]): { byItem: Map<string, string>; ignored: string[] } {
  const byItem = new Map<string, string>();
  const ignored: string[] = [];
  for (const header of headers) {
    const h = header.trim();
    const item = items.find((i) => i.code === h.toLowerCase() || i.name === h);
    if (item && !byItem.has(item.code)) byItem.set(item.code, header);
    else ignored.push(header);
  }
  return { byItem, ignored };
}
