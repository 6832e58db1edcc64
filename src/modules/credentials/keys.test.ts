import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CompactSign, compactVerify, importJWK, importPKCS8 } from 'jose';
import { Vault } from '../../kernel/crypto.ts';
import { openPrivateKey, sealPrivateKey, SIGNING_ALGS, SigningKeyPair, SM2_USER_ID } from './keys.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'citystack-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content?: string | Uint8Array) => {
  const p = path.join(dir, name);
  if (content !== undefined) writeFileSync(p, content);
  return p;
};
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const sm2Opts = ['-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_USER_ID}`];

/** Whether the openssl command can do SM2 with a distinguishing ID (OpenSSL 3 built with SM2 and SM3). */
const opensslSm2: { ok: true } | { ok: false; why: string } = (() => {
  try {
    openssl('genpkey', '-algorithm', 'SM2', '-out', file('probe.pem'));
    openssl('pkeyutl', '-sign', '-inkey', file('probe.pem'), ...sm2Opts, '-in', file('probe.msg', 'x'), '-out', file('probe.sig'));
    return { ok: true };
  } catch (e) {
    return { ok: false, why: `skipped: the openssl command cannot sign SM2 with a distinguishing ID (${(e as Error).message.split('\n')[0]})` };
  }
})();
const needOpensslSm2 = (skip: (note: string) => never) => {
  if (!opensslSm2.ok) skip(opensslSm2.why);
};

const message = new TextEncoder().encode('潍坊市 electronic licence 1.2.156.3005.2');
const flip = (bytes: Uint8Array, i: number) => {
  const copy = Uint8Array.from(bytes);
  copy[i]! ^= 0x01;
  return copy;
};
const b64u = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

describe.each(SIGNING_ALGS)('%s keys', (alg) => {
  it('sign and verify round-trip, with the PEM and with the JWK', async () => {
    const keys = await SigningKeyPair.generate(alg);
    const signature = keys.sign(message);
    expect(keys.alg).toBe(alg);
    expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, signature)).toBe(true);
    expect(SigningKeyPair.verify(alg, keys.publicJwk, message, signature)).toBe(true);
    if (alg === 'SM2') expect(signature[0]).toBe(0x30);
    else expect(signature.length).toBe(64);
  });

  it('fails for a changed message byte, a changed signature byte, or another key', async () => {
    const keys = await SigningKeyPair.generate(alg);
    const other = await SigningKeyPair.generate(alg);
    const signature = keys.sign(message);
    for (let i = 0; i < message.length; i += 7) {
      expect(SigningKeyPair.verify(alg, keys.publicKeyPem, flip(message, i), signature)).toBe(false);
    }
    for (let i = 0; i < signature.length; i++) {
      expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, flip(signature, i))).toBe(false);
    }
    expect(SigningKeyPair.verify(alg, other.publicKeyPem, message, signature)).toBe(false);
    expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, signature.subarray(1))).toBe(false);
    expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, new Uint8Array(0))).toBe(false);
  });

  it('answers false, never throws, for arbitrary signature bytes', async () => {
    const keys = await SigningKeyPair.generate(alg);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (sig) => {
        expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('exports and imports the private key as PKCS#8 PEM', async () => {
    const keys = await SigningKeyPair.generate(alg);
    const pem = keys.exportPrivateKeyPem();
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const again = await SigningKeyPair.fromPrivateKeyPem(alg, pem);
    expect(again.kid).toBe(keys.kid);
    expect(again.publicKeyPem).toBe(keys.publicKeyPem);
    expect(SigningKeyPair.verify(alg, keys.publicJwk, message, again.sign(message))).toBe(true);
  });

  it('keeps the private key out of JSON', async () => {
    const keys = await SigningKeyPair.generate(alg);
    const body = keys.exportPrivateKeyPem().split('\n').slice(1, -2).join('');
    const json = JSON.stringify(keys);
    expect(json).not.toContain(body.slice(20, 60));
    expect(JSON.parse(json)).toEqual({ alg, kid: keys.kid, publicJwk: keys.publicJwk });
  });

  it('seals the private key through the vault, and opens it again', async () => {
    const vault = new Vault(randomBytes(32));
    const keys = await SigningKeyPair.generate(alg);
    const sealed = sealPrivateKey(vault, keys);
    const pem = keys.exportPrivateKeyPem();
    // The sealed form shows neither the PEM nor any line of its base64 body, and its body is ciphertext.
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('PRIVATE');
    for (const line of pem.split('\n').slice(1, -2)) expect(sealed).not.toContain(line);
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('PRIVATE');
    expect(sealPrivateKey(vault, keys)).not.toBe(sealed);

    const opened = await openPrivateKey(vault, sealed);
    expect(opened.kid).toBe(keys.kid);
    expect(opened.alg).toBe(alg);
    expect(SigningKeyPair.verify(alg, keys.publicKeyPem, message, opened.sign(message))).toBe(true);

    await expect(openPrivateKey(new Vault(randomBytes(32)), sealed)).rejects.toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    await expect(openPrivateKey(vault, tampered)).rejects.toThrow();
  });
});

describe('key identifiers and key types', () => {
  it('uses the RFC 7638 thumbprint for EdDSA/ES256 and the SPKI SHA-256 for SM2', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const keys = await SigningKeyPair.generate(alg);
      const { kty, crv, x, y } = keys.publicJwk;
      const members = kty === 'OKP' ? { crv, kty, x } : { crv, kty, x, y };
      expect(keys.kid).toBe(createHash('sha256').update(JSON.stringify(members)).digest('base64url'));
    }
    const sm2 = await SigningKeyPair.generate('SM2');
    const spki = createPublicKey(sm2.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(sm2.kid).toBe(createHash('sha256').update(spki).digest('base64url'));
    expect(sm2.publicJwk).toMatchObject({ kty: 'EC', crv: 'SM2' });
  });

  it('refuses a public key of another algorithm', async () => {
    const [ed, es, sm] = await Promise.all(SIGNING_ALGS.map((a) => SigningKeyPair.generate(a)));
    expect(() => SigningKeyPair.verify('ES256', ed!.publicKeyPem, message, ed!.sign(message))).toThrow(/ES256/);
    expect(() => SigningKeyPair.verify('EdDSA', es!.publicJwk, message, es!.sign(message))).toThrow(/EdDSA/);
    expect(() => SigningKeyPair.verify('SM2', es!.publicKeyPem, message, sm!.sign(message))).toThrow(/SM2/);
    expect(() => SigningKeyPair.verify('ES256', sm!.publicKeyPem, message, es!.sign(message))).toThrow(/ES256/);
    await expect(SigningKeyPair.fromPrivateKeyPem('SM2', es!.exportPrivateKeyPem())).rejects.toThrow(/SM2/);
    await expect(SigningKeyPair.fromPrivateKeyPem('ES256', sm!.exportPrivateKeyPem())).rejects.toThrow(/ES256/);
  });
});

