/**
 * Offline 亮证核验: verifies an SD-JWT VC presentation in the browser, from a cached trust list and cached
 * status-list tokens, with the same checks and reason codes as the server's verifySdJwtVcPresentation
 * (src/modules/credentials/sd-jwt.ts) and verifyPresentation (verification.ts).
 *
 * Pure: WebCrypto (crypto.subtle: Ed25519 and ECDSA P-256/SHA-256), DecompressionStream('deflate') for the
 * zlib-compressed status lists, atob/TextDecoder. No DOM, no storage, no network: Node 20 runs it as is
 * (src/modules/credentials/offline-verify.test.ts checks it against the server's verifier).
 */

export type OfflineReason =
  | 'malformed' | 'bad_signature' | 'unknown_issuer' | 'expired' | 'not_yet_valid' | 'holder_binding' | 'stale'
  | 'wrong_audience' | 'wrong_nonce' | 'revoked' | 'suspended' | 'tampered_disclosure' | 'status_unavailable';

/** GET /api/credentials/trust-list, as cached. */
export interface TrustListData {
  fetchedAt: string;
  offlineSeconds: number;
  issuers: Array<{ iss: string; orgId: string; name: string; keys: Array<Record<string, unknown>> }>;
  statusLists: Array<{ id: string; uri: string }>;
  types: Array<{
    code: string;
    name: string;
    vct: string;
    fields: Array<{ code: string; name: string }>;
    scenes: Array<{ code: string; name: string; disclose: string[] }>;
  }>;
}

export type FieldValue = { code: string; label: string; value: string | number | boolean };

export interface OfflineResult {
  ok: boolean;
  reason: OfflineReason | null;
  detail: string | null;
  licence: { typeCode: string; typeName: string; issuerName: string } | null;
  scene: { code: string; name: string } | null;
  disclosed: FieldValue[];
  copy: { purpose: string; recipient: string; expiresAt: string | null } | null;
}

export interface OfflineOptions {
  trust: TrustListData;
  /** Cached status-list tokens (application/statuslist+jwt) by list URI. */
  statusTokens: Readonly<Record<string, string>>;
  /** The scene the verifier expects (empty: any scene). */
  scene?: string;
  /** Seconds since the epoch. */
  now: number;
}

/** As the server: the wallet's QR refreshes every minute; older than two minutes is a replay. */
export const QR_WINDOW_SECONDS = 120;
export const CLOCK_SKEW_SECONDS = 30;
export const SCENE_AUD_PREFIX = 'scene:';

const ALGS: readonly string[] = ['EdDSA', 'ES256'];
const REGISTERED = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', '_sd', '_sd_alg', '...', 'copy']);
const STATUS_BITS: readonly number[] = [1, 2, 4, 8];
const MAX_LIST_BYTES = 16 * 1024 * 1024;

class Fail extends Error {
  constructor(readonly reason: OfflineReason, detail: string) {
    super(detail);
  }
}
function fail(reason: OfflineReason, detail: string): never {
  throw new Fail(reason, detail);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** base64url → bytes; throws on characters outside the alphabet. */
export function b64urlBytes(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesB64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const utf8 = new TextDecoder('utf-8');
const ascii = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
};

/** A fresh ArrayBuffer holding exactly these bytes (WebCrypto wants a BufferSource). */
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

async function sha256b64(s: string): Promise<string> {
  return bytesB64url(new Uint8Array(await crypto.subtle.digest('SHA-256', buf(ascii(s)))));
}

function decodeJwt(jwt: string, what: string): { header: Json; payload: Json } {
  const parts = jwt.split('.');
  if (parts.length !== 3) return fail('malformed', `${what} is not a compact JWS`);
  try {
    const header: unknown = JSON.parse(utf8.decode(b64urlBytes(parts[0]!)));
    const payload: unknown = JSON.parse(utf8.decode(b64urlBytes(parts[1]!)));
    if (isObject(header) && isObject(payload)) return { header, payload };
  } catch {
    /* fall through: not JSON */
  }
  return fail('malformed', `${what} header or payload is not a JSON object`);
}

/** Checks a compact JWS signature with a public JWK (EdDSA over Ed25519, or ES256 with the raw r‖s signature). */
export async function verifyJws(jwt: string, jwk: Json, alg: string): Promise<boolean> {
  try {
    const dot = jwt.lastIndexOf('.');
    const data = buf(ascii(jwt.slice(0, dot)));
    const signature = buf(b64urlBytes(jwt.slice(dot + 1)));
    if (alg === 'EdDSA') {
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return false;
      const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
      return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, data);
    }
    if (alg === 'ES256') {
      if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return false;
      const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, data);
    }
    return false;
  } catch {
    return false;
  }
}

