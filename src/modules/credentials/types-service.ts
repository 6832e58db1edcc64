// Licence types as this platform issues them: registered for their issuing departments, listed for staff.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { licenceTypeProblems, type LicenceType } from './licence-types.ts';
import { types, type TypeRow } from './repository.ts';

export interface TypeRegistration {
  type: LicenceType;
  issuerOrgId: string;
  /** The catalog entry the type is issued from in bulk, when there is one. */
  sourceEntryId?: string | null;
}

/**
 * Registers (or updates) licence types in the caller's transaction, audited. A type with inconsistencies
 * is refused whole: a broken type would fail every issue later, far from the cause.
 */
export async function registerLicenceTypes(ctx: PlatformContext, tx: Sql, registrations: TypeRegistration[], audit: AuditContext): Promise<void> {
  for (const r of registrations) {
    const problems = licenceTypeProblems(r.type);
    if (problems.length) throw new Error(`licence type ${r.type.code} is inconsistent: ${problems.join('; ')}`);
    await types.upsert(tx, { code: r.type.code, name: r.type.name, issuerOrgId: r.issuerOrgId, definition: r.type, sourceEntryId: r.sourceEntryId ?? null }, ctx.clock.now());
    await ctx.audit.record(tx, audit, {
      action: 'credentials.type.register', targetType: 'licence_type', targetId: r.type.code, orgId: r.issuerOrgId,
      after: { code: r.type.code, name: r.type.name, sourceEntryId: r.sourceEntryId ?? null },
    });
  }
}

export async function typeByCode(sql: Sql, code: string): Promise<TypeRow> {
  const row = await types.byCode(sql, code);
  if (!row) throw new AppError('CRED_TYPE_NOT_FOUND');
  return row;
}

/** The issuing department's credit code and tree path: the identifier carries one, the policy needs the other. */
export async function issuerOf(sql: Sql, orgId: string): Promise<{ id: string; name: string; uscc: string | null; path: string }> {
  const org = (await orgSummaries(sql, [orgId])).get(orgId);
  if (!org) throw new AppError('CRED_ISSUER_NOT_FOUND');
  return org;
}

export interface TypeView {
  code: string; name: string; issuerOrgId: string; issuerName: string; holderKind: 'citizen' | 'organisation';
  fields: LicenceType['fields']; validity: LicenceType['validity']; scenes: LicenceType['scenes']; sourceEntryId: string | null;
}

/** Every registered type, for any member of staff (types are not secret; issuing is what is guarded). */
export async function listLicenceTypes(ctx: PlatformContext): Promise<TypeView[]> {
  const rows = await types.list(ctx.db);
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.issuer_org_id))]);
  return rows.map((r) => ({
    code: r.code, name: r.name, issuerOrgId: r.issuer_org_id, issuerName: orgs.get(r.issuer_org_id)?.name ?? '',
    holderKind: r.definition.holder.kind, fields: r.definition.fields, validity: r.definition.validity, scenes: r.definition.scenes, sourceEntryId: r.source_entry_id,
  }));
}
