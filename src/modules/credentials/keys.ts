/**
 * Issuers' signing keys for electronic licences, in three algorithms:
 *
 * - `EdDSA`: Ed25519 (node:crypto), 64-byte signatures;
 * - `ES256`: ECDSA P-256 with SHA-256 (node:crypto), JWS-style raw r‖s, 64 bytes, so a signature can go
 *   straight into a JWS / SD-JWT;
 * - `SM2`: GB/T 32918 with SM3 and the default user ID 1234567812345678 (sm-crypto-v2, because node:crypto
 *   cannot set the SM2 distinguishing ID), DER-encoded as OpenSSL and GM/T 0009 expect.
 *
 * Private keys travel as PKCS#8 PEM (what OpenSSL reads and writes for all three) and rest in the database
 * sealed by the kernel Vault (AES-256-GCM under the master key).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { sm2 } from 'sm-crypto-v2';
import type { Vault } from '../../kernel/crypto.ts';

export type SigningAlg = 'EdDSA' | 'ES256' | 'SM2';
export const SIGNING_ALGS: readonly SigningAlg[] = ['EdDSA', 'ES256', 'SM2'];

/** GB/T 32918 / GM/T 0009 default distinguishing ID; OpenSSL's `distid:` must be given the same. */
export const SM2_USER_ID = '1234567812345678';

/** A public key as JWK. SM2 has no registered JWK curve; `crv: 'SM2'` is our label for the same shape. */
export interface PublicJwk {
  kty: 'OKP' | 'EC';
  crv: 'Ed25519' | 'P-256' | 'SM2';
  x: string;
  y?: string;
}

// SPKI and PKCS#8 DER of an SM2 key have fixed layouts (id-ecPublicKey with the SM2 curve OID
// 1.2.156.10197.1.301, a 32-byte scalar, a 65-byte uncompressed point): prefixes are enough to build them.
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const SM2_ALG_ID = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');
const SM2_PKCS8_HEAD = Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex');
const SM2_PKCS8_PUB = Buffer.from('a144034200', 'hex');
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

type Secret = { alg: 'EdDSA' | 'ES256'; key: KeyObject } | { alg: 'SM2'; d: string; pub: string };

const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;

/** One DER element at `at` (definite length); throws on truncation and non-minimal lengths. */
function tlv(buf: Uint8Array, at: number): { tag: number; body: Uint8Array; end: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  let p = at + 2;
  if (tag === undefined || len === undefined) throw new Error('truncated DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 2) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p++] ?? NaN);
    if (!(len >= (n === 1 ? 128 : 256))) throw new Error('bad DER length');
  }
  if (p + len > buf.length) throw new Error('truncated DER');
  return { tag, body: buf.subarray(p, p + len), end: p + len };
}

/**
 * r and s of a DER ECDSA-Sig-Value, accepting only the one minimal encoding (as OpenSSL does), so that a
 * signature has a single byte form and cannot be re-encoded into a "different" valid one.
 */
function sm2SignatureRs(der: Uint8Array): [bigint, bigint] | null {
  try {
    const seq = tlv(der, 0);
    if (seq.tag !== 0x30 || seq.end !== der.length) return null;
    const ints: bigint[] = [];
    let at = 0;
    while (at < seq.body.length) {
      const int = tlv(seq.body, at);
      const [b0, b1] = int.body;
      if (int.tag !== 0x02 || b0 === undefined || b0 & 0x80 || (b0 === 0 && (b1 === undefined || !(b1 & 0x80)))) return null;
      ints.push(BigInt('0x' + Buffer.from(int.body).toString('hex')));
      at = int.end;
    }
    const [r, s] = ints;
    // GB/T 32918.2 verification steps B1-B2: r, s in [1, n-1].
    if (ints.length !== 2 || r === undefined || s === undefined) return null;
    return r >= 1n && r < SM2_N && s >= 1n && s < SM2_N ? [r, s] : null;
  } catch {
    return null;
  }
}

function sm2PublicFromPem(text: string): string {
  const der = createPublicKey(text).export({ type: 'spki', format: 'der' });
  if (der.length !== SM2_SPKI_PREFIX.length + 65 || !der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) {
    throw new TypeError('not an SM2 public key');
  }
  return der.subarray(SM2_SPKI_PREFIX.length).toString('hex');
}

