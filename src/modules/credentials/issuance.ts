// Issuing licences one by one, changing their status, and reading them masked. Bulk issuance (bulk.ts)
// writes through the same writeLicences, so both paths allocate, seal and check alike.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgIdsUnder } from '../directory/index.ts';
import { buildLicenceId, DEFAULT_SEQUENCE_WIDTH } from './identifiers.ts';
import { ensureIssuerKey } from './issuer-keys.ts';
import {
  checkClaims, maskHolder, maskHolderName, shanghaiDay, shownStatus, STATUS_LIST_BITS, STATUS_LIST_SIZE, STATUS_VALUE, TRANSITIONS,
  type CheckedClaims, type ShownStatus, type StatusAction,
} from './model.ts';
import { canChangeLicenceStatus, canIssueFor, licenceScopes } from './policy.ts';
import { allocateSequence, licences, statusLists, types, type LicenceRow, type NewLicence, type TypeRow } from './repository.ts';
import { issuerOf, typeByCode } from './types-service.ts';

export interface LicenceView {
  id: string; identifier: string; typeCode: string; typeName: string; issuerOrgId: string; holderKind: 'citizen' | 'organisation';
  holderMasked: string; holderNameMasked: string; issuedAt: string; validUntil: string | null; status: ShownStatus; statusReason: string | null;
  statusList: { id: string; index: number }; version: number;
}

export function licenceView(row: LicenceRow, typeName: string, today: string): LicenceView {
  return {
    id: row.id, identifier: row.identifier, typeCode: row.type_code, typeName, issuerOrgId: row.issuer_org_id, holderKind: row.holder_kind,
    holderMasked: row.holder_masked, holderNameMasked: row.holder_name_masked, issuedAt: row.issued_at.toISOString(), validUntil: row.valid_until,
    status: shownStatus(row.status, row.valid_until, today), statusReason: row.status_reason, statusList: { id: row.status_list_id, index: row.status_index }, version: row.version,
  };
}

/**
 * Writes checked licences of one type in the caller's transaction: one block of sequence numbers and of
 * status-list entries for all of them, claims sealed by the Vault, the holder kept as a blind index and
 * masked copies. The caller writes the audit record in the same transaction.
 */
export async function writeLicences(
  ctx: PlatformContext, tx: Sql, type: TypeRow, issuerUscc: string,
  items: Array<{ checked: CheckedClaims; sourceKey: Record<string, unknown> | null }>, meta: { runId: string | null; issuedBy: string | null },
): Promise<NewLicence[]> {
  if (!items.length) return [];
  const now = ctx.clock.now();
  const first = await allocateSequence(tx, type.code, type.issuer_org_id, items.length);
  const slots = await statusLists.allocate(tx, type.issuer_org_id, items.length, STATUS_LIST_BITS, STATUS_LIST_SIZE, now);
  const t = type.definition;
  const written: NewLicence[] = [];
  for (const [i, { checked, sourceKey }] of items.entries()) {
    if (t.numberAllotted && t.numberField && checked.claims[t.numberField] === undefined) {
      checked.claims[t.numberField] = `${t.numberAllotted.prefix}${String(first + i).padStart(DEFAULT_SEQUENCE_WIDTH, '0')}`;
    }
    const row: NewLicence = {
      id: newId(),
      identifier: buildLicenceId({ typeCode: type.code, issuerCode: issuerUscc, sequence: first + i, version: 1 }),
      type_code: type.code, issuer_org_id: type.issuer_org_id, holder_kind: t.holder.kind,
      holder_index: ctx.vault.blindIndex(checked.holderId), holder_masked: maskHolder(t, checked.holderId), holder_name_masked: maskHolderName(t, checked.holderName),
      claims_sealed: ctx.vault.encrypt(JSON.stringify(checked.claims)), issued_at: now, valid_until: checked.validUntil,
      status_list_id: slots[i]!.listId, status_index: slots[i]!.index, source_key: sourceKey, run_id: meta.runId, issued_by: meta.issuedBy, version: 1,
    };
    await licences.insert(tx, row);
    written.push(row);
  }
  return written;
}

