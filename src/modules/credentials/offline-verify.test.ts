// The console's offline verifier (web/src/pages/verify/offlineVerify.ts, WebCrypto) must reach the same
// verdict as the server's verifySdJwtVcPresentation on the same presentation, trust list and status list.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JWK } from 'jose';
import { verifyOffline, type TrustListData } from '../../../web/src/pages/verify/offlineVerify.ts';
import { issueSdJwtVc, presentSdJwtVc, verifySdJwtVcPresentation, type JwsSigner } from './sd-jwt.ts';
import { StatusList, TokenStatus, signStatusListToken, statusCheckFromTokens } from './status-list.ts';

function newKey(alg: 'EdDSA' | 'ES256'): JwsSigner & { jwk: JWK } {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signBytes = alg === 'EdDSA'
    ? (d: Uint8Array) => sign(null, d, privateKey)
    : (d: Uint8Array) => sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { alg, sign: signBytes, jwk: publicKey.export({ format: 'jwk' }) as JWK };
}

const BASE = 'https://zwfw.weifang.example.gov.cn';
const ORG = '0195a000-0000-7000-8000-000000000001';
const ISS = `${BASE}/api/credentials/issuers/${ORG}`;
const LIST_ID = '0195a000-0000-7000-8000-0000000000aa';
const LIST_URI = `${BASE}/api/credentials/status-lists/${LIST_ID}`;
const KID = 'ed-2026-01';
const ES_KID = 'es-2026-01';
const VCT = 'urn:citystack:licence:RESID';
const T0 = Date.parse('2026-03-02T09:00:00+08:00') / 1000;
const YEAR = 365 * 24 * 3600;

const CLAIMS = { name: '王晓明', id_number: '11010519491231002X', birth_date: '1949-12-31', age_over_18: true };
const issuerKey = newKey('EdDSA');
const esIssuerKey = newKey('ES256');
const holderKey = newKey('ES256');

const trust: TrustListData = {
  fetchedAt: new Date(T0 * 1000).toISOString(),
  offlineSeconds: 86_400,
  issuers: [{ iss: ISS, orgId: ORG, name: '潍坊市公安局', keys: [{ ...issuerKey.jwk, kid: KID, alg: 'EdDSA', status: 'active' }, { ...esIssuerKey.jwk, kid: ES_KID, alg: 'ES256', status: 'active' }] }],
  statusLists: [{ id: LIST_ID, uri: LIST_URI }],
  types: [{
    code: 'RESID', name: '居民身份证', vct: VCT,
    fields: [{ code: 'name', name: '姓名' }, { code: 'id_number', name: '公民身份号码' }, { code: 'birth_date', name: '出生日期' }, { code: 'age_over_18', name: '年满18周岁' }],
    scenes: [{ code: 'hotel_checkin', name: '酒店入住', disclose: ['name', 'id_number'] }],
  }],
};

async function statusToken(entries: Record<number, number> = {}): Promise<string> {
  const list = StatusList.create(1024, 2);
  for (const [idx, v] of Object.entries(entries)) list.set(Number(idx), v);
  return signStatusListToken(list, { signer: { ...issuerKey, kid: KID }, uri: LIST_URI, iat: T0, exp: T0 + 86_400, ttl: 300 });
}

const issue = (over: { alg?: 'EdDSA' | 'ES256'; copy?: boolean } = {}) => {
  const signer = over.alg === 'ES256' ? { ...esIssuerKey, kid: ES_KID } : { ...issuerKey, kid: KID };
  return issueSdJwtVc({
    issuer: { ...signer, iss: ISS },
    vct: VCT,
    claims: CLAIMS,
    disclosable: Object.keys(CLAIMS),
    ...(over.copy ? { copy: { id: 'c1', purpose: '办理入学', recipient: '潍坊市实验小学' } } : { holderJwk: holderKey.jwk }),
    iat: T0,
    exp: T0 + YEAR,
    status: { idx: 7, uri: LIST_URI },
  });
};

const present = (sdJwt: string, at = T0 + 60, aud = 'scene:hotel_checkin') =>
  presentSdJwtVc(sdJwt, { disclose: ['name', 'id_number'], holder: holderKey, aud, nonce: 'n1', iat: at });

/** Both verdicts for one presentation at `now`, with the list in `token`. */
async function both(presentation: string, token: string, now = T0 + 90, scene?: string) {
  const server = await verifySdJwtVcPresentation(presentation, {
    issuerKeys: (iss, kid) => (trust.issuers.find((i) => i.iss === iss)?.keys.find((k) => k.kid === kid) as JWK | undefined),
    expectedAud: (aud) => aud.startsWith('scene:') && (!scene || aud === `scene:${scene}`),
    now,
    maxKbAgeSeconds: 120,
    clockSkewSeconds: 30,
    acceptCopies: true,
    statusCheck: statusCheckFromTokens({ fetchToken: async () => token, issuerKey: () => issuerKey.jwk, now: () => now }),
  });
  const offline = await verifyOffline(presentation, { trust, statusTokens: { [LIST_URI]: token }, scene, now });
  return { server, offline };
}

