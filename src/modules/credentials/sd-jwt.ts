/**
 * SD-JWT VC (draft-ietf-oauth-sd-jwt-vc, header `typ: dc+sd-jwt`) for electronic licences (电子证照):
 * issue with selectively disclosable fields, present a chosen subset bound to the holder's key by a
 * KB-JWT, and verify a presentation into a result with one reason per failure.
 *
 * Issuing and presenting use @sd-jwt/sd-jwt-vc. Verifying is written here with jose, because the library
 * silently drops a disclosure whose digest the issuer never signed (so a tampered disclosure would just
 * "vanish" instead of failing), and reports failures only as English error messages.
 */
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { SDJwtVcInstance, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';

export type SigningAlg = 'EdDSA' | 'ES256';
const ALGS: readonly string[] = ['EdDSA', 'ES256'];

/** Any key that signs the JWS signing input: EdDSA → 64 bytes, ES256 → 64-byte r‖s (the JWS form, not DER). */
export interface JwsSigner {
  alg: SigningAlg;
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
export interface IssuerSigner extends JwsSigner {
  /** URL or DID-like identifier; the verifier resolves (iss, kid) to a public key. */
  iss: string;
  kid: string;
}
export interface StatusReference {
  idx: number;
  uri: string;
}
export type Claims = Record<string, unknown>;

/** Claim names the SD-JWT VC draft gives a meaning to; a licence field may not reuse them. */
const REGISTERED = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', '_sd', '_sd_alg', '...', 'copy']);

/** 加注件: a purpose-bound copy handed to one organisation. It has no holder key: whoever holds it may show it, for its purpose, until it expires. */
export interface CopyMark {
  id: string;
  purpose: string;
  recipient: string;
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256b64 = (ascii: string) => createHash('sha256').update(ascii, 'ascii').digest('base64url');

/** Adapts a raw-bytes signer to the library's "signing input string → base64url signature" shape. */
const toLibSigner = (s: JwsSigner) => async (input: string) => b64url(await s.sign(Buffer.from(input, 'ascii')));

/** Signs a compact JWS with an abstract signer (shared with the status list token). */
export async function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: JwsSigner): Promise<string> {
  const input = `${b64url(JSON.stringify({ ...header, alg: signer.alg }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${await toLibSigner(signer)(input)}`;
}

/** 128-bit salts: @sd-jwt/crypto-nodejs's generateSalt(16) yields 16 hex chars, only 64 bits, below the RFC's advice. */
const salt = () => randomBytes(16).toString('base64url');

export interface IssueInput {
  issuer: IssuerSigner;
  vct: string;
  claims: Claims;
  disclosable: string[];
  /** The holder's public key (cnf); absent only for a purpose-bound copy. */
  holderJwk?: JWK;
  copy?: CopyMark;
  iat: number;
  exp: number;
  status?: StatusReference;
}

/** Issues a compact SD-JWT VC. Throws RangeError on a programming error (reserved or unknown claim names). */
export async function issueSdJwtVc(input: IssueInput): Promise<string> {
  const { issuer, claims, disclosable } = input;
  for (const k of Object.keys(claims)) if (REGISTERED.has(k)) throw new RangeError(`claim name ${k} is reserved`);
  for (const k of disclosable) if (!Object.hasOwn(claims, k)) throw new RangeError(`disclosable claim ${k} is not among the claims`);
  if (input.holderJwk && 'd' in input.holderJwk) throw new RangeError('holderJwk must be a public key');
  if (!input.holderJwk === !input.copy) throw new RangeError('a credential is either bound to a holder key or a purpose-bound copy');
  const lib = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: salt,
    signer: toLibSigner(issuer),
    signAlg: issuer.alg,
  });
  const payload: SdJwtVcPayload = {
    iss: issuer.iss,
    iat: input.iat,
    exp: input.exp,
    vct: input.vct,
    ...(input.holderJwk ? { cnf: { jwk: input.holderJwk } } : {}),
    ...(input.copy ? { copy: { ...input.copy } } : {}),
    ...(input.status ? { status: { status_list: { idx: input.status.idx, uri: input.status.uri } } } : {}),
    ...claims,
  };
  // The library's frame type maps each payload key to a nested frame, which an index-signature payload
  // cannot satisfy; a flat `_sd` list is exactly what it expects at run time.
  const frame = { _sd: disclosable } as unknown as Parameters<SDJwtVcInstance['issue']>[1];
  return lib.issue(payload, frame, { header: { kid: issuer.kid } });
}

export interface PresentOptions {
  disclose: string[];
  holder: JwsSigner;
  aud: string;
  nonce: string;
  iat: number;
}