/** zlib (RFC 1950) inflate through DecompressionStream('deflate'), refusing more than `max` bytes. */
export async function inflate(bytes: Uint8Array, max = MAX_LIST_BYTES): Promise<Uint8Array> {
  const stream = new Blob([buf(bytes)]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new Error('status list too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The trusted key (issuer, kid), or undefined. SM2 keys are never used for JOSE. */
function trustedKey(trust: TrustListData, iss: string, kid: string | undefined): Json | undefined {
  if (!kid) return undefined;
  const issuer = trust.issuers.find((i) => i.iss === iss);
  return issuer?.keys.find((k) => k.kid === kid && k.alg !== 'SM2');
}

/**
 * Reads entry `idx` of a cached status-list token for `uri`, verified with the list issuer's trusted key.
 * Throws (→ status_unavailable) when there is no token, it does not verify, names another list, has expired,
 * or the index is outside the list.
 */
export async function statusFromToken(token: string | undefined, uri: string, idx: number, keyOf: (kid: string | undefined) => Json | undefined, now: number, skew = 0): Promise<number> {
  if (!token) throw new Error(`no cached status list ${uri}`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('status list token is not a compact JWS');
  const header = JSON.parse(utf8.decode(b64urlBytes(parts[0]!))) as unknown;
  const payload = JSON.parse(utf8.decode(b64urlBytes(parts[1]!))) as unknown;
  if (!isObject(header) || !isObject(payload)) throw new Error('status list token header or payload is not an object');
  if (header.typ !== 'statuslist+jwt') throw new Error(`typ is ${String(header.typ)}, expected statuslist+jwt`);
  if (typeof header.alg !== 'string' || !ALGS.includes(header.alg)) throw new Error(`alg ${String(header.alg)} is not accepted`);
  const key = keyOf(typeof header.kid === 'string' ? header.kid : undefined);
  if (!key) throw new Error('status list token signed by an untrusted key');
  if (!(await verifyJws(token, key, header.alg))) throw new Error('status list token signature does not verify');
  const { sub, iat, exp } = payload;
  if (typeof sub !== 'string' || typeof iat !== 'number') throw new Error('sub and iat are required');
  if (sub !== uri) throw new Error(`token is for ${sub}, not ${uri}`);
  if (exp !== undefined && (typeof exp !== 'number' || now > exp + skew)) throw new Error('status list token expired');
  if (iat > now + skew) throw new Error('status list token iat is in the future');
  const claim = payload.status_list;
  if (!isObject(claim)) throw new Error('status_list is not an object');
  const { bits, lst } = claim;
  if (typeof bits !== 'number' || !STATUS_BITS.includes(bits)) throw new Error(`status_list.bits ${String(bits)} is not 1, 2, 4 or 8`);
  if (typeof lst !== 'string' || !/^[A-Za-z0-9_-]+$/.test(lst)) throw new Error('status_list.lst is not base64url');
  const bytes = await inflate(b64urlBytes(lst));
  if (bytes.length === 0) throw new Error('status_list is empty');
  const size = (bytes.length * 8) / bits;
  if (!Number.isSafeInteger(idx) || idx < 0 || idx >= size) throw new Error(`index ${idx} is outside the status list (size ${size})`);
  const bit = idx * bits;
  return (bytes[bit >> 3]! >> (bit & 7)) & ((1 << bits) - 1);
}

interface Verified {
  claims: Json;
  iss: string;
  vct: string;
  exp: number | undefined;
  aud: string | null;
  copy: { id: string; purpose: string; recipient: string } | null;
}

/** Verifies a presentation from the cache; never throws. */
export async function verifyOffline(presentation: string, opts: OfflineOptions): Promise<OfflineResult> {
  const { trust } = opts;
  let verified: Verified;
  // Filled once the issuer's signature verifies: a failure after that may still name the licence type.
  const signed: { iss?: string; vct?: string } = {};
  const licenceOf = (iss: string | undefined, vct: string | undefined) => {
    const type = trust.types.find((t) => t.vct === vct);
    const issuer = trust.issuers.find((i) => i.iss === iss);
    return { type, licence: type ? { typeCode: type.code, typeName: type.name, issuerName: issuer?.name ?? '' } : null };
  };
  try {
    verified = await verifyOrFail(presentation.trim(), opts, signed);
  } catch (e) {
    const reason: OfflineReason = e instanceof Fail ? e.reason : 'malformed';
    const detail = e instanceof Error ? e.message : String(e);
    const { type, licence } = licenceOf(signed.iss, signed.vct);
    return { ok: false, reason, detail, licence, scene: opts.scene ? sceneOf(type, opts.scene) : null, disclosed: [], copy: null };
  }
  const { type, licence } = licenceOf(verified.iss, verified.vct);
  const sceneCode = verified.aud?.startsWith(SCENE_AUD_PREFIX) ? verified.aud.slice(SCENE_AUD_PREFIX.length) : (opts.scene || null);
  const claims = verified.claims as Record<string, string | number | boolean>;
  const disclosed: FieldValue[] = type
    ? type.fields.filter((f) => claims[f.code] !== undefined).map((f) => ({ code: f.code, label: f.name, value: claims[f.code]! }))
    : [];
  return {
    ok: true,
    reason: null,
    detail: null,
    licence,
    scene: sceneCode ? sceneOf(type, sceneCode) : null,
    disclosed,
    copy: verified.copy
      ? { purpose: verified.copy.purpose, recipient: verified.copy.recipient, expiresAt: verified.exp ? new Date(verified.exp * 1000).toISOString() : null }
      : null,
  };
}

function sceneOf(type: TrustListData['types'][number] | undefined, code: string): { code: string; name: string } {
  return { code, name: type?.scenes.find((s) => s.code === code)?.name ?? code };
}

async function verifyOrFail(presentation: string, opts: OfflineOptions, signed: { iss?: string; vct?: string }): Promise<Verified> {
  const skew = CLOCK_SKEW_SECONDS;
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
  const key = trustedKey(opts.trust, iss, kid);
  if (!key) return fail('unknown_issuer', `no trusted key for ${iss} kid ${kid ?? '(none)'}`);
  if (!(await verifyJws(jwt, key, header.alg as string))) fail('bad_signature', 'issuer signature does not verify');
  signed.iss = iss;
  signed.vct = vct;

  // 2. Validity period.
  for (const c of ['iat', 'nbf', 'exp'] as const) if (payload[c] !== undefined && !isTime(payload[c])) fail('malformed', `${c} is not a number`);
  const exp = payload.exp as number | undefined;
  if (exp !== undefined && opts.now > exp + skew) fail('expired', `credential expired at ${exp}`);
  const notBefore = Math.max((payload.nbf as number | undefined) ?? -Infinity, (payload.iat as number | undefined) ?? -Infinity);
  if (opts.now < notBefore - skew) fail('not_yet_valid', `credential valid from ${notBefore}`);

  // 3. Disclosures: each referenced once by a signed digest.
  const sd = payload._sd ?? [];
  if (!Array.isArray(sd) || !sd.every((d) => typeof d === 'string')) return fail('malformed', '_sd is not an array of digests');
  const signedDigests = new Set<string>(sd as string[]);
  const seen = new Set<string>();
  const entries = Object.entries(payload).filter(([k]) => !REGISTERED.has(k));
  const names = new Set(entries.map(([k]) => k));
  for (const d of disclosures) {
    const h = await sha256b64(d);
    if (!signedDigests.has(h)) fail('tampered_disclosure', 'a disclosure matches no digest signed by the issuer');
    if (seen.has(h)) fail('tampered_disclosure', 'a disclosure is repeated');
    seen.add(h);
    let decoded: unknown;
    try {
      decoded = JSON.parse(utf8.decode(b64urlBytes(d)));
    } catch {
      fail('malformed', 'a signed disclosure is not JSON');
    }
    if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') {
      return fail('malformed', 'a disclosure is not [salt, name, value]');
    }
    const name = decoded[1] as string;
    if (REGISTERED.has(name) || names.has(name)) fail('malformed', `disclosure would overwrite claim ${name}`);
    names.add(name);
    entries.push([name, decoded[2]]);
  }
  const claims: Json = Object.fromEntries(entries);

  // 4. Holder binding, or a purpose-bound copy (no cnf, no KB-JWT).
  const copy = readCopy(payload);
  let aud: string | null = null;
  if (copy) {
    if (kbJwt) fail('malformed', 'a purpose-bound copy carries no key binding JWT');
  } else {
    aud = await checkHolderBinding(presentation, payload, kbJwt, opts, skew);
  }

  // 5. Status, from the cached list signed by the credential issuer's key.
  if (payload.status !== undefined) {
    const ref = isObject(payload.status) ? payload.status.status_list : undefined;
    if (!isObject(ref) || !Number.isSafeInteger(ref.idx) || (ref.idx as number) < 0 || typeof ref.uri !== 'string') {
      return fail('malformed', 'status.status_list must be { idx, uri }');
    }
    const uri = ref.uri;
    const idx = ref.idx as number;
    let value: number;
    try {
      value = await statusFromToken(opts.statusTokens[uri], uri, idx, (k) => trustedKey(opts.trust, iss, k), opts.now);
    } catch (e) {
      return fail('status_unavailable', `status list: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (value === 2) fail('suspended', `suspended in ${uri} at ${idx}`);
    if (value !== 0) fail('revoked', `status ${value} in ${uri} at ${idx}`);
  }
  return { claims, iss, vct, exp, aud, copy };
}

async function checkHolderBinding(presentation: string, payload: Json, kbJwt: string, opts: OfflineOptions, skew: number): Promise<string> {
  if (!kbJwt) return fail('holder_binding', 'no key binding JWT');
  const cnf = payload.cnf;
  if (!isObject(cnf) || !isObject(cnf.jwk)) return fail('holder_binding', 'credential has no cnf.jwk');
  const kb = decodeJwt(kbJwt, 'KB-JWT');
  if (kb.header.typ !== 'kb+jwt') fail('holder_binding', `KB-JWT typ is ${String(kb.header.typ)}`);
  if (typeof kb.header.alg !== 'string' || !ALGS.includes(kb.header.alg)) fail('holder_binding', `KB-JWT alg ${String(kb.header.alg)} is not accepted`);
  if (!(await verifyJws(kbJwt, cnf.jwk, kb.header.alg as string))) fail('holder_binding', 'KB-JWT is not signed by the holder key');
  const { iat: kbIat, aud, nonce, sd_hash: sdHash } = kb.payload;
  if (!isTime(kbIat) || typeof aud !== 'string' || typeof nonce !== 'string' || typeof sdHash !== 'string') {
    return fail('holder_binding', 'KB-JWT lacks iat, aud, nonce or sd_hash');
  }
  if (sdHash !== (await sha256b64(presentation.slice(0, presentation.length - kbJwt.length)))) {
    fail('holder_binding', 'sd_hash does not match the presented SD-JWT (disclosures added or removed)');
  }
  if (!(aud.startsWith(SCENE_AUD_PREFIX) && (!opts.scene || aud === SCENE_AUD_PREFIX + opts.scene))) fail('wrong_audience', `KB-JWT is for ${aud}`);
  if (kbIat > opts.now + skew) fail('not_yet_valid', 'KB-JWT iat is in the future');
  if (opts.now - kbIat > QR_WINDOW_SECONDS + skew) fail('stale', `KB-JWT is ${opts.now - kbIat}s old, window ${QR_WINDOW_SECONDS}s`);
  return aud;
}

function readCopy(payload: Json): { id: string; purpose: string; recipient: string } | null {
  if (payload.copy === undefined) return null;
  const c = payload.copy;
  if (payload.cnf !== undefined || !isObject(c) || typeof c.id !== 'string' || typeof c.purpose !== 'string' || typeof c.recipient !== 'string') {
    return fail('malformed', 'copy must be { id, purpose, recipient } on a credential without cnf');
  }
  return { id: c.id, purpose: c.purpose, recipient: c.recipient };
}
