/**
 * IETF Token Status List (draft-ietf-oauth-status-list): the revocation and suspension registry that an
 * electronic licence points at through `status.status_list: { idx, uri }`.
 *
 * A list is a byte array of N entries of `bits` each, entry i stored in the least significant bits first
 * (byte ⌊i·bits/8⌋, shift (i·bits) mod 8), zlib-compressed and base64url-encoded as `lst`. It is
 * published as a signed Status List Token (`typ: statuslist+jwt`, `sub` = the list's own URI).
 *
 * Written with node:zlib + jose rather than @sd-jwt/jwt-status-list: that class builds bit strings
 * per entry, accepts values one past the range (`> 2**bits`), and verifies no token signature.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { compactVerify, importJWK, type JWK } from 'jose';
import { signCompactJws, type JwsSigner } from './sd-jwt.ts';

/** The draft allows 1, 2, 4 and 8; CityStack issues 1 (revocation only) or 2 (with suspension). */
export type StatusBits = 1 | 2 | 4 | 8;
const BITS: readonly number[] = [1, 2, 4, 8];

/** Status values the draft registers; 3 (and above, with wider lists) are application-specific. */
export const TokenStatus = { VALID: 0, INVALID: 1, SUSPENDED: 2 } as const;

/** A decompressed list larger than this is refused: 16 MiB already holds 134 million 1-bit entries. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

export interface StatusListClaim {
  bits: StatusBits;
  lst: string;
}

export class StatusList {
  private constructor(readonly bits: StatusBits, private readonly bytes: Uint8Array) {}

  /** A list of at least `size` entries, all VALID (rounded up to whole bytes, as the encoding is bytes). */
  static create(size: number, bits: StatusBits): StatusList {
    if (!BITS.includes(bits)) throw new RangeError(`bits must be 1, 2, 4 or 8, not ${String(bits)}`);
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, not ${size}`);
    return new StatusList(bits, new Uint8Array(Math.ceil((size * bits) / 8)));
  }

  /** Number of addressable entries; the encoding cannot say how many of the last byte's entries are used. */
  get size(): number {
    return (this.bytes.length * 8) / this.bits;
  }

  get(idx: number): number {
    this.check(idx);
    const bit = idx * this.bits;
    return (this.bytes[bit >> 3]! >> (bit & 7)) & ((1 << this.bits) - 1);
  }

  set(idx: number, value: number): void {
    this.check(idx);
    const mask = (1 << this.bits) - 1;
    if (!Number.isInteger(value) || value < 0 || value > mask) throw new RangeError(`status ${value} does not fit in ${this.bits} bit(s)`);
    const bit = idx * this.bits;
    const shift = bit & 7;
    this.bytes[bit >> 3] = (this.bytes[bit >> 3]! & ~(mask << shift)) | (value << shift);
  }

  /** The `status_list` claim: zlib (RFC 1950) at the highest level, since lists are mostly zeros. */
  toClaim(): StatusListClaim {
    return { bits: this.bits, lst: deflateSync(this.bytes, { level: 9 }).toString('base64url') };
  }

  /** Decodes a `status_list` claim; throws RangeError when it is not one. */
  static fromClaim(claim: unknown): StatusList {
    if (typeof claim !== 'object' || claim === null) throw new RangeError('status_list is not an object');
    const { bits, lst } = claim as Record<string, unknown>;
    if (typeof bits !== 'number' || !BITS.includes(bits)) throw new RangeError(`status_list.bits ${String(bits)} is not 1, 2, 4 or 8`);
    if (typeof lst !== 'string' || !/^[A-Za-z0-9_-]+$/.test(lst)) throw new RangeError('status_list.lst is not base64url');
    let bytes: Buffer;
    try {
      // maxOutputLength: a few hundred bytes of deflate can expand to gigabytes; refuse rather than allocate.
      bytes = inflateSync(Buffer.from(lst, 'base64url'), { maxOutputLength: MAX_LIST_BYTES });
    } catch (e) {
      throw new RangeError(`status_list.lst does not decompress: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (bytes.length === 0) throw new RangeError('status_list is empty');
    return new StatusList(bits as StatusBits, new Uint8Array(bytes));
  }

  private check(idx: number): void {
    // The draft: an index outside the list makes the referenced token invalid, so never read it as 0.
    if (!Number.isSafeInteger(idx) || idx < 0 || idx >= this.size) throw new RangeError(`index ${idx} is outside the status list (size ${this.size})`);
  }
}

