// Set-based writes into a resource table: a chunk of typed rows goes in as one array per column (unnest),
// so a chunk costs one round trip. Unchanged rows are left alone (no new _seq, no history); changed rows keep
// their old values in the history table; deletions are soft, so history and change feeds see them.
import type { Tx } from '../../kernel/db.ts';
import type { CatalogItem } from '../catalog/index.ts';
import { column, keyItems, qualified, type ResourceTable } from './storage.ts';
import type { TypedValue } from './values.ts';

/** Array element type for unnest: the base type, so the table's own column types do the final check. */
function arrayType(item: CatalogItem): string {
  switch (item.type) {
    case 'string':
      return 'text[]';
    case 'integer':
      return 'bigint[]';
    case 'decimal':
      return 'numeric[]';
    case 'date':
      return 'date[]';
    case 'datetime':
      return 'timestamptz[]';
    case 'boolean':
      return 'boolean[]';
  }
}

/** jsonb_build_object takes at most 100 arguments: build wide objects in slices and concatenate them. */
/** The key of a record as the history stores it, built by the database from the row `alias`. */
export function keyJsonSql(keys: readonly CatalogItem[], alias: string): string {
  return jsonObject(keys.map((k) => [k.code, `${alias}.${column(k.code)}`]));
}

function jsonObject(pairs: Array<[string, string]>): string {
  if (!pairs.length) return `'{}'::jsonb`;
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += 40) {
    parts.push(`jsonb_build_object(${pairs.slice(i, i + 40).map(([k, v]) => `'${k}', ${v}`).join(', ')})`);
  }
  return parts.join(' || ');
}

/** One value in COPY's CSV: unquoted empty is NULL, everything else quoted (so "" stays an empty string). */
function csvField(v: TypedValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return `"${v.includes('"') ? v.replace(/"/g, '""') : v}"`;
}

export interface ChunkCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  restored: number;
}

export class ResourceWriter {
  private readonly existingSql: string;
  private readonly copyTarget: string;
  private readonly lockKey: string;
  private readonly upsertSql: string;
  private readonly deleteSql: string;
  readonly keys: CatalogItem[];
  /** Where each key item sits in a row. */
  private readonly keyPositions: number[];

  /** `items` are the columns this source provides (all key items among them), in the order rows carry values. */
  constructor(
    table: ResourceTable,
    readonly items: CatalogItem[],
  ) {
    this.keys = keyItems(table.items);
    this.keyPositions = this.keys.map((k) => items.findIndex((i) => i.code === k.code));
    const t = qualified(table.tableName);
    const history = qualified(table.tableName, '__history');
    const seq = `'${qualified(table.tableName, '__seq')}'`;
    const cols = items.map((i) => column(i.code));
    const nonKey = items.filter((i) => !i.key).map((i) => column(i.code));
    const keyCols = this.keys.map((k) => column(k.code));
    const join = (a: string, b: string) => keyCols.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');
    const unnest = `unnest(${items.map((i, n) => `$${n + 1}::${arrayType(i)}`).join(', ')}) as i(${cols.join(', ')})`;
    const p = items.length;
    const changed = nonKey.length ? `(${nonKey.map((c) => `t.${c}`).join(', ')}) is distinct from (${nonKey.map((c) => `excluded.${c}`).join(', ')}) or t._deleted` : 't._deleted';
    const sets = [...nonKey.map((c) => `${c} = excluded.${c}`), '_batch = excluded._batch', '_updated_at = excluded._updated_at', '_deleted = false', '_seq = excluded._seq'];
    const diff = jsonObject(nonKey.map((c) => [c.slice(1, -1), `case when o.${c} is distinct from u.${c} then jsonb_build_array(o.${c}, u.${c}) end`]));
    const keyJson = (alias: string) => keyJsonSql(this.keys, alias);
    // `old` reads the rows as they were before this statement (all CTEs share one snapshot), so the history
    // gets the values an update replaced; xmax = 0 tells a fresh insert from an update.
    this.upsertSql = `
      with incoming as (select * from ${unnest}),
      old as (select t.* from ${t} t join incoming i on ${join('t', 'i')}),
      u as (
        insert into ${t} as t (${cols.join(', ')}, _batch, _first_batch, _ingested_at, _updated_at, _deleted, _seq)
        select ${cols.join(', ')}, $${p + 1}, $${p + 1}, $${p + 2}, $${p + 2}, false, nextval(${seq}) from incoming
        on conflict (${keyCols.join(', ')}) do update set ${sets.join(', ')}
        where ${changed}
        returning t.*, (t.xmax = 0) as _inserted
      ),
      h as (
        insert into ${history} (key, batch, op, diff, at)
        select ${keyJson('u')}, $${p + 1}, case when o._deleted then 'R' else 'U' end, jsonb_strip_nulls(${diff}), $${p + 2}
        from u join old o on ${join('u', 'o')} where not u._inserted
        returning op
      )
      select (select count(*) from u where _inserted)::int as inserted,
             (select count(*) from u where not _inserted)::int as updated,
             (select count(*) from h where op = 'R')::int as restored`;
    // Bulk loads are mostly new records. A chunk first learns which of its rows meet an existing key (by
    // position); the new ones go in by COPY (bulk insert, as fast as PostgreSQL loads), the others take the
    // update path with its comparison and history. Writers of one resource take turns per chunk (advisory
    // lock), so no key can appear between the look-up and the COPY.
    this.lockKey = table.tableName;
    this.existingSql = `
      select coalesce(array_agg(k._ord::int), '{}') as existing
        from unnest(${this.keys.map((k, n) => `$${n + 1}::${arrayType(k)}`).join(', ')}) with ordinality as k(${keyCols.join(', ')}, _ord)
        join ${t} t on ${join('t', 'k')}`;
    this.copyTarget = `${t} (${cols.join(', ')}, _batch, _first_batch, _ingested_at, _updated_at)`;
    const keyUnnest = `unnest(${this.keys.map((k, n) => `$${n + 1}::${arrayType(k)}`).join(', ')}) as d(${keyCols.join(', ')})`;
    const kp = this.keys.length;
    this.deleteSql = `
      with gone as (select * from ${keyUnnest}),
      del as (
        update ${t} t set _deleted = true, _batch = $${kp + 1}, _updated_at = $${kp + 2}, _seq = nextval(${seq})
        from gone d where ${join('t', 'd')} and not t._deleted
        returning t.*
      ),
      h as (insert into ${history} (key, batch, op, diff, at) select ${keyJson('del')}, $${kp + 1}, 'D', '{}'::jsonb, $${kp + 2} from del)
      select count(*)::int as deleted from del`;
  }

