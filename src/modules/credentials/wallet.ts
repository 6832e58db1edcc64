// The citizen's side (电子证照钱包): their licences, found by the ID number of their real-name account (so
// licences issued before they first signed in are there), SD-JWT VCs minted for a key their browser holds,
// purpose-bound copies (加注件), and who checked their licences.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { ensureIssuerKey, openIssuerKey } from './issuer-keys.ts';
import type { LicenceType, ScenePreset } from './licence-types.ts';
import { shanghaiDay, shownStatus, type ShownStatus } from './model.ts';
import { licences, types, type LicenceRow } from './repository.ts';
import { issueSdJwtVc } from './sd-jwt.ts';
import { wallet } from './wallet-repository.ts';

type Citizen = Principal & { kind: 'citizen' };

/** A wallet credential lives 30 days at most (the wallet mints a fresh one after that), never past the licence. */
const CREDENTIAL_DAYS = 30;
const MAX_COPY_DAYS = 90;

export const issuerUri = (base: string, orgId: string): string => `${base}/api/credentials/issuers/${orgId}`;
export const statusListUri = (base: string, listId: string): string => `${base}/api/credentials/status-lists/${listId}`;
export const vctOf = (typeCode: string): string => `urn:citystack:licence:${typeCode}`;

export interface FieldValue { code: string; label: string; value: string | number | boolean }
export interface WalletLicence {
  id: string; identifier: string; typeCode: string; typeName: string; issuerName: string; color: string;
  status: ShownStatus; statusReason: string | null; issuedAt: string; validUntil: string | null;
  face: FieldValue[]; fields: FieldValue[]; scenes: ScenePreset[];
}

function boundCitizen(p: Citizen): string {
  if (!p.holderIndex) throw new AppError('CITIZEN_NOT_BOUND');
  return p.holderIndex;
}

const fieldValues = (t: LicenceType, claims: Record<string, string | number | boolean>, codes: string[]): FieldValue[] =>
  codes.filter((c) => claims[c] !== undefined).map((code) => ({ code, label: t.fields.find((f) => f.code === code)?.name ?? code, value: claims[code]! }));

async function ownLicence(ctx: PlatformContext, p: Citizen, id: string): Promise<LicenceRow> {
  const holder = boundCitizen(p);
  const row = isUuid(id) ? await licences.byId(ctx.db, id) : undefined;
  // Someone else's licence is "not found", not "forbidden": the answer must not confirm it exists.
  if (!row || row.holder_index !== holder) throw new AppError('NOT_FOUND');
  return row;
}

/** The citizen's licences, newest first, with their claims (the holder sees their own data in full). */
export async function listWalletLicences(ctx: PlatformContext, p: Citizen): Promise<WalletLicence[]> {
  const rows = await wallet.licencesOfHolder(ctx.db, boundCitizen(p));
  const typeRows = new Map((await types.list(ctx.db)).map((t) => [t.code, t]));
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.issuer_org_id))]);
  const today = shanghaiDay(ctx.clock.now());
  return rows.map((r) => {
    const t = typeRows.get(r.type_code)!.definition;
    const claims = JSON.parse(ctx.vault.decrypt(r.claims_sealed)) as Record<string, string | number | boolean>;
    return {
      id: r.id, identifier: r.identifier, typeCode: r.type_code, typeName: t.name, issuerName: orgs.get(r.issuer_org_id)?.name ?? '', color: t.display.color,
      status: shownStatus(r.status, r.valid_until, today), statusReason: r.status === 'valid' ? null : r.status_reason,
      issuedAt: r.issued_at.toISOString(), validUntil: r.valid_until,
      face: fieldValues(t, claims, t.display.face), fields: fieldValues(t, claims, t.fields.map((f) => f.code)), scenes: t.scenes,
    };
  });
}

/** Registers the wallet's public key (P-256; the private half never leaves the browser). Idempotent per key. */
export async function registerHolderKey(ctx: PlatformContext, p: Citizen, input: { jwk: Record<string, unknown>; device?: string }, audit: AuditContext): Promise<{ id: string; thumbprint: string }> {
  const holderIndex = boundCitizen(p);
  const { kty, crv, x, y } = input.jwk as Record<string, unknown>;
  if ('d' in input.jwk || kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') throw new AppError('WALLET_KEY_INVALID');
  const jwk: JWK = { kty, crv, x, y };
  try {
    createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }); // refuses points off the curve
  } catch {
    throw new AppError('WALLET_KEY_INVALID');
  }
  const thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  return ctx.db.transaction(async (tx) => {
    const id = newId();
    // Insert-or-nothing by thumbprint: the same key registered twice at once ends as one row.
    if (await wallet.insertKey(tx, { id, citizenId: p.id, holderIndex, jwk, thumbprint, device: input.device?.slice(0, 200) ?? null, at: ctx.clock.now() })) {
      await ctx.audit.record(tx, audit, { action: 'credentials.wallet.key.register', targetType: 'holder_key', targetId: id, after: { thumbprint, device: input.device ?? null } });
      return { id, thumbprint };
    }
    const existing = (await wallet.keyByThumbprint(tx, thumbprint))!;
    if (existing.citizen_id !== p.id || existing.revoked_at) throw new AppError('WALLET_KEY_INVALID', { zh: '该密钥已登记给其他账号', en: 'This key is registered to another account' });
    return { id: existing.id, thumbprint };
  });
}

