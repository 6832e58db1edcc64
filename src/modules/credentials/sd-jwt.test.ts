import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { verifySDJWT } from '@meeco/sd-jwt';
import { issueSdJwtVc, presentSdJwtVc, verifySdJwtVcPresentation, type JwsSigner, type VerifyOptions } from './sd-jwt.ts';
import { StatusList, TokenStatus, signStatusListToken, statusCheckFromTokens } from './status-list.ts';

/** Test keys straight from node:crypto, signing in the JWS raw form (ES256: 64-byte r‖s, "ieee-p1363"). */
function newKey(alg: 'EdDSA' | 'ES256'): JwsSigner & { jwk: JWK } {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signBytes = alg === 'EdDSA'
    ? (d: Uint8Array) => sign(null, d, privateKey)
    : (d: Uint8Array) => sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { alg, sign: signBytes, jwk: publicKey.export({ format: 'jwk' }) as JWK };
}

const ISS = 'https://zwfw.weifang.example.gov.cn/credentials';
const KID = 'licence-2026-01';
const VCT = 'https://citystack.example/vct/resident-id';
const T0 = Date.parse('2026-03-02T09:00:00+08:00') / 1000;
const YEAR = 365 * 24 * 3600;
const HOTEL = 'https://hotel.example/checkin';
const STATUS_URI = 'https://zwfw.weifang.example.gov.cn/status/1';

// The worked example of GB 11643-1999, so no real person's number is in the repository.
const CLAIMS = {
  name: '王晓明',
  id_number: '11010519491231002X',
  birth_date: '1949-12-31',
  sex: '男',
  address: '山东省潍坊市奎文区胜利东街 1 号',
  age_over_60: true,
};

const issuerKey = newKey('EdDSA');
const holderKey = newKey('ES256');

async function issue(over: { iat?: number; exp?: number; status?: { idx: number; uri: string }; issuer?: JwsSigner; holder?: JWK } = {}) {
  return issueSdJwtVc({
    issuer: { ...(over.issuer ?? issuerKey), iss: ISS, kid: KID },
    vct: VCT,
    claims: CLAIMS,
    disclosable: Object.keys(CLAIMS),
    holderJwk: over.holder ?? holderKey.jwk,
    iat: over.iat ?? T0,
    exp: over.exp ?? T0 + YEAR,
    ...(over.status ? { status: over.status } : {}),
  });
}

const present = (sdJwt: string, disclose: string[], at = T0 + 60, holder: JwsSigner = holderKey) =>
  presentSdJwtVc(sdJwt, { disclose, holder, aud: HOTEL, nonce: 'n-0001', iat: at });

const options = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  issuerKeys: (iss, kid) => (iss === ISS && kid === KID ? issuerKey.jwk : undefined),
  expectedAud: HOTEL,
  expectedNonce: 'n-0001',
  now: T0 + 90,
  maxKbAgeSeconds: 120,
  ...over,
});

const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

describe('issueSdJwtVc', () => {
  it('writes an SD-JWT VC header and keeps every disclosable field out of the signed payload', async () => {
    const sdJwt = await issue({ status: { idx: 3, uri: STATUS_URI } });
    const [jwt, ...rest] = sdJwt.split('~');
    expect(decodeProtectedHeader(jwt!)).toEqual({ typ: 'dc+sd-jwt', alg: 'EdDSA', kid: KID });
    const payload = json(jwt!.split('.')[1]!);
    expect(payload).toMatchObject({ iss: ISS, vct: VCT, iat: T0, exp: T0 + YEAR, _sd_alg: 'sha-256', cnf: { jwk: holderKey.jwk } });
    expect(payload.status).toEqual({ status_list: { idx: 3, uri: STATUS_URI } });
    for (const k of Object.keys(CLAIMS)) expect(payload).not.toHaveProperty(k);
    expect(payload._sd).toHaveLength(6);
    expect(rest.filter(Boolean)).toHaveLength(6); // six disclosures, no KB-JWT yet
    expect(JSON.stringify(payload)).not.toContain('王晓明');
  });

  it('refuses a licence field that reuses a registered claim name, or an unknown disclosable name', async () => {
    const base = { issuer: { ...issuerKey, iss: ISS, kid: KID }, vct: VCT, holderJwk: holderKey.jwk, iat: T0, exp: T0 + 1 };
    await expect(issueSdJwtVc({ ...base, claims: { exp: 1 }, disclosable: [] })).rejects.toThrow(RangeError);
    await expect(issueSdJwtVc({ ...base, claims: { name: 'x' }, disclosable: ['nmae'] })).rejects.toThrow(RangeError);
  });
});

