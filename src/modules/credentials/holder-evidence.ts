// Licences as evidence (免证办): the live licences of a type that a citizen holds, with their claims unsealed,
// for the evidence module to show the citizen and, once they confirm, release to the handling department.
// Found by the holder's blind index only: a spouse named in someone else's 结婚证 is not found here (the
// marriage registrations, read through a sharing grant, answer for both sides).
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import type { LicenceType } from './licence-types.ts';

export interface HeldLicence {
  id: string;
  identifier: string;
  typeCode: string;
  typeName: string;
  issuerOrgId: string;
  issuerName: string;
  issuedAt: Date;
  validUntil: string | null;
  version: number;
  /** The type's fields in order, with names and whether they are personal data. */
  fields: Array<{ code: string; name: string; personal: boolean }>;
  /** Which fields name the holder (their own ID number and name). */
  holderFields: string[];
  claims: Record<string, unknown>;
}

/** Valid, unexpired licences of `typeCode` whose holder is the person with this ID number, newest first. */
export async function licencesOfHolder(ctx: PlatformContext, idNumber: string, typeCode: string): Promise<HeldLicence[]> {
  const { rows } = await ctx.db.query<{
    id: string; identifier: string; type_code: string; issuer_org_id: string; claims_sealed: string; issued_at: Date; valid_until: string | null; version: number;
    type_name: string; definition: LicenceType;
  }>(
    `select l.id, l.identifier, l.type_code, l.issuer_org_id, l.claims_sealed, l.issued_at, l.valid_until::text as valid_until, l.version,
            t.name as type_name, t.definition
       from cred_licences l join cred_types t on t.code = l.type_code
      where l.holder_index = $1 and l.type_code = $2 and l.status = 'valid' and (l.valid_until is null or l.valid_until >= $3::date)
      order by l.issued_at desc, l.id`,
    [ctx.vault.blindIndex(idNumber), typeCode, shanghaiDay(ctx.clock.now())],
  );
  const issuers = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.issuer_org_id))]);
  return rows.map((r) => ({
    id: r.id,
    identifier: r.identifier,
    typeCode: r.type_code,
    typeName: r.type_name,
    issuerOrgId: r.issuer_org_id,
    issuerName: issuers.get(r.issuer_org_id)?.name ?? '',
    issuedAt: r.issued_at,
    validUntil: r.valid_until,
    version: r.version,
    fields: r.definition.fields.map((f) => ({ code: f.code, name: f.name, personal: f.personal })),
    holderFields: [r.definition.holder.field, r.definition.holder.nameField],
    claims: JSON.parse(ctx.vault.decrypt(r.claims_sealed)) as Record<string, unknown>,
  }));
}
