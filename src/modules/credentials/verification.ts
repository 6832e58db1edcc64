// Verifying a licence shown as a QR code (亮证核验): signature, holder binding, freshness, expiry and status,
// checked against this platform's own issuer keys and status lists, and recorded for the issuer's
// statistics and the citizen's "who checked my licence".
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { AuditContext } from '../../kernel/audit.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { isPlatformAdmin, orgIdsUnder, orgSummaries } from '../directory/index.ts';
import { licenceScopes } from './policy.ts';
import { keys, types } from './repository.ts';
import { verifySdJwtVcPresentation, type VerifyFailure } from './sd-jwt.ts';
import { wallet } from './wallet-repository.ts';
import type { FieldValue } from './wallet.ts';

/** The wallet's QR refreshes every minute; a code older than two minutes was photographed or replayed. */
export const QR_WINDOW_SECONDS = 120;
const CLOCK_SKEW_SECONDS = 30;
/** A QR is made for one scene: its KB-JWT audience is `scene:<code>`. */
export const SCENE_AUD_PREFIX = 'scene:';

const UNSIGNED = new Set<VerifyFailure>(['malformed', 'bad_signature', 'unknown_issuer']);
/**
 * Outcomes that show the holder's own device made the code just now (or that a copy they handed out was
 * shown): only these go into the citizen's "who checked my licence". An old or lifted code (expired,
 * stale, holder binding) could be replayed by anyone, and would fill the history with checks that were not.
 */
const HOLDER_ACTS = new Set<VerificationView['reason']>([null, 'revoked', 'suspended', 'wrong_audience', 'copy_withdrawn', 'replayed']);
const ISSUER_PATH = /\/api\/credentials\/issuers\/([0-9a-f-]{36})$/;
const STATUS_PATH = /\/api\/credentials\/status-lists\/([0-9a-f-]{36})$/;

export interface VerificationView {
  id: string;
  ok: boolean;
  reason: VerifyFailure | 'copy_withdrawn' | 'replayed' | null;
  detail: string | null;
  checkedAt: string;
  licence: { typeCode: string; typeName: string; issuerName: string } | null;
  scene: { code: string; name: string } | null;
  disclosed: FieldValue[];
  copy: { purpose: string; recipient: string; expiresAt: string | null } | null;
}

/**
 * Verifies one presentation for a verifier (or issuer staff trying it out). The outcome is recorded
 * whether it passes or not: a failed check of someone's licence is part of its history too.
 */