/** Keeps only the chosen disclosures and appends a KB-JWT whose sd_hash covers exactly what is presented. */
export async function presentSdJwtVc(sdJwt: string, opts: PresentOptions): Promise<string> {
  const lib = new SDJwtVcInstance({ hasher: digest, kbSigner: toLibSigner(opts.holder), kbSignAlg: opts.holder.alg });
  const presentable = new Set(await lib.presentableKeys(sdJwt));
  for (const k of opts.disclose) if (!presentable.has(k)) throw new RangeError(`claim ${k} is not selectively disclosable in this credential`);
  const frame = Object.fromEntries(opts.disclose.map((k) => [k, true]));
  return lib.present(sdJwt, frame, { kb: { payload: { iat: opts.iat, aud: opts.aud, nonce: opts.nonce } } });
}

export type VerifyFailure =
  | 'malformed' | 'bad_signature' | 'unknown_issuer' | 'expired' | 'not_yet_valid' | 'holder_binding' | 'stale'
  | 'wrong_audience' | 'wrong_nonce' | 'revoked' | 'suspended' | 'tampered_disclosure' | 'status_unavailable';

export type VerifyResult =
  | { ok: true; claims: Claims; iss: string; vct: string; exp: number | undefined; status: StatusReference | undefined; statusChecked: boolean; aud: string | null; copy: CopyMark | null }
  | { ok: false; reason: VerifyFailure; detail: string };

export interface VerifyOptions {
  /** Public JWK for (iss, kid), or undefined when the issuer is not trusted. */
  issuerKeys: (iss: string, kid: string | undefined) => JWK | undefined | Promise<JWK | undefined>;
  /** The audience the KB-JWT must name, or a test of it (a QR shown at a counter names its scene). */
  expectedAud: string | ((aud: string) => boolean);
  expectedNonce?: string;
  now: number;
  /** How old a KB-JWT may be: a presentation replayed after this window is refused. */
  maxKbAgeSeconds: number;
  /** Allowance for clocks that disagree, applied to iat/nbf/exp. Default 0. */
  clockSkewSeconds?: number;
  /** Resolves a Token Status List entry: 0 valid, 1 invalid, 2 suspended. Throwing → status_unavailable. */
  statusCheck?: (uri: string, idx: number) => Promise<number>;
  /** Accept purpose-bound copies (no holder key, no KB-JWT; shown with their purpose). Default false. */
  acceptCopies?: boolean;
}

class Fail extends Error {
  constructor(readonly reason: VerifyFailure, detail: string) { super(detail); }
}
function fail(reason: VerifyFailure, detail: string): never {
  throw new Fail(reason, detail);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function decodeJwt(jwt: string, what: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = jwt.split('.');
  if (parts.length !== 3) return fail('malformed', `${what} is not a compact JWS`);
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (isObject(header) && isObject(payload)) return { header, payload };
  } catch { /* fall through: not JSON */ }
  return fail('malformed', `${what} header or payload is not a JSON object`);
}

/** jose refuses a private JWK for verification; keep only the public members. */
const publicOnly = ({ kty, crv, x, y }: JWK): JWK => ({ kty, crv, x, y });

/**
 * Public keys as node:crypto KeyObjects, by algorithm and coordinates. Importing a JWK costs more than the
 * signature check itself, and a verifier at a gate sees the same issuer keys all day (and a holder's key on
 * each visit). Signatures are checked with node:crypto directly: the same primitive jose would reach through
 * WebCrypto's asynchronous interface, without its per-call overhead.
 */
const KEY_CACHE_MAX = 10_000;
const importedKeys = new Map<string, KeyObject>();
function importedKey(jwk: JWK, alg: string): KeyObject {
  const pub = publicOnly(jwk);
  const id = `${alg}|${pub.kty}|${pub.crv}|${pub.x}|${pub.y}`;
  let key = importedKeys.get(id);
  if (!key) {
    if ((alg === 'EdDSA') !== (pub.kty === 'OKP' && pub.crv === 'Ed25519') || (alg === 'ES256') !== (pub.kty === 'EC' && pub.crv === 'P-256')) throw new Error('key does not fit the algorithm');
    key = createPublicKey({ key: pub as JsonWebKey, format: 'jwk' });
    if (importedKeys.size >= KEY_CACHE_MAX) importedKeys.delete(importedKeys.keys().next().value!);
    importedKeys.set(id, key);
  }
  return key;
}

