// Issuers' signing keys and what is published with them: the JWKS and the signed status lists.
import { deflateSync } from 'node:zlib';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import type { PlatformContext } from '../../server/context.ts';
import { openPrivateKey, sealPrivateKey, SigningKeyPair, type SigningAlg } from './keys.ts';
import { keys, statusLists, type KeyRow } from './repository.ts';
import { signStatusListToken, StatusList, type StatusBits } from './status-list.ts';

/** Status list tokens are good for a day; relying parties may cache them for five minutes. */
const TOKEN_LIFETIME_S = 86_400;
const TOKEN_TTL_S = 300;

/**
 * The issuer's active key of `alg`, created and sealed on first use. The key is generated before the insert
 * and the insert yields to a concurrent one (one active key per issuer and algorithm), so whoever loses the
 * race reads and uses the winner's key.
 */
export async function ensureIssuerKey(ctx: PlatformContext, sql: Sql, orgId: string, alg: SigningAlg = 'EdDSA'): Promise<KeyRow> {
  const existing = await keys.active(sql, orgId, alg);
  if (existing) return existing;
  const pair = await SigningKeyPair.generate(alg);
  await keys.insertIfNone(sql, {
    id: newId(), org_id: orgId, alg, kid: pair.kid, public_jwk: { ...pair.publicJwk }, public_pem: pair.publicKeyPem,
    sealed_private: sealPrivateKey(ctx.vault, pair), created_at: ctx.clock.now(),
  });
  return (await keys.active(sql, orgId, alg))!;
}

/** Opens a key row's private half, checking it is the key the row says it is (the Vault binds no context). */
export async function openIssuerKey(ctx: PlatformContext, row: KeyRow): Promise<SigningKeyPair> {
  const pair = await openPrivateKey(ctx.vault, row.sealed_private);
  if (pair.kid !== row.kid || pair.alg !== row.alg) throw new Error(`issuer key ${row.id} does not match its sealed private key`);
  return pair;
}

export interface PublishedJwk { kty: string; crv: string; x: string; y?: string; kid: string; alg: string; use: 'sig'; status: 'active' | 'retired'; pem?: string }

/**
 * The issuer's public keys, retired ones included (licences signed with them must still verify). SM2 has no
 * registered JWK curve, so an SM2 key also carries its SPKI PEM, which GM/T tools read directly.
 */
export async function issuerJwks(ctx: PlatformContext, orgId: string): Promise<{ keys: PublishedJwk[] }> {
  if (!isUuid(orgId)) throw new AppError('NOT_FOUND');
  const rows = await keys.ofOrg(ctx.db, orgId);
  if (!rows.length) throw new AppError('CRED_ISSUER_NOT_FOUND');
  return {
    keys: rows.map((k) => ({
      ...(k.public_jwk as { kty: string; crv: string; x: string; y?: string }),
      kid: k.kid, alg: k.alg, use: 'sig' as const, status: k.status, ...(k.alg === 'SM2' ? { pem: k.public_pem } : {}),
    })),
  };
}

/**
 * The list as a signed Status List Token, signed by the issuer's active EdDSA key (ES256 if it only has
 * that): the verifiers of the draft know JOSE algorithms, not SM2. Signed per request: lists change with
 * every suspension, and signing 32 KiB costs far less than the request.
 */
export async function statusListToken(ctx: PlatformContext, id: string, uri: string): Promise<string> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const row = await statusLists.byId(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const key = (await keys.active(ctx.db, row.org_id, 'EdDSA')) ?? (await keys.active(ctx.db, row.org_id, 'ES256'));
  if (!key) throw new AppError('CRED_ISSUER_NOT_FOUND');
  const pair = await openIssuerKey(ctx, key);
  // Only EdDSA and ES256 keys are chosen above; JOSE has no SM2 algorithm.
  const signer = { alg: pair.alg as 'EdDSA' | 'ES256', kid: pair.kid, sign: (data: Uint8Array) => pair.sign(data) };
  const list = StatusList.fromClaim({ bits: row.bits as StatusBits, lst: deflateSync(Buffer.from(row.data)).toString('base64url') });
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  return signStatusListToken(list, { signer, uri, iat, exp: iat + TOKEN_LIFETIME_S, ttl: TOKEN_TTL_S });
}