export async function verifyPresentation(
  ctx: PlatformContext, principal: Principal | null, input: { presentation: string; scene?: string }, audit: AuditContext,
): Promise<VerificationView> {
  // A 核验员 checks for an active place; a platform admin may try the flow without one.
  const verifier = principal?.kind === 'user' ? await wallet.verifierOfUser(ctx.db, principal.id) : undefined;
  if (!isPlatformAdmin(principal) && verifier?.status !== 'active') throw new AppError('VERIFIER_NOT_FOUND');
  const now = ctx.clock.now();
  const issuerOrgByIss = new Map<string, string>();
  const result = await verifySdJwtVcPresentation(input.presentation.trim(), {
    issuerKeys: async (iss, kid) => {
      const orgId = ISSUER_PATH.exec(iss)?.[1];
      if (!orgId || !kid) return undefined;
      issuerOrgByIss.set(iss, orgId);
      const row = (await keys.ofOrg(ctx.db, orgId)).find((k) => k.kid === kid && k.alg !== 'SM2');
      return row ? (row.public_jwk as unknown as JWK) : undefined;
    },
    expectedAud: (aud) => aud.startsWith(SCENE_AUD_PREFIX) && (!input.scene || aud === SCENE_AUD_PREFIX + input.scene),
    now: Math.floor(now.getTime() / 1000),
    maxKbAgeSeconds: QR_WINDOW_SECONDS,
    clockSkewSeconds: CLOCK_SKEW_SECONDS,
    // A copy is for the organisation it was made out to, never a counter's scene check.
    acceptCopies: !input.scene,
    statusCheck: async (uri, idx) => {
      const listId = STATUS_PATH.exec(uri)?.[1];
      const value = listId ? await wallet.statusEntry(ctx.db, listId, idx) : undefined;
      if (value === undefined) throw new Error(`no status list entry ${uri}#${idx} on this platform`);
      return value;
    },
  });

  // Which licence it was: the status entry names it, also when a check after the signature failed. A
  // presentation whose signature did not verify names nobody: anyone could write any entry into one.
  const signed = result.ok || !UNSIGNED.has(result.reason);
  const statusRef = result.ok ? result.status : signed ? peekStatus(input.presentation) : undefined;
  const listId = statusRef ? STATUS_PATH.exec(statusRef.uri)?.[1] : undefined;
  const licence = listId && statusRef ? await wallet.licenceByStatusEntry(ctx.db, listId, statusRef.idx) : undefined;
  const type = licence ? (await types.byCode(ctx.db, licence.type_code))?.definition : undefined;
  const issuerName = licence ? ((await orgSummaries(ctx.db, [licence.issuer_org_id])).get(licence.issuer_org_id)?.name ?? '') : '';

  let ok = result.ok;
  let reason: VerificationView['reason'] = result.ok ? null : result.reason;
  let detail = result.ok ? null : result.detail;
  let copy: VerificationView['copy'] = null;
  if (result.ok && result.copy) {
    const row = await wallet.copyById(ctx.db, result.copy.id);
    copy = { purpose: result.copy.purpose, recipient: result.copy.recipient, expiresAt: result.exp ? new Date(result.exp * 1000).toISOString() : null };
    if (!row || row.withdrawn_at) {
      ok = false;
      reason = 'copy_withdrawn';
      detail = 'the holder withdrew this copy';
    }
  }
  const sceneCode = result.ok && result.aud?.startsWith(SCENE_AUD_PREFIX) ? result.aud.slice(SCENE_AUD_PREFIX.length) : (input.scene ?? null);
  const scenePreset = type?.scenes.find((s) => s.code === sceneCode);
  const claims = result.ok ? (result.claims as Record<string, string | number | boolean>) : {};
  const disclosedCodes = type ? type.fields.map((f) => f.code).filter((c) => claims[c] !== undefined) : [];
  const disclosed: FieldValue[] = ok && type ? disclosedCodes.map((code) => ({ code, label: type.fields.find((f) => f.code === code)!.name, value: claims[code]! })) : [];

  const id = newId();
  // A code made by the holder's device is good for one check: its KB-JWT's digest is kept with the check.
  const digest = result.ok && !result.copy ? createHash('sha256').update(input.presentation.trim().split('~').pop()!).digest('base64url') : null;
  const record = async (tx: Sql, outcome: { ok: boolean; reason: VerificationView['reason']; digest: string | null }) => {
    await wallet.insertCheck(tx, {
      id, at: now, verifierId: verifier?.id ?? null, userId: principal?.kind === 'user' ? principal.id : null, licenceId: licence?.id ?? null,
      typeCode: licence?.type_code ?? null, issuerOrgId: licence?.issuer_org_id ?? (signed ? (issuerOrgByIss.values().next().value ?? null) : null),
      holderIndex: HOLDER_ACTS.has(outcome.reason) ? (licence?.holder_index ?? null) : null,
      scene: sceneCode, disclosed: outcome.ok ? disclosedCodes : [], ok: outcome.ok, reason: outcome.reason, copyId: result.ok && result.copy ? result.copy.id : null,
      presentationDigest: outcome.digest,
    });
    await ctx.audit.record(tx, audit, {
      action: 'credentials.verify', targetType: 'licence', targetId: licence?.id, orgId: licence?.issuer_org_id,
      after: { verificationId: id, ok: outcome.ok, reason: outcome.reason, scene: sceneCode, verifierId: verifier?.id ?? null, disclosed: outcome.ok ? disclosedCodes : [] },
    });
  };
  try {
    await ctx.db.transaction((tx) => record(tx, { ok, reason, digest }));
  } catch (err) {
    if (!digest || !(await wallet.presentationSeen(ctx.db, digest))) throw err;
    // Seen before, here or at another counter: a photographed or forwarded code.
    ok = false;
    reason = 'replayed';
    detail = 'this QR code was checked before; the holder shows a fresh one';
    await ctx.db.transaction((tx) => record(tx, { ok, reason, digest: null }));
  }
  return {
    id, ok, reason, detail, checkedAt: now.toISOString(),
    licence: licence && type ? { typeCode: licence.type_code, typeName: type.name, issuerName } : null,
    scene: sceneCode ? { code: sceneCode, name: scenePreset?.name ?? sceneCode } : null,
    disclosed: ok ? disclosed : [], copy,
  };
}

