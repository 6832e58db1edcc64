// Use cases of the VC-API: issue a W3C VC 2.0 credential with a Data Integrity proof and two Bitstring
// Status List entries (revocation, suspension), verify credentials and presentations, change a
// credential's status, and publish the issuers' controller documents and the signed status lists.
//
// URLs are built from `base` (the request's scheme and host, until a public base URL is configured):
//   issuer           <base>/api/credentials/issuers/<orgId>          (dereferences to its controller document)
//   verification key <issuer>#<kid>                                   (kid: the key's RFC 7638 thumbprint)
//   status list      <base>/api/credentials/vc-status-lists/<listId>
// Verification resolves these from the database and nothing else (contexts.ts): a credential from another
// origin is reported as unknown_issuer, never fetched.
import type { AuditContext } from '../../../kernel/audit.ts';
import type { Sql } from '../../../kernel/db.ts';
import { AppError } from '../../../kernel/errors.ts';
import { isUuid, newId } from '../../../kernel/ids.ts';
import type { Principal } from '../../../server/access.ts';
import type { PlatformContext } from '../../../server/context.ts';
import { ensureIssuerKey, openIssuerKey } from '../issuer-keys.ts';
import { keys } from '../repository.ts';
import { issuerOf } from '../types-service.ts';
import { encodeList, statusAt, statusListCredential, VC_STATUS_LIST_SIZE, type StatusPurpose } from './bitstring.ts';
import { CONTROLLER_CONTEXT, documentLoader, MULTIKEY_CONTEXT, unsupportedContexts, type Resolver } from './contexts.ts';
import { checkCredential, checkPresentation, dateTimeStamp, isObject, validityProblem, VC_V2_CONTEXT, type CheckedCredential, type JsonObject } from './model.ts';
import { canChangeVcStatus, canIssueVcFor, defaultIssuerOrg } from './vc-policy.ts';
import { vcs, vcStatusLists, type VcRow, type VcStatus } from './vc-repository.ts';
import { errorMessage, firstError, publicKeyMultibase, signCredential, verifyCredentialProof, verifyPresentationProof } from './vc.ts';

/** A signed status list credential is good for a day; verifiers re-read it after its ttl (five minutes). */
const STATUS_LIST_VALIDITY_MS = 86_400_000;

export const issuerUrl = (base: string, orgId: string) => `${base}/api/credentials/issuers/${orgId}`;
export const statusListUrl = (base: string, listId: string) => `${base}/api/credentials/vc-status-lists/${listId}`;

