// 免证办 on a whole platform through the HTTP API: the 住房公积金管理中心 handles 住房公积金提取（购房）, which needs
// the applicant's marriage status. The status comes from the 民政局's marriage registrations, read through the
// grant the 公积金中心's system holds (a real request approved by the 民政局), or from a 结婚证 the citizen holds.
// Citizens sign in with mobile and code and are bound through the 户籍 register. The acceptance flow: preview,
// nothing visible to the department, confirm, released, recorded; and the ways it must refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLicenceTypes } from '../../../demo/seed-credentials.ts';
import { DEMO_PASSWORD, DEPARTMENTS } from '../../../demo/weifang.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { ERROR_CODES } from '../../kernel/errors.ts';
import { citizenIdCheckChar } from '../directory/identifiers.ts';
import { findOrgByCode } from '../directory/index.ts';
import { dataServiceDeps } from '../sharing/index.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');
const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);

const PEOPLE = {
  husband: { sfzhm: citizenId('37070519900101123'), xm: '王建军', xb: '1', csrq: '1990-01-01', mz: '01', hjdz: '潍坊市奎文区东风东街 1 号', sjhm: '13905360101' },
  wife: { sfzhm: citizenId('37070519920202124'), xm: '李秀英', xb: '2', csrq: '1992-02-02', mz: '01', hjdz: '潍坊市奎文区东风东街 1 号', sjhm: '13905360102' },
  single: { sfzhm: citizenId('37070219950505135'), xm: '张明', xb: '1', csrq: '1995-05-05', mz: '01', hjdz: '潍坊市潍城区胜利西街 8 号', sjhm: '13905360103' },
  licensed: { sfzhm: citizenId('37070319880808157'), xm: '赵刚', xb: '1', csrq: '1988-08-08', mz: '01', hjdz: '潍坊市寒亭区通亭街 5 号', sjhm: '13905360104' },
};
const UNREGISTERED_MOBILE = '13905360199';

