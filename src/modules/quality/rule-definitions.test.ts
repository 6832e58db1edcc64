// Data quality rules through the API: bad input refused with a stable code, rules on integer and date-time
// items, and reference rules kept within what the caller may see.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { content, item, recipients, useQualityPlatform } from './test-fixtures.ts';

describe('data quality rules', () => {
  // Thursday 3 December, just after midnight: of the visits pushed below, one lies a day ahead, in the future.
  const clock = new ManualClock('2026-12-03T00:10:00+08:00');
  const q = useQualityPlatform(clock);
  const { call, drain, publish, push, addRule } = q;

  it('refuses bad rule input with 4xx and a stable code, never 500', async () => {
    const cases: Array<[object, number, string]> = [
      [{ entryId: q.recipientsId, itemCode: 'hh', kind: 'pattern', params: { pattern: '(unclosed' } }, 400, 'QUALITY_PATTERN_INVALID'],
      [{ entryId: q.recipientsId, itemCode: 'xm', kind: 'range', params: { min: 1 } }, 400, 'QUALITY_KIND_MISMATCH'],
      [{ entryId: q.recipientsId, itemCode: 'nosuch', kind: 'required' }, 400, 'QUALITY_ITEM_NOT_FOUND'],
      [{ entryId: q.recipientsId, itemCode: 'sqdm', kind: 'reference', params: { resourceCode: 'NOPE/000000', itemCode: 'sqdm' } }, 400, 'QUALITY_REFERENCE_NOT_FOUND'],
      [{ entryId: q.recipientsId, itemCode: 'sqdm', kind: 'reference', params: { resourceCode: q.communitiesCode, itemCode: 'nosuch' } }, 400, 'QUALITY_REFERENCE_NOT_FOUND'],
      [{ entryId: q.recipientsId, itemCode: 'lb', kind: 'code_table', params: {} }, 400, 'QUALITY_RULE_INVALID'],
      [{ entryId: q.recipientsId, itemCode: 'xm', kind: 'freshness' }, 400, 'QUALITY_KIND_MISMATCH'],
      [{ entryId: q.recipientsId, itemCode: 'bz', kind: 'required', params: { strict: true } }, 400, 'QUALITY_RULE_INVALID'],
      [{ entryId: q.recipientsId, itemCode: 'jzje', kind: 'range', params: { min: 10, max: 1 } }, 400, 'QUALITY_RULE_INVALID'],
      [{ entryId: q.recipientsId, kind: 'no_such_kind' }, 400, 'VALIDATION_FAILED'],
      [{ entryId: '00000000-0000-4000-8000-000000000000', itemCode: 'bz', kind: 'required' }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await addRule(body);
      expect({ body, status: res.statusCode, code: res.json().code }).toEqual({ body, status, code });
    }
    // Another department's steward may not define rules on the 民政局's resource; the auditor reads only.
    expect((await addRule({ entryId: q.recipientsId, itemCode: 'bz', kind: 'required' }, q.otherSteward)).statusCode).toBe(403);
    expect((await addRule({ entryId: q.recipientsId, itemCode: 'bz', kind: 'required' }, q.auditor)).statusCode).toBe(403);
    expect((await call(null, 'POST', '/api/quality/rules', { entryId: q.recipientsId, itemCode: 'bz', kind: 'required' })).statusCode).toBe(401);
  });

  it('checks integer and date-time items too, and references across types', async () => {
    const me = (await call(q.cdo, 'GET', '/api/me')).json();
    const { id: visitsId } = await publish(
      content('入户走访记录', 'irregular', [
        item('bh', '编号', 'integer', { required: true, key: true }),
        item('sj', '走访时间', 'datetime'),
        item('dm', '走访结果代码', 'integer'),
        item('sqdm', '社区代码', 'integer'),
      ]),
      me.user.posts[0].orgId,
    );
    const rules: Array<[string, string, object?]> = [
      ['required', 'sj'],
      ['valid_date', 'sj'],
      ['range', 'sj', { min: '2000-01-01' }],
      ['code_table', 'dm', { values: [1, '2'] }],
      ['unique', 'dm'],
      ['reference', 'sqdm', { resourceCode: q.communitiesCode, itemCode: 'sqdm' }],
    ];
    for (const [kind, itemCode, params] of rules) expect((await addRule({ entryId: visitsId, itemCode, kind, ...(params ? { params } : {}) })).statusCode).toBe(201);
    await push(visitsId, 'visits-1', [
      { bh: '1', sj: '2026-12-02T10:00:00+08:00', dm: '1', sqdm: '370705001001' },
      { bh: '2', sj: '2026-12-04T10:00:00+08:00', dm: '9', sqdm: '370705001002' }, // in the future; not a listed code
      { bh: '3', sj: '1899-06-01T00:00:00+08:00', dm: '1', sqdm: '123' }, // before 1900 and 2000; duplicate code; no such community
      { bh: '4', sj: '', dm: '2', sqdm: '' }, // no time
    ]);
    await drain();
    const run = (await call(q.cdo, 'GET', `/api/quality/resources/${visitsId}/runs?limit=1`)).json().items[0];
    const found = run.results.map((r: { kind: string; evaluated: number; failed: number; sample: Array<{ key: { bh: string } }> }) => [r.kind, r.evaluated, r.failed, r.sample.map((s) => s.key.bh)]);
    expect(found.sort((a: string[], b: string[]) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['code_table', 4, 1, ['2']],
      ['range', 3, 1, ['3']],
      ['reference', 3, 1, ['3']],
      ['required', 4, 1, ['4']],
      ['unique', 4, 2, ['1', '3']],
      ['valid_date', 3, 2, ['2', '3']],
    ]);
  });

  it("refuses a reference rule against another department's resource: it would reveal which values exist there", async () => {
    const rsOrg = (await call(q.otherSteward, 'GET', '/api/me')).json().user.posts[0].orgId as string;
    const created = await call(q.otherSteward, 'POST', '/api/catalog/entries', { providerOrgId: rsOrg, content: { ...recipients, name: '人社局参保人员' } });
    expect(created.statusCode).toBe(201);
    const own = created.json().id as string;
    expect((await call(q.otherSteward, 'POST', `/api/catalog/entries/${own}/submit`)).statusCode).toBe(200);
    expect((await call(q.admin, 'POST', `/api/catalog/entries/${own}/publish`)).statusCode).toBe(200);
    const probe = await call(q.otherSteward, 'POST', '/api/quality/rules', { entryId: own, itemCode: 'sqdm', kind: 'reference', params: { resourceCode: q.communitiesCode, itemCode: 'sqdm' } });
    expect(probe.statusCode).toBe(403);
    // Within its own department, or for the platform operator, the same check is allowed.
    const byOperator = await call(q.admin, 'POST', '/api/quality/rules', { entryId: own, itemCode: 'sqdm', kind: 'reference', params: { resourceCode: q.communitiesCode, itemCode: 'sqdm' } });
    expect(byOperator.statusCode).toBe(201);
  });
});