/** The status reference of a presentation that failed verification, read without trusting it (only to name the licence in the record). */
function peekStatus(presentation: string): { uri: string; idx: number } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(presentation.trim().split('~')[0]!.split('.')[1]!, 'base64url').toString('utf8')) as { status?: { status_list?: { uri?: unknown; idx?: unknown } } };
    const ref = payload.status?.status_list;
    return typeof ref?.uri === 'string' && Number.isSafeInteger(ref.idx) ? { uri: ref.uri, idx: ref.idx as number } : undefined;
  } catch {
    return undefined;
  }
}

export interface TrustList {
  fetchedAt: string;
  /** How long a verifier may rely on this list and the status lists offline before it must refresh. */
  offlineSeconds: number;
  issuers: Array<{ iss: string; orgId: string; name: string; keys: Array<Record<string, unknown>> }>;
  statusLists: Array<{ id: string; uri: string }>;
  types: Array<{ code: string; name: string; vct: string; fields: Array<{ code: string; name: string }>; scenes: Array<{ code: string; name: string; disclose: string[] }> }>;
}

/** Offline verification may rely on a cached trust list and status lists for this long (then it shows them as too old). */
export const OFFLINE_SECONDS = 24 * 3600;

/**
 * What a verifier's page caches to keep verifying offline for a while: every issuer's keys (retired ones
 * too), the status lists to fetch (each a signed token from the public route), and the licence types'
 * labels and scenes.
 */
export async function trustList(ctx: PlatformContext, base: string): Promise<TrustList> {
  const [keyRows, typeRows, lists] = await Promise.all([
    wallet.joseIssuerKeys(ctx.db),
    types.list(ctx.db),
    wallet.statusListIds(ctx.db),
  ]);
  const orgIds = [...new Set(keyRows.map((k) => k.org_id))];
  const names = await orgSummaries(ctx.db, orgIds);
  return {
    fetchedAt: ctx.clock.now().toISOString(),
    offlineSeconds: OFFLINE_SECONDS,
    issuers: orgIds.map((orgId) => ({
      iss: `${base}/api/credentials/issuers/${orgId}`, orgId, name: names.get(orgId)?.name ?? '',
      keys: keyRows.filter((k) => k.org_id === orgId).map((k) => ({ ...k.public_jwk, kid: k.kid, alg: k.alg, status: k.status })),
    })),
    statusLists: lists.map((l) => ({ id: l.id, uri: `${base}/api/credentials/status-lists/${l.id}` })),
    types: typeRows.map((t) => ({
      code: t.code, name: t.name, vct: `urn:citystack:licence:${t.code}`,
      fields: t.definition.fields.map((f) => ({ code: f.code, name: f.name })), scenes: t.definition.scenes,
    })),
  };
}

export interface VerificationStats {
  since: string;
  total: number;
  passed: number;
  byType: Array<{ typeCode: string; typeName: string; total: number; passed: number }>;
  byReason: Array<{ reason: string; count: number }>;
  byCategory: Array<{ category: string; count: number }>;
}

/** 核验统计 for issuer staff: how their licences were checked over the last `days` days (platform admins: all issuers). */
export async function verificationStats(ctx: PlatformContext, principal: Principal | null, days: number): Promise<VerificationStats> {
  const scopes = licenceScopes(principal);
  const orgIds = scopes === null ? null : scopes.length ? await orgIdsUnder(ctx.db, scopes) : [];
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const rows = await wallet.checkCounts(ctx.db, orgIds, since);
  const names = new Map((await types.list(ctx.db)).map((t) => [t.code, t.name]));
  const sum = (pick: (r: (typeof rows)[number]) => string | null, filter: (r: (typeof rows)[number]) => boolean = () => true) => {
    const m = new Map<string, number>();
    for (const r of rows.filter(filter)) m.set(pick(r) ?? 'other', (m.get(pick(r) ?? 'other') ?? 0) + r.n);
    return m;
  };
  const totalByType = sum((r) => r.type_code);
  const passedByType = sum((r) => r.type_code, (r) => r.ok);
  return {
    since: since.toISOString(),
    total: rows.reduce((n, r) => n + r.n, 0),
    passed: rows.filter((r) => r.ok).reduce((n, r) => n + r.n, 0),
    byType: [...totalByType].map(([typeCode, total]) => ({ typeCode, typeName: names.get(typeCode) ?? typeCode, total, passed: passedByType.get(typeCode) ?? 0 })).sort((a, b) => b.total - a.total),
    byReason: [...sum((r) => r.reason, (r) => !r.ok)].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    byCategory: [...sum((r) => r.category)].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
  };
}