  /** Upserts rows (each aligned with `items`; keys unique within the call). */
  async upsert(tx: Tx, rows: TypedValue[][], batchId: number, at: Date): Promise<ChunkCounts> {
    if (!rows.length) return { inserted: 0, updated: 0, unchanged: 0, restored: 0 };
    // The key look-up must be index probes: a table still being loaded has no statistics yet, and a planner
    // that takes it for small would hash-join by scanning the whole table for every chunk (quadratic).
    // Transaction-local settings: the chunk's other statements are index look-ups too.
    await tx.query(
      `select pg_advisory_xact_lock(hashtext($1)), set_config('enable_seqscan', 'off', true),
              set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`,
      [this.lockKey],
    );
    const { rows: found } = await tx.query<{ existing: number[] }>(this.existingSql, this.keyPositions.map((at) => rows.map((r) => r[at])));
    const isExisting = new Uint8Array(rows.length);
    for (const ord of found[0]!.existing) isExisting[ord - 1] = 1;
    const existing: TypedValue[][] = [];
    let csv = '';
    const meta = `,${batchId},${batchId},${at.toISOString()},${at.toISOString()}\n`;
    for (let n = 0; n < rows.length; n++) {
      const row = rows[n]!;
      if (isExisting[n]) existing.push(row);
      else csv += row.map(csvField).join(',') + meta;
    }
    if (csv) await tx.copyCsv(this.copyTarget, csv);
    const inserted = rows.length - existing.length;
    if (!existing.length) return { inserted, updated: 0, unchanged: 0, restored: 0 };
    const columns = this.items.map((_, n) => existing.map((r) => r[n]));
    const { rows: result } = await tx.query<{ inserted: number; updated: number; restored: number }>(this.upsertSql, [...columns, batchId, at]);
    const { updated, restored } = result[0]!;
    return { inserted: inserted + result[0]!.inserted, updated, restored, unchanged: existing.length - result[0]!.inserted - updated };
  }

  /** Marks records deleted by key; returns how many were live. */
  async softDelete(tx: Tx, keys: TypedValue[][], batchId: number, at: Date): Promise<number> {
    if (!keys.length) return 0;
    // The same turn-taking as upserts: `_seq` values must commit in the order they are drawn, or a change
    // feed reading "after cursor N" could pass a change that commits later with a smaller number.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [this.lockKey]);
    const columns = this.keys.map((_, n) => keys.map((k) => k[n]));
    const { rows } = await tx.query<{ deleted: number }>(this.deleteSql, [...columns, batchId, at]);
    return rows[0]!.deleted;
  }
}