/**
 * Signs an SD-JWT VC of one of the citizen's licences, bound to one of their wallet keys; every claim
 * selectively disclosable. For a scene, only the scene's claims go in: the QR code then carries two or
 * three digests instead of every field's (version 27 → 23 for the elderly card), and a verifier at one
 * counter cannot link it to the holder's codes at another by the digests of fields never shown there.
 */
export async function mintWalletCredential(
  ctx: PlatformContext, p: Citizen, licenceId: string, input: { keyId: string; scene?: string }, base: string, audit: AuditContext,
): Promise<{ credential: string; expiresAt: string }> {
  const keyId = input.keyId;
  const row = await ownLicence(ctx, p, licenceId);
  const key = isUuid(keyId) ? await wallet.keyById(ctx.db, keyId) : undefined;
  if (!key || key.citizen_id !== p.id || key.revoked_at) throw new AppError('WALLET_KEY_NOT_FOUND');
  const today = shanghaiDay(ctx.clock.now());
  const shown = shownStatus(row.status, row.valid_until, today);
  if (shown !== 'valid') throw new AppError('CRED_LICENCE_STATE', { zh: `证照当前状态为“${STATUS_ZH[shown]}”，不能出示`, en: `The licence is ${shown} and cannot be shown` });
  const all = JSON.parse(ctx.vault.decrypt(row.claims_sealed)) as Record<string, unknown>;
  let claims = all;
  if (input.scene) {
    const scene = (await types.byCode(ctx.db, row.type_code))!.definition.scenes.find((s) => s.code === input.scene);
    if (!scene) throw new AppError('VALIDATION_FAILED', { zh: `该证照没有使用场景 ${input.scene}`, en: `The licence has no scene ${input.scene}` });
    claims = Object.fromEntries(Object.entries(all).filter(([k]) => scene.disclose.includes(k)));
  }
  const signer = await issuerSigner(ctx, row.issuer_org_id, base);
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const exp = Math.min(iat + CREDENTIAL_DAYS * 86_400, row.valid_until ? endOfShanghaiDay(row.valid_until) : Infinity);
  const credential = await issueSdJwtVc({
    issuer: signer, vct: vctOf(row.type_code), claims, disclosable: Object.keys(claims), holderJwk: key.public_jwk as JWK, iat, exp,
    status: { idx: row.status_index, uri: statusListUri(base, row.status_list_id) },
  });
  await ctx.db.transaction((tx) =>
    ctx.audit.record(tx, audit, { action: 'credentials.wallet.mint', targetType: 'licence', targetId: row.id, orgId: row.issuer_org_id, after: { keyId: key.id, scene: input.scene ?? null, exp } }),
  );
  return { credential, expiresAt: new Date(exp * 1000).toISOString() };
}

const STATUS_ZH: Record<ShownStatus, string> = { valid: '有效', expired: '已过期', suspended: '已暂停', revoked: '已注销' };

/** Seconds at the end of a day in Asia/Shanghai (a licence is valid through its last day). */
const endOfShanghaiDay = (day: string): number => Math.floor(new Date(`${day}T23:59:59+08:00`).getTime() / 1000);

async function issuerSigner(ctx: PlatformContext, orgId: string, base: string) {
  const keyRow = await ensureIssuerKey(ctx, ctx.db, orgId, 'EdDSA');
  const pair = await openIssuerKey(ctx, keyRow);
  return { alg: 'EdDSA' as const, kid: pair.kid, iss: issuerUri(base, orgId), sign: (data: Uint8Array) => pair.sign(data) };
}

export interface CopyView { id: string; licenceId: string; typeName: string; purpose: string; recipient: string; fields: FieldValue[]; expiresAt: string; createdAt: string; withdrawn: boolean }

/**
 * 加注件: a copy of some fields for one organisation and one purpose, valid until a day. It is issuer-signed
 * and carries the licence's status entry, so revoking the licence voids its copies as well.
 */
