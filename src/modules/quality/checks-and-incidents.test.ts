// Data quality end to end: checks after a batch with planted defects, incidents with working-day deadlines,
// escalation, auto-resolution, manual flags, permissions, the dashboard, switching a rule off. The tests run in
// order on one platform and build on each other's state.
import { describe, expect, it } from 'vitest';
import { syntheticUscc } from '../../../demo/weifang.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { citizenIdCheckChar } from '../directory/identifiers.ts';
import { sweepOverdueIncidents } from './index.ts';
import { useQualityPlatform } from './test-fixtures.ts';

const id = (first17: string) => first17 + citizenIdCheckChar(first17);
const badCheck = (first17: string) => first17 + (citizenIdCheckChar(first17) === '1' ? '2' : '1');
const USCC = syntheticUscc('2', '370700', 1);
const BAD_USCC = USCC.slice(0, 17) + (USCC.endsWith('0') ? '1' : '0');

const good = (n: number): Record<string, string> => ({
  jzbh: `J${String(n).padStart(3, '0')}`,
  xm: ['王建国', '李明', '张伟', '刘洋', '陈刚', '赵强', '周涛', '吴敏', '郑丽', '孙浩'][n - 1]!,
  sfzh: id(`370702198001${String(n).padStart(2, '0')}001`),
  lxdh: `138053600${String(n).padStart(2, '0')}`,
  lb: '城市低保',
  jzje: '850.00',
  sqdm: '370705001001',
  jbdw: USCC,
  pzrq: '2026-03-01',
  csrq: '1980-01-01',
  hh: `H-${String(n).padStart(3, '0')}`,
  bz: '按月发放',
});

// Ten records with planted defects; the comment of each names what its rules must find.
const planted = (): Array<Record<string, string>> => [
  good(1),
  { ...good(2), sfzh: badCheck('37070219800102001') }, // citizen_id
  { ...good(3), sfzh: badCheck('37070219800103001'), lxdh: '1234567890' }, // citizen_id, mobile
  { ...good(4), bz: '', lb: '五保' }, // required, code_table
  { ...(({ bz: _bz, ...rest }) => rest)(good(5)), hh: 'H-555', sqdm: '370705999999' }, // required, unique, reference
  { ...good(6), hh: 'H-555', xm: '欧阳娜娜娜' }, // unique, length
  { ...good(7), lxdh: '23805360007', jbdw: BAD_USCC, pzrq: '2026-12-01', hh: 'h-007' }, // mobile, uscc, valid_date (future), pattern
  { ...good(8), csrq: '1990-02-30', jzje: '5000', hh: 'H-777' }, // valid_date (text), range, unique
  { ...good(9), sqdm: '370705999998', pzrq: '1899-12-31', hh: 'H-777' }, // reference, valid_date (before 1900), unique
  { ...good(10), bz: '   ', csrq: '2026-13-01', hh: 'H-777' }, // required, valid_date (text), unique
];

/** Failing records each rule must find in the planted data. */
const EXPECTED: Record<string, { evaluated: number; failed: number }> = {
  'required:bz': { evaluated: 10, failed: 3 },
  'unique:hh': { evaluated: 10, failed: 5 },
  'citizen_id:sfzh': { evaluated: 10, failed: 2 },
  'mobile:lxdh': { evaluated: 10, failed: 2 },
  'code_table:lb': { evaluated: 10, failed: 1 },
  'reference:sqdm': { evaluated: 10, failed: 2 },
  'uscc:jbdw': { evaluated: 10, failed: 1 },
  'valid_date:pzrq': { evaluated: 10, failed: 2 },
  'valid_date:csrq': { evaluated: 10, failed: 2 },
  'range:jzje': { evaluated: 10, failed: 1 },
  'pattern:hh': { evaluated: 10, failed: 1 },
  'length:xm': { evaluated: 10, failed: 1 },
  'freshness:': { evaluated: 1, failed: 0 },
  'row_count_change:': { evaluated: 0, failed: 0 },
};