describe('present and verify', () => {
  it('hotel check-in: only name and ID number reach the hotel', async () => {
    const vp = await present(await issue(), ['name', 'id_number']);
    expect(vp.split('~')).toHaveLength(4); // jwt, two disclosures, KB-JWT
    const r = await verifySdJwtVcPresentation(vp, options());
    expect(r).toMatchObject({ ok: true, iss: ISS, vct: VCT, exp: T0 + YEAR, status: undefined });
    expect(r.ok && r.claims).toEqual({ name: '王晓明', id_number: '11010519491231002X' });
  });

  it('elderly discount: only age_over_60 and name, never the birth date', async () => {
    const r = await verifySdJwtVcPresentation(await present(await issue(), ['age_over_60', 'name']), options());
    expect(r.ok && r.claims).toEqual({ age_over_60: true, name: '王晓明' });
  });

  it('works the other way round too: ES256 issuer, EdDSA holder', async () => {
    const iss = newKey('ES256');
    const holder = newKey('EdDSA');
    const vp = await present(await issue({ issuer: iss, holder: holder.jwk }), ['sex'], T0 + 60, holder);
    const r = await verifySdJwtVcPresentation(vp, options({ issuerKeys: () => iss.jwk }));
    expect(r.ok && r.claims).toEqual({ sex: '男' });
  });

  it('verifies with the independent @meeco/sd-jwt verifier, plus our own sd_hash check', async () => {
    const vp = await present(await issue(), ['name', 'id_number']);
    const hasher = (data: string) => sha256(data);
    const kbHeaders: unknown[] = [];
    const result = await verifySDJWT(
      vp,
      async (jwt) => !!(await compactVerify(jwt, await importJWK(issuerKey.jwk, 'EdDSA'))),
      async () => hasher,
      {
        kb: {
          verifier: async (kbJwt, jwk) => {
            const { protectedHeader } = await compactVerify(kbJwt, await importJWK(jwk, 'ES256'));
            kbHeaders.push(protectedHeader);
            return true;
          },
        },
      },
    );
    expect(result).toMatchObject({ iss: ISS, vct: VCT, name: '王晓明', id_number: '11010519491231002X' });
    expect(result).not.toHaveProperty('birth_date');
    expect(result).not.toHaveProperty('address');
    expect(kbHeaders).toEqual([{ typ: 'kb+jwt', alg: 'ES256' }]);
    // @meeco/sd-jwt does not check sd_hash: recompute it over "<jwt>~<disclosures>~" by hand.
    const kb = vp.slice(vp.lastIndexOf('~') + 1);
    const kbPayload = json(kb.split('.')[1]!);
    expect(kbPayload).toMatchObject({ aud: HOTEL, nonce: 'n-0001', iat: T0 + 60 });
    expect(kbPayload.sd_hash).toBe(sha256(vp.slice(0, vp.lastIndexOf('~') + 1)));
    // And the independent verifier is not a rubber stamp: another issuer key fails it.
    await expect(verifySDJWT(vp, async (jwt) => !!(await compactVerify(jwt, await importJWK(newKey('EdDSA').jwk, 'EdDSA'))), async () => hasher))
      .rejects.toThrow();
  });

  it('refuses to disclose a name the credential does not hold', async () => {
    await expect(present(await issue(), ['phone'])).rejects.toThrow(RangeError);
  });
});