describe('SM2 signatures', () => {
  it('every one of many signatures is minimal DER and verifies', async () => {
    const keys = await SigningKeyPair.generate('SM2');
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(i);
      expect(SigningKeyPair.verify('SM2', keys.publicKeyPem, data, keys.sign(data))).toBe(true);
    }
  });

  it('refuses non-minimal or trailing DER of a valid signature', async () => {
    const keys = await SigningKeyPair.generate('SM2');
    const sig = Buffer.from(keys.sign(message));
    const r = sig.subarray(4, 4 + sig[3]!);
    const padded = Buffer.concat([Buffer.from([0x30, sig[1]! + 1, 0x02, r.length + 1, 0x00]), sig.subarray(4)]);
    expect(SigningKeyPair.verify('SM2', keys.publicKeyPem, message, sig)).toBe(true);
    expect(SigningKeyPair.verify('SM2', keys.publicKeyPem, message, padded)).toBe(false);
    expect(SigningKeyPair.verify('SM2', keys.publicKeyPem, message, Buffer.concat([sig, Buffer.from([0])]))).toBe(false);
  });

  it('our signature verifies with the openssl command line', async ({ skip }) => {
    needOpensslSm2(skip);
    const keys = await SigningKeyPair.generate('SM2');
    const args = (msg: string) => ['pkeyutl', '-verify', '-pubin', '-inkey', file('pub.pem', keys.publicKeyPem), ...sm2Opts, '-in', msg, '-sigfile', file('sig.der', keys.sign(message))];
    expect(openssl(...args(file('msg', message))).toString()).toMatch(/Signature Verified Successfully/);
    expect(() => openssl(...args(file('msg2', flip(message, 0))))).toThrow();
  });

  it('an openssl-made key and signature work with ours', async ({ skip }) => {
    needOpensslSm2(skip);
    openssl('genpkey', '-algorithm', 'SM2', '-out', file('k.pem'));
    const pub = openssl('pkey', '-in', file('k.pem'), '-pubout').toString();
    const sig = openssl('pkeyutl', '-sign', '-inkey', file('k.pem'), ...sm2Opts, '-in', file('msg', message));
    expect(SigningKeyPair.verify('SM2', pub, message, sig)).toBe(true);
    expect(SigningKeyPair.verify('SM2', pub, flip(message, 3), sig)).toBe(false);
    const imported = await SigningKeyPair.fromPrivateKeyPem('SM2', readFileSync(file('k.pem'), 'utf8'));
    expect(imported.publicKeyPem).toBe(pub);
  });

  it('openssl reads our exported private key', async ({ skip }) => {
    needOpensslSm2(skip);
    const keys = await SigningKeyPair.generate('SM2');
    file('ours.pem', keys.exportPrivateKeyPem());
    expect(openssl('pkey', '-in', file('ours.pem'), '-pubout').toString()).toBe(keys.publicKeyPem);
    const sig = openssl('pkeyutl', '-sign', '-inkey', file('ours.pem'), ...sm2Opts, '-in', file('msg', message));
    expect(SigningKeyPair.verify('SM2', keys.publicJwk, message, sig)).toBe(true);
  });
});

describe('JWS interoperability with jose', () => {
  it.each(['EdDSA', 'ES256'] as const)('%s: our signature is a valid JWS, and a jose JWS verifies with ours', async (alg) => {
    const keys = await SigningKeyPair.generate(alg);
    const input = `${b64u(JSON.stringify({ alg, kid: keys.kid }))}.${b64u('{"licence":"1.2.156.3005.2"}')}`;
    const jws = `${input}.${b64u(keys.sign(new TextEncoder().encode(input)))}`;
    const verified = await compactVerify(jws, await importJWK({ ...keys.publicJwk }, alg));
    expect(new TextDecoder().decode(verified.payload)).toBe('{"licence":"1.2.156.3005.2"}');
    expect(verified.protectedHeader.kid).toBe(keys.kid);

    const fromJose = await new CompactSign(new TextEncoder().encode('hello'))
      .setProtectedHeader({ alg })
      .sign(await importPKCS8(keys.exportPrivateKeyPem(), alg));
    const [h, p, s] = fromJose.split('.') as [string, string, string];
    const signingInput = new TextEncoder().encode(`${h}.${p}`);
    expect(SigningKeyPair.verify(alg, keys.publicJwk, signingInput, Buffer.from(s, 'base64url'))).toBe(true);
  });
});
