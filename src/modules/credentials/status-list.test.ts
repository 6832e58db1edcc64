import { generateKeyPairSync, sign } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeProtectedHeader, type JWK } from 'jose';
import { StatusList as LibStatusList } from '@sd-jwt/jwt-status-list';
import { StatusList, TokenStatus, signStatusListToken, verifyStatusListToken, type StatusBits } from './status-list.ts';
import type { JwsSigner } from './sd-jwt.ts';

function newKey(alg: 'EdDSA' | 'ES256'): JwsSigner & { jwk: JWK } {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signBytes = alg === 'EdDSA'
    ? (d: Uint8Array) => sign(null, d, privateKey)
    : (d: Uint8Array) => sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { alg, sign: signBytes, jwk: publicKey.export({ format: 'jwk' }) as JWK };
}

const URI = 'https://zwfw.weifang.example.gov.cn/status/1';
const T0 = Date.parse('2026-03-02T09:00:00+08:00') / 1000;

const listOf = (bits: StatusBits, values: number[]) => {
  const list = StatusList.create(values.length, bits);
  values.forEach((v, i) => list.set(i, v));
  return list;
};

/** Lists of 1..3000 entries with values that fit the width. */
const entries = (bits: StatusBits) => fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 3000 });

describe('StatusList', () => {
  it('matches the draft\'s examples: 1-bit and 2-bit lists, byte layout least significant bits first', () => {
    const one = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    const decoded1 = StatusList.fromClaim({ bits: 1, lst: 'eNrbuRgAAhcBXQ' });
    expect(Array.from({ length: 16 }, (_, i) => decoded1.get(i))).toEqual(one);
    expect(listOf(1, one).toClaim()).toEqual({ bits: 1, lst: 'eNrbuRgAAhcBXQ' });
    const two = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    const decoded2 = StatusList.fromClaim({ bits: 2, lst: 'eNo76fITAAPfAgc' });
    expect(Array.from({ length: 12 }, (_, i) => decoded2.get(i))).toEqual(two);
    expect(listOf(2, two).toClaim()).toEqual({ bits: 2, lst: 'eNo76fITAAPfAgc' });
  });

  for (const bits of [1, 2] as const) {
    it(`round-trips through the status_list claim (bits ${bits}), agreeing with @sd-jwt/jwt-status-list`, () => {
      fc.assert(
        fc.property(entries(bits), (values) => {
          const claim = listOf(bits, values).toClaim();
          const back = StatusList.fromClaim(JSON.parse(JSON.stringify(claim)));
          // Whole bytes are encoded, so up to 8/bits - 1 trailing VALID entries may appear.
          expect(back.size).toBeGreaterThanOrEqual(values.length);
          expect(back.size - values.length).toBeLessThan(8 / bits);
          for (let i = 0; i < back.size; i++) expect(back.get(i)).toBe(values[i] ?? TokenStatus.VALID);
          expect(LibStatusList.decompressStatusList(claim.lst, bits).statusList.slice(0, values.length)).toEqual(values);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('set changes exactly one entry (model-based, bits 1, 2, 4 and 8)', () => {
    const ops = fc.array(fc.tuple(fc.nat(199), fc.nat(255)), { maxLength: 300 });
    fc.assert(
      fc.property(fc.constantFrom<StatusBits>(1, 2, 4, 8), ops, (bits, steps) => {
        const list = StatusList.create(200, bits);
        const model = new Array<number>(200).fill(0);
        for (const [idx, raw] of steps) {
          const v = raw % 2 ** bits;
          list.set(idx, v);
          model[idx] = v;
        }
        expect(Array.from({ length: 200 }, (_, i) => list.get(i))).toEqual(model);
      }),
    );
  });

  it('refuses out-of-range indexes and values instead of reading or writing neighbours', () => {
    const list = StatusList.create(10, 2); // rounds up to 12 entries (3 bytes)
    expect(list.size).toBe(12);
    expect(() => list.get(12)).toThrow(RangeError);
    expect(() => list.get(-1)).toThrow(RangeError);
    expect(() => list.get(1.5)).toThrow(RangeError);
    expect(() => list.set(0, 4)).toThrow(RangeError);
    expect(() => StatusList.create(0, 1)).toThrow(RangeError);
    expect(() => StatusList.create(8, 3 as StatusBits)).toThrow(RangeError);
  });

  it('refuses malformed claims and a decompression bomb', () => {
    for (const bad of [null, 'x', { bits: 3, lst: 'eNrbuRgAAhcBXQ' }, { bits: 1, lst: 'not base64!' }, { bits: 1, lst: 'AAAA' }]) {
      expect(() => StatusList.fromClaim(bad)).toThrow(RangeError);
    }
    const bomb = deflateSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 }).toString('base64url');
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => StatusList.fromClaim({ bits: 1, lst: bomb })).toThrow(RangeError);
  });
});

describe('Status List Token', () => {
  const key = newKey('EdDSA');
  const list = listOf(2, [0, 1, 2, 0, 0, 2]);
  const token = signStatusListToken(list, { signer: { ...key, kid: 'status-1' }, uri: URI, iat: T0, exp: T0 + 3600, ttl: 300 });
  const verify = async (t: unknown, over: Partial<Parameters<typeof verifyStatusListToken>[1]> = {}) =>
    verifyStatusListToken(t, { issuerKey: key.jwk, expectedUri: URI, now: T0 + 60, ...over });

  it('is a statuslist+jwt that verifies with the right key and reads back each index', async () => {
    expect(decodeProtectedHeader(await token)).toEqual({ typ: 'statuslist+jwt', kid: 'status-1', alg: 'EdDSA' });
    const r = await verify(await token);
    expect(r).toMatchObject({ ok: true, uri: URI, iat: T0, exp: T0 + 3600, ttl: 300 });
    if (!r.ok) return;
    expect([0, 1, 2, 3, 4, 5].map((i) => r.list.get(i))).toEqual([0, 1, 2, 0, 0, 2]);
  });

  it('fails with another key, and with an ES256 key for an EdDSA token', async () => {
    expect(await verify(await token, { issuerKey: newKey('EdDSA').jwk })).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await verify(await token, { issuerKey: newKey('ES256').jwk })).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('fails when the payload is edited (an attacker clearing a revocation)', async () => {
    const [h, p, s] = (await token).split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const cleared = { ...payload, status_list: StatusList.create(6, 2).toClaim() };
    const forged = `${h}.${Buffer.from(JSON.stringify(cleared)).toString('base64url')}.${s}`;
    expect(await verify(forged)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('answers only for its own URI, and not after exp', async () => {
    expect(await verify(await token, { expectedUri: 'https://zwfw.weifang.example.gov.cn/status/2' })).toMatchObject({ ok: false, reason: 'wrong_subject' });
    expect(await verify(await token, { now: T0 + 3601 })).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verify(await token, { now: T0 - 60 })).toMatchObject({ ok: false, reason: 'not_yet_valid' });
  });

  it('an ES256 list issuer works too; a token of another type is malformed', async () => {
    const es = newKey('ES256');
    const t = await signStatusListToken(list, { signer: es, uri: URI, iat: T0 });
    expect(await verify(t, { issuerKey: es.jwk })).toMatchObject({ ok: true, exp: undefined, ttl: undefined });
    const [, p, s] = t.split('.');
    const other = `${Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })).toString('base64url')}.${p}.${s}`;
    expect(await verify(other, { issuerKey: es.jwk })).toMatchObject({ ok: false, reason: 'malformed' });
    for (const bad of [undefined, '', 'a.b', 'a.b.c']) expect(await verify(bad)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