/** The issuing department's credit code: the identifier cannot be built without it. */
export async function issuerCode(sql: Sql, principal: Principal | null, type: TypeRow): Promise<string> {
  const issuer = await issuerOf(sql, type.issuer_org_id);
  if (!canIssueFor(principal, issuer.path)) throw new AppError('FORBIDDEN');
  if (!issuer.uscc) throw new AppError('CRED_ISSUER_NO_USCC');
  return issuer.uscc;
}

/** Issues one licence from claims given by issuer staff. */
export async function issueLicence(ctx: PlatformContext, principal: Principal | null, input: { typeCode: string; claims: Record<string, unknown> }, audit: AuditContext): Promise<LicenceView> {
  const type = await typeByCode(ctx.db, input.typeCode);
  const uscc = await issuerCode(ctx.db, principal, type);
  const today = shanghaiDay(ctx.clock.now());
  const checked = checkClaims(type.definition, input.claims, today);
  if ('problems' in checked) throw new AppError('CRED_CLAIMS_INVALID', undefined, { problems: checked.problems });
  const row = await ctx.db.transaction(async (tx) => {
    await ensureIssuerKey(ctx, tx, type.issuer_org_id, 'EdDSA');
    const [written] = await writeLicences(ctx, tx, type, uscc, [{ checked, sourceKey: null }], { runId: null, issuedBy: principal?.kind === 'user' ? principal.id : null });
    // The audit record names the licence, never its claims: they are personal data.
    await ctx.audit.record(tx, audit, {
      action: 'credentials.licence.issue', targetType: 'licence', targetId: written!.id, orgId: type.issuer_org_id,
      after: { identifier: written!.identifier, typeCode: type.code, holder: written!.holder_masked, validUntil: written!.valid_until },
    });
    return written!;
  });
  return licenceView({ ...row, status: 'valid', status_reason: null, status_changed_at: null }, type.name, today);
}

/** Suspends, reinstates or revokes a licence: its row and its status-list entry change in one transaction. */
export async function changeLicenceStatus(ctx: PlatformContext, principal: Principal | null, id: string, action: StatusAction, reason: string, audit: AuditContext): Promise<LicenceView> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const today = shanghaiDay(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const row = await licences.byId(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND');
    const issuer = await issuerOf(tx, row.issuer_org_id);
    if (!canChangeLicenceStatus(principal, issuer.path)) throw new AppError('FORBIDDEN');
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(row.status)) throw new AppError('CRED_LICENCE_STATE');
    const now = ctx.clock.now();
    await licences.setStatus(tx, id, rule.to, reason, now);
    await statusLists.setEntry(tx, row.status_list_id, row.status_index, STATUS_VALUE[rule.to], now);
    await ctx.audit.record(tx, audit, {
      action: `credentials.licence.${action}`, targetType: 'licence', targetId: id, orgId: row.issuer_org_id,
      before: { status: row.status }, after: { status: rule.to, reason, identifier: row.identifier },
    });
    const type = (await types.byCode(tx, row.type_code))!;
    return licenceView({ ...row, status: rule.to, status_reason: reason, status_changed_at: now }, type.name, today);
  });
}

/** One licence, masked, for its issuer's staff. */
export async function getLicence(ctx: PlatformContext, principal: Principal | null, id: string): Promise<LicenceView> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const row = await licences.byId(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canIssueFor(principal, (await issuerOf(ctx.db, row.issuer_org_id)).path)) throw new AppError('FORBIDDEN');
  const type = (await types.byCode(ctx.db, row.type_code))!;
  return licenceView(row, type.name, shanghaiDay(ctx.clock.now()));
}

/** A page of licences the principal's departments issued (every one for platform admins), masked. */
export async function listLicences(
  ctx: PlatformContext, principal: Principal | null, q: { typeCode?: string; status?: string; page?: number; pageSize?: number },
): Promise<{ items: LicenceView[]; total: number; page: number; pageSize: number }> {
  const scopes = licenceScopes(principal);
  const orgIds = scopes === null ? null : scopes.length ? await orgIdsUnder(ctx.db, scopes) : [];
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const today = shanghaiDay(ctx.clock.now());
  const { rows, total } = await licences.page(ctx.db, { orgIds, typeCode: q.typeCode, status: q.status, today, limit: pageSize, offset: (page - 1) * pageSize });
  const names = new Map((await types.list(ctx.db)).map((t) => [t.code, t.name]));
  return { items: rows.map((r) => licenceView(r, names.get(r.type_code) ?? r.type_code, today)), total, page, pageSize };
}
