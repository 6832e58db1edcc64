// Masking rules (脱敏规则) applied wherever records are shown to people: the rule travels with the item.
import { maskCitizenId, maskMobile, maskName } from '../directory/identifiers.ts';
import type { MaskRule } from './model.ts';

function keepEnds(s: string, start: number, end: number): string {
  const chars = Array.from(s);
  if (chars.length <= start + end) return '*'.repeat(chars.length);
  return chars.slice(0, start).join('') + '*'.repeat(chars.length - start - end) + chars.slice(chars.length - end).join('');
}

/** The value as a person without clearance may see it; null stays null. */
export function maskValue(rule: MaskRule, value: unknown): unknown {
  if (value === null || value === undefined || rule === 'none') return value ?? null;
  const s = value instanceof Date ? value.toISOString() : String(value);
  switch (rule) {
    case 'citizen_id':
      return maskCitizenId(s);
    case 'mobile':
      return maskMobile(s);
    case 'name':
      return maskName(s);
    case 'uscc':
      return keepEnds(s, 2, 4);
    case 'address':
      // Keep the district/county part a reader needs (潍坊市奎文区……), hide the house number.
      return Array.from(s).slice(0, 6).join('') + '****';
    case 'full':
      return '******';
  }
}
