// Pure checks of what a request asks for and what an approver grants, against the resource's catalog entry.
import { AppError } from '../../kernel/errors.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { CatalogEntryContent } from '../catalog/index.ts';
import type { Decision, RequestInput } from './model.ts';

/** A grant runs at most this long; renewals extend it. */
export const MAX_VALIDITY_DAYS = 3 * 366;

const invalid = (zh: string, en: string) => new AppError('SHARING_REQUEST_INVALID', { zh, en });

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A last valid day must be a real day after today and within the longest validity. */
export function checkValidUntil(validUntil: string, now: Date): void {
  const ms = Date.parse(`${validUntil}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== validUntil) {
    throw invalid(`有效期不是合法日期：${validUntil}`, `the validity end is not a date: ${validUntil}`);
  }
  const today = shanghaiDay(now);
  if (validUntil <= today) throw invalid('有效期必须晚于今天', 'the validity must end after today');
  if (validUntil > addDays(today, MAX_VALIDITY_DAYS)) throw invalid('有效期最长三年，到期可续期', 'a grant runs three years at most; renew it when it ends');
}

/** What a consuming department may ask for: existing items, keys among them, offered share modes, a basis. */
export function checkRequest(input: RequestInput, content: CatalogEntryContent, now: Date): void {
  const known = new Set(content.items.map((i) => i.code));
  const unknown = [...input.items, ...input.rowFilter.map((c) => c.item)].filter((c) => !known.has(c));
  if (unknown.length) throw invalid(`资源没有这些信息项：${unknown.join('、')}`, `the resource has no items ${unknown.join(', ')}`);
  if (!input.items.length) throw invalid('请至少选择一个信息项', 'choose at least one item');
  if (new Set(input.items).size !== input.items.length) throw invalid('信息项重复', 'an item is listed twice');
  const notRequested = input.queryKeys.filter((k) => !input.items.includes(k));
  if (notRequested.length) throw invalid(`查询条件必须是申请的信息项：${notRequested.join('、')}`, `query keys must be among the requested items: ${notRequested.join(', ')}`);
  for (const c of input.rowFilter) if (!c.values.length) throw invalid(`行筛选条件 ${c.item} 没有取值`, `row filter on ${c.item} lists no values`);
  if (!input.modes.length) throw invalid('请选择共享方式', 'choose a share mode');
  const offered = input.modes.filter((m) => !content.shareModes.includes(m));
  if (offered.length) throw invalid(`资源不以该方式共享：${offered.map((m) => (m === 'api' ? '接口' : '库表')).join('、')}`, `the resource is not shared as ${offered.join(', ')}`);
  const keys = content.items.filter((i) => i.key).map((i) => i.code);
  const missingKeys = keys.filter((k) => !input.items.includes(k));
  if (input.modes.includes('table') && missingKeys.length) {
    // A copy kept current by the change feed is matched record by record on the key.
    throw invalid(`库表方式须包含主键信息项：${missingKeys.join('、')}`, `table mode needs the key items: ${missingKeys.join(', ')}`);
  }
  if (input.modes.includes('api') && !input.queryKeys.length && !input.rowFilter.length) {
    // A service without keys or filters would hand out the table page by page: that is what 库表 mode is for.
    throw invalid('接口方式须至少指定一个查询条件或行筛选条件', 'API mode needs at least one query key or row filter');
  }
  if (!input.legalBasis?.trim() && !input.scenario?.trim()) throw invalid('请填写共享依据或应用场景', 'state the legal basis or the business scenario');
  checkValidUntil(input.validUntil, now);
}

/**
 * What an approver grants: a subset of the requested items (narrowing), plain values only for granted
 * items, a validity no longer than asked. Unspecified figures default to the request's.
 */
export function decisionFor(
  requested: { items: string[]; dailyVolume: number; validUntil: string; keepItems?: string[]; plainKeys?: string[] },
  given: Partial<Decision>,
  defaults: { ratePerMinute: number },
  now: Date,
): Decision {
  const items = given.items ?? requested.items;
  if (!items.length) throw invalid('批准时至少保留一个信息项；如不同意请驳回', 'keep at least one item, or reject the request');
  const dropped = (requested.keepItems ?? []).filter((k) => !items.includes(k));
  if (dropped.length) throw invalid(`库表方式须保留主键信息项：${dropped.join('、')}`, `table mode must keep the key items: ${dropped.join(', ')}`);
  const extra = items.filter((i) => !requested.items.includes(i));
  if (extra.length) throw invalid(`只能在申请的信息项范围内批准：${extra.join('、')}`, `only requested items can be granted: ${extra.join(', ')}`);
  const plainItems = given.plainItems ?? [];
  // A copy kept by 库表 matches records by their key: a masked key (370***…1234) would collide and could not
  // name a deleted record. The approver must consciously hand such keys out in plain.
  const maskedKeys = (requested.plainKeys ?? []).filter((k) => !plainItems.includes(k));
  if (maskedKeys.length) throw invalid(`库表方式须以原值提供有脱敏规则的主键信息项：${maskedKeys.join('、')}`, `table mode needs these masked key items in plain: ${maskedKeys.join(', ')}`);
  const notGranted = plainItems.filter((i) => !items.includes(i));
  if (notGranted.length) throw invalid(`不脱敏的信息项必须在批准范围内：${notGranted.join('、')}`, `plain items must be granted items: ${notGranted.join(', ')}`);
  const validUntil = given.validUntil ?? requested.validUntil;
  checkValidUntil(validUntil, now);
  if (validUntil > requested.validUntil) throw invalid('批准的有效期不能长于申请的有效期', 'the validity cannot exceed what was asked');
  return {
    items,
    plainItems,
    dailyQuota: given.dailyQuota ?? requested.dailyVolume,
    ratePerMinute: given.ratePerMinute ?? defaults.ratePerMinute,
    validUntil,
    note: given.note ?? null,
  };
}