export interface StatusListTokenInput {
  signer: JwsSigner & { kid?: string };
  /** The list's URI, as referenced by credentials in `status.status_list.uri`. */
  uri: string;
  iat: number;
  exp?: number;
  /** Seconds a relying party may cache the token before fetching it again. */
  ttl?: number;
}

/** Signs a Status List Token JWT (`typ: statuslist+jwt`). */
export async function signStatusListToken(list: StatusList, input: StatusListTokenInput): Promise<string> {
  const header = { typ: 'statuslist+jwt', ...(input.signer.kid ? { kid: input.signer.kid } : {}) };
  const payload = {
    sub: input.uri,
    iat: input.iat,
    ...(input.exp !== undefined ? { exp: input.exp } : {}),
    ...(input.ttl !== undefined ? { ttl: input.ttl } : {}),
    status_list: list.toClaim(),
  };
  return signCompactJws(header, payload, input.signer);
}

export type StatusListTokenFailure = 'malformed' | 'bad_signature' | 'wrong_subject' | 'expired' | 'not_yet_valid';

export type StatusListTokenResult =
  | { ok: true; list: StatusList; uri: string; iat: number; exp: number | undefined; ttl: number | undefined }
  | { ok: false; reason: StatusListTokenFailure; detail: string };

export interface VerifyStatusListTokenOptions {
  issuerKey: JWK;
  /** The URI the credential referenced: a validly signed token for another list must not answer for it. */
  expectedUri: string;
  now: number;
  clockSkewSeconds?: number;
}

const ALGS = ['EdDSA', 'ES256'];
const bad = (reason: StatusListTokenFailure, detail: string): StatusListTokenResult => ({ ok: false, reason, detail });

/** Verifies a Status List Token and decodes its list; never throws. */
export async function verifyStatusListToken(token: unknown, opts: VerifyStatusListTokenOptions): Promise<StatusListTokenResult> {
  if (typeof token !== 'string' || token.split('.').length !== 3) return bad('malformed', 'not a compact JWS');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    const [h, p] = token.split('.') as [string, string];
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) throw new Error('not objects');
  } catch {
    return bad('malformed', 'header or payload is not a JSON object');
  }
  if (header.typ !== 'statuslist+jwt') return bad('malformed', `typ is ${String(header.typ)}, expected statuslist+jwt`);
  if (typeof header.alg !== 'string' || !ALGS.includes(header.alg)) return bad('malformed', `alg ${String(header.alg)} is not accepted`);
  try {
    const { kty, crv, x, y } = opts.issuerKey;
    await compactVerify(token, await importJWK({ kty, crv, x, y }, header.alg), { algorithms: [header.alg] });
  } catch {
    return bad('bad_signature', 'status list token signature does not verify');
  }
  const { sub, iat, exp, ttl } = payload;
  if (typeof sub !== 'string' || typeof iat !== 'number') return bad('malformed', 'sub and iat are required');
  if ((exp !== undefined && typeof exp !== 'number') || (ttl !== undefined && (typeof ttl !== 'number' || ttl <= 0))) {
    return bad('malformed', 'exp and ttl must be numbers (ttl positive)');
  }
  if (sub !== opts.expectedUri) return bad('wrong_subject', `token is for ${sub}, not ${opts.expectedUri}`);
  const skew = opts.clockSkewSeconds ?? 0;
  if (exp !== undefined && opts.now > exp + skew) return bad('expired', `status list token expired at ${exp}`);
  if (iat > opts.now + skew) return bad('not_yet_valid', 'status list token iat is in the future');
  let list: StatusList;
  try {
    list = StatusList.fromClaim(payload.status_list);
  } catch (e) {
    return bad('malformed', (e as Error).message);
  }
  return { ok: true, list, uri: sub, iat, exp, ttl };
}

/**
 * Builds the `statusCheck` callback of verifySdJwtVcPresentation from a token source: fetch, verify
 * against the list issuer's key, read the index. Any failure throws, which the SD-JWT verifier reports
 * as `status_unavailable` (fail closed: an unverifiable list never counts as "valid").
 */
export function statusCheckFromTokens(opts: {
  fetchToken: (uri: string) => Promise<string>;
  issuerKey: (uri: string) => JWK | Promise<JWK>;
  now: () => number;
}): (uri: string, idx: number) => Promise<number> {
  return async (uri, idx) => {
    const verified = await verifyStatusListToken(await opts.fetchToken(uri), { issuerKey: await opts.issuerKey(uri), expectedUri: uri, now: opts.now() });
    if (!verified.ok) throw new Error(`${verified.reason}: ${verified.detail}`);
    return verified.list.get(idx);
  };
}
