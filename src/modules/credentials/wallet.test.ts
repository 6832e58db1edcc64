// The citizen's wallet and the verifier, on a whole platform: a population register with mobile numbers,
// elderly cards issued in bulk before anyone signed in, sign-in by SMS code with the real name bound from
// the register, a wallet key, a QR presentation disclosing only "60 or over" and the name, verified by a
// hotel's 核验员, then refused after revocation; tampering, staleness, copies and "who checked my licence".
import { generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLicenceTypes } from '../../../demo/seed-credentials.ts';
import { DEMO_PASSWORD, DEMO_VERIFIERS, demoUscc } from '../../../demo/weifang.ts';
import { entryContent, item } from '../../../test/support/catalog.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { citizenIdCheckChar, maskCitizenId } from '../directory/identifiers.ts';
import { presentSdJwtVc, type JwsSigner } from './sd-jwt.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');
const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);
const ELDER = { sfzhm: citizenId('37070519500315002'), xm: '张桂兰', xb: '2', csrq: '1950-03-15', sjhm: '13905360101' };
const YOUNG = { sfzhm: citizenId('37070519900606123'), xm: '王磊', xb: '1', csrq: '1990-06-06', sjhm: '13905360102' };
// One number registered for two people (a couple sharing a phone): the citizen must name themselves.
const SHARED_A = { sfzhm: citizenId('37070219550101111'), xm: '李建华', xb: '1', csrq: '1955-01-01', sjhm: '13905360103' };
const SHARED_B = { sfzhm: citizenId('37070219560202222'), xm: '赵淑珍', xb: '2', csrq: '1956-02-02', sjhm: '13905360103' };
const HOTEL = DEMO_VERIFIERS.find((v) => v.category === 'hotel')!.account.username;

const hukou = entryContent('户籍人口基本信息（钱包测试）', [
  item('sfzhm', '公民身份号码', 'string', { length: 18, required: true, key: true, sensitivity: 'personal', mask: 'citizen_id' }),
  item('xm', '姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
  item('xb', '性别', 'string', { length: 1 }),
  item('csrq', '出生日期', 'date'),
  item('sjhm', '联系电话', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile' }),
]);

let p: TestPlatform;
const staff = async (username: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: { cookie: await p.signIn(username) }, ...(payload ? { payload } : {}) });
const citizen = async (mobile: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: { cookie: await p.citizenSignIn(mobile) }, ...(payload ? { payload } : {}) });

/** The browser's wallet key, played by node:crypto: P-256, signing JWS r‖s like WebCrypto's ECDSA. */
function walletKey(): { jwk: JsonWebKey; signer: JwsSigner } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { jwk: { kty, crv, x, y }, signer: { alg: 'ES256', sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }) } };
}

const now = () => Math.floor(clock.now().getTime() / 1000);
let elderCard: { id: string; scenes: Array<{ code: string; disclose: string[] }> };
let credential: string;
const key = walletKey();
let keyId: string;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  const me = (await staff('admin', 'GET', '/api/me')).json();
  const gaOrg = (await staff('admin', 'GET', '/api/directory/orgs/tree')).json()[0].children.find((c: { name: string }) => c.name === '潍坊市公安局');
  expect(me.user).toBeTruthy();
  const created = await staff('admin', 'POST', '/api/catalog/entries', { providerOrgId: gaOrg.id, content: hukou });
  expect(created.statusCode, created.body).toBe(201);
  const entryId = created.json().id as string;
  expect((await staff('admin', 'POST', `/api/catalog/entries/${entryId}/submit`)).statusCode).toBe(200);
  expect((await staff('admin', 'POST', `/api/catalog/entries/${entryId}/publish`)).statusCode).toBe(200);
  const pushed = await staff('admin', 'POST', `/api/ingest/resources/${entryId}/batches`, { batchId: 'hukou-1', records: [ELDER, YOUNG, SHARED_A, SHARED_B] });
  expect(pushed.statusCode, pushed.body).toBe(200);
  await seedDemoLicenceTypes(p.ctx, [{ key: 'hukou', entryId }]);
  // 老年人优待证 in bulk, before any citizen has signed in.
  const run = await staff('admin', 'POST', '/api/credentials/types/LNRYDZ/issuance-runs');
  expect(run.statusCode, run.body).toBe(202);
  await p.ctx.jobs.runDue();
  await p.ctx.jobs.idle();
  const done = (await staff('admin', 'GET', `/api/credentials/issuance-runs/${run.json().id}`)).json();
  // Only the three people aged 60 or over are candidates: the 36-year-old is not eligible at all.
  expect(done).toMatchObject({ status: 'succeeded', total: 3, issued: 3, failed: 0 });
});
afterAll(() => p.close());