describe('each failure has its own reason', () => {
  const reasonOf = async (vp: unknown, over: Partial<VerifyOptions> = {}) => {
    const r = await verifySdJwtVcPresentation(vp, options(over));
    return r.ok ? 'ok' : r.reason;
  };

  it('tampered disclosure: the hotel "upgrades" the age flag it was shown', async () => {
    const vp = await present(await issue(), ['name', 'age_over_60']);
    const parts = vp.split('~');
    const i = parts.findIndex((p, n) => n > 0 && (JSON.parse(Buffer.from(p, 'base64url').toString()) as unknown[])[1] === 'age_over_60');
    const [salt] = JSON.parse(Buffer.from(parts[i]!, 'base64url').toString()) as [string];
    parts[i] = b64([salt, 'age_over_60', false]);
    expect(await reasonOf(parts.join('~'))).toBe('tampered_disclosure');
  });

  it('a disclosure repeated in the presentation is tampering too', async () => {
    const parts = (await issue()).split('~');
    // Disclosures are checked before holder binding, so no KB-JWT is needed to reach this check.
    expect(await reasonOf([parts[0], parts[1], parts[1], ''].join('~'))).toBe('tampered_disclosure');
  });

  it('tampered payload: a later expiry written into the signed JWT', async () => {
    const vp = await present(await issue(), ['name']);
    const [h, p, s] = vp.split('~')[0]!.split('.');
    const forged = vp.replace(`${h}.${p}.${s}`, `${h}.${b64({ ...json(p!), exp: T0 + 50 * YEAR })}.${s}`);
    expect(await reasonOf(forged)).toBe('bad_signature');
  });

  it('wrong issuer key, and an issuer nobody trusts', async () => {
    const vp = await present(await issue(), ['name']);
    expect(await reasonOf(vp, { issuerKeys: () => newKey('EdDSA').jwk })).toBe('bad_signature');
    expect(await reasonOf(vp, { issuerKeys: () => undefined })).toBe('unknown_issuer');
    expect(await reasonOf(vp, { issuerKeys: () => Promise.reject(new Error('registry down')) })).toBe('unknown_issuer');
  });

  it('expired and not yet valid credentials', async () => {
    const sdJwt = await issue({ exp: T0 + 3600 });
    expect(await reasonOf(await present(sdJwt, ['name'], T0 + 3601), { now: T0 + 3601 })).toBe('expired');
    expect(await reasonOf(await present(await issue({ iat: T0 + 600 }), ['name'], T0 + 60))).toBe('not_yet_valid');
  });

  it('a KB-JWT older than the window (replayed later) is stale; exactly at the window it still passes', async () => {
    const vp = await present(await issue(), ['name'], T0);
    expect(await reasonOf(vp, { now: T0 + 120 })).toBe('ok');
    expect(await reasonOf(vp, { now: T0 + 121 })).toBe('stale');
    expect(await reasonOf(vp, { now: T0 + 86_400 })).toBe('stale');
  });

  it('wrong nonce and wrong audience', async () => {
    const vp = await present(await issue(), ['name']);
    expect(await reasonOf(vp, { expectedNonce: 'n-0002' })).toBe('wrong_nonce');
    expect(await reasonOf(vp, { expectedAud: 'https://other.example' })).toBe('wrong_audience');
  });

  it('holder binding: missing KB-JWT, someone else\'s key, disclosures changed after signing', async () => {
    const sdJwt = await issue();
    const vp = await present(sdJwt, ['name', 'id_number']);
    expect(await reasonOf(vp.slice(0, vp.lastIndexOf('~') + 1))).toBe('holder_binding');
    expect(await reasonOf(await present(sdJwt, ['name'], T0 + 60, newKey('ES256')))).toBe('holder_binding');
    const parts = vp.split('~');
    expect(await reasonOf([parts[0], parts[1], parts[3]].join('~'))).toBe('holder_binding'); // id_number withdrawn
  });

  it('revoked and suspended through a signed Token Status List (2 bits)', async () => {
    const list = StatusList.create(64, 2);
    list.set(7, TokenStatus.INVALID);
    list.set(8, TokenStatus.SUSPENDED);
    const listKey = newKey('ES256');
    const token = await signStatusListToken(list, { signer: listKey, uri: STATUS_URI, iat: T0, exp: T0 + 3600, ttl: 300 });
    const statusCheck = statusCheckFromTokens({ fetchToken: async () => token, issuerKey: () => listKey.jwk, now: () => T0 + 90 });
    const at = async (idx: number, check = statusCheck) =>
      verifySdJwtVcPresentation(await present(await issue({ status: { idx, uri: STATUS_URI } }), ['name']), options({ statusCheck: check }));
    expect(await at(7)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await at(8)).toMatchObject({ ok: false, reason: 'suspended' });
    expect(await at(9)).toMatchObject({ ok: true, status: { idx: 9, uri: STATUS_URI }, statusChecked: true });
    const wrongKey = statusCheckFromTokens({ fetchToken: async () => token, issuerKey: () => newKey('ES256').jwk, now: () => T0 });
    expect(await at(9, wrongKey)).toMatchObject({ ok: false, reason: 'status_unavailable' });
    expect(await at(1000)).toMatchObject({ ok: false, reason: 'status_unavailable' }); // index beyond the list
  });

  it('malformed input never throws', async () => {
    for (const bad of [undefined, 42, '', 'abc', 'a.b.c~', '~~~', `${b64({ alg: 'none', typ: 'dc+sd-jwt' })}.${b64({ iss: ISS, vct: VCT })}.~`]) {
      expect(await reasonOf(bad)).toBe('malformed');
    }
    await fc.assert(
      fc.asyncProperty(fc.string(), async (s) => {
        const r = await verifySdJwtVcPresentation(s, options());
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