export async function createCopy(
  ctx: PlatformContext, p: Citizen, licenceId: string, input: { purpose: string; recipient: string; fields: string[]; days: number }, base: string, audit: AuditContext,
): Promise<CopyView & { token: string }> {
  const row = await ownLicence(ctx, p, licenceId);
  const type = (await types.byCode(ctx.db, row.type_code))!.definition;
  if (shownStatus(row.status, row.valid_until, shanghaiDay(ctx.clock.now())) !== 'valid') throw new AppError('CRED_LICENCE_STATE');
  const claims = JSON.parse(ctx.vault.decrypt(row.claims_sealed)) as Record<string, string | number | boolean>;
  // Own properties only: a field named `constructor` is not on the licence.
  const unknown = input.fields.filter((f) => !Object.hasOwn(claims, f));
  if (unknown.length || !input.fields.length) throw new AppError('VALIDATION_FAILED', { zh: `加注件字段无效：${unknown.join('、') || '至少选择一项'}`, en: `Copy fields not on the licence: ${unknown.join(', ') || 'choose at least one'}` });
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_COPY_DAYS) throw new AppError('VALIDATION_FAILED', { zh: `有效天数须为 1 至 ${MAX_COPY_DAYS}`, en: `Days must be 1 to ${MAX_COPY_DAYS}` });
  const id = newId();
  const now = ctx.clock.now();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.min(iat + input.days * 86_400, row.valid_until ? endOfShanghaiDay(row.valid_until) : Infinity);
  const chosen = Object.fromEntries(input.fields.map((f) => [f, claims[f]]));
  const token = await issueSdJwtVc({
    issuer: await issuerSigner(ctx, row.issuer_org_id, base), vct: vctOf(row.type_code), claims: chosen, disclosable: [],
    copy: { id, purpose: input.purpose, recipient: input.recipient }, iat, exp, status: { idx: row.status_index, uri: statusListUri(base, row.status_list_id) },
  });
  const expiresAt = new Date(exp * 1000);
  await ctx.db.transaction(async (tx) => {
    await wallet.insertCopy(tx, { id, licenceId: row.id, citizenId: p.id, purpose: input.purpose, recipient: input.recipient, fields: input.fields, expiresAt, at: now });
    await ctx.audit.record(tx, audit, { action: 'credentials.wallet.copy', targetType: 'licence_copy', targetId: id, orgId: row.issuer_org_id, after: { licenceId: row.id, purpose: input.purpose, recipient: input.recipient, fields: input.fields, expiresAt } });
  });
  return { id, licenceId: row.id, typeName: type.name, purpose: input.purpose, recipient: input.recipient, fields: fieldValues(type, claims, input.fields), expiresAt: expiresAt.toISOString(), createdAt: now.toISOString(), withdrawn: false, token: `${token}` };
}

/** The citizen's copies, newest first. */
export async function listCopies(ctx: PlatformContext, p: Citizen): Promise<CopyView[]> {
  boundCitizen(p);
  const rows = await wallet.copiesOf(ctx.db, p.id);
  const typeRows = new Map((await types.list(ctx.db)).map((t) => [t.code, t.definition]));
  return rows.map((c) => {
    const t = typeRows.get(c.type_code)!;
    const claims = JSON.parse(ctx.vault.decrypt(c.claims_sealed)) as Record<string, string | number | boolean>;
    return { id: c.id, licenceId: c.licence_id, typeName: t.name, purpose: c.purpose, recipient: c.recipient, fields: fieldValues(t, claims, c.fields), expiresAt: c.expires_at.toISOString(), createdAt: c.created_at.toISOString(), withdrawn: c.withdrawn_at !== null };
  });
}

/** Withdraws a copy: online verifications refuse it from then on (offline ones until their status cache refreshes cannot know). */
export async function withdrawCopy(ctx: PlatformContext, p: Citizen, copyId: string, audit: AuditContext): Promise<void> {
  boundCitizen(p);
  await ctx.db.transaction(async (tx) => {
    const copy = isUuid(copyId) ? await wallet.copyById(tx, copyId) : undefined;
    if (!copy || copy.citizen_id !== p.id) throw new AppError('NOT_FOUND');
    if (copy.withdrawn_at) return;
    await wallet.withdrawCopy(tx, copyId, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'credentials.wallet.copy.withdraw', targetType: 'licence_copy', targetId: copyId, after: { licenceId: copy.licence_id } });
  });
}

export interface CheckView { id: string; at: string; verifierName: string | null; verifierCategory: string | null; typeName: string | null; scene: string | null; disclosed: string[]; ok: boolean; reason: string | null; copy: boolean }

/** 谁查看了我的证照: every online verification of the citizen's licences, newest first. */
export async function listMyChecks(ctx: PlatformContext, p: Citizen, limit = 100): Promise<CheckView[]> {
  const rows = await wallet.checksOfHolder(ctx.db, boundCitizen(p), limit);
  const typeRows = new Map((await types.list(ctx.db)).map((t) => [t.code, t.definition]));
  return rows.map((r) => {
    const t = r.type_code ? typeRows.get(r.type_code) : undefined;
    return {
      id: r.id, at: r.at.toISOString(), verifierName: r.verifier_name, verifierCategory: r.verifier_category, typeName: t?.name ?? null,
      scene: t?.scenes.find((s) => s.code === r.scene)?.name ?? r.scene, disclosed: r.disclosed.map((c) => t?.fields.find((f) => f.code === c)?.name ?? c),
      ok: r.ok, reason: r.reason, copy: r.copy_id !== null,
    };
  });
}