async function verifySignature(jwt: string, jwk: JWK, alg: string): Promise<boolean> {
  try {
    if (alg !== 'EdDSA' && alg !== 'ES256') return false;
    const dot = jwt.lastIndexOf('.');
    const input = Buffer.from(jwt.slice(0, dot), 'ascii');
    const signature = Buffer.from(jwt.slice(dot + 1), 'base64url');
    const key = importedKey(jwk, alg);
    return alg === 'EdDSA' ? verify(null, input, key, signature) : verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** Verifies a presentation; never throws. Checks run cheapest-and-most-fundamental first, the status list last. */
export async function verifySdJwtVcPresentation(presentation: unknown, opts: VerifyOptions): Promise<VerifyResult> {
  try {
    return await verifyOrFail(presentation, opts);
  } catch (e) {
    if (e instanceof Fail) return { ok: false, reason: e.reason, detail: e.message };
    return { ok: false, reason: 'malformed', detail: e instanceof Error ? e.message : String(e) };
  }
}

async function verifyOrFail(presentation: unknown, opts: VerifyOptions): Promise<VerifyResult> {
  const skew = opts.clockSkewSeconds ?? 0;
  if (typeof presentation !== 'string') return fail('malformed', 'presentation is not a string');
  const parts = presentation.split('~');
  if (parts.length < 2) return fail('malformed', 'no ~ separator: not an SD-JWT');
  const jwt = parts[0]!;
  const kbJwt = parts[parts.length - 1]!;
  const disclosures = parts.slice(1, -1);

  // 1. The issuer-signed JWT.
  const { header, payload } = decodeJwt(jwt, 'issuer JWT');
  if (header.typ !== 'dc+sd-jwt') fail('malformed', `typ is ${String(header.typ)}, expected dc+sd-jwt`);
  if (typeof header.alg !== 'string' || !ALGS.includes(header.alg)) fail('malformed', `alg ${String(header.alg)} is not accepted`);
  const { iss, vct } = payload;
  if (typeof iss !== 'string' || typeof vct !== 'string') return fail('malformed', 'iss and vct must be strings');
  if ((payload._sd_alg ?? 'sha-256') !== 'sha-256') fail('malformed', `_sd_alg ${String(payload._sd_alg)} is not sha-256`);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let key: JWK | undefined;
  try {
    key = await opts.issuerKeys(iss, kid);
  } catch (e) {
    fail('unknown_issuer', `issuer key lookup failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!key) return fail('unknown_issuer', `no trusted key for ${iss} kid ${kid ?? '(none)'}`);
  if (!(await verifySignature(jwt, key, header.alg as string))) fail('bad_signature', 'issuer signature does not verify');

  // 2. Validity period (after the signature, so an attacker cannot choose which error we report).
  for (const c of ['iat', 'nbf', 'exp'] as const) if (payload[c] !== undefined && !isTime(payload[c])) fail('malformed', `${c} is not a number`);
  const exp = payload.exp as number | undefined;
  if (exp !== undefined && opts.now > exp + skew) fail('expired', `credential expired at ${exp}`);
  const notBefore = Math.max((payload.nbf as number | undefined) ?? -Infinity, (payload.iat as number | undefined) ?? -Infinity);
  if (opts.now < notBefore - skew) fail('not_yet_valid', `credential valid from ${notBefore}`);

  // 3. Disclosures: every one must be referenced by a signed digest, once.
  const sd = payload._sd ?? [];
  if (!Array.isArray(sd) || !sd.every((d) => typeof d === 'string')) return fail('malformed', '_sd is not an array of digests');
  const signedDigests = new Set<string>(sd);
  const seen = new Set<string>();
  // Entries, not assignment: a disclosed name like __proto__ must stay an own property, not a prototype.
  const entries = Object.entries(payload).filter(([k]) => !REGISTERED.has(k));
  const names = new Set(entries.map(([k]) => k));
  for (const d of disclosures) {
    const h = sha256b64(d);
    if (!signedDigests.has(h)) fail('tampered_disclosure', 'a disclosure matches no digest signed by the issuer');
    if (seen.has(h)) fail('tampered_disclosure', 'a disclosure is repeated');
    seen.add(h);
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(d, 'base64url').toString('utf8'));
    } catch {
      fail('malformed', 'a signed disclosure is not JSON');
    }
    // Licence claims are flat: only [salt, name, value] object-property disclosures are meaningful here.
    if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') {
      return fail('malformed', 'a disclosure is not [salt, name, value]');
    }
    const name = decoded[1] as string;
    if (REGISTERED.has(name) || names.has(name)) fail('malformed', `disclosure would overwrite claim ${name}`);
    names.add(name);
    entries.push([name, decoded[2]]);
  }
  const claims: Claims = Object.fromEntries(entries);

  // 4. Holder binding: the KB-JWT is signed by cnf.jwk and its sd_hash covers exactly this presentation.
  // A purpose-bound copy has neither: its issuer signed the purpose and recipient instead.
  const copy = readCopy(payload);
  let aud: string | null = null;
  if (copy) {
    if (!opts.acceptCopies) fail('holder_binding', 'a purpose-bound copy (加注件) is not accepted here');
    if (kbJwt) fail('malformed', 'a purpose-bound copy carries no key binding JWT');
  } else {
    aud = await checkHolderBinding(presentation, payload, kbJwt, opts, skew);
  }

  // 5. Status, last: it may cost a fetch, and only matters for an otherwise valid credential.
  let status: StatusReference | undefined;
  let statusChecked = false;
  if (payload.status !== undefined) {
    const ref = isObject(payload.status) ? payload.status.status_list : undefined;
    if (!isObject(ref) || !Number.isSafeInteger(ref.idx) || (ref.idx as number) < 0 || typeof ref.uri !== 'string') {
      return fail('malformed', 'status.status_list must be { idx, uri }');
    }
    status = { idx: ref.idx as number, uri: ref.uri };
    if (opts.statusCheck) {
      let value: number;
      try {
        value = await opts.statusCheck(status.uri, status.idx);
      } catch (e) {
        return fail('status_unavailable', `status list: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (value === 2) fail('suspended', `suspended in ${status.uri} at ${status.idx}`);
      // Fail closed: 1 (invalid) and any application-specific value we do not understand.
      if (value !== 0) fail('revoked', `status ${value} in ${status.uri} at ${status.idx}`);
      statusChecked = true;
    }
  }
  return { ok: true, claims, iss, vct, exp, status, statusChecked, aud, copy };
}

/** Checks the KB-JWT against cnf.jwk and the presentation; returns its audience. */
async function checkHolderBinding(presentation: string, payload: Record<string, unknown>, kbJwt: string, opts: VerifyOptions, skew: number): Promise<string> {
  if (!kbJwt) return fail('holder_binding', 'no key binding JWT');
  const cnf = payload.cnf;
  if (!isObject(cnf) || !isObject(cnf.jwk)) return fail('holder_binding', 'credential has no cnf.jwk');
  const kb = decodeJwt(kbJwt, 'KB-JWT');
  if (kb.header.typ !== 'kb+jwt') fail('holder_binding', `KB-JWT typ is ${String(kb.header.typ)}`);
  if (typeof kb.header.alg !== 'string' || !ALGS.includes(kb.header.alg)) fail('holder_binding', `KB-JWT alg ${String(kb.header.alg)} is not accepted`);
  if (!(await verifySignature(kbJwt, cnf.jwk as JWK, kb.header.alg as string))) fail('holder_binding', 'KB-JWT is not signed by the holder key');
  const { iat: kbIat, aud, nonce, sd_hash: sdHash } = kb.payload;
  if (!isTime(kbIat) || typeof aud !== 'string' || typeof nonce !== 'string' || typeof sdHash !== 'string') {
    return fail('holder_binding', 'KB-JWT lacks iat, aud, nonce or sd_hash');
  }
  if (sdHash !== sha256b64(presentation.slice(0, presentation.length - kbJwt.length))) {
    fail('holder_binding', 'sd_hash does not match the presented SD-JWT (disclosures added or removed)');
  }
  if (typeof opts.expectedAud === 'string' ? aud !== opts.expectedAud : !opts.expectedAud(aud)) fail('wrong_audience', `KB-JWT is for ${aud}`);
  if (opts.expectedNonce !== undefined && nonce !== opts.expectedNonce) fail('wrong_nonce', 'KB-JWT nonce differs from the challenge');
  if (kbIat > opts.now + skew) fail('not_yet_valid', 'KB-JWT iat is in the future');
  if (opts.now - kbIat > opts.maxKbAgeSeconds + skew) fail('stale', `KB-JWT is ${opts.now - kbIat}s old, window ${opts.maxKbAgeSeconds}s`);
  return aud;
}

function readCopy(payload: Record<string, unknown>): CopyMark | null {
  if (payload.copy === undefined) return null;
  const c = payload.copy;
  if (payload.cnf !== undefined || !isObject(c) || typeof c.id !== 'string' || typeof c.purpose !== 'string' || typeof c.recipient !== 'string') return fail('malformed', 'copy must be { id, purpose, recipient } on a credential without cnf');
  return { id: c.id, purpose: c.purpose, recipient: c.recipient };
}
