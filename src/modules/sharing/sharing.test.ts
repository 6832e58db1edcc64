// The sharing story end to end through the HTTP API: a consuming department asks, the provider decides, the
// consuming system reads exactly what was granted; and every refusal says why.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { marriages, MARRIAGE_ROWS, useSharingPlatform } from './test-fixtures.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');

describe('a conditional resource, from request to revocation', () => {
  const s = useSharingPlatform(clock);
  let requestId = '';
  let grantId = '';

  it('cannot be read before its request is approved: 403 with the reason', async () => {
    const none = await s.call('/lookup/nfsfzh/370705199001011234');
    expect(none.statusCode).toBe(403);
    expect(none.json().code).toBe('SHARING_NO_GRANT');

    const filed = await s.submit();
    requestId = filed.id;
    expect(filed.status).toBe('pending_provider');
    expect(filed.grantId).toBeNull();
    expect(filed.number).toMatch(/^GX20261125\d{5}$/);
    // 10 working days from Wednesday 25 November: Wednesday 9 December, end of day in Weifang.
    expect(filed.deadline).toBe('2026-12-09T15:59:59.999Z');

    const pending = await s.call('/lookup/nfsfzh/370705199001011234');
    expect(pending.statusCode).toBe(403);
    expect(pending.json().code).toBe('SHARING_REQUEST_PENDING');
    expect(pending.json().detail).toContain('审批');
  });

  it('shows in the provider’s inbox only, and only the provider decides', async () => {
    const inbox = (await s.as('mz_cdo', 'GET', '/api/sharing/requests?box=inbox')).json();
    expect(inbox.items.map((r: { id: string }) => r.id)).toContain(requestId);
    expect(inbox.items[0]).toMatchObject({ canDecide: true, providerName: expect.stringContaining('民政'), clientName: expect.stringContaining('公安局') });

    // An approver of another department (卫健委) neither sees nor decides it; the requester cannot approve.
    expect((await s.as('wj_approver', 'GET', '/api/sharing/requests?box=inbox')).json().total).toBe(0);
    expect((await s.as('wj_approver', 'POST', `/api/sharing/requests/${requestId}/approve`, {})).statusCode).toBe(404);
    expect((await s.as('ga_dev', 'POST', `/api/sharing/requests/${requestId}/approve`, {})).statusCode).toBe(403);
    // The platform operator may decide at the provider's stage only once it is escalated.
    expect((await s.as('admin', 'POST', `/api/sharing/requests/${requestId}/approve`, {})).statusCode).toBe(403);
  });

  it('is approved with narrowed items, and the system reads one record by ID number: granted items only, masked', async () => {
    const approved = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${requestId}/approve`, {
      items: ['djzh', 'nfxm', 'nfsfzh', 'djrq'],
      dailyQuota: 500,
      note: '女方信息与登记机关不在核验范围内',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByName: '刘海燕' });
    grantId = approved.json().grantId;
    expect(approved.json().events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approved']);

    const res = await s.call('/lookup/nfsfzh/370702199203033456', { 'x-business-ref': 'WF-HJ-2026-08812' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      records: [{ djzh: 'J370702-2026-000201', nfxm: '陈**', nfsfzh: '370***********3456', djrq: '2026-06-18' }],
    });
    expect(res.headers['x-cs-response-hash']).toMatch(/^[0-9a-f]{64}$/);

    // Two registrations of the same man come back together.
    const two = await s.call('/lookup/nfsfzh/370705199001011234');
    expect(two.json().records.map((r: { djzh: string }) => r.djzh).sort()).toEqual(['J370705-2026-000101', 'J370705-2026-000103']);

    const [record] = (await s.p.ctx.db.query<Record<string, unknown>>(`select * from shr_calls where request_id = $1`, [res.headers['x-request-id']])).rows;
    expect(record).toMatchObject({ grant_id: grantId, operation: 'lookup', end_user: 'ga_zhangsan', business_ref: 'WF-HJ-2026-08812', rows: 1, status: 200, items: ['djzh', 'nfxm', 'nfsfzh', 'djrq'], response_hash: res.headers['x-cs-response-hash'] });
    expect(record!.purpose).toBe('户籍业务办理中核验当事人婚姻状况');
  });

  it('answers 404 for an unknown key, 403 for a key or mode not granted, 400 without an end user — each call recorded', async () => {
    const before = await s.callCount();
    const unknown = await s.call('/lookup/nfsfzh/370705200001010000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('SHARING_RECORD_NOT_FOUND');
    // nvfxm was narrowed away, lb was never asked for: neither is a query key.
    expect((await s.call('/lookup/nvfxm/李秀英')).json().code).toBe('SHARING_KEY_NOT_GRANTED');
    expect((await s.call('/lookup/lb/结婚')).statusCode).toBe(403);
    // The request asked for 接口 only: the bulk export and change feed (库表) are not granted.
    const feed = await s.call('/changes?after=0');
    expect(feed.statusCode).toBe(403);
    expect(feed.json().code).toBe('SHARING_MODE_NOT_GRANTED');
    const anonymousUser = await s.p.app.inject({ method: 'GET', url: `/api/services/${s.serviceCode}/lookup/djzh/J370705-2026-000101`, headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(anonymousUser.statusCode).toBe(400);
    expect(anonymousUser.json().code).toBe('SHARING_END_USER_REQUIRED');
    expect(await s.callCount()).toBe(before + 5);
    // A service that does not exist, and a staff member (not a system) calling one.
    expect((await s.p.app.inject({ method: 'GET', url: '/api/services/ZZ0000000-000999/lookup/a/b', headers: { authorization: `Bearer ${s.apiKey}`, 'x-end-user': 'x' } })).statusCode).toBe(404);
    expect((await s.as('ga_dev', 'GET', `/api/services/${s.serviceCode}/lookup/djzh/J370705-2026-000101`)).statusCode).toBe(403);
  });

  it('lists records page by page, filtered by a granted key', async () => {
    const page = await s.call('/records?pageSize=2');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    expect(page.json().records).toHaveLength(2);
    const filtered = await s.call('/records?djzh=L370702-2026-000202');
    expect(filtered.json().records).toEqual([{ djzh: 'L370702-2026-000202', nfxm: '孙*', nfsfzh: '370***********4321', djrq: '2026-07-08' }]);
    expect((await s.call('/records?djjg=370705')).json().code).toBe('SHARING_KEY_NOT_GRANTED');
  });

  it('shows the call log to the provider and the consumer, and to nobody else', async () => {
    const total = await s.callCount();
    // The provider sees the calls on its services; a call to a service that does not exist has no provider.
    const onServices = await s.callCount('provider_org_id is not null');
    expect(onServices).toBe(total - 1);
    for (const [who, expected] of [['mz_cdo', onServices], ['ga_dev', total], ['auditor', total]] as const) {
      const log = (await s.as(who, 'GET', '/api/sharing/calls?pageSize=200')).json();
      expect(log.total, who).toBe(expected);
      expect(log.items[0], who).toMatchObject({ clientName: expect.stringContaining('公安局'), endUser: 'ga_zhangsan' });
    }
    expect((await s.as('rs_steward', 'GET', '/api/sharing/calls')).json().total).toBe(0);
    expect((await s.as('wj_approver', 'GET', '/api/sharing/grants')).json().total).toBe(0);
    expect((await s.as('rs_steward', 'GET', '/api/sharing/stats')).json()).toMatchObject({ callsInPeriod: 0, grantsActive: 0 });
  });

  it('lists what the system may call (allowedMethods) and describes the service in OpenAPI narrowed to its grant', async () => {
    const headers = { authorization: `Bearer ${s.apiKey}` };
    const allowed = (await s.p.app.inject({ method: 'GET', url: '/api/services/allowed', headers })).json();
    expect(allowed.items).toEqual([expect.objectContaining({ serviceCode: s.serviceCode, grantId, grantStatus: 'active' })]);
    // Staff browse every published service (listMethods) without a grant of their own.
    const all = (await s.as('rs_steward', 'GET', '/api/services')).json();
    expect(all.items).toEqual(expect.arrayContaining([expect.objectContaining({ serviceCode: s.serviceCode, modes: ['api', 'table'], grantId: null })]));
    const doc = (await s.p.app.inject({ method: 'GET', url: `/api/services/${s.serviceCode}/openapi.json`, headers })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas.Record.properties)).toEqual(['djzh', 'nfxm', 'nfsfzh', 'djrq']);
    expect(Object.keys(doc.paths)).toEqual([`/api/services/${s.serviceCode}/lookup/{item}/{value}`, `/api/services/${s.serviceCode}/records`]);
    expect(doc.paths[`/api/services/${s.serviceCode}/lookup/{item}/{value}`].get.parameters[0].schema.enum).toEqual(['nfsfzh', 'djzh']);
  });

  it('is suspended, resumed and revoked by the provider; every state answers 403 with its reason', async () => {
    expect((await s.as('ga_dev', 'POST', `/api/sharing/grants/${grantId}/suspend`, { reason: 'x' })).statusCode).toBe(403);
    const suspended = await s.as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/suspend`, { reason: '核查调用情况' });
    expect(suspended.json().status).toBe('suspended');
    const call = await s.call('/lookup/djzh/J370705-2026-000101');
    expect(call.statusCode).toBe(403);
    expect(call.json()).toMatchObject({ code: 'SHARING_GRANT_SUSPENDED', detail: expect.stringContaining('核查调用情况') });

    expect((await s.as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/resume`)).json().status).toBe('active');
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).statusCode).toBe(200);

    const revoked = await s.as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/revoke`, { reason: '业务系统已停用' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', statusReason: '业务系统已停用' });
    const after = await s.call('/lookup/nfsfzh/370702199203033456');
    expect(after.statusCode).toBe(403);
    expect(after.json().code).toBe('SHARING_GRANT_REVOKED');
    expect((await s.as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/resume`)).json().code).toBe('SHARING_GRANT_STATE');
    for (const action of ['sharing.request.submit', 'sharing.request.approve', 'sharing.grant.issue', 'sharing.grant.suspend', 'sharing.grant.resume', 'sharing.grant.revoke']) {
      expect(await s.auditCount(action), action).toBe(1);
    }
    const verify = await s.p.ctx.audit.verify(s.p.ctx.db);
    expect(verify.ok).toBe(true);
  });

  it('runs out with its validity, and a renewal brings it back', async () => {
    const filed = await s.submit({ validUntil: '2026-12-31' });
    const approved = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {});
    const id = approved.json().grantId as string;
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).statusCode).toBe(200);
    clock.set('2027-01-01T08:00:00+08:00');
    const expired = await s.call('/lookup/djzh/J370705-2026-000101');
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code).toBe('SHARING_GRANT_EXPIRED');
    expect((await s.as('mz_cdo', 'GET', `/api/sharing/grants/${id}`)).json()).toMatchObject({ status: 'active', expired: true, canManage: true, canRelinquish: false });
    expect((await s.as('ga_dev', 'GET', `/api/sharing/grants/${id}`)).json()).toMatchObject({ canManage: false, canRelinquish: true });
    // An expired grant is not counted among the usable ones.
    expect((await s.as('admin', 'GET', '/api/sharing/stats')).json().grantsActive).toBe(0);
    const renewed = await s.as('mz_cdo', 'POST', `/api/sharing/grants/${id}/renew`, { validUntil: '2027-12-31' });
    expect(renewed.json()).toMatchObject({ validUntil: '2027-12-31', expired: false });
    expect((await s.as('admin', 'GET', '/api/sharing/stats')).json().grantsActive).toBe(1);
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).statusCode).toBe(200);
  });
});

describe('the other ways a request goes', () => {
  const clock = new ManualClock('2026-11-25T09:00:00+08:00');
  const s = useSharingPlatform(clock);

  it('offers each requester the systems of their own organisations', async () => {
    const mine = (await s.as('ga_dev', 'GET', '/api/sharing/systems')).json();
    expect(mine.items).toEqual([expect.objectContaining({ id: s.clientId, orgName: expect.stringContaining('公安') })]);
    // A steward of another department does not see the 公安局's systems; an approver may not ask at all.
    expect((await s.as('rs_steward', 'GET', '/api/sharing/systems')).json().items.map((c: { id: string }) => c.id)).not.toContain(s.clientId);
    expect((await s.as('wj_approver', 'GET', '/api/sharing/systems')).statusCode).toBe(403);
  });

  it('grants an unconditionally shared resource at once, still recorded as a request', async () => {
    const open = await s.publish(marriages({ name: '婚姻登记机关名录', shareType: 'unconditional', shareConditions: null, dataGrade: 'general' }));
    const res = await s.as('ga_dev', 'POST', '/api/sharing/requests', { ...s.requestBody(), entryId: open.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'approved', shareType: 'unconditional', decidedByName: '平台（无条件共享）', deadline: null });
    expect(res.json().grantId).toBeTruthy();
    expect(res.json().events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'granted_unconditionally']);
  });

  it('does not let a consumer lift a suspension by asking again, nor reset its quota', async () => {
    const open = (await s.as('admin', 'GET', '/api/sharing/grants?status=active')).json().items.find((g: { resourceName: string }) => g.resourceName === '婚姻登记机关名录');
    await s.as('admin', 'POST', `/api/sharing/grants/${open.id}/suspend`, { reason: '调用异常，核查中' });
    const again = await s.as('ga_dev', 'POST', '/api/sharing/requests', { ...s.requestBody(), entryId: open.entryId });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ code: 'SHARING_GRANT_SUSPENDED', detail: expect.stringContaining('调用异常，核查中') });
    await s.as('admin', 'POST', `/api/sharing/grants/${open.id}/resume`);
    // A replacing grant inherits the day's spent quota.
    await s.p.ctx.db.query('insert into shr_quota_usage (grant_id, day, reserved) values ($1, $2, 700)', [open.id, '2026-11-25']);
    const replaced = await s.as('ga_dev', 'POST', '/api/sharing/requests', { ...s.requestBody(), entryId: open.entryId });
    expect(replaced.statusCode).toBe(201);
    const carried = await s.p.ctx.db.query<{ reserved: number }>('select reserved from shr_quota_usage where grant_id = $1', [replaced.json().grantId]);
    expect(carried.rows).toEqual([{ reserved: 700 }]);
  });

  it('refuses a 不予共享 resource with its legal basis', async () => {
    const closed = await s.publish(marriages({ name: '收养登记信息', shareType: 'none', shareConditions: null, notSharedBasis: '《收养登记工作规范》第二十条：收养登记档案应当保密' }));
    const res = await s.as('ga_dev', 'POST', '/api/sharing/requests', { ...s.requestBody(), entryId: closed.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SHARING_NOT_SHAREABLE', detail: expect.stringContaining('收养登记档案应当保密') });
  });

  it('checks what is asked for against the catalog entry', async () => {
    const bad = async (extra: Record<string, unknown>) => (await s.as('ga_dev', 'POST', '/api/sharing/requests', s.requestBody(extra))).json();
    expect((await bad({ items: ['djzh', 'hjdz'] })).detail).toContain('hjdz');
    expect((await bad({ queryKeys: ['lb'] })).code).toBe('SHARING_REQUEST_INVALID');
    expect((await bad({ legalBasis: null, scenario: '  ' })).code).toBe('SHARING_REQUEST_INVALID');
    expect((await bad({ validUntil: '2026-11-25' })).code).toBe('SHARING_REQUEST_INVALID');
    expect((await bad({ validUntil: '2026-02-30' })).code).toBe('SHARING_REQUEST_INVALID');
    expect((await bad({ modes: ['table'], items: ['nfxm', 'nfsfzh'], queryKeys: ['nfsfzh'] })).detail).toContain('主键');
    // Another department's staff cannot ask on behalf of the 公安局's system.
    expect((await s.as('rs_steward', 'POST', '/api/sharing/requests', s.requestBody())).statusCode).toBe(403);
  });

  it('goes back for more information, is amended and resubmitted, then rejected with a reason, then withdrawn', async () => {
    const filed = await s.submit();
    const asked = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/ask-info`, { question: '请补充户口迁移业务的办件量测算依据' });
    expect(asked.json()).toMatchObject({ status: 'info_requested', deadline: null, reason: '请补充户口迁移业务的办件量测算依据' });
    expect((await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {})).json().code).toBe('SHARING_REQUEST_STATE');
    clock.advance(86_400_000);
    const again = await s.as('ga_dev', 'POST', `/api/sharing/requests/${filed.id}/resubmit`, { dailyVolume: 300, reply: '按2025年户口迁移办件量日均280件测算' });
    expect(again.json()).toMatchObject({ status: 'pending_provider', dailyVolume: 300, reason: null });
    expect(again.json().deadline).toBe('2026-12-10T15:59:59.999Z');
    const rejected = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/reject`, { reason: '户口迁移无需核验离婚登记，请缩小范围后重新申请' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '户口迁移无需核验离婚登记，请缩小范围后重新申请' });
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).json().code).toBe('SHARING_NO_GRANT');
    const resubmitted = await s.as('ga_dev', 'POST', `/api/sharing/requests/${filed.id}/resubmit`, { rowFilter: [{ item: 'djjg', values: ['370705'] }] });
    expect(resubmitted.json().status).toBe('pending_provider');
    const withdrawn = await s.as('ga_dev', 'POST', `/api/sharing/requests/${filed.id}/withdraw`);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(withdrawn.json().events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'info_requested', 'resubmitted', 'rejected', 'resubmitted', 'withdrawn']);
  });

  it('keeps a grant within its row filter: only the consumer’s own county', async () => {
    const filed = await s.submit({ rowFilter: [{ item: 'djjg', values: ['370705'] }] });
    const approved = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const own = await s.call('/lookup/djzh/J370705-2026-000101');
    expect(own.statusCode, own.body).toBe(200);
    expect((await s.call('/lookup/djzh/J370702-2026-000201')).statusCode).toBe(404);
    const listed = (await s.call('/records?pageSize=100')).json().records as Array<{ djjg: string }>;
    expect(listed.map((r) => r.djjg)).toEqual(['370705', '370705', '370705']);
    expect(listed).toHaveLength(MARRIAGE_ROWS.filter((r) => r.djjg === '370705').length);
  });
});

describe('core data: the platform operator reviews after the provider', () => {
  const s = useSharingPlatform(new ManualClock('2026-11-25T09:00:00+08:00'), { sharingOperatorReviewGrades: ['core'] }, marriages({ dataGrade: 'core' }));

  it('needs both approvals before the system may call, and the operator may narrow further', async () => {
    const filed = await s.submit();
    const provider = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { items: ['djzh', 'nfxm', 'nfsfzh', 'djrq'], plainItems: ['nfxm'] });
    expect(provider.json()).toMatchObject({ status: 'pending_operator', providerDecision: { items: ['djzh', 'nfxm', 'nfsfzh', 'djrq'], plainItems: ['nfxm'] } });
    expect((await s.call('/lookup/djzh/J370705-2026-000101')).json().code).toBe('SHARING_REQUEST_PENDING');
    expect((await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {})).statusCode).toBe(403);
    const operatorInbox = (await s.as('admin', 'GET', '/api/sharing/requests?box=inbox')).json();
    expect(operatorInbox.items.map((r: { id: string }) => r.id)).toEqual([filed.id]);
    // The operator cannot widen what the provider granted: items, plain values, quota or rate.
    for (const wider of [{ items: ['djzh', 'nvfxm'] }, { plainItems: ['nfxm', 'nfsfzh'] }, { dailyQuota: 5000 }, { ratePerMinute: 100_000 }]) {
      expect((await s.as('admin', 'POST', `/api/sharing/requests/${filed.id}/approve`, wider)).json().code, JSON.stringify(wider)).toBe('SHARING_REQUEST_INVALID');
    }
    const done = await s.as('admin', 'POST', `/api/sharing/requests/${filed.id}/approve`, { items: ['djzh', 'nfxm', 'djrq'] });
    expect(done.json().status).toBe('approved');
    const res = await s.call('/lookup/djzh/J370705-2026-000101');
    // nfxm's masking was lifted by the provider and kept by the operator; nfsfzh was dropped.
    expect(res.json().records).toEqual([{ djzh: 'J370705-2026-000101', nfxm: '王建军', djrq: '2026-05-20' }]);
  });
});

describe('bad input to a data service', () => {
  const s = useSharingPlatform(new ManualClock('2026-11-25T09:00:00+08:00'));

  it('never answers 5xx, whatever the key, value, filters or cursor', async () => {
    const filed = await s.submit({ queryKeys: ['nfsfzh', 'djzh', 'djrq'], modes: ['api', 'table'], items: ['djzh', 'nfxm', 'nfsfzh', 'djrq'], dailyVolume: 100_000 });
    await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { ratePerMinute: 100_000 });
    // A date key with a value that is no date is the caller's mistake: 400, not a database error — and recorded.
    const before = await s.callCount();
    const badDate = await s.call('/lookup/djrq/2026-13-45');
    expect(badDate.statusCode).toBe(400);
    expect(await s.callCount()).toBe(before + 1);
    expect(await s.callCount("code = 'VALIDATION_FAILED' and status = 400")).toBe(1);
    expect((await s.call('/lookup/djrq/2026-06-18')).json().records).toHaveLength(1);

    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('%00', '..', '%E4%B8%AD', "' or 1=1 --", '1e309', '-1', '99999999999999999999', '2026-02-30'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('djzh', 'nfsfzh', 'djrq', 'lb', 'ZZ', '_seq'), text, text, async (item, value, q) => {
        const paths = [
          `/lookup/${item}/${encodeURIComponent(value) || 'x'}`,
          `/records?${encodeURIComponent(item)}=${encodeURIComponent(value)}&page=${encodeURIComponent(q)}`,
          `/changes?after=${encodeURIComponent(q)}&limit=${encodeURIComponent(value)}`,
        ];
        for (const path of paths) {
          const res = await s.call(path);
          expect(res.statusCode, `${path} → ${res.body}`).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
  });
});