const hukou = entryContent('户籍人口基本信息（免证办测试）', [
  item('sfzhm', '公民身份号码', 'string', { length: 18, key: true, required: true, sensitivity: 'personal', mask: 'citizen_id' }),
  item('xm', '姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
  item('xb', '性别', 'string', { length: 1 }),
  item('csrq', '出生日期', 'date'),
  item('mz', '民族', 'string', { length: 2 }),
  item('hjdz', '户籍地址', 'string', { length: 200, sensitivity: 'personal', mask: 'address' }),
  item('sjhm', '联系电话', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile' }),
], { category: '人口', resourceClass: 'base', shareType: 'conditional', shareConditions: '依法履职', dataGrade: 'important' });

const marriage = entryContent('婚姻登记信息（免证办测试）', [
  item('djzh', '登记证字号', 'string', { length: 32, required: true, key: true }),
  item('djlx', '登记类型', 'string', { length: 4, required: true }),
  item('nf_sfzhm', '男方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('nf_xm', '男方姓名', 'string', { sensitivity: 'personal', mask: 'name' }),
  item('nvf_sfzhm', '女方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('nvf_xm', '女方姓名', 'string', { sensitivity: 'personal', mask: 'name' }),
  item('djrq', '登记日期', 'date', { required: true }),
  item('djjg', '登记机关', 'string', { length: 100 }),
], { shareType: 'conditional', shareConditions: '限婚姻状况核验等政务服务事项使用', dataGrade: 'important', shareModes: ['api'] });

const registration = (n: number, man: typeof PEOPLE.husband, woman: { sfzhm: string; xm: string }, djlx = '结婚', djrq = '2020-05-20') => ({
  djzh: `J370705-2020-${String(n).padStart(6, '0')}`, djlx, nf_sfzhm: man.sfzhm, nf_xm: man.xm, nvf_sfzhm: woman.sfzhm, nvf_xm: woman.xm, djrq, djjg: '奎文区民政局婚姻登记处',
});

let p: TestPlatform;
const orgs = { gjj: '', mz: '' };
let marriageEntryId = '';
let grantId = '';
let itemId = '';

const as = async (username: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: { cookie: await p.signIn(username) }, ...(payload ? { payload } : {}) });
const asCitizen = async (mobile: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: { cookie: await p.citizenSignIn(mobile) }, ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}) });
const count = async (sql: string, params: unknown[] = []) => Number((await p.ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n);
const callsFor = async (number: string) => {
  await dataServiceDeps(p.ctx).recorder.idle();
  return count(`select count(*)::int as n from shr_calls where business_ref like $1`, [`${number}%`]);
};

async function publish(username: string, providerOrgId: string, content: object, records: object[]): Promise<string> {
  const created = await as(username, 'POST', '/api/catalog/entries', { providerOrgId, content });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const submitted = await as(username, 'POST', `/api/catalog/entries/${id}/submit`);
  expect(submitted.statusCode, submitted.body).toBe(200);
  const published = await as('admin', 'POST', `/api/catalog/entries/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  const pushed = await as(username, 'POST', `/api/ingest/resources/${id}/batches`, { batchId: `b-${id}`, records });
  expect(pushed.statusCode, pushed.body).toBe(200);
  return id;
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  const org = async (key: string) => (await findOrgByCode(p.ctx.db, DEPARTMENTS.find((d) => d.key === key)!.uscc))!.id;
  orgs.gjj = await org('gjj');
  orgs.mz = await org('mz');
  // The 公积金中心's clerk (受理) and developer, created by the platform admin.
  for (const [username, role] of [['gjj_clerk', 'data_steward'], ['gjj_dev', 'developer']] as const) {
    const res = await as('admin', 'POST', '/api/directory/users', { username, name: username === 'gjj_clerk' ? '高敏' : '孙可', mobile: username === 'gjj_clerk' ? '13805360091' : '13805360092', password: DEMO_PASSWORD, orgId: orgs.gjj, title: '工作人员', roles: [role] });
    expect(res.statusCode, res.body).toBe(201);
  }
  // The population register (公安局) lets citizens bind their accounts; the marriage registrations (民政局) are the evidence.
  const hukouId = await publish('admin', await org('ga'), hukou, Object.values(PEOPLE));
  marriageEntryId = await publish('mz_cdo', orgs.mz, marriage, [registration(101, PEOPLE.husband, PEOPLE.wife)]);
  await seedDemoLicenceTypes(p.ctx, [{ key: 'hukou', entryId: hukouId }, { key: 'marriage', entryId: marriageEntryId }]);

  // The 公积金中心's system asks for the registrations; the 民政局 (and, for important data, the operator) approves.
  const client = await as('gjj_dev', 'POST', '/api/directory/api-clients', { name: '住房公积金业务系统', orgId: orgs.gjj });
  expect(client.statusCode, client.body).toBe(201);
  const requested = await as('gjj_dev', 'POST', '/api/sharing/requests', {
    entryId: marriageEntryId, clientId: client.json().client.id, items: ['djzh', 'djlx', 'nf_sfzhm', 'nf_xm', 'nvf_sfzhm', 'nvf_xm', 'djrq', 'djjg'], queryKeys: ['nf_sfzhm', 'nvf_sfzhm'],
    modes: ['api'], purpose: '住房公积金提取业务中核验申请人婚姻状况', legalBasis: '《住房公积金管理条例》第二十四条', scenario: '住房公积金提取（购房）', dailyVolume: 500, validUntil: '2027-06-30',
  });
  expect(requested.statusCode, requested.body).toBe(201);
  let decided = await as('mz_cdo', 'POST', `/api/sharing/requests/${requested.json().id}/approve`, {});
  if (decided.json().status === 'pending_operator') decided = await as('admin', 'POST', `/api/sharing/requests/${requested.json().id}/approve`, {});
  expect(decided.json().status, decided.body).toBe('approved');
  grantId = decided.json().grantId;

  // 结婚证 of 赵刚, whose registration is not in the resource: the licence answers for him.
  const licence = await as('admin', 'POST', '/api/credentials/licences', {
    typeCode: 'JHZ',
    claims: { certificate_number: 'J370703-2019-000055', holder_name: PEOPLE.licensed.xm, holder_id_number: PEOPLE.licensed.sfzhm, spouse_name: '孙丽', spouse_id_number: citizenId('37070319900909162'), registration_date: '2019-09-09', registration_authority: '潍坊市寒亭区民政局婚姻登记处' },
  });
  expect(licence.statusCode, licence.body).toBe(201);

  const type = await as('admin', 'POST', '/api/evidence/types', {
    code: 'marriage_status', name: '婚姻状况', description: '申请人的婚姻登记情况',
    providers: [
      { kind: 'licence', typeCode: 'JHZ', fields: ['certificate_number', 'holder_name', 'spouse_name', 'registration_date', 'registration_authority'], conclusion: { kind: 'fixed', text: '已婚' } },
      {
        kind: 'resource', entryId: marriageEntryId, grantId, keyItems: ['nf_sfzhm', 'nvf_sfzhm'], fields: ['djzh', 'djlx', 'nf_xm', 'nvf_xm', 'djrq', 'djjg'],
        conclusion: { kind: 'latest', dateItem: 'djrq', valueItem: 'djlx', map: { 结婚: '已婚', 复婚: '已婚', 离婚: '离婚' } }, noRecord: '未婚（无婚姻登记记录）',
      },
    ],
  });
  expect(type.statusCode, type.body).toBe(201);
  const created = await as('gjj_clerk', 'POST', '/api/evidence/items', { code: '370700-GJJ-TQ-001', name: '住房公积金提取（购房）', orgId: orgs.gjj, evidenceCodes: ['marriage_status'] });
  expect(created.statusCode, created.body).toBe(201);
  itemId = created.json().id;
});
afterAll(() => p.close());

describe('service items and evidence types', () => {
  it('lists the item with its evidence for staff and citizens', async () => {
    const staff = (await as('gjj_clerk', 'GET', '/api/evidence/items')).json().items;
    expect(staff).toContainEqual(expect.objectContaining({ id: itemId, name: '住房公积金提取（购房）', orgName: '潍坊市住房公积金管理中心', evidence: [{ code: 'marriage_status', name: '婚姻状况' }], status: 'active' }));
    const open = await asCitizen(PEOPLE.husband.sjhm, 'GET', '/api/citizen/service-items');
    expect(open.json().items.map((i: { id: string }) => i.id)).toContain(itemId);
    expect((await as('rs_steward', 'GET', '/api/evidence/types')).json().items[0]).toMatchObject({ code: 'marriage_status', providers: [{ kind: 'licence' }, { kind: 'resource', grantId }] });
  });

  it('lets a department keep only its own items, and only platform admins declare evidence types', async () => {
    const body = { code: '370700-MZ-001', name: '低保申请', orgId: orgs.mz, evidenceCodes: ['marriage_status'] };
    expect((await as('gjj_clerk', 'POST', '/api/evidence/items', body)).statusCode).toBe(403);
    expect((await as('gjj_clerk', 'POST', '/api/evidence/items', { ...body, orgId: orgs.gjj, code: '370700-GJJ-TQ-001' })).json().code).toBe('EVIDENCE_ITEM_TAKEN');
    expect((await as('gjj_clerk', 'POST', '/api/evidence/items', { ...body, orgId: orgs.gjj, code: 'X-2', evidenceCodes: ['no_such_thing'] })).json().code).toBe('EVIDENCE_TYPE_NOT_FOUND');
    expect((await as('mz_cdo', 'POST', '/api/evidence/types', { code: 'no_criminal_record', name: '无犯罪记录', providers: [] })).statusCode).toBe(403);
    const bad = await as('admin', 'POST', '/api/evidence/types', { code: 'x_bad', name: '坏', providers: [{ kind: 'licence', typeCode: 'JHZ', fields: ['holder_name'], conclusion: { kind: 'latest', dateItem: 'registration_date', valueItem: 'x', map: {} } }] });
    expect(bad.json().code).toBe('EVIDENCE_TYPE_INVALID');
    expect((await as('admin', 'POST', '/api/evidence/types', { code: 'marriage_status', name: '重复', providers: [] })).json().code).toBe('EVIDENCE_TYPE_TAKEN');
  });

  it('closes an item for applications and opens it again, by its own department only', async () => {
    expect((await as('mz_cdo', 'POST', `/api/evidence/items/${itemId}/status`, { status: 'inactive' })).statusCode).toBe(403);
    expect((await as('gjj_clerk', 'POST', `/api/evidence/items/${itemId}/status`, { status: 'inactive' })).json().status).toBe('inactive');
    const refused = await asCitizen(PEOPLE.husband.sjhm, 'POST', '/api/citizen/applications', { itemId });
    expect(refused.json().code).toBe('EVIDENCE_ITEM_INACTIVE');
    expect((await asCitizen(PEOPLE.husband.sjhm, 'GET', '/api/citizen/service-items')).json().items).toEqual([]);
    expect((await as('gjj_clerk', 'POST', `/api/evidence/items/${itemId}/status`, { status: 'active' })).json().status).toBe('active');
    expect(await count(`select count(*)::int as n from audit_records where action = 'evidence.item.status' and target_id = $1`, [itemId])).toBe(2);
  });
});

describe('applying with evidence instead of paper', () => {
  it('refuses a citizen who is not bound to a real name', async () => {
    const res = await asCitizen(UNREGISTERED_MOBILE, 'POST', '/api/citizen/applications', { itemId });
    // The status is the one errors.ts gives the code (the brief said 403; errors.ts now says 409).
    expect(res.statusCode, res.body).toBe(ERROR_CODES.CITIZEN_NOT_BOUND.status);
    expect(res.json().code).toBe('CITIZEN_NOT_BOUND');
    expect(await count('select count(*)::int as n from evd_applications')).toBe(0);
  });

  it('fetches marriage-status evidence, shows the preview, releases it only after confirmation, and records the calls', async () => {
    // 1. Apply: the evidence is fetched from the registrations through the 公积金中心's grant and previewed.
    const applied = await asCitizen(PEOPLE.husband.sjhm, 'POST', '/api/citizen/applications', { itemId });
    expect(applied.statusCode, applied.body).toBe(201);
    const preview = applied.json();
    expect(preview).toMatchObject({ itemName: '住房公积金提取（购房）', orgName: '潍坊市住房公积金管理中心', status: 'previewed', paperFree: null, submittedAt: null });
    expect(preview.number).toMatch(/^SQ20261125\d{6}$/);
    const [piece] = preview.evidence;
    expect(piece).toMatchObject({ code: 'marriage_status', name: '婚姻状况', outcome: 'fetched', decision: 'pending', released: false, paperRequired: false });
    expect(piece.content).toMatchObject({
      provider: { kind: 'resource', name: '婚姻登记信息（免证办测试）（潍坊市民政局）' }, conclusion: '已婚', noRecord: false,
      fields: [{ code: 'djzh', name: '登记证字号' }, { code: 'djlx', name: '登记类型' }, { code: 'nf_xm', name: '男方姓名' }, { code: 'nvf_xm', name: '女方姓名' }, { code: 'djrq', name: '登记日期' }, { code: 'djjg', name: '登记机关' }],
      // Personal items are masked as the grant says: the spouse's name is not shown in full.
      records: [{ djzh: 'J370705-2020-000101', djlx: '结婚', nf_xm: '王**', nvf_xm: '李**', djrq: '2020-05-20', djjg: '奎文区民政局婚姻登记处' }],
    });
    expect(piece.digest).toMatch(/^[0-9a-f]{64}$/);
    // Both sides were looked up (男方 and 女方), each a data-service call in the log of the grant.
    expect(await callsFor(preview.number)).toBe(2);
    expect(await count(`select count(*)::int as n from shr_calls where grant_id = $1 and business_ref like $2 and end_user like '申请人 王**%'`, [grantId, `${preview.number}%`])).toBe(2);

    // 2. Nothing is visible to the department before confirmation.
    expect((await as('gjj_clerk', 'GET', `/api/evidence/applications/${preview.id}`)).statusCode).toBe(404);
    expect((await as('gjj_clerk', 'GET', '/api/evidence/applications')).json()).toEqual({ items: [], total: 0 });
    // The evidence is sealed at rest: no value of the record in the row.
    const raw = JSON.stringify((await p.ctx.db.query('select * from evd_pieces where application_id = $1', [preview.id])).rows);
    for (const plain of ['J370705-2020-000101', '奎文区民政局婚姻登记处', '王**']) expect(raw).not.toContain(plain);

    // 3. Confirm: fetched again, equal to the preview, attached and released; the application is submitted.
    const confirmed = await asCitizen(PEOPLE.husband.sjhm, 'POST', `/api/citizen/applications/${preview.id}/confirm`, { digests: { marriage_status: piece.digest } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'submitted', paperFree: true, evidence: [{ code: 'marriage_status', decision: 'confirmed', released: true, paperRequired: false }] });
    expect(await callsFor(preview.number)).toBe(4);

    // 4. The department now sees the application with exactly the evidence previewed.
    const seen = await as('gjj_clerk', 'GET', `/api/evidence/applications/${preview.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ number: preview.number, applicantName: '王建军', applicantIdMasked: expect.stringMatching(/^370\*+/), paperFree: true });
    expect(seen.json().evidence).toEqual([expect.objectContaining({ code: 'marriage_status', released: true, paperRequired: false, paperReason: null, digest: piece.digest, content: piece.content })]);
    expect((await as('gjj_clerk', 'GET', '/api/evidence/applications')).json()).toMatchObject({ total: 1, items: [{ id: preview.id, applicantName: '王**' }] });

    // Every state change and the department's reading of the evidence is in the audit trail.
    for (const action of ['evidence.application.preview', 'evidence.application.submit', 'evidence.application.read']) {
      expect(await count('select count(*)::int as n from audit_records where action = $1 and target_id = $2', [action, preview.id]), action).toBe(1);
    }
  });

  it('keeps applications from other citizens and other departments', async () => {
    const [mine] = (await asCitizen(PEOPLE.husband.sjhm, 'GET', '/api/citizen/applications')).json().items;
    expect((await asCitizen(PEOPLE.wife.sjhm, 'GET', `/api/citizen/applications/${mine.id}`)).statusCode).toBe(404);
    expect((await asCitizen(PEOPLE.wife.sjhm, 'POST', `/api/citizen/applications/${mine.id}/confirm`, {})).statusCode).toBe(404);
    expect((await asCitizen(PEOPLE.wife.sjhm, 'GET', '/api/citizen/applications')).json().items).toEqual([]);
    // The 民政局 provides the data but does not handle the item; platform admins see counts, not evidence.
    expect((await as('mz_cdo', 'GET', `/api/evidence/applications/${mine.id}`)).statusCode).toBe(403);
    expect((await as('mz_cdo', 'GET', '/api/evidence/applications')).json().total).toBe(0);
    expect((await as('admin', 'GET', `/api/evidence/applications/${mine.id}`)).statusCode).toBe(403);
    // Staff sessions do not reach the citizen API, and citizens do not reach the staff API.
    expect((await as('gjj_clerk', 'GET', `/api/citizen/applications/${mine.id}`)).statusCode).toBe(403);
    expect((await asCitizen(PEOPLE.husband.sjhm, 'GET', '/api/evidence/stats')).statusCode).toBe(401);
  });

  it('takes the evidence from a 结婚证 the citizen holds, masking the spouse', async () => {
    const res = await asCitizen(PEOPLE.licensed.sjhm, 'POST', '/api/citizen/applications', { itemId });
    expect(res.statusCode, res.body).toBe(201);
    const { content } = res.json().evidence[0];
    expect(content).toMatchObject({
      provider: { kind: 'licence', name: '结婚证（潍坊市民政局）', source: expect.stringMatching(/^1\.2\.156\.3005\.2\.JHZ\./) }, conclusion: '已婚',
      records: [{ certificate_number: 'J370703-2019-000055', holder_name: '赵刚', spouse_name: '孙*', registration_date: '2019-09-09' }],
    });
    // A licence is read from the wallet's issuer, not through a grant: no data-service call.
    expect(await callsFor(res.json().number)).toBe(0);
    expect((await asCitizen(PEOPLE.licensed.sjhm, 'POST', `/api/citizen/applications/${res.json().id}/confirm`, {})).json()).toMatchObject({ status: 'submitted', paperFree: true });
  });

  it('leaves declined evidence out: the citizen brings paper and the item is not counted as served without paper', async () => {
    const applied = (await asCitizen(PEOPLE.wife.sjhm, 'POST', '/api/citizen/applications', { itemId })).json();
    expect(applied.evidence[0].content.conclusion).toBe('已婚');
    const confirmed = await asCitizen(PEOPLE.wife.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, { decline: ['marriage_status'] });
    expect(confirmed.json()).toMatchObject({ status: 'submitted', paperFree: false, evidence: [{ decision: 'declined', released: false, paperRequired: true }] });
    // Declined evidence is not fetched again at release.
    expect(await callsFor(applied.number)).toBe(2);
    const seen = (await as('gjj_clerk', 'GET', `/api/evidence/applications/${applied.id}`)).json();
    expect(seen.evidence).toEqual([expect.objectContaining({ released: false, paperRequired: true, content: null, digest: null, paperReason: '申请人未同意在线调取，需提交纸质材料' })]);
    expect((await asCitizen(PEOPLE.wife.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, {})).json().code).toBe('EVIDENCE_APPLICATION_STATE');
  });

  it('refuses to release evidence that changed after the preview, and releases the new preview once confirmed', async () => {
    const applied = (await asCitizen(PEOPLE.single.sjhm, 'POST', '/api/citizen/applications', { itemId })).json();
    // No registration at all: the authoritative source's "no record" is itself the evidence.
    expect(applied.evidence[0]).toMatchObject({ outcome: 'fetched', content: { conclusion: '未婚（无婚姻登记记录）', noRecord: true, records: [] } });
    expect((await asCitizen(PEOPLE.single.sjhm, 'POST', '/api/citizen/applications', { itemId })).json().code).toBe('EVIDENCE_APPLICATION_OPEN');

    // He marries before confirming: the registration reaches the resource.
    const pushed = await as('mz_cdo', 'POST', `/api/ingest/resources/${marriageEntryId}/batches`, { batchId: 'm-2', records: [registration(102, PEOPLE.single, { sfzhm: citizenId('37070219960606146'), xm: '周婷' }, '结婚', '2026-11-20')] });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const refused = await asCitizen(PEOPLE.single.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'EVIDENCE_SOURCE_CHANGED', changed: ['婚姻状况'] });
    expect(refused.json().detail).toContain('请重新预览');
    expect((await as('gjj_clerk', 'GET', `/api/evidence/applications/${applied.id}`)).statusCode).toBe(404);
    expect((await asCitizen(PEOPLE.single.sjhm, 'GET', `/api/citizen/applications/${applied.id}`)).json().status).toBe('previewed');

    const again = await asCitizen(PEOPLE.single.sjhm, 'POST', `/api/citizen/applications/${applied.id}/preview`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().evidence[0].content).toMatchObject({ conclusion: '已婚', noRecord: false, records: [{ nf_xm: '张*', nvf_xm: '周*', djrq: '2026-11-20' }] });
    // Confirming with the old preview's digest (another tab) is refused too.
    expect((await asCitizen(PEOPLE.single.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, { digests: { marriage_status: applied.evidence[0].digest } })).json().code).toBe('EVIDENCE_SOURCE_CHANGED');
    const confirmed = await asCitizen(PEOPLE.single.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, { digests: { marriage_status: again.json().evidence[0].digest } });
    expect(confirmed.json()).toMatchObject({ status: 'submitted', paperFree: true });
    const seen = (await as('gjj_clerk', 'GET', `/api/evidence/applications/${applied.id}`)).json();
    expect(seen.evidence[0].content).toEqual(again.json().evidence[0].content);
  });

  it('asks for paper when the grant no longer lets the department read', async () => {
    expect((await as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/suspend`, { reason: '核查调用情况' })).statusCode).toBe(200);
    const other = await as('admin', 'POST', '/api/evidence/items', { code: '370700-GJJ-TQ-002', name: '住房公积金提取（租房）', orgId: orgs.gjj, evidenceCodes: ['marriage_status'] });
    const applied = (await asCitizen(PEOPLE.husband.sjhm, 'POST', '/api/citizen/applications', { itemId: other.json().id })).json();
    expect(applied.evidence[0]).toMatchObject({ outcome: 'missing', paperRequired: true, content: null, missingReason: expect.stringContaining('授权') });
    const confirmed = (await asCitizen(PEOPLE.husband.sjhm, 'POST', `/api/citizen/applications/${applied.id}/confirm`, {})).json();
    expect(confirmed).toMatchObject({ status: 'submitted', paperFree: false });
    expect((await as('mz_cdo', 'POST', `/api/sharing/grants/${grantId}/resume`, {})).statusCode).toBe(200);
  });
});

describe('statistics', () => {
  it('counts per item the applications, the submitted ones and those served without paper, per department', async () => {
    const stats = (await as('admin', 'GET', '/api/evidence/stats')).json();
    expect(stats.items).toEqual([
      { itemId, itemCode: '370700-GJJ-TQ-001', itemName: '住房公积金提取（购房）', orgId: orgs.gjj, orgName: '潍坊市住房公积金管理中心', applications: 4, submitted: 4, paperFree: 3, paperFreeShare: 0.75 },
      expect.objectContaining({ itemCode: '370700-GJJ-TQ-002', applications: 1, submitted: 1, paperFree: 0, paperFreeShare: 0 }),
    ]);
    expect(stats.totals).toEqual({ applications: 5, submitted: 5, paperFree: 3, paperFreeShare: 0.6 });
    expect((await as('gjj_clerk', 'GET', '/api/evidence/stats')).json().totals.applications).toBe(5);
    expect((await as('mz_cdo', 'GET', '/api/evidence/stats')).json()).toEqual({ items: [], totals: { applications: 0, submitted: 0, paperFree: 0, paperFreeShare: 0 } });
  });
});