/** Our ids under `base`: issuer (with an optional key fragment) or status list. */
function ourUrl(base: string, url: string): { kind: 'issuer'; orgId: string; kid: string | null } | { kind: 'list'; listId: string } | null {
  if (!url.startsWith(`${base}/api/credentials/`)) return null;
  const rest = url.slice(base.length);
  const issuer = /^\/api\/credentials\/issuers\/([0-9a-f-]{36})(?:#([A-Za-z0-9_-]{1,64}))?$/.exec(rest);
  if (issuer && isUuid(issuer[1]!)) return { kind: 'issuer', orgId: issuer[1]!, kid: issuer[2] ?? null };
  const list = /^\/api\/credentials\/vc-status-lists\/([0-9a-f-]{36})$/.exec(rest);
  if (list && isUuid(list[1]!)) return { kind: 'list', listId: list[1]! };
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Published documents

/**
 * The issuer's controller document: every Ed25519 key it has signed with (retired ones too: credentials
 * signed with them must still verify) as Multikey verification methods, all of them assertion methods.
 */
export async function controllerDocument(sql: Sql, base: string, orgId: string): Promise<JsonObject | null> {
  if (!isUuid(orgId)) return null;
  const rows = (await keys.ofOrg(sql, orgId)).filter((k) => k.alg === 'EdDSA');
  if (!rows.length) return null;
  const id = issuerUrl(base, orgId);
  const methods = await Promise.all(rows.map(async (k) => ({
    id: `${id}#${k.kid}`, type: 'Multikey', controller: id, publicKeyMultibase: await publicKeyMultibase(k.public_jwk as { kty: string; crv: string; x: string }),
  })));
  return { '@context': CONTROLLER_CONTEXT, id, verificationMethod: methods, assertionMethod: methods.map((m) => m.id) };
}

/** The issuer's controller document for GET; 404 for an unknown organisation or one that never signed. */
export async function publishedController(ctx: PlatformContext, base: string, orgId: string): Promise<JsonObject> {
  const doc = await controllerDocument(ctx.db, base, orgId);
  if (!doc) throw new AppError(isUuid(orgId) ? 'CRED_ISSUER_NOT_FOUND' : 'NOT_FOUND');
  return doc;
}

/**
 * The list as a BitstringStatusListCredential signed by its issuer's active Ed25519 key. Signed per
 * request: lists change with every status change, and a signature costs far less than the request.
 */
export async function signedStatusList(ctx: PlatformContext, sql: Sql, base: string, listId: string): Promise<Record<string, unknown> | null> {
  if (!isUuid(listId)) return null;
  const row = await vcStatusLists.byId(sql, listId);
  if (!row) return null;
  const key = await keys.active(sql, row.org_id, 'EdDSA');
  if (!key) return null;
  const now = ctx.clock.now();
  const issuer = issuerUrl(base, row.org_id);
  const unsigned = statusListCredential({
    id: statusListUrl(base, listId), issuer, statusPurpose: row.status_purpose, encodedList: await encodeList(row.data),
    validFrom: dateTimeStamp(now), validUntil: dateTimeStamp(new Date(now.getTime() + STATUS_LIST_VALIDITY_MS)),
  });
  const pair = await openIssuerKey(ctx, key);
  return signCredential(unsigned, { pair, verificationMethod: `${issuer}#${key.kid}`, controller: issuer }, now, documentLoader());
}

export async function publishedStatusList(ctx: PlatformContext, base: string, listId: string): Promise<Record<string, unknown>> {
  const doc = await signedStatusList(ctx, ctx.db, base, listId);
  if (!doc) throw new AppError('NOT_FOUND');
  return doc;
}

/** Resolves our issuers, their keys and our status lists from the database, for the document loader. */
function resolver(ctx: PlatformContext, base: string): Resolver {
  return async (url) => {
    const ours = ourUrl(base, url);
    if (!ours) return null;
    if (ours.kind === 'list') return signedStatusList(ctx, ctx.db, base, ours.listId);
    const doc = await controllerDocument(ctx.db, base, ours.orgId);
    if (!doc || ours.kid === null) return doc;
    const method = (doc.verificationMethod as JsonObject[]).find((m) => m.id === url);
    return method ? { '@context': MULTIKEY_CONTEXT, ...method } : null;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Issuing

export interface IssueInput { credential: Record<string, unknown>; options?: { issuerOrgId?: string } }

/**
 * Issues a VC 2.0 credential for an organisation the caller may issue for: checks the data model, assigns
 * the id (urn:uuid when the caller gave none), the issuer, validFrom (now, when absent) and a revocation
 * and a suspension entry, signs, and records the credential (no subject data) with its audit record in one
 * transaction.
 */
export async function issueVc(ctx: PlatformContext, principal: Principal | null, base: string, input: IssueInput, audit: AuditContext): Promise<Record<string, unknown>> {
  const checked = checkCredential(input.credential, 'issue');
  const unsupported = unsupportedContexts(checked.doc['@context']);
  if (unsupported.length) throw new AppError('VC_CONTEXT_UNSUPPORTED', { zh: `不支持的上下文：${unsupported.join(', ')}`, en: `unsupported contexts: ${unsupported.join(', ')}` });
  if ('credentialStatus' in checked.doc) throw new AppError('VC_STATUS_ASSIGNED');

  const named = checked.issuerId === null ? null : ourUrl(base, checked.issuerId);
  const orgId = input.options?.issuerOrgId ?? (named?.kind === 'issuer' ? named.orgId : null) ?? defaultIssuerOrg(principal);
  if (!orgId) throw new AppError('VC_ISSUER_REQUIRED');
  const org = await issuerOf(ctx.db, orgId);
  if (!canIssueVcFor(principal, org)) throw new AppError('FORBIDDEN');
  const issuer = issuerUrl(base, org.id);
  // The credential may leave the issuer out (this service sets it) or name exactly this one.
  if ('issuer' in checked.doc && checked.issuerId !== issuer) throw new AppError('VC_ISSUER_MISMATCH', { zh: `签发机构标识应为 ${issuer}`, en: `the issuer must be ${issuer}` });

  const rowId = newId();
  const credentialId = checked.id ?? `urn:uuid:${rowId}`;
  const now = ctx.clock.now();
  const validFrom = checked.validFrom ?? now;
  return ctx.db.transaction(async (tx) => {
    if (await vcs.byCredentialId(tx, credentialId)) throw new AppError('VC_ID_TAKEN');
    const keyRow = await ensureIssuerKey(ctx, tx, org.id, 'EdDSA');
    const revocation = await vcStatusLists.allocate(tx, org.id, 'revocation', VC_STATUS_LIST_SIZE, now);
    const suspension = await vcStatusLists.allocate(tx, org.id, 'suspension', VC_STATUS_LIST_SIZE, now);
    const entry = (purpose: StatusPurpose, slot: { listId: string; index: number }) => ({
      id: `${statusListUrl(base, slot.listId)}#${slot.index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose,
      statusListIndex: String(slot.index), statusListCredential: statusListUrl(base, slot.listId),
    });
    const { '@context': context, ...rest } = checked.doc;
    const credential = {
      '@context': Array.isArray(context) ? context : [VC_V2_CONTEXT],
      id: credentialId,
      ...rest,
      issuer: isObject(rest.issuer) ? rest.issuer : issuer,
      validFrom: typeof rest.validFrom === 'string' ? rest.validFrom : dateTimeStamp(validFrom),
      credentialStatus: [entry('revocation', revocation), entry('suspension', suspension)],
    };
    const inserted = await vcs.insert(tx, {
      id: rowId, credential_id: credentialId, issuer_org_id: org.id, types: checked.types,
      revocation_list_id: revocation.listId, revocation_index: revocation.index, suspension_list_id: suspension.listId, suspension_index: suspension.index,
      valid_from: validFrom, valid_until: checked.validUntil, issued_by: principal?.id ?? null, created_at: now,
    });
    if (!inserted) throw new AppError('VC_ID_TAKEN');
    const pair = await openIssuerKey(ctx, keyRow);
    let signed: Record<string, unknown>;
    try {
      // Signing needs only the packaged contexts: the proof names the key, nothing is resolved.
      signed = await signCredential(credential, { pair, verificationMethod: `${issuer}#${keyRow.kid}`, controller: issuer }, now, documentLoader());
    } catch (err) {
      // JSON-LD the canonicaliser refuses (a relative IRI as a type, a term defined twice ...): the caller's input.
      const why = errorMessage(err);
      throw new AppError('VC_CREDENTIAL_INVALID', { zh: `凭证无法按 JSON-LD 处理（术语须由上下文定义）：${why}`, en: `the credential cannot be processed as JSON-LD (every term must be defined by a context): ${why}` });
    }
    // The audit record names the credential, never its subject: that is personal data.
    await ctx.audit.record(tx, audit, {
      action: 'credentials.vc.issue', targetType: 'verifiable_credential', targetId: rowId, orgId: org.id,
      after: {
        credentialId, types: checked.types, validUntil: checked.validUntil ? dateTimeStamp(checked.validUntil) : null,
        revocation: { list: revocation.listId, index: revocation.index }, suspension: { list: suspension.listId, index: suspension.index },
      },
    });
    return signed;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Verifying

export interface Problem { code: string; message: string }
export interface VerifyOutcome { verified: boolean; checks: string[]; warnings: Problem[]; errors: Problem[] }

/** A credential that passed the data-model checks: contexts, validity period, issuer, proof and status. */
async function verifyChecked(ctx: PlatformContext, base: string, c: CheckedCredential, loader: ReturnType<typeof documentLoader>): Promise<VerifyOutcome> {
  const out: VerifyOutcome = { verified: false, checks: ['dataModel'], warnings: [], errors: [] };
  const unsupported = unsupportedContexts(c.doc['@context']);
  if (unsupported.length) {
    out.errors.push({ code: 'unsupported_context', message: `contexts this platform cannot load: ${unsupported.join(', ')}` });
    return out;
  }
  const now = ctx.clock.now();
  out.checks.push('validity');
  const period = validityProblem(c, now);
  if (period) out.errors.push(period);

  out.checks.push('issuer');
  const issuerId = c.issuerId ?? '';
  const issuerDoc = ourUrl(base, issuerId)?.kind === 'issuer' ? await loader(issuerId).catch(() => null) : null;
  if (!issuerDoc) {
    out.errors.push({ code: 'unknown_issuer', message: `${c.issuerId} is not an issuer of this platform` });
    return out;
  }
  out.checks.push('proof');
  if (!('proof' in c.doc)) {
    out.errors.push({ code: 'bad_proof', message: 'the credential carries no proof' });
    return out;
  }

  let statusChecked = false;
  const checkStatus = async (): Promise<{ verified: boolean }> => {
    statusChecked = true;
    out.checks.push('status');
    const before = out.errors.length;
    for (const entry of c.statusEntries) {
      if (entry.type !== 'BitstringStatusListEntry') {
        out.errors.push({ code: 'status_unavailable', message: `status entries of type ${entry.type} cannot be checked here` });
        continue;
      }
      const problem = await bitstringStatus(ctx, c, entry.statusListCredential!, entry.statusPurpose!, Number(entry.statusListIndex), loader, now);
      if (problem?.code === 'status_message') out.warnings.push(problem);
      else if (problem) out.errors.push(problem);
    }
    return { verified: out.errors.length === before };
  };
  // The library checks validity itself against `now`; give it an instant inside the period so that an
  // expired credential's proof and status are still reported on (the period was judged above).
  const libraryNow = period ? (period.code === 'expired' ? c.validUntil! : c.validFrom!) : now;
  const result = await verifyCredentialProof(c.doc, loader, libraryNow, checkStatus);
  if (!result.verified && !statusChecked) out.errors.push({ code: 'bad_proof', message: firstError(result) });
  out.verified = out.errors.length === 0;
  return out;
}

/** One Bitstring Status List entry: the list credential is loaded and verified like any other. */
async function bitstringStatus(
  ctx: PlatformContext, c: CheckedCredential, listUrl: string, purpose: string, index: number, loader: ReturnType<typeof documentLoader>, now: Date,
): Promise<Problem | null> {
  let list: JsonObject;
  try {
    list = (await loader(listUrl)).document as JsonObject;
  } catch {
    return { code: 'status_unavailable', message: `the status list ${listUrl} is not one this platform publishes` };
  }
  const listResult = await verifyCredentialProof(list, loader, now, async () => ({ verified: false }));
  const subject = list.credentialSubject as JsonObject;
  const listIssuer = isObject(list.issuer) ? list.issuer.id : list.issuer;
  if (!listResult.verified) return { code: 'status_unavailable', message: `the status list does not verify: ${firstError(listResult)}` };
  if (listIssuer !== c.issuerId) return { code: 'status_unavailable', message: 'the status list has another issuer than the credential' };
  if (subject.statusPurpose !== purpose) return { code: 'status_unavailable', message: `the status list is for ${String(subject.statusPurpose)}, not ${purpose}` };
  let set: boolean;
  try {
    set = await statusAt(String(subject.encodedList), index);
  } catch (err) {
    return { code: 'status_unavailable', message: (err as Error).message };
  }
  if (!set) return null;
  if (purpose === 'revocation') return { code: 'revoked', message: 'the issuer has revoked the credential' };
  if (purpose === 'suspension') return { code: 'suspended', message: 'the issuer has suspended the credential' };
  return { code: 'status_message', message: `the ${purpose} status is set` };
}

/** POST /credentials/verify: 400 for a document that breaks the data model, else the outcome. */
export async function verifyVc(ctx: PlatformContext, base: string, credential: unknown): Promise<VerifyOutcome> {
  const checked = checkCredential(credential, 'verify');
  return verifyChecked(ctx, base, checked, documentLoader(resolver(ctx, base)));
}

export interface PresentationOutcome extends VerifyOutcome {
  credentialResults: Array<{ credentialId: string | null } & VerifyOutcome>;
}

/**
 * POST /presentations/verify: the presentation's own `authentication` proof over the verifier's challenge
 * (and domain) by its holder (did:key, or one of our issuers), and every credential in it.
 */
export async function verifyVp(ctx: PlatformContext, base: string, presentation: unknown, expect: { challenge: string; domain?: string }): Promise<PresentationOutcome> {
  const vp = checkPresentation(presentation);
  const loader = documentLoader(resolver(ctx, base));
  const out: PresentationOutcome = { verified: false, checks: ['dataModel'], warnings: [], errors: [], credentialResults: [] };
  const unsupported = unsupportedContexts(vp.doc['@context']);
  if (unsupported.length) {
    out.errors.push({ code: 'unsupported_context', message: `contexts this platform cannot load: ${unsupported.join(', ')}` });
    return out;
  }
  for (const c of vp.credentials) out.credentialResults.push({ credentialId: c.id, ...(await verifyChecked(ctx, base, c, loader)) });
  for (const [i, r] of out.credentialResults.entries()) {
    for (const e of r.errors) out.errors.push({ code: e.code, message: `verifiableCredential[${i}]: ${e.message}` });
  }

  out.checks.push('proof');
  const proofs = (Array.isArray(vp.doc.proof) ? vp.doc.proof : vp.doc.proof === undefined ? [] : [vp.doc.proof]) as JsonObject[];
  const proof = proofs.find((p) => p.proofPurpose === 'authentication');
  if (!proof) {
    out.errors.push({ code: 'bad_presentation_proof', message: 'the presentation carries no authentication proof' });
  } else if (proof.challenge !== expect.challenge) {
    out.errors.push({ code: 'challenge_mismatch', message: 'the proof was not made for this challenge' });
  } else if (expect.domain !== undefined && !(proof.domain === expect.domain || (Array.isArray(proof.domain) && proof.domain.includes(expect.domain)))) {
    out.errors.push({ code: 'domain_mismatch', message: 'the proof was not made for this domain' });
  } else if (vp.holder && !(typeof proof.verificationMethod === 'string' && proof.verificationMethod.startsWith(`${vp.holder}#`))) {
    out.errors.push({ code: 'holder_mismatch', message: 'the presentation is not signed by its holder' });
  } else {
    const result = await verifyPresentationProof(vp.doc, loader, ctx.clock.now(), expect);
    if (!result.verified) out.errors.push({ code: 'bad_presentation_proof', message: result.message ?? 'the presentation proof does not verify' });
  }
  out.verified = out.errors.length === 0 && out.credentialResults.every((r) => r.verified);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Status

export type VcStatusAction = 'suspend' | 'reinstate' | 'revoke';
const VC_TRANSITIONS: Record<VcStatusAction, { from: VcStatus[]; to: VcStatus; purpose: StatusPurpose; bit: boolean }> = {
  suspend: { from: ['valid'], to: 'suspended', purpose: 'suspension', bit: true },
  reinstate: { from: ['suspended'], to: 'valid', purpose: 'suspension', bit: false },
  // Final: no transition leads out of revoked.
  revoke: { from: ['valid', 'suspended'], to: 'revoked', purpose: 'revocation', bit: true },
};

export interface StatusInput {
  credentialId: string;
  credentialStatus: Array<{ type: 'BitstringStatusListEntry'; statusPurpose: StatusPurpose; status?: boolean }>;
  reason?: string;
}

/** What a VC-API status update asks for: `status` true sets the purpose's bit, false clears it. */
export function statusAction(entry: StatusInput['credentialStatus'][number]): VcStatusAction {
  const on = entry.status ?? true;
  if (entry.statusPurpose === 'revocation') {
    if (!on) throw new AppError('VC_STATUS_STATE', { zh: '注销不可撤回', en: 'revocation is final and cannot be cleared' });
    return 'revoke';
  }
  return on ? 'suspend' : 'reinstate';
}

export interface VcStatusView { credentialId: string; status: VcStatus; statusReason: string | null; validUntil: string | null }

/** Suspends, reinstates or revokes a credential: its row and its list bit change in one transaction. */
export async function changeVcStatus(ctx: PlatformContext, principal: Principal | null, input: StatusInput, audit: AuditContext): Promise<VcStatusView> {
  const [entry] = input.credentialStatus;
  if (!entry || input.credentialStatus.length !== 1) throw new AppError('VC_STATUS_INVALID', { zh: '每次只能变更一项状态', en: 'change one status entry per request' });
  const action = statusAction(entry);
  return ctx.db.transaction(async (tx) => {
    const row = await vcs.byCredentialId(tx, input.credentialId, true);
    if (!row) throw new AppError('VC_NOT_FOUND');
    if (!canChangeVcStatus(principal, await issuerOf(tx, row.issuer_org_id))) throw new AppError('FORBIDDEN');
    const rule = VC_TRANSITIONS[action];
    if (!rule.from.includes(row.status)) throw new AppError('VC_STATUS_STATE');
    const now = ctx.clock.now();
    const reason = input.reason ?? null;
    await vcs.setStatus(tx, row.id, rule.to, reason, now);
    const [listId, index] = rule.purpose === 'revocation' ? [row.revocation_list_id, row.revocation_index] : [row.suspension_list_id, row.suspension_index];
    await vcStatusLists.setBit(tx, listId, index, rule.bit, now);
    await ctx.audit.record(tx, audit, {
      action: `credentials.vc.${action}`, targetType: 'verifiable_credential', targetId: row.id, orgId: row.issuer_org_id,
      before: { status: row.status }, after: { status: rule.to, reason, credentialId: row.credential_id },
    });
    return view({ ...row, status: rule.to, status_reason: reason });
  });
}

const view = (row: VcRow): VcStatusView => ({
  credentialId: row.credential_id, status: row.status, statusReason: row.status_reason, validUntil: row.valid_until ? dateTimeStamp(row.valid_until) : null,
});
