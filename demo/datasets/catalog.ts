/** Helpers for the datasets' catalog entries (items) and the quality rules the demo attaches to them. */
import type { CatalogEntryContent, CatalogItem, ItemType, MaskRule, Sensitivity, UpdateFrequency } from '../../src/modules/catalog/model.ts';
import { AS_OF } from './dates.ts';
import type { DemoDataset, QualityRuleSpec } from './types.ts';

interface ItemOptions {
  length?: number;
  scale?: number;
  required?: boolean;
  key?: boolean;
  sensitivity?: Sensitivity;
  mask?: MaskRule;
}

export function item(code: string, name: string, type: ItemType, o: ItemOptions = {}): CatalogItem {
  return {
    code,
    name,
    type,
    length: o.length ?? null,
    scale: type === 'decimal' ? (o.scale ?? 2) : null,
    required: Boolean(o.key || o.required),
    key: Boolean(o.key),
    sensitivity: o.sensitivity ?? 'internal',
    mask: o.mask ?? 'none',
  };
}

export const citizenIdItem = (code: string, name: string, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id', ...o });
export const nameItem = (code: string, name: string, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'string', { length: 50, sensitivity: 'personal', mask: 'name', ...o });
export const money = (code: string, name: string, length: number, o: ItemOptions = {}): CatalogItem =>
  item(code, name, 'decimal', { length, scale: 2, ...o });

const MAX_AGE_DAYS: Readonly<Record<UpdateFrequency, number>> = {
  realtime: 1, daily: 2, weekly: 8, monthly: 35, quarterly: 95, yearly: 370, irregular: 3650,
};

/**
 * Items the data standard says must be filled but the departments' systems do not enforce: the catalog does
 * not declare them required (the importer would reject such rows outright), the quality loop checks them.
 */
const SHOULD_BE_FILLED: Partial<Record<string, string>> = { hukou: 'hjdz', marriage: 'djjg', social_insurance: 'jfrq', housing_fund: 'khrq' };

/** `required` for every required or should-be-filled item, `unique` over the key, `freshness` for the declared frequency, then the rest. */
function rulesFor(key: string, content: CatalogEntryContent, extra: QualityRuleSpec[]): QualityRuleSpec[] {
  const keys = content.items.filter((i) => i.key).map((i) => i.code);
  return [
    ...content.items.filter((i) => i.required || SHOULD_BE_FILLED[key] === i.code).map((i): QualityRuleSpec => ({ kind: 'required', item: i.code })),
    keys.length === 1 ? { kind: 'unique', item: keys[0] } : { kind: 'unique', params: { items: keys } },
    ...extra,
    { kind: 'freshness', params: { maxAgeDays: MAX_AGE_DAYS[content.updateFrequency] } },
  ];
}

export const toHukou = (item: string): QualityRuleSpec => ({ kind: 'reference', item, params: { dataset: 'hukou', item: 'sfzhm' } });
export const dates = (item: string, min: string, max = AS_OF): QualityRuleSpec => ({ kind: 'valid_date', item, params: { min, max } });
export const codes = (item: string, values: readonly string[]): QualityRuleSpec => ({ kind: 'code_table', item, params: { values: [...values] } });
export const pattern = (item: string, regex: string): QualityRuleSpec => ({ kind: 'pattern', item, params: { regex } });
export const range = (item: string, min: number, max: number): QualityRuleSpec => ({ kind: 'range', item, params: { min, max } });

/** A year and month, 'YYYYMM'. */
export const PERIOD_REGEX = '^20[0-9]{2}(0[1-9]|1[0-2])$';

/** A dataset definition; its rules are {@link rulesFor} the content plus `extra`. */
export function dataset(key: string, providerCode: string, content: CatalogEntryContent, rowsAtScale1: number, extra: QualityRuleSpec[], more: Partial<DemoDataset> = {}): DemoDataset {
  return { key, providerCode, content, rowsAtScale1, rules: rulesFor(key, content, extra), ...more };
}
