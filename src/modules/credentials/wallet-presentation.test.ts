// The wallet's in-browser presentation builder (web/src/pages/wallet/presentation.ts) against the server's
// verifier: what the browser shows must verify, disclose exactly the scene's fields, and fail as the
// verifier's reasons say when it is altered. WebCrypto here is Node's globalThis.crypto, as in a browser.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JWK } from 'jose';
import {
  base64urlDecodeText, base64urlEncode, base64urlEncodeText, buildPresentation, issuerPayload, parseSdJwt, sceneAudience, selectDisclosures, webCryptoSigner,
} from '../../../web/src/pages/wallet/presentation.ts';
import { issueSdJwtVc, verifySdJwtVcPresentation, type VerifyOptions } from './sd-jwt.ts';

const ISS = 'http://127.0.0.1/api/credentials/issuers/00000000-0000-4000-8000-000000000001';
const KID = 'k1';
const T0 = Date.parse('2026-03-02T09:00:00+08:00') / 1000;
const CLAIMS = { name: '王晓明', id_number: '11010519491231002X', birth_date: '1949-12-31', address: '山东省潍坊市奎文区胜利东街 1 号', age_over_60: true, age_over_65: true };

const issuer = generateKeyPairSync('ed25519');
const issuerJwk = issuer.publicKey.export({ format: 'jwk' }) as JWK;

async function walletKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { kty, crv, x, y } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JWK;
  return { pair, jwk: { kty, crv, x, y } as JWK };
}

async function mint(holderJwk: JWK): Promise<string> {
  return issueSdJwtVc({
    issuer: { alg: 'EdDSA', iss: ISS, kid: KID, sign: (d) => sign(null, d, issuer.privateKey) },
    vct: 'urn:citystack:licence:LNRYDZ', claims: CLAIMS, disclosable: Object.keys(CLAIMS), holderJwk, iat: T0, exp: T0 + 30 * 86_400,
  });
}

const options = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  issuerKeys: (iss, kid) => (iss === ISS && kid === KID ? issuerJwk : undefined),
  expectedAud: (aud) => aud.startsWith('scene:'),
  now: T0 + 100,
  maxKbAgeSeconds: 120,
  clockSkewSeconds: 30,
  ...over,
});

describe('wallet presentation (browser module)', () => {
  it('base64url round-trips bytes and UTF-8 text', () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 7) & 0xff);
    expect(base64urlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(base64urlDecodeText(base64urlEncodeText('潍坊 ~ 𝄞'))).toBe('潍坊 ~ 𝄞');
  });

  it('a scene presentation verifies and discloses exactly the scene fields', async () => {
    const { pair, jwk } = await walletKey();
    const credential = await mint(jwk);
    expect(parseSdJwt(credential).disclosures.map((d) => d.name).sort()).toEqual(Object.keys(CLAIMS).sort());
    expect(issuerPayload(credential).exp).toBe(T0 + 30 * 86_400);
    const presentation = await buildPresentation({ credential, disclose: ['age_over_60', 'name'], aud: sceneAudience('scenic_elderly'), sign: webCryptoSigner(pair.privateKey), iat: T0 + 60 });
    const result = await verifySdJwtVcPresentation(presentation, options({ expectedAud: 'scene:scenic_elderly' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claims).toEqual({ name: '王晓明', age_over_60: true });
    expect(result.aud).toBe('scene:scenic_elderly');
    // The KB-JWT is as specified: typ kb+jwt, ES256, a fresh 16-byte nonce.
    const kb = presentation.split('~').at(-1)!.split('.');
    expect(JSON.parse(base64urlDecodeText(kb[0]!))).toEqual({ alg: 'ES256', typ: 'kb+jwt' });
    const payload = JSON.parse(base64urlDecodeText(kb[1]!)) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['aud', 'iat', 'nonce', 'sd_hash']);
    expect(String(payload.nonce)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refreshing makes a new nonce; selecting nothing discloses nothing', async () => {
    const { pair, jwk } = await walletKey();
    const credential = await mint(jwk);
    const sign = webCryptoSigner(pair.privateKey);
    const a = await buildPresentation({ credential, disclose: ['name'], aud: 'scene:hotel', sign, iat: T0 + 60 });
    const b = await buildPresentation({ credential, disclose: ['name'], aud: 'scene:hotel', sign, iat: T0 + 60 });
    expect(a).not.toBe(b);
    expect(selectDisclosures(credential, [])).toBe(`${credential.split('~')[0]}~`);
    const none = await buildPresentation({ credential, disclose: [], aud: 'scene:hotel', sign, iat: T0 + 60 });
    const result = await verifySdJwtVcPresentation(none, options());
    expect(result.ok && result.claims).toEqual({});
  });

  it('fails as the verifier says: stale, another key, a disclosure added, the wrong scene', async () => {
    const { pair, jwk } = await walletKey();
    const other = await walletKey();
    const credential = await mint(jwk);
    const sign = webCryptoSigner(pair.privateKey);
    const fresh = await buildPresentation({ credential, disclose: ['name'], aud: 'scene:hotel', sign, iat: T0 + 60 });

    const stale = await verifySdJwtVcPresentation(fresh, options({ now: T0 + 60 + 121 + 30 }));
    expect(!stale.ok && stale.reason).toBe('stale');

    const foreign = await buildPresentation({ credential, disclose: ['name'], aud: 'scene:hotel', sign: webCryptoSigner(other.pair.privateKey), iat: T0 + 60 });
    const wrongKey = await verifySdJwtVcPresentation(foreign, options());
    expect(!wrongKey.ok && wrongKey.reason).toBe('holder_binding');

    // One more disclosure slipped in after signing: sd_hash no longer matches.
    const extra = parseSdJwt(credential).disclosures.find((d) => d.name === 'id_number')!.encoded;
    const parts = fresh.split('~');
    const added = [...parts.slice(0, -1), extra, parts.at(-1)].join('~');
    const addedResult = await verifySdJwtVcPresentation(added, options());
    expect(!addedResult.ok && addedResult.reason).toBe('holder_binding');

    const scene = await verifySdJwtVcPresentation(fresh, options({ expectedAud: 'scene:hospital' }));
    expect(!scene.ok && scene.reason).toBe('wrong_audience');
  });
});
