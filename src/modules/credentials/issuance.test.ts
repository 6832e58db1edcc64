// Issuing electronic licences through the HTTP API on a whole platform: one by one with claim checks,
// in bulk from a published resource (idempotent), and suspension / revocation seen in the signed status list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLicenceTypes } from '../../../demo/seed-credentials.ts';
import { DEMO_PASSWORD, DEPARTMENTS } from '../../../demo/weifang.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import { citizenIdCheckChar } from '../directory/identifiers.ts';
import { loadResourceTable, qualified } from '../ingest/index.ts';
import { processRun } from './bulk.ts';
import { parseLicenceId } from './identifiers.ts';
import { verifyStatusListToken } from './status-list.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');
const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);
const WJ_USCC = DEPARTMENTS.find((d) => d.key === 'wj')!.uscc;
const ELDER = { name: '张桂兰', sex: '女', id_number: citizenId('37070519500315002'), card_number: 'LN2026000001', birth_date: '1950-03-15' };

/** 婚姻登记信息 with the item codes 结婚证's source mapping reads. */
const marriageSource = entryContent('婚姻登记信息（制证测试）', [
  item('djzh', '结婚证字号', 'string', { length: 32, required: true, key: true }),
  item('nf_xm', '男方姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
  item('nf_sfzhm', '男方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('nvf_xm', '女方姓名', 'string', { sensitivity: 'personal', mask: 'name' }),
  item('nvf_sfzhm', '女方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('djrq', '登记日期', 'date', { required: true }),
  item('djjg', '登记机关', 'string'),
]);
const couple = (n: number, husbandId: string) => ({
  djzh: `J370705-2026-00010${n}`, nf_xm: `王建${n}`, nf_sfzhm: husbandId, nvf_xm: `李秀${n}`, nvf_sfzhm: citizenId(`37070519920202${String(n).padStart(3, '0')}`), djrq: '2026-05-20', djjg: '奎文区民政局',
});
const MARRIAGES = [
  couple(1, citizenId('37070519900101123')),
  couple(2, citizenId('37070519881212567')),
  couple(3, citizenId('37070219920303345')),
  couple(4, '370702198507074320'), // wrong check character: skipped as invalid
];

let p: TestPlatform;
const as = async (username: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: { cookie: await p.signIn(username) }, ...(payload ? { payload } : {}) });
const count = async (sql: string, params: unknown[] = []) => Number((await p.ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n);

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  const me = (await as('mz_cdo', 'GET', '/api/me')).json();
  const created = await as('mz_cdo', 'POST', '/api/catalog/entries', { providerOrgId: me.user.posts[0].orgId, content: marriageSource });
  expect(created.statusCode, created.body).toBe(201);
  const entryId = created.json().id as string;
  expect((await as('mz_cdo', 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
  expect((await as('admin', 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
  const pushed = await as('mz_cdo', 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId: 'jhz-1', records: MARRIAGES });
  expect(pushed.statusCode, pushed.body).toBe(200);
  await seedDemoLicenceTypes(p.ctx, [{ key: 'marriage', entryId }]);
});
afterAll(() => p.close());

describe('issuing one licence', () => {
  it('issues a 老年人优待证 with derived age bands, a GB/T 36904 identifier, sealed claims and an audit record', async () => {
    const res = await as('admin', 'POST', '/api/credentials/licences', { typeCode: 'LNRYDZ', claims: ELDER });
    expect(res.statusCode, res.body).toBe(201);
    const licence = res.json();
    expect(licence).toMatchObject({ typeCode: 'LNRYDZ', typeName: '老年人优待证', status: 'valid', validUntil: null, holderMasked: '370***********002' + ELDER.id_number.slice(-1), holderNameMasked: '张**' });
    const parsed = parseLicenceId(licence.identifier);
    expect(parsed).toMatchObject({ typeCode: 'LNRYDZ', issuerCode: WJ_USCC, version: 1 });

    const row = (await p.ctx.db.query<Record<string, string>>('select * from cred_licences where id = $1', [licence.id])).rows[0]!;
    for (const plain of [ELDER.name, ELDER.id_number, ELDER.birth_date, ELDER.card_number]) expect(JSON.stringify(row)).not.toContain(plain);
    expect(row.holder_index).toBe(p.ctx.vault.blindIndex(ELDER.id_number));
    const claims = JSON.parse(p.ctx.vault.decrypt(row.claims_sealed!));
    expect(claims).toMatchObject({ ...ELDER, age_over_60: true, age_over_65: true });

    expect(await count(`select count(*)::int as n from audit_records where action = 'credentials.licence.issue' and target_id = $1`, [licence.id])).toBe(1);
    expect((await as('admin', 'GET', `/api/credentials/licences/${licence.id}`)).json()).toEqual(licence);
  });

  it('refuses claims that do not fit the type, naming every problem', async () => {
    const res = await as('admin', 'POST', '/api/credentials/licences', {
      typeCode: 'LNRYDZ', claims: { ...ELDER, id_number: '370705195003150021', birth_date: '1950-02-30', age_over_60: true, colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CRED_CLAIMS_INVALID');
    expect(res.json().problems).toEqual(expect.arrayContaining([
      { field: 'id_number', problem: 'citizen_id' }, { field: 'birth_date', problem: 'date' }, { field: 'age_over_60', problem: 'derived' }, { field: 'colour', problem: 'unknown' },
    ]));
    const missing = await as('admin', 'POST', '/api/credentials/licences', { typeCode: 'LNRYDZ', claims: { sex: '女' } });
    expect(missing.json().problems).toEqual(expect.arrayContaining([{ field: 'name', problem: 'required' }, { field: 'id_number', problem: 'required' }]));
    expect((await as('admin', 'POST', '/api/credentials/licences', { typeCode: 'NOSUCH', claims: {} })).json().code).toBe('CRED_TYPE_NOT_FOUND');
  });

  it('lets only the issuing department\'s staff issue and read', async () => {
    // 民政局's chief data representative is issuer staff, but not of the 卫健委's types.
    expect((await as('mz_cdo', 'POST', '/api/credentials/licences', { typeCode: 'LNRYDZ', claims: ELDER })).statusCode).toBe(403);
    expect((await as('rs_steward', 'POST', '/api/credentials/licences', { typeCode: 'LNRYDZ', claims: ELDER })).statusCode).toBe(403);
    expect((await as('wj_approver', 'POST', '/api/credentials/licences', { typeCode: 'LNRYDZ', claims: ELDER })).statusCode).toBe(403);
    const list = await as('mz_cdo', 'GET', '/api/credentials/licences?typeCode=LNRYDZ');
    expect(list.json().total).toBe(0);
    const [one] = (await as('admin', 'GET', '/api/credentials/licences?typeCode=LNRYDZ')).json().items;
    expect((await as('mz_cdo', 'GET', `/api/credentials/licences/${one.id}`)).statusCode).toBe(403);
    expect((await as('wj_approver', 'GET', '/api/credentials/types')).json().items).toHaveLength(10);
  });
});

describe('bulk issuance from the source resource', () => {
  const runToEnd = async (username: string) => {
    const started = await as(username, 'POST', '/api/credentials/types/JHZ/issuance-runs');
    expect(started.statusCode, started.body).toBe(202);
    await p.ctx.jobs.runDue();
    await p.ctx.jobs.idle();
    return (await as(username, 'GET', `/api/credentials/issuance-runs/${started.json().id}`)).json();
  };

  it('issues one 结婚证 per valid record, counts the invalid one, and issues nothing new when run again', async () => {
    expect(await runToEnd('mz_cdo')).toMatchObject({ status: 'succeeded', total: 4, issued: 3, skipped: 0, failed: 1 });
    expect(await runToEnd('mz_cdo')).toMatchObject({ status: 'succeeded', total: 4, issued: 0, skipped: 3, failed: 1 });
    expect(await count(`select count(*)::int as n from cred_licences where type_code = 'JHZ'`)).toBe(3);
    const sequences = (await p.ctx.db.query<{ identifier: string }>(`select identifier from cred_licences where type_code = 'JHZ' order by identifier`)).rows.map((r) => parseLicenceId(r.identifier).sequence);
    expect(sequences).toEqual([1, 2, 3]);
    const page = (await as('mz_cdo', 'GET', '/api/credentials/licences?typeCode=JHZ&status=valid')).json();
    expect(page.total).toBe(3);
    expect(page.items[0].holderNameMasked).toMatch(/^王\*+$/);
    expect((await as('wj_approver', 'POST', '/api/credentials/types/JHZ/issuance-runs')).statusCode).toBe(403);
    expect((await as('admin', 'POST', '/api/credentials/types/JZZ/issuance-runs')).json().code).toBe('CRED_NO_SOURCE');
  });
});

describe('a run taken over after its process died', () => {
  it('resumes after the last committed page and issues the rest once', async () => {
    const entryId = (await p.ctx.db.query<{ source_entry_id: string }>(`select source_entry_id from cred_types where code = 'JHZ'`)).rows[0]!.source_entry_id;
    const table = (await loadResourceTable(p.ctx.db, entryId))!;
    const committedUpTo = (await p.ctx.db.query<{ s: string }>(`select max(_seq)::text as s from ${qualified(table.tableName)}`)).rows[0]!.s;
    const pushed = await as('mz_cdo', 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId: 'jhz-2', records: [couple(5, citizenId('37070519930404111')), couple(6, citizenId('37070519940505222'))] });
    expect(pushed.statusCode, pushed.body).toBe(200);
    // The state kill -9 leaves after a page committed: the run still marked running, its resume point and counts.
    const runId = newId();
    await p.ctx.db.query(
      `insert into cred_issuance_runs (id, type_code, issuer_org_id, status, total, issued, failed, last_seq, created_at, started_at)
       select $1, 'JHZ', issuer_org_id, 'running', 4, 3, 1, $2, $3, $3 from cred_types where code = 'JHZ'`,
      [runId, committedUpTo, clock.now()],
    );
    await processRun(p.ctx, runId, 2, async () => undefined);
    expect((await as('mz_cdo', 'GET', `/api/credentials/issuance-runs/${runId}`)).json()).toMatchObject({ status: 'succeeded', total: 6, issued: 5, skipped: 0, failed: 1 });
    expect(await count(`select count(*)::int as n from cred_licences where type_code = 'JHZ'`)).toBe(5);
  });

  it('pages by the sequence number, not its text: a rerun past the tenth record reads every record once', async () => {
    const entryId = (await p.ctx.db.query<{ source_entry_id: string }>(`select source_entry_id from cred_types where code = 'JHZ'`)).rows[0]!.source_entry_id;
    const more = Array.from({ length: 9 }, (_, i) => couple(10 + i, citizenId(`37070519950601${String(i).padStart(3, '0')}`)));
    expect((await as('mz_cdo', 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId: 'jhz-3', records: more })).statusCode).toBe(200);
    const run = await as('mz_cdo', 'POST', '/api/credentials/types/JHZ/issuance-runs');
    await p.ctx.jobs.runDue();
    await p.ctx.jobs.idle();
    const done = (await as('mz_cdo', 'GET', `/api/credentials/issuance-runs/${run.json().id}`)).json();
    // 15 records (sequence numbers 1–15): 9 new, 5 issued before, 1 invalid — and not one read twice.
    expect(done).toMatchObject({ status: 'succeeded', total: 15, issued: 9, skipped: 5, failed: 1 });
  });
});

describe('status changes in the signed status list', () => {
  it('suspends (2), reinstates (0) and revokes (1), verified against the issuer\'s JWKS', async () => {
    const [licence] = (await as('mz_cdo', 'GET', '/api/credentials/licences?typeCode=JHZ')).json().items;
    const change = async (action: string) => as('mz_cdo', 'POST', `/api/credentials/licences/${licence.id}/${action}`, { reason: '测试' });
    const listed = async (): Promise<number> => {
      const res = await p.app.inject({ method: 'GET', url: `/api/credentials/status-lists/${licence.statusList.id}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/statuslist\+jwt/);
      const jwks = await p.app.inject({ method: 'GET', url: `/api/credentials/issuers/${licence.issuerOrgId}/jwks` });
      const key = jwks.json().keys.find((k: { alg: string; status: string }) => k.alg === 'EdDSA' && k.status === 'active');
      const sub = JSON.parse(Buffer.from(res.body.split('.')[1]!, 'base64url').toString()).sub as string;
      expect(sub.endsWith(`/api/credentials/status-lists/${licence.statusList.id}`)).toBe(true);
      const verified = await verifyStatusListToken(res.body, { issuerKey: key, expectedUri: sub, now: Math.floor(clock.now().getTime() / 1000) });
      if (!verified.ok) throw new Error(verified.detail);
      // Every other entry stays valid: a change sets only its own two bits.
      for (let i = 0; i < 4; i++) if (i !== licence.statusList.index) expect(verified.list.get(i)).toBe(0);
      return verified.list.get(licence.statusList.index);
    };

    expect(await listed()).toBe(0);
    expect((await change('suspend')).json().status).toBe('suspended');
    expect(await listed()).toBe(2);
    expect((await change('reinstate')).json().status).toBe('valid');
    expect(await listed()).toBe(0);
    expect((await change('revoke')).json()).toMatchObject({ status: 'revoked', statusReason: '测试' });
    expect(await listed()).toBe(1);
    expect((await change('reinstate')).json().code).toBe('CRED_LICENCE_STATE');
    expect((await as('admin', 'POST', `/api/credentials/licences/${licence.id}/suspend`, { reason: 'x' })).statusCode).toBe(409);
    expect((await as('rs_steward', 'POST', `/api/credentials/licences/${licence.id}/suspend`, { reason: 'x' })).statusCode).toBe(403);
    expect(await count(`select count(*)::int as n from audit_records where action like 'credentials.licence.%' and target_id = $1`, [licence.id])).toBe(3);
  });
});

describe('expiry', () => {
  it('derives expired from valid_until (居住证: one year) without storing it', async () => {
    const claims = { name: '刘洋', sex: '男', id_number: citizenId('37070519881212567'), residence_address: '奎文区东风东街 1 号' };
    const res = await as('admin', 'POST', '/api/credentials/licences', { typeCode: 'JZZ', claims });
    expect(res.json()).toMatchObject({ status: 'valid', validUntil: '2027-11-25' });
    clock.set('2027-11-26T09:00:00+08:00');
    // Sessions have ended by now: sign in afresh.
    const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const later = await p.app.inject({ method: 'GET', url: `/api/credentials/licences/${res.json().id}`, headers: { cookie } });
    expect(later.json().status).toBe('expired');
    const expired = await p.app.inject({ method: 'GET', url: '/api/credentials/licences?status=expired', headers: { cookie } });
    expect(expired.json().items.map((l: { id: string }) => l.id)).toEqual([res.json().id]);
    expect(await count(`select count(*)::int as n from cred_licences where id = $1 and status = 'valid'`, [res.json().id])).toBe(1);
  });
});