describe('signing in to the wallet', () => {
  it('sends a code (to the demo log), refuses a wrong one and a second request within a minute', async () => {
    const sent = await p.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile: '13905360199' } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ sentTo: '139****0199', resendAfterSeconds: 60 });
    expect(p.logLines().some((l) => l.includes('to 13905360199:') && /验证码为 \d{6}/.test(l))).toBe(true);
    const again = await p.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile: '13905360199' } });
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('CITIZEN_CODE_TOO_SOON');
    const wrong = await p.app.inject({ method: 'POST', url: '/api/citizen/auth/login', payload: { mobile: '13905360199', code: '000000' === lastCode('13905360199') ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('CITIZEN_CODE_WRONG');
    expect((await p.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile: '12345' } })).json().code).toBe('VALIDATION_FAILED');
  });

  it('spends a code after five wrong guesses', async () => {
    clock.advance(61_000);
    await p.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile: '13905360199' } });
    const right = lastCode('13905360199');
    const wrongCode = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await p.app.inject({ method: 'POST', url: '/api/citizen/auth/login', payload: { mobile: '13905360199', code: wrongCode } });
    const late = await p.app.inject({ method: 'POST', url: '/api/citizen/auth/login', payload: { mobile: '13905360199', code: right } });
    expect(late.json().code).toBe('CITIZEN_CODE_EXPIRED');
  });

  it('binds the real name from the register and shows licences issued before the first sign-in', async () => {
    const me = (await citizen(ELDER.sjhm, 'GET', '/api/citizen/me')).json();
    expect(me).toMatchObject({ mobile: '139****0101', name: '张桂兰', idNumber: maskCitizenId(ELDER.sfzhm) });
    const list = await citizen(ELDER.sjhm, 'GET', '/api/citizen/wallet/licences');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items;
    expect(items.map((l: { typeCode: string }) => l.typeCode)).toEqual(['LNRYDZ']);
    elderCard = items[0];
    expect(items[0].face).toContainEqual({ code: 'name', label: '姓名', value: '张桂兰' });
    expect(items[0].status).toBe('valid');
    // Staff are not citizens: the wallet is closed to a staff session, and a wallet session opens no staff route.
    expect((await p.app.inject({ url: '/api/citizen/wallet/licences', headers: { cookie: await p.signIn('admin') } })).statusCode).toBe(403);
    expect((await p.app.inject({ url: '/api/credentials/licences', headers: { cookie: await p.citizenSignIn(ELDER.sjhm) } })).statusCode).toBe(401);
  });

  it('never binds on the code alone, and drops the binding once the register no longer lists the number for that person', async () => {
    const signIn = async (mobile: string) => {
      clock.advance(61_000);
      await p.app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile } });
      const res = await p.app.inject({ method: 'POST', url: '/api/citizen/auth/login', payload: { mobile, code: lastCode(mobile) } });
      expect(res.statusCode, res.body).toBe(200);
      return { body: res.json(), cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
    };
    const first = await signIn(YOUNG.sjhm);
    expect(first.body.binding).toBe('choose');
    expect(first.body.account.name).toBeNull();
    const bind = (cookie: string, payload: object) => p.app.inject({ method: 'POST', url: '/api/citizen/me/real-name', headers: { cookie }, payload });
    expect((await bind(first.cookie, { idNumber: YOUNG.sfzhm, name: '王二' })).json().code).toBe('CITIZEN_NOT_IN_REGISTER');
    expect((await bind(first.cookie, { idNumber: YOUNG.sfzhm, name: YOUNG.xm })).statusCode).toBe(200);
    expect((await bind(first.cookie, { idNumber: YOUNG.sfzhm, name: YOUNG.xm })).json().code).toBe('CITIZEN_ALREADY_BOUND');
    expect((await signIn(YOUNG.sjhm)).body.binding).toBe('bound');
    // The police record a new number for him: the old number's next holder finds an unbound account.
    const gaOrg = (await staff('admin', 'GET', '/api/directory/orgs/tree')).json()[0].children.find((c: { name: string }) => c.name === '潍坊市公安局');
    const entry = (await staff('admin', 'GET', `/api/catalog/entries?q=${encodeURIComponent('钱包测试')}`)).json().items[0];
    expect(gaOrg && entry).toBeTruthy();
    const moved = await staff('admin', 'POST', `/api/ingest/resources/${entry.id}/batches`, { batchId: 'hukou-2', records: [{ ...YOUNG, sjhm: '13905360109' }] });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await signIn(YOUNG.sjhm);
    expect(after.body).toMatchObject({ binding: 'not_in_register', account: { name: null, idNumber: null } });
    expect((await p.app.inject({ url: '/api/citizen/wallet/licences', headers: { cookie: after.cookie } })).json().code).toBe('CITIZEN_NOT_BOUND');
    const audit = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_records where action = 'citizen.account.unbind'`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('asks a citizen to name themselves when the number is registered for two people, and checks the answer', async () => {
    const mobile = SHARED_A.sjhm;
    const unbound = await citizen(mobile, 'GET', '/api/citizen/wallet/licences');
    expect(unbound.statusCode).toBe(409);
    expect(unbound.json().code).toBe('CITIZEN_NOT_BOUND');
    const lie = await citizen(mobile, 'POST', '/api/citizen/me/real-name', { idNumber: ELDER.sfzhm, name: ELDER.xm });
    expect(lie.json().code).toBe('CITIZEN_NOT_IN_REGISTER');
    const bound = await citizen(mobile, 'POST', '/api/citizen/me/real-name', { idNumber: SHARED_B.sfzhm, name: SHARED_B.xm });
    expect(bound.statusCode, bound.body).toBe(200);
    const mine = (await citizen(mobile, 'GET', '/api/citizen/wallet/licences')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].face).toContainEqual({ code: 'name', label: '姓名', value: '赵淑珍' });
    // Another person's licence is not found, not forbidden.
    expect((await citizen(mobile, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/copies`, { purpose: '测试', recipient: '测试单位', fields: ['name'], days: 1 })).statusCode).toBe(404);
  });
});

