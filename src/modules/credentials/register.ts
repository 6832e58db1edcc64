// The population register as the wallet's real-name check (实名核验): the source resource of a citizen
// licence type that names a contact item (居民身份证 ← 户籍人口, whose 联系电话 the police keep).
import type { PlatformContext } from '../../server/context.ts';
import { column, loadResourceTable, qualified } from '../ingest/index.ts';
import { types } from './repository.ts';

/** People the register lists with this mobile number (at most ten, distinct by ID number); null when the platform has no register to ask. */
export async function residentsByMobile(ctx: PlatformContext, mobile: string): Promise<Array<{ idNumber: string; name: string }> | null> {
  const found = new Map<string, string>();
  let registers = 0;
  for (const type of await types.list(ctx.db)) {
    const t = type.definition;
    const source = t.source;
    if (t.holder.kind !== 'citizen' || !source?.contact || !type.source_entry_id) continue;
    const idItem = source.map[t.holder.field];
    const nameItem = source.map[t.holder.nameField];
    if (!idItem || !nameItem) continue;
    const table = await loadResourceTable(ctx.db, type.source_entry_id);
    if (!table || ![idItem, nameItem, source.contact].every((code) => table.items.some((i) => i.code === code))) continue;
    registers++;
    const { rows } = await ctx.db.query<{ id: string; name: string }>(
      `select ${column(idItem)}::text as id, ${column(nameItem)}::text as name from ${qualified(table.tableName)}
        where not _deleted and ${column(source.contact)} = $1 and ${column(idItem)} is not null limit 10`,
      [mobile],
    );
    for (const r of rows) if (!found.has(r.id.toUpperCase())) found.set(r.id.toUpperCase(), r.name);
  }
  if (!registers) return null;
  return [...found].slice(0, 10).map(([idNumber, name]) => ({ idNumber, name }));
}