describe('data quality', () => {
  const clock = new ManualClock('2026-11-25T09:00:00+08:00'); // a Wednesday
  const q = useQualityPlatform(clock);
  const { call, drain, push, addRule, openIncidents, auditCount, signInAll } = q;
  const ruleIds = new Map<string, string>();

  it('checks every batch: exact failures per rule, masked samples, a score, and one incident per failing rule due in 5 working days', async () => {
    const rules: Array<[string, string | null, object?]> = [
      ['required', 'bz'],
      ['unique', 'hh'],
      ['citizen_id', 'sfzh'],
      ['mobile', 'lxdh'],
      ['code_table', 'lb', { values: ['城市低保', '农村低保', '特困供养'] }],
      ['reference', 'sqdm', { resourceCode: q.communitiesCode, itemCode: 'sqdm' }],
      ['uscc', 'jbdw'],
      ['valid_date', 'pzrq'],
      ['valid_date', 'csrq'],
      ['range', 'jzje', { min: 0, max: 3000 }],
      ['pattern', 'hh', { pattern: '^H-[0-9]{3}$' }],
      ['length', 'xm', { min: 2, max: 4 }],
      ['freshness', null],
      ['row_count_change', null, { tolerancePercent: 50 }],
    ];
    for (const [kind, itemCode, params] of rules) {
      const res = await addRule({ entryId: q.recipientsId, ...(itemCode ? { itemCode } : {}), kind, ...(params ? { params } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      ruleIds.set(`${kind}:${itemCode ?? ''}`, res.json().id);
    }
    // The communities are expected daily too: fresh now, stale once nothing arrives for two days.
    expect((await addRule({ entryId: q.communitiesId, kind: 'freshness' })).statusCode).toBe(201);

    const batchId = await push(q.recipientsId, 'dibao-2026-11-25', planted());
    await drain();

    const runs = (await call(q.cdo, 'GET', `/api/quality/resources/${q.recipientsId}/runs`)).json().items;
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(run).toMatchObject({ trigger: 'batch', batchId, rowCount: 10, rulesChecked: 14, rulesFailed: 12 });
    const found = Object.fromEntries(run.results.map((r: { kind: string; itemCode: string | null; evaluated: number; failed: number }) => [`${r.kind}:${r.itemCode ?? ''}`, { evaluated: r.evaluated, failed: r.failed }]));
    expect(found).toEqual(EXPECTED);
    // (70 + 50 + 80 + 80 + 90 + 80 + 90 + 80 + 80 + 90 + 90 + 90 + 100 + 100) / 14 = 83.57…
    expect(run.score).toBe(83.6);

    const byKey = (k: string) => run.results.find((r: { ruleId: string }) => r.ruleId === ruleIds.get(k));
    expect(byKey('citizen_id:sfzh').sample).toEqual([
      { key: { jzbh: 'J002' }, value: `370***********${badCheck('37070219800102001').slice(-4)}` },
      { key: { jzbh: 'J003' }, value: `370***********${badCheck('37070219800103001').slice(-4)}` },
    ]);
    expect(byKey('mobile:lxdh').sample).toEqual([{ key: { jzbh: 'J003' }, value: '123***7890' }, { key: { jzbh: 'J007' }, value: '238****0007' }]);
    expect(byKey('required:bz').sample.map((s: { key: { jzbh: string } }) => s.key.jzbh)).toEqual(['J004', 'J005', 'J010']);
    expect(byKey('unique:hh').sample).toEqual([
      { key: { jzbh: 'J005' }, value: 'H-555' }, { key: { jzbh: 'J006' }, value: 'H-555' },
      { key: { jzbh: 'J008' }, value: 'H-777' }, { key: { jzbh: 'J009' }, value: 'H-777' }, { key: { jzbh: 'J010' }, value: 'H-777' },
    ]);
    expect(byKey('valid_date:pzrq').sample).toEqual([{ key: { jzbh: 'J007' }, value: '2026-12-01' }, { key: { jzbh: 'J009' }, value: '1899-12-31' }]);
    expect(byKey('length:xm').sample).toEqual([{ key: { jzbh: 'J006' }, value: '欧****' }]);

    const open = await openIncidents(q.recipientsId);
    expect(open).toHaveLength(12);
    for (const incident of open) {
      expect(incident).toMatchObject({ kind: 'rule', status: 'new', overdue: false, lastRunId: run.id });
      // Opened on Wednesday 25 November: Thu 26, Fri 27, Mon 30, Tue 1, Wed 2 December, end of day in Weifang.
      expect(incident.deadline).toBe(new Date('2026-12-02T23:59:59.999+08:00').toISOString());
    }
    expect(new Set(open.map((i) => i.ruleId))).toEqual(new Set([...ruleIds].filter(([k]) => EXPECTED[k]!.failed > 0).map(([, v]) => v)));
    expect(await auditCount('quality.incident.open')).toBe(12);

    const detail = (await call(q.cdo, 'GET', `/api/quality/incidents/${open.find((i) => i.ruleId === ruleIds.get('reference:sqdm'))!.id}`)).json();
    expect(detail).toMatchObject({ ruleKind: 'reference', itemCode: 'sqdm', lastFailed: 2, lastEvaluated: 10, providerName: '潍坊市民政局', resourceName: '城乡低保救助对象' });
    expect(detail.latestResult.sample).toEqual([{ key: { jzbh: 'J005' }, value: '370705999999' }, { key: { jzbh: 'J009' }, value: '370705999998' }]);
    expect(detail.history).toMatchObject([{ action: 'opened', actorName: 'system' }]);
  });

  it('never opens a second incident for a rule that keeps failing: a rerun updates the open one', async () => {
    const before = await openIncidents(q.recipientsId);
    const rerun = await call(q.cdo, 'POST', `/api/quality/resources/${q.recipientsId}/runs`);
    expect(rerun.statusCode).toBe(201);
    // The row count is now compared with the first run's: 10 → 10 is no change.
    const rowCount = rerun.json().results.find((r: { ruleId: string }) => r.ruleId === ruleIds.get('row_count_change:'));
    expect(rowCount).toMatchObject({ evaluated: 1, failed: 0, detail: { previous: 10, current: 10, changePercent: 0 } });
    const after = await openIncidents(q.recipientsId);
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    expect(after.every((i) => i.lastRunId === rerun.json().id)).toBe(true);
    expect(await auditCount('quality.incident.open')).toBe(12);
    // The database holds the line too.
    const rule = ruleIds.get('required:bz');
    await expect(
      q.p.ctx.db.query(`insert into qa_incidents (id, kind, rule_id, entry_id, provider_org_id, title, status, opened_at, deadline, updated_at)
        select gen_random_uuid(), 'rule', rule_id, entry_id, provider_org_id, title, 'new', opened_at, deadline, updated_at from qa_incidents where rule_id = $1`, [rule]),
    ).rejects.toThrow(/qa_incidents_open_rule/);
  });

  it('lets the provider acknowledge, keeps other departments out, and refuses to close a rule incident by hand', async () => {
    const incident = (await openIncidents(q.recipientsId)).find((i) => i.ruleId === ruleIds.get('citizen_id:sfzh'))!;
    const ack = (cookie: string | null) => call(cookie, 'POST', `/api/quality/incidents/${incident.id}/acknowledge`, { note: '已通知各街道核对身份证号' });
    expect((await ack(null)).statusCode).toBe(401);
    expect((await ack(q.otherSteward)).statusCode).toBe(403);
    expect((await ack(q.auditor)).statusCode).toBe(403);
    expect((await call(q.otherSteward, 'GET', `/api/quality/incidents/${incident.id}`)).statusCode).toBe(403);
    expect((await call(q.otherSteward, 'GET', `/api/quality/incidents?entryId=${q.recipientsId}`)).json()).toEqual({ items: [], total: 0 });
    expect((await call(q.otherSteward, 'GET', `/api/quality/resources/${q.recipientsId}/runs`)).statusCode).toBe(403);
    expect((await call(q.auditor, 'GET', `/api/quality/incidents/${incident.id}`)).statusCode).toBe(200);

    const done = await ack(q.cdo);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'acknowledged', acknowledgedNote: '已通知各街道核对身份证号' });
    expect(done.json().history.map((h: { action: string }) => h.action)).toEqual(['opened', 'acknowledged']);
    const again = await ack(q.cdo);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('QUALITY_INCIDENT_STATE');

    const resolve = await call(q.cdo, 'POST', `/api/quality/incidents/${incident.id}/resolve`, { note: '已改正' });
    expect(resolve.statusCode).toBe(409);
    expect(resolve.json().code).toBe('QUALITY_RULE_INCIDENT_AUTO');
    expect((await call(q.otherSteward, 'POST', `/api/quality/incidents/${incident.id}/resolve`, { note: 'x' })).statusCode).toBe(403);
    expect(await auditCount('quality.incident.acknowledge')).toBe(1);
  });

  it('escalates unresolved incidents once the deadline has passed', async () => {
    clock.set('2026-12-02T23:59:59.000+08:00');
    expect(await sweepOverdueIncidents(q.p.ctx)).toBe(0);
    clock.set('2026-12-03T00:00:01+08:00');
    expect(await sweepOverdueIncidents(q.p.ctx)).toBe(12);
    await signInAll();
    expect(await sweepOverdueIncidents(q.p.ctx)).toBe(0);
    expect(await auditCount('quality.incident.escalate')).toBe(12);

    const escalated = (await call(q.admin, 'GET', '/api/quality/incidents?overdue=true&pageSize=200')).json();
    expect(escalated.total).toBe(12);
    expect(escalated.items.every((i: { overdue: boolean; overdueAt: string }) => i.overdue && i.overdueAt === new Date('2026-12-03T00:00:01+08:00').toISOString())).toBe(true);
    const one = (await call(q.admin, 'GET', `/api/quality/incidents/${escalated.items[0].id}`)).json();
    expect(one.history.at(-1)).toMatchObject({ action: 'escalated' });
  });

  it('closes the incidents by itself once corrected data passes, and checks stale resources on the daily schedule', async () => {
    // The same ten records, every defect corrected (the long name shortened).
    const fixed = planted().map((_, n) => ({ ...good(n + 1), ...(n === 5 ? { xm: '欧阳娜娜' } : {}) }));
    await push(q.recipientsId, 'dibao-2026-12-03-fix', fixed);
    await drain();

    expect(await openIncidents(q.recipientsId)).toEqual([]);
    const all = (await call(q.admin, 'GET', `/api/quality/incidents?entryId=${q.recipientsId}&status=resolved&pageSize=200`)).json().items;
    expect(all).toHaveLength(12);
    expect(all.every((i: { resolution: string; lastFailed: number }) => i.resolution === 'auto' && i.lastFailed === 0)).toBe(true);
    expect(await auditCount('quality.incident.resolve')).toBe(12);
    const runs = (await call(q.cdo, 'GET', `/api/quality/resources/${q.recipientsId}/runs?limit=1`)).json().items;
    expect(runs[0].score).toBe(100);

    // Nothing reached the communities since 25 November: the daily run (02:00) finds them stale.
    const communityRuns = (await call(q.cdo, 'GET', `/api/quality/resources/${q.communitiesId}/runs`)).json().items;
    const scheduled = communityRuns.find((r: { trigger: string }) => r.trigger === 'schedule');
    expect(scheduled.results[0]).toMatchObject({ kind: 'freshness', evaluated: 1, failed: 1, detail: { updateFrequency: 'daily', lastBatchAt: new Date('2026-11-25T09:00:00+08:00').toISOString(), limitHours: 48 } });
    const stale = await openIncidents(q.communitiesId);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ kind: 'rule', status: 'new' });
    // Opened on Thursday 3 December: due Thursday 10 December.
    expect(stale[0]!.deadline).toBe(new Date('2026-12-10T23:59:59.999+08:00').toISOString());
  });

  it('takes manual flags from reviewers: a manual incident the provider resolves with a note', async () => {
    const flag = (cookie: string, body: object) => call(cookie, 'POST', '/api/quality/flags', body);
    expect((await flag(q.cdo, { entryId: q.recipientsId, key: { jzbh: 'J001' }, reason: 'x' })).statusCode).toBe(403);
    const missing = await flag(q.approver, { entryId: q.recipientsId, key: { jzbh: 'J999' }, reason: '核查' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('QUALITY_RECORD_NOT_FOUND');
    const wrongKey = await flag(q.approver, { entryId: q.recipientsId, key: { xm: '王建国' }, reason: '核查' });
    expect(wrongKey.statusCode).toBe(400);

    const res = await flag(q.approver, { entryId: q.recipientsId, key: { jzbh: 'J001' }, reason: '经入户核查，该户已迁出本市，仍在领取低保' });
    expect(res.statusCode).toBe(201);
    const incident = res.json().incident;
    expect(incident).toMatchObject({ kind: 'manual', status: 'new', ruleId: null, providerName: '潍坊市民政局', flags: [{ key: { jzbh: 'J001' } }] });
    expect(incident.deadline).toBe(new Date('2026-12-10T23:59:59.999+08:00').toISOString());
    // The reviewer follows what they flagged; the other department does not see it.
    expect((await call(q.approver, 'GET', `/api/quality/incidents/${incident.id}`)).statusCode).toBe(200);
    expect((await call(q.approver, 'GET', '/api/quality/incidents')).json().items.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    expect((await call(q.otherSteward, 'GET', `/api/quality/incidents/${incident.id}`)).statusCode).toBe(403);

    expect((await call(q.otherSteward, 'POST', `/api/quality/incidents/${incident.id}/resolve`, { note: 'x' })).statusCode).toBe(403);
    expect((await call(q.cdo, 'POST', `/api/quality/incidents/${incident.id}/acknowledge`, { note: '转街道复核' })).statusCode).toBe(200);
    const resolved = await call(q.cdo, 'POST', `/api/quality/incidents/${incident.id}/resolve`, { note: '已停发并注销低保资格' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: 'manual', resolutionNote: '已停发并注销低保资格' });
    expect(resolved.json().history.map((h: { action: string }) => h.action)).toEqual(['opened', 'acknowledged', 'resolved']);
    const twice = await call(q.cdo, 'POST', `/api/quality/incidents/${incident.id}/resolve`, { note: 'again' });
    expect(twice.json().code).toBe('QUALITY_INCIDENT_STATE');
    expect(await auditCount('quality.flag.create')).toBe(1);
  });

  it('shows scores per resource and department, their history and incident counts, within the caller\'s scope', async () => {
    const dash = (await call(q.admin, 'GET', '/api/quality/dashboard')).json();
    const byEntry = new Map(dash.resources.map((r: { entryId: string; score: number }) => [r.entryId, r.score]));
    expect(byEntry.get(q.recipientsId)).toBe(100);
    expect(byEntry.get(q.communitiesId)).toBe(0);
    expect(dash.departments).toEqual([{ orgId: expect.any(String), name: '潍坊市民政局', resources: 2, score: 50 }]);
    expect(dash.history).toEqual([
      { day: '2026-11-25', score: 83.6 }, // the communities had no rule yet when they were checked
      { day: '2026-12-03', score: 50 },
    ]);
    expect(dash.incidents).toEqual({ new: 1, acknowledged: 0, resolved: 13, overdue: 0 });
    expect((await call(q.auditor, 'GET', '/api/quality/dashboard')).json().resources).toHaveLength(2);
    const outsider = (await call(q.otherSteward, 'GET', '/api/quality/dashboard')).json();
    expect(outsider).toMatchObject({ resources: [], departments: [], history: [], incidents: { new: 0, acknowledged: 0, resolved: 0, overdue: 0 } });
  });

  it('closes a rule\'s incident when the rule is switched off, and flags a sharp drop in records', async () => {
    const freshness = (await call(q.cdo, 'GET', `/api/quality/rules?entryId=${q.communitiesId}`)).json().items[0];
    expect(freshness.openIncidentId).not.toBeNull();
    const off = await call(q.cdo, 'PUT', `/api/quality/rules/${freshness.id}`, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, openIncidentId: null });
    expect(await openIncidents(q.communitiesId)).toEqual([]);
    expect((await call(q.otherSteward, 'PUT', `/api/quality/rules/${freshness.id}`, { enabled: true })).statusCode).toBe(403);
    const badParams = await call(q.cdo, 'PUT', `/api/quality/rules/${ruleIds.get('pattern:hh')}`, { params: { pattern: '[z-a]' } });
    expect(badParams.statusCode).toBe(400);
    expect(badParams.json().code).toBe('QUALITY_PATTERN_INVALID');

    // Six of ten records withdrawn at once: a 60 % drop against a 50 % tolerance.
    clock.set('2026-12-03T00:10:00+08:00');
    await push(q.recipientsId, 'dibao-2026-12-03-withdraw', [], ['J001', 'J002', 'J003', 'J004', 'J005', 'J006'].map((jzbh) => ({ jzbh })));
    await drain();
    const run = (await call(q.cdo, 'GET', `/api/quality/resources/${q.recipientsId}/runs?limit=1`)).json().items[0];
    expect(run.rowCount).toBe(4);
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === ruleIds.get('row_count_change:'))).toMatchObject({ evaluated: 1, failed: 1, detail: { previous: 10, current: 4, changePercent: 60 } });
    const open = await openIncidents(q.recipientsId);
    expect(open.map((i) => i.ruleId)).toEqual([ruleIds.get('row_count_change:')]);
    // Checked again with nothing fixed, the drop is still a drop: compared with the count before it.
    const again = await call(q.cdo, 'POST', `/api/quality/resources/${q.recipientsId}/runs`);
    expect(again.json().results.find((r: { ruleId: string }) => r.ruleId === ruleIds.get('row_count_change:'))).toMatchObject({ failed: 1, detail: { previous: 10, current: 4 } });
    expect((await openIncidents(q.recipientsId)).map((i) => i.ruleId)).toEqual([ruleIds.get('row_count_change:')]);

    const listed = (await call(q.cdo, 'GET', '/api/quality/rules')).json().items;
    expect(listed).toHaveLength(15);
    expect((await call(q.otherSteward, 'GET', '/api/quality/rules')).json().items).toEqual([]);
  });
});
