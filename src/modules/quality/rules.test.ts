// Pure parts of quality: which rule fits which item, parameter checks, freshness windows, scores.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import type { CatalogItem } from '../catalog/index.ts';
import { freshnessLimitMs, isStale, meanScore, passPercent, resourceScore, rowCountChangePercent } from './model.ts';
import { checkRuleInput, isRealDay } from './rules.ts';

const item = (code: string, type: CatalogItem['type']): CatalogItem => ({
  code, name: code, type, length: null, scale: null, required: false, key: false, sensitivity: 'internal', mask: 'none',
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('rule input', () => {
  it('accepts each kind on the item types it fits, with normalised parameters', () => {
    expect(checkRuleInput('required', item('bz', 'string'), {})).toEqual({});
    expect(checkRuleInput('pattern', item('hh', 'string'), { pattern: '^H-[0-9]{3}$' })).toEqual({ pattern: '^H-[0-9]{3}$' });
    expect(checkRuleInput('code_table', item('lb', 'integer'), { values: ['+01', 2, '2'] })).toEqual({ values: ['1', '2'] });
    expect(checkRuleInput('range', item('je', 'decimal'), { min: 0, max: '3000.50' })).toEqual({ min: '0', max: '3000.50' });
    expect(checkRuleInput('range', item('rq', 'date'), { max: '2026-12-31' })).toEqual({ max: '2026-12-31' });
    expect(checkRuleInput('range', item('sj', 'datetime'), { min: '2026-01-01' })).toEqual({ min: '2026-01-01T00:00:00+08:00' });
    expect(checkRuleInput('length', item('xm', 'string'), { min: 2, max: 4 })).toEqual({ min: 2, max: 4 });
    expect(checkRuleInput('valid_date', item('csrq', 'string'), { min: '1950-01-01', allowFuture: true })).toEqual({ min: '1950-01-01', allowFuture: true });
    expect(checkRuleInput('reference', item('sqdm', 'string'), { resourceCode: ' WF/000001 ', itemCode: 'sqdm' })).toEqual({ resourceCode: 'WF/000001', itemCode: 'sqdm' });
    expect(checkRuleInput('freshness', null, {})).toEqual({});
    expect(checkRuleInput('row_count_change', null, { tolerancePercent: 20 })).toEqual({ tolerancePercent: 20 });
  });

  it('refuses kinds that do not fit the item, and item-less item rules', () => {
    expect(codeOf(() => checkRuleInput('range', item('xm', 'string'), { min: 1 }))).toBe('QUALITY_KIND_MISMATCH');
    expect(codeOf(() => checkRuleInput('citizen_id', item('n', 'integer'), {}))).toBe('QUALITY_KIND_MISMATCH');
    expect(codeOf(() => checkRuleInput('valid_date', item('n', 'decimal'), {}))).toBe('QUALITY_KIND_MISMATCH');
    expect(codeOf(() => checkRuleInput('freshness', item('xm', 'string'), {}))).toBe('QUALITY_KIND_MISMATCH');
    expect(codeOf(() => checkRuleInput('unique', null, {}))).toBe('QUALITY_KIND_MISMATCH');
  });

  it('refuses missing, malformed and unknown parameters', () => {
    const s = item('s', 'string');
    expect(codeOf(() => checkRuleInput('pattern', s, {}))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('code_table', s, { values: [] }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('code_table', item('n', 'integer'), { values: ['一'] }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('range', item('n', 'integer'), {}))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('range', item('n', 'integer'), { min: 5, max: 1 }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('range', item('n', 'integer'), { min: 'abc' }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('range', item('d', 'date'), { min: '2026-02-30' }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('range', item('t', 'datetime'), { min: '2026-01-01T08:00:00' }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('length', s, { min: -1 }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('length', s, { min: 1.5 }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('valid_date', s, { allowFuture: 'yes' }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('reference', s, { resourceCode: 'X' }))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('row_count_change', null, {}))).toBe('QUALITY_RULE_INVALID');
    expect(codeOf(() => checkRuleInput('required', s, { strict: true }))).toBe('QUALITY_RULE_INVALID');
  });

  it('knows real days', () => {
    expect(isRealDay('2024-02-29')).toBe(true);
    expect(isRealDay('2026-02-29')).toBe(false);
    expect(isRealDay('2026-13-01')).toBe(false);
    expect(isRealDay('0000-01-01')).toBe(false);
    expect(isRealDay('2026-1-1')).toBe(false);
  });
});

describe('freshness windows', () => {
  const HOUR = 3_600_000;
  it('allows the update frequency plus one day of grace (none for real-time feeds); irregular never goes stale', () => {
    expect(freshnessLimitMs('realtime')).toBe(HOUR);
    expect(freshnessLimitMs('daily')).toBe(48 * HOUR);
    expect(freshnessLimitMs('weekly')).toBe(8 * 24 * HOUR);
    expect(freshnessLimitMs('monthly')).toBe(32 * 24 * HOUR);
    expect(freshnessLimitMs('quarterly')).toBe(93 * 24 * HOUR);
    expect(freshnessLimitMs('yearly')).toBe(367 * 24 * HOUR);
    expect(freshnessLimitMs('irregular')).toBeNull();
    const last = new Date('2026-11-25T09:00:00+08:00');
    expect(isStale('daily', last, new Date('2026-11-27T09:00:00+08:00'))).toBe(false);
    expect(isStale('daily', last, new Date('2026-11-27T09:00:01+08:00'))).toBe(true);
    expect(isStale('realtime', last, new Date('2026-11-25T10:00:01+08:00'))).toBe(true);
    expect(isStale('irregular', last, new Date('2036-11-25T09:00:00+08:00'))).toBe(false);
  });
});

describe('scores', () => {
  it('averages the pass percentage of the rules, one decimal; a rule that evaluated nothing passes', () => {
    expect(passPercent({ evaluated: 0, failed: 0 })).toBe(100);
    expect(passPercent({ evaluated: 10, failed: 3 })).toBe(70);
    expect(resourceScore([{ evaluated: 10, failed: 3 }, { evaluated: 3, failed: 1 }, { evaluated: 0, failed: 0 }])).toBe(78.9);
    expect(resourceScore([])).toBeNull();
    expect(meanScore([83.6, 100])).toBe(91.8);
    expect(meanScore([])).toBeNull();
  });

  it('measures row-count changes against a baseline', () => {
    expect(rowCountChangePercent(10, 4)).toBe(60);
    expect(rowCountChangePercent(10, 12)).toBe(20);
    expect(rowCountChangePercent(0, 12)).toBeNull();
  });
});