describe('offline verification agrees with the server', () => {
  it('passes a good presentation and lists the disclosed fields with their labels', async () => {
    const { server, offline } = await both(await present(await issue()), await statusToken());
    expect(server.ok).toBe(true);
    expect(offline).toMatchObject({ ok: true, reason: null, licence: { typeCode: 'RESID', typeName: '居民身份证', issuerName: '潍坊市公安局' }, scene: { code: 'hotel_checkin', name: '酒店入住' }, copy: null });
    expect(offline.disclosed).toEqual([{ code: 'name', label: '姓名', value: '王晓明' }, { code: 'id_number', label: '公民身份号码', value: '11010519491231002X' }]);
  });

  it('passes an ES256-signed credential too', async () => {
    const { server, offline } = await both(await present(await issue({ alg: 'ES256' })), await statusToken());
    expect(server.ok).toBe(true);
    expect(offline.ok).toBe(true);
  });

  it('refuses a tampered disclosure', async () => {
    const good = await present(await issue());
    const parts = good.split('~');
    const forged = Buffer.from(JSON.stringify(['salt', 'name', '李四'])).toString('base64url');
    const tampered = [parts[0], forged, ...parts.slice(2)].join('~');
    const { server, offline } = await both(tampered, await statusToken());
    expect(server).toMatchObject({ ok: false, reason: 'tampered_disclosure' });
    expect(offline).toMatchObject({ ok: false, reason: 'tampered_disclosure' });
  });

  it('refuses a stale key-binding JWT', async () => {
    const p = await present(await issue(), T0);
    const { server, offline } = await both(p, await statusToken(), T0 + 200);
    expect(server).toMatchObject({ ok: false, reason: 'stale' });
    expect(offline).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('refuses a revoked and a suspended licence from the cached list', async () => {
    const p = await present(await issue());
    for (const [value, reason] of [[TokenStatus.INVALID, 'revoked'], [TokenStatus.SUSPENDED, 'suspended']] as const) {
      const { server, offline } = await both(p, await statusToken({ 7: value }));
      expect(server).toMatchObject({ ok: false, reason });
      expect(offline).toMatchObject({ ok: false, reason, licence: { typeCode: 'RESID' } });
    }
  });

  it('refuses a wrong scene, a bad signature and an expired status list alike', async () => {
    const p = await present(await issue());
    const token = await statusToken();
    let r = await both(p, token, T0 + 90, 'museum_entry');
    expect([r.server.ok || r.server.reason, r.offline.reason]).toEqual(['wrong_audience', 'wrong_audience']);
    const [jwt, ...rest] = p.split('~');
    const badSig = [`${jwt!.slice(0, -4)}AAAA`, ...rest].join('~');
    r = await both(badSig, token);
    expect([r.server.ok || r.server.reason, r.offline.reason]).toEqual(['bad_signature', 'bad_signature']);
    // A presentation made two days later, against a list token that expired after one day.
    const later = await present(await issue(), T0 + 2 * 86_400);
    r = await both(later, token, T0 + 2 * 86_400 + 10);
    expect([r.server.ok || r.server.reason, r.offline.reason]).toEqual(['status_unavailable', 'status_unavailable']);
  });

  it('accepts a purpose-bound copy without key binding and shows its purpose', async () => {
    const copy = await issue({ copy: true });
    const { server, offline } = await both(copy, await statusToken());
    expect(server.ok).toBe(true);
    expect(offline).toMatchObject({ ok: true, copy: { purpose: '办理入学', recipient: '潍坊市实验小学' } });
    expect(offline.disclosed.map((f) => f.code)).toEqual(['name', 'id_number', 'birth_date', 'age_over_18']);
  });

  it('reports an unknown issuer and garbage as the server does', async () => {
    const other = newKey('EdDSA');
    const foreign = await issueSdJwtVc({ issuer: { ...other, iss: ISS, kid: 'nope' }, vct: VCT, claims: CLAIMS, disclosable: ['name'], holderJwk: holderKey.jwk, iat: T0, exp: T0 + YEAR });
    const shown = await presentSdJwtVc(foreign, { disclose: ['name'], holder: holderKey, aud: 'scene:hotel_checkin', nonce: 'n1', iat: T0 + 60 });
    let r = await both(shown, await statusToken());
    expect([r.server.ok || r.server.reason, r.offline.reason]).toEqual(['unknown_issuer', 'unknown_issuer']);
    r = await both('not a presentation', await statusToken());
    expect([r.server.ok || r.server.reason, r.offline.reason]).toEqual(['malformed', 'malformed']);
  });
});