function sm2PublicFromJwk(jwk: PublicJwk): string {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  if (jwk.kty !== 'EC' || jwk.crv !== 'SM2' || x.length !== 32 || y.length !== 32) throw new TypeError('not an SM2 JWK');
  return '04' + x.toString('hex') + y.toString('hex');
}

/** A node:crypto public key of `alg`, refusing keys of another type (an SM2 key passed as ES256, say). */
function nodePublicKey(alg: 'EdDSA' | 'ES256', key: string | PublicJwk): KeyObject {
  const k =
    typeof key === 'string'
      ? createPublicKey(key)
      : createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x, ...(key.y ? { y: key.y } : {}) }, format: 'jwk' });
  const ok = alg === 'EdDSA' ? k.asymmetricKeyType === 'ed25519' : k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!ok) throw new TypeError(`not an ${alg} public key`);
  return k;
}

/** A signing key pair. The private half is held in a private field: JSON and inspection show only public parts. */
export class SigningKeyPair {
  readonly #secret: Secret;

  private constructor(
    readonly alg: SigningAlg,
    /** RFC 7638 thumbprint (EdDSA, ES256); base64url SHA-256 of the SPKI DER (SM2, which has no JWK form). */
    readonly kid: string,
    readonly publicJwk: PublicJwk,
    readonly publicKeyPem: string,
    secret: Secret,
  ) {
    this.#secret = secret;
  }

  static async generate(alg: SigningAlg): Promise<SigningKeyPair> {
    if (alg === 'SM2') return SigningKeyPair.#fromSm2(sm2.generateKeyPairHex().privateKey);
    const { privateKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return SigningKeyPair.#fromNode(alg, privateKey);
  }

  /** Imports an unencrypted PKCS#8 (or, for EC keys, SEC1) private key PEM, e.g. one made by OpenSSL. */
  static async fromPrivateKeyPem(alg: SigningAlg, privatePem: string): Promise<SigningKeyPair> {
    assertAlg(alg);
    const key = createPrivateKey(privatePem);
    if (alg !== 'SM2') {
      nodePublicKey(alg, createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
      return SigningKeyPair.#fromNode(alg, key);
    }
    // Node parses SM2 keys but cannot hand out the scalar; OpenSSL's re-encoding is canonical, so read it by layout:
    // SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING { SEQUENCE { 1, OCTET STRING d, ... } } }.
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const outer = tlv(der, 0);
    const version = tlv(outer.body, 0);
    const algId = tlv(outer.body, version.end);
    if (!Buffer.from(outer.body.subarray(version.end, algId.end)).equals(SM2_ALG_ID)) throw new TypeError('not an SM2 private key');
    const ecKey = tlv(tlv(outer.body, algId.end).body, 0);
    const d = tlv(ecKey.body, tlv(ecKey.body, 0).end);
    if (d.tag !== 0x04 || d.body.length !== 32) throw new TypeError('not an SM2 private key');
    return SigningKeyPair.#fromSm2(Buffer.from(d.body).toString('hex'));
  }

  static async #fromNode(alg: 'EdDSA' | 'ES256', privateKey: KeyObject): Promise<SigningKeyPair> {
    const publicKey = createPublicKey(privateKey);
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    const jwk = { kty, crv, x, ...(y ? { y } : {}) } as PublicJwk;
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return new SigningKeyPair(alg, await calculateJwkThumbprint(jwk), jwk, publicPem, { alg, key: privateKey });
  }

  static #fromSm2(d: string): SigningKeyPair {
    // GB/T 32918.1 private keys lie in [1, n-2]: with d = n-1 the signing inverse (1+d)^-1 does not exist.
    if (BigInt('0x' + d) < 1n || BigInt('0x' + d) > SM2_N - 2n) throw new TypeError('SM2 private key out of range');
    const pub = sm2.getPublicKeyFromPrivateKey(d);
    const spki = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(pub, 'hex')]);
    const jwk: PublicJwk = {
      kty: 'EC',
      crv: 'SM2',
      x: Buffer.from(pub.slice(2, 66), 'hex').toString('base64url'),
      y: Buffer.from(pub.slice(66), 'hex').toString('base64url'),
    };
    const kid = createHash('sha256').update(spki).digest('base64url');
    return new SigningKeyPair('SM2', kid, jwk, pem('PUBLIC KEY', spki), { alg: 'SM2', d, pub });
  }

  /** PKCS#8 PEM of the private key. Only for sealing or handing to an HSM import; never log it. */
  exportPrivateKeyPem(): string {
    const s = this.#secret;
    if (s.alg !== 'SM2') return s.key.export({ type: 'pkcs8', format: 'pem' }).toString();
    return pem('PRIVATE KEY', Buffer.concat([SM2_PKCS8_HEAD, Buffer.from(s.d, 'hex'), SM2_PKCS8_PUB, Buffer.from(s.pub, 'hex')]));
  }

  sign(data: Uint8Array): Uint8Array {
    const s = this.#secret;
    if (s.alg === 'SM2') {
      // hash: true puts Z (from the user ID and public key) into the SM3 digest as GB/T 32918 requires.
      return Buffer.from(sm2.doSignature(data, s.d, { hash: true, der: true, publicKey: s.pub, userId: SM2_USER_ID }), 'hex');
    }
    if (s.alg === 'EdDSA') return nodeSign(null, data, s.key);
    return nodeSign('sha256', data, { key: s.key, dsaEncoding: 'ieee-p1363' });
  }

  /**
   * Checks `signature` over `data` with a public key (SPKI PEM or JWK). A key that is not a key of `alg`
   * throws (a configuration error worth seeing); any signature that does not verify, malformed ones
   * included, gives false.
   */
  static verify(alg: SigningAlg, key: string | PublicJwk, data: Uint8Array, signature: Uint8Array): boolean {
    assertAlg(alg);
    if (alg === 'SM2') {
      const pub = typeof key === 'string' ? sm2PublicFromPem(key) : sm2PublicFromJwk(key);
      if (!sm2.verifyPublicKey(pub)) throw new TypeError('the SM2 public key is not a point of the curve');
      const rs = sm2SignatureRs(signature);
      if (!rs) return false;
      const hex = rs.map((v) => v.toString(16).padStart(64, '0')).join('');
      return sm2.doVerifySignature(data, hex, pub, { hash: true, der: false, userId: SM2_USER_ID });
    }
    const publicKey = nodePublicKey(alg, key);
    if (signature.length !== 64) return false;
    try {
      if (alg === 'EdDSA') return nodeVerify(null, data, publicKey, signature);
      return nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false;
    }
  }

  toJSON(): { alg: SigningAlg; kid: string; publicJwk: PublicJwk } {
    return { alg: this.alg, kid: this.kid, publicJwk: this.publicJwk };
  }
}

