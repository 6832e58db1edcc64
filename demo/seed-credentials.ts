// Registers the ten demo licence types (电子证照) for their issuing departments, each linked to the demo
// dataset it is issued from when that dataset was seeded. Used by the demo seed and by tests.
import type { AuditContext } from '../src/kernel/audit.ts';
import { findOrgByCode } from '../src/modules/directory/index.ts';
import { LICENCE_TYPES, registerLicenceTypes, type TypeRegistration } from '../src/modules/credentials/index.ts';
import type { PlatformContext } from '../src/server/context.ts';
import { DEPARTMENTS } from './weifang.ts';

const DEMO_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'demo-seed', orgId: null }, requestId: null, ip: null };

/**
 * `sources` maps a demo dataset key (hukou, marriage, ...) to the catalog entry holding it; types whose
 * dataset is not there are registered without a source (they can still be issued one by one).
 */
export async function seedDemoLicenceTypes(ctx: PlatformContext, sources: ReadonlyArray<{ key: string; entryId: string }> = []): Promise<{ types: number }> {
  const registrations: TypeRegistration[] = [];
  for (const type of LICENCE_TYPES) {
    const department = DEPARTMENTS.find((d) => d.key === type.issuer);
    const org = department ? await findOrgByCode(ctx.db, department.uscc) : undefined;
    if (!org) throw new Error(`licence type ${type.code} names issuer ${type.issuer}, which is not in the directory`);
    const sourceEntryId = type.source ? (sources.find((s) => s.key === type.source!.dataset)?.entryId ?? null) : null;
    registrations.push({ type, issuerOrgId: org.id, sourceEntryId });
  }
  await ctx.db.transaction((tx) => registerLicenceTypes(ctx, tx, registrations, DEMO_CONTEXT));
  return { types: registrations.length };
}