function lastCode(mobile: string): string {
  const line = p.logLines().filter((l) => l.includes(`to ${mobile}:`)).pop()!;
  return /验证码为 (\d{6})/.exec(line)![1]!;
}

describe('showing the elderly card at a scenic spot', () => {
  // One second between checks, so "newest first" is well defined on the manual clock.
  const verify = async (presentation: string, scene?: string) => {
    clock.advance(1000);
    return staff(HOTEL, 'POST', '/api/credentials/verifications', { presentation, ...(scene ? { scene } : {}) });
  };
  const present = (disclose: string[], scene = 'scenic_elderly', iat = now()) => presentSdJwtVc(credential, { disclose, holder: key.signer, aud: `scene:${scene}`, nonce: `n-${Math.random()}`, iat });

  it('registers the wallet key and mints a credential bound to it', async () => {
    const bad = await citizen(ELDER.sjhm, 'POST', '/api/citizen/wallet/keys', { jwk: { kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.x } });
    expect(bad.json().code).toBe('WALLET_KEY_INVALID');
    const reg = await citizen(ELDER.sjhm, 'POST', '/api/citizen/wallet/keys', { jwk: key.jwk, device: 'Chrome on Android' });
    expect(reg.statusCode, reg.body).toBe(200);
    keyId = reg.json().id;
    expect((await citizen(ELDER.sjhm, 'POST', '/api/citizen/wallet/keys', { jwk: key.jwk })).json().id).toBe(keyId);
    // Someone else's key id mints nothing.
    expect((await citizen(SHARED_A.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/credential`, { keyId })).statusCode).toBe(404);
    const minted = await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/credential`, { keyId });
    expect(minted.statusCode, minted.body).toBe(200);
    credential = minted.json().credential;
    const payload = JSON.parse(Buffer.from(credential.split('~')[0]!.split('.')[1]!, 'base64url').toString());
    expect(payload.cnf.jwk).toMatchObject({ x: key.jwk.x, y: key.jwk.y });
    expect(payload.vct).toBe('urn:citystack:licence:LNRYDZ');
  });

  it('mints a scene credential holding only the scene\'s claims, and it verifies', async () => {
    const minted = await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/credential`, { keyId, scene: 'scenic_elderly' });
    expect(minted.statusCode, minted.body).toBe(200);
    const sceneCredential: string = minted.json().credential;
    const payload = JSON.parse(Buffer.from(sceneCredential.split('~')[0]!.split('.')[1]!, 'base64url').toString());
    expect(payload._sd).toHaveLength(2);
    expect(sceneCredential.split('~').filter(Boolean)).toHaveLength(3);
    const shown = await presentSdJwtVc(sceneCredential, { disclose: ['age_over_60', 'name'], holder: key.signer, aud: 'scene:scenic_elderly', nonce: 'n1', iat: now() });
    expect((await verify(shown)).json()).toMatchObject({ ok: true, disclosed: [{ code: 'name' }, { code: 'age_over_60' }] });
    expect((await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/credential`, { keyId, scene: 'hotel' })).json().code).toBe('VALIDATION_FAILED');
  });

  it('passes a presentation that discloses only "60 or over" and the name, and records it for the citizen', async () => {
    const scene = elderCard.scenes.find((s) => s.code === 'scenic_elderly')!;
    expect(scene.disclose.sort()).toEqual(['age_over_60', 'name']);
    const res = await verify(await present(scene.disclose));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, reason: null, licence: { typeCode: 'LNRYDZ', typeName: '老年人优待证', issuerName: '潍坊市卫生健康委员会' }, scene: { code: 'scenic_elderly', name: '景区老年人优待' } });
    expect(body.disclosed).toEqual([{ code: 'name', label: '姓名', value: '张桂兰' }, { code: 'age_over_60', label: '年满60周岁', value: true }]);
    const checks = (await citizen(ELDER.sjhm, 'GET', '/api/citizen/wallet/checks')).json().items;
    expect(checks[0]).toMatchObject({ ok: true, verifierName: '潍坊富华大酒店', typeName: '老年人优待证', scene: '景区老年人优待', disclosed: ['姓名', '年满60周岁'] });
  });

  it('takes a code once: shown again, here or at another counter, it is refused as a replay', async () => {
    const code = await present(['age_over_60', 'name']);
    expect((await verify(code)).json()).toMatchObject({ ok: true });
    expect((await verify(code)).json()).toMatchObject({ ok: false, reason: 'replayed', disclosed: [] });
    const museum = DEMO_VERIFIERS.find((v) => v.category === 'museum')!.account.username;
    clock.advance(1000);
    const elsewhere = await staff(museum, 'POST', '/api/credentials/verifications', { presentation: code });
    expect(elsewhere.json()).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('rejects each kind of bad presentation with its own reason', async () => {
    const good = await present(['age_over_60', 'name']);
    // Tampered: a disclosure whose digest the issuer never signed.
    const parts = good.split('~');
    const forged = Buffer.from(JSON.stringify(['c2FsdA', 'age_over_60', true])).toString('base64url');
    expect((await verify([parts[0], forged, ...parts.slice(2)].join('~'))).json().reason).toBe('tampered_disclosure');
    // Tampered issuer payload: the signature no longer holds.
    const [h, body, sig] = parts[0]!.split('.');
    const changed = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('LNRYDZ', 'JMSFZX')).toString('base64url');
    expect((await verify([[h, changed, sig].join('.'), ...parts.slice(1)].join('~'))).json().reason).toBe('bad_signature');
    // Replayed after the window: a QR photographed three minutes ago.
    expect((await verify(await present(['age_over_60', 'name'], 'scenic_elderly', now() - 180))).json().reason).toBe('stale');
    // Shown for another scene than the verifier's.
    expect((await verify(good, 'hotel')).json().reason).toBe('wrong_audience');
    // Not bound: the credential with a KB-JWT signed by another key.
    const other = walletKey();
    const stolen = await presentSdJwtVc(credential, { disclose: ['name'], holder: other.signer, aud: 'scene:scenic_elderly', nonce: 'x', iat: now() });
    expect((await verify(stolen)).json().reason).toBe('holder_binding');
    expect((await verify('not a licence')).json()).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('hands a purpose-bound copy to an organisation, and refuses it once withdrawn', async () => {
    const made = await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/copies`, { purpose: '办理老年人公交卡', recipient: '潍坊市公共交通集团', fields: ['name', 'card_number'], days: 7 });
    expect(made.statusCode, made.body).toBe(201);
    const shown = await verify(made.json().token);
    expect(shown.json()).toMatchObject({ ok: true, copy: { purpose: '办理老年人公交卡', recipient: '潍坊市公共交通集团' } });
    expect(shown.json().disclosed.map((d: { code: string }) => d.code)).toEqual(['name', 'card_number']);
    expect((await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/copies/${made.json().id}/withdraw`)).statusCode).toBe(204);
    expect((await verify(made.json().token)).json()).toMatchObject({ ok: false, reason: 'copy_withdrawn' });
    const copies = (await citizen(ELDER.sjhm, 'GET', '/api/citizen/wallet/copies')).json().items;
    expect(copies[0]).toMatchObject({ purpose: '办理老年人公交卡', withdrawn: true });
  });

  it('fails the same presentation once the issuer revokes the card, saying why', async () => {
    const presentation = await present(['age_over_60', 'name']);
    expect((await verify(presentation)).json().ok).toBe(true);
    const suspended = await staff('admin', 'POST', `/api/credentials/licences/${elderCard.id}/suspend`, { reason: '核查户籍信息' });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect((await verify(presentation)).json()).toMatchObject({ ok: false, reason: 'suspended', disclosed: [] });
    await staff('admin', 'POST', `/api/credentials/licences/${elderCard.id}/revoke`, { reason: '持证人信息有误' });
    const after = (await verify(presentation)).json();
    expect(after).toMatchObject({ ok: false, reason: 'revoked', licence: { typeCode: 'LNRYDZ' } });
    // The citizen sees the failed checks too, and can no longer mint for the revoked card.
    const checks = (await citizen(ELDER.sjhm, 'GET', '/api/citizen/wallet/checks')).json().items;
    expect(checks[0]).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await citizen(ELDER.sjhm, 'POST', `/api/citizen/wallet/licences/${elderCard.id}/credential`, { keyId })).json().code).toBe('CRED_LICENCE_STATE');
    // The issuer's statistics count them: 卫健委's staff see their cards' checks, another department sees none.
    const stats = (await staff('admin', 'GET', '/api/credentials/verification-stats?days=7')).json();
    const elderly = stats.byType.find((t: { typeCode: string }) => t.typeCode === 'LNRYDZ');
    expect(elderly.total).toBeGreaterThanOrEqual(8);
    expect(elderly.passed).toBeGreaterThanOrEqual(3);
    expect(stats.byReason.map((r: { reason: string }) => r.reason)).toEqual(expect.arrayContaining(['revoked', 'suspended', 'stale', 'holder_binding']));
    expect(stats.byCategory[0]).toMatchObject({ category: 'hotel' });
    expect((await staff('mz_cdo', 'GET', '/api/credentials/verification-stats')).json().total).toBe(0);
    // Every check is in the audit chain.
    const audited = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_records where action = 'credentials.verify'`);
    const recorded = await p.ctx.db.query<{ n: number }>('select count(*)::int as n from cred_verifications');
    expect(audited.rows[0]!.n).toBe(recorded.rows[0]!.n);
  });
});

describe('verifier organisations', () => {
  it('are registered by platform admins with a first account, and listed', async () => {
    const tree = (await staff('admin', 'GET', '/api/directory/orgs/tree')).json()[0];
    const region = tree.children.find((c: { name: string }) => c.name === '寿光市') ?? tree.children.find((c: { kind: string }) => c.kind !== 'department');
    const valid = demoUscc('1237078349435012');
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    const body = { name: '寿光市图书馆', uscc: wrongCheck, category: 'library', regionOrgId: region.id, account: { username: 'sgtsg_desk', name: '王芳', mobile: '13905360177', password: 'Weifang@2026x' } };
    const bad = await staff('admin', 'POST', '/api/credentials/verifiers', body);
    expect(bad.json().code).toBe('INVALID_USCC');
    const fixed = { ...body, uscc: valid };
    const made = await staff('admin', 'POST', '/api/credentials/verifiers', fixed);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: '寿光市图书馆', category: 'library', staff: 1, checks: 0 });
    expect((await staff('admin', 'POST', '/api/credentials/verifiers', { ...fixed, account: { ...fixed.account, username: 'sgtsg_two' } })).json().code).toBe('USCC_TAKEN');
    const mine = (await p.app.inject({ url: '/api/credentials/verifier/me', headers: { cookie: await p.signIn('sgtsg_desk', 'Weifang@2026x') } })).json();
    expect(mine.verifier).toMatchObject({ name: '寿光市图书馆', category: 'library' });
    expect((await staff('mz_cdo', 'POST', '/api/credentials/verifiers', fixed)).statusCode).toBe(403);
    expect((await staff('admin', 'GET', '/api/credentials/verifiers')).json().items.length).toBeGreaterThanOrEqual(DEMO_VERIFIERS.length + 1);
  });
});

// Last: it moves the clock a month on, past every cached session.
describe('an expired credential', () => {
  it('refuses an expired credential', async () => {
    const reg = walletKey();
    const r = await citizen(SHARED_A.sjhm, 'POST', '/api/citizen/wallet/keys', { jwk: reg.jwk });
    const card = (await citizen(SHARED_A.sjhm, 'GET', '/api/citizen/wallet/licences')).json().items[0];
    const c = (await citizen(SHARED_A.sjhm, 'POST', `/api/citizen/wallet/licences/${card.id}/credential`, { keyId: r.json().id })).json();
    expect(new Date(c.expiresAt).getTime() - clock.now().getTime()).toBe(30 * 86_400_000);
    clock.advance(31 * 86_400_000);
    const shown = await presentSdJwtVc(c.credential, { disclose: ['name'], holder: reg.signer, aud: 'scene:scenic_elderly', nonce: 'x', iat: now() });
    // A month on, the hotel clerk signs in again (the cached session has ended).
    const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: HOTEL, password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    const res = await p.app.inject({ method: 'POST', url: '/api/credentials/verifications', headers: { cookie }, payload: { presentation: shown } });
    expect(res.json()).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('purges one-time codes older than a day in the daily job', async () => {
    expect(Number((await p.ctx.db.query<{ n: number }>('select count(*)::int as n from cit_otp_codes')).rows[0]!.n)).toBeGreaterThan(0);
    await p.ctx.jobs.runDue();
    await p.ctx.jobs.idle();
    expect(Number((await p.ctx.db.query<{ n: number }>('select count(*)::int as n from cit_otp_codes')).rows[0]!.n)).toBe(0);
    const job = await p.ctx.db.query<{ status: string; last_error: string | null }>(`select status, last_error from kernel_jobs where kind = 'citizens.purge-codes' order by run_at limit 1`);
    expect(job.rows[0]).toMatchObject({ status: 'done', last_error: null });
  });
});