function assertAlg(alg: string): asserts alg is SigningAlg {
  if (!SIGNING_ALGS.includes(alg as SigningAlg)) throw new TypeError(`unsupported signing algorithm: ${alg}`);
}

/**
 * The private key sealed for storage: the Vault's AES-256-GCM over JSON of algorithm, kid and PKCS#8 PEM.
 * The algorithm sits inside the ciphertext so it cannot be swapped on its own.
 */
export function sealPrivateKey(vault: Vault, keyPair: SigningKeyPair): string {
  return vault.encrypt(JSON.stringify({ v: 1, alg: keyPair.alg, kid: keyPair.kid, pkcs8: keyPair.exportPrivateKeyPem() }));
}

/**
 * Opens a sealed key. Throws if the master key is another or the value was altered (GCM), and if the key's
 * kid no longer comes out as sealed (a changed kid rule would otherwise sign under a kid nobody resolves).
 * The Vault binds no context, so callers should also check `kid` against the row the value came from.
 */
export async function openPrivateKey(vault: Vault, sealed: string): Promise<SigningKeyPair> {
  const payload = JSON.parse(vault.decrypt(sealed)) as { v?: unknown; alg?: unknown; kid?: unknown; pkcs8?: unknown };
  if (payload.v !== 1 || typeof payload.alg !== 'string' || typeof payload.pkcs8 !== 'string') throw new Error('not a sealed signing key');
  assertAlg(payload.alg);
  const keyPair = await SigningKeyPair.fromPrivateKeyPem(payload.alg, payload.pkcs8);
  if (keyPair.kid !== payload.kid) throw new Error(`sealed key's kid ${String(payload.kid)} does not match the key (${keyPair.kid})`);
  return keyPair;
}
