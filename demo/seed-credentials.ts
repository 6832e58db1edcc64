// Registers the ten demo licence types (电子证照) for their issuing departments, each linked to the demo
// dataset it is issued from when that dataset was seeded. Used by the demo seed and by tests.
import type { AuditContext } from '../src/kernel/audit.ts';
import { findOrgByCode } from '../src/modules/directory/index.ts';
import { LICENCE_TYPES, queueBulkIssuance, registerLicenceTypes, type TypeRegistration } from '../src/modules/credentials/index.ts';
import { validateCitizenId } from '../src/modules/directory/identifiers.ts';
import { loadResourceTable, qualified } from '../src/modules/ingest/index.ts';
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

/** Types the demo issues in bulk from its datasets when the server first starts. */
const DEMO_BULK_TYPES = ['JMSFZ', 'LNRYDZ', 'JDCXSZ', 'JHZ', 'YYZZ'];

/**
 * Queues bulk issuance (批量制证) of the demo's licence types from their datasets (the runs work in the
 * background, with progress on the issuance-run route) and picks a demo citizen for the wallet: a person of
 * 60 or over whose mobile number the register lists for nobody else, so the wallet binds them at once.
 */
export async function seedDemoLicences(ctx: PlatformContext, sources: ReadonlyArray<{ key: string; entryId: string }>): Promise<{ runs: number; citizen: { mobile: string; name: string; idNumber: string } | null }> {
  let queued = 0;
  for (const code of DEMO_BULK_TYPES) {
    const type = LICENCE_TYPES.find((t) => t.code === code)!;
    if (!sources.some((s) => s.key === type.source?.dataset)) continue;
    await queueBulkIssuance(ctx, code, null, DEMO_CONTEXT);
    queued++;
  }
  const hukou = sources.find((s) => s.key === 'hukou');
  const table = hukou ? await loadResourceTable(ctx.db, hukou.entryId) : undefined;
  if (!table) return { runs: queued, citizen: null };
  const t = qualified(table.tableName);
  const { rows } = await ctx.db.query<{ sfzhm: string; xm: string; sjhm: string }>(
    `select h.sfzhm, h.xm, h.sjhm from ${t} h
      where not h._deleted and h.csrq <= current_date - interval '62 years' and h.sjhm ~ '^1[3-9][0-9]{9}$'
        and not exists (select 1 from ${t} o where o.sjhm = h.sjhm and o.sfzhm <> h.sfzhm)
      order by h.sfzhm limit 50`,
  );
  const person = rows.find((r) => validateCitizenId(r.sfzhm).ok);
  return { runs: queued, citizen: person ? { mobile: person.sjhm, name: person.xm, idNumber: person.sfzhm } : null };
}
