// Typed storage: every published resource gets its own table in the schema resource_data, generated from its
// catalog items. Key items form the primary key, other items are typed columns; underscore columns carry the
// record's metadata. A record's change history sits in a companion table, so later modules can offer
// incremental change feeds (`_seq` is the cursor: it grows with every change of a record).
import { createHash } from 'node:crypto';
import type { Sql, Tx } from '../../kernel/db.ts';
import type { CatalogItem, EntryPublished } from '../catalog/index.ts';
import { widens } from '../catalog/evolution.ts';
import { AppError } from '../../kernel/errors.ts';

export const DATA_SCHEMA = 'resource_data';

/** Metadata columns of every resource table; item codes cannot start with "_", so they never collide. */
export const META_COLUMNS = ['_batch', '_first_batch', '_ingested_at', '_updated_at', '_deleted', '_seq'] as const;

export interface ResourceTable {
  entryId: string;
  code: string;
  providerOrgId: string;
  /** Unqualified table name; use `qualified()` in SQL. */
  tableName: string;
  version: number;
  items: CatalogItem[];
  rowCount: number;
  /** When it last took a batch, or was first published if it never did (freshness). */
  lastLoadedAt: Date;
}

/** Table name from the resource code: "WF0000016/000001" → "r_wf0000016_000001". */
export function tableNameFor(code: string): string {
  return `r_${code.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 55);
}

export const qualified = (table: string, suffix = ''): string => `${DATA_SCHEMA}."${table}${suffix}"`;
export const column = (code: string): string => `"${code}"`;

/** PostgreSQL type of an item: strings keep their declared length (characters), integers are bigint. */
export function sqlType(item: CatalogItem): string {
  switch (item.type) {
    case 'string':
      return item.length ? `varchar(${item.length})` : 'text';
    case 'integer':
      return 'bigint';
    case 'decimal':
      return `numeric(${item.length ?? 38}, ${item.scale ?? 0})`;
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
  }
}

export const keyItems = (items: readonly CatalogItem[]): CatalogItem[] => items.filter((i) => i.key);

/**
 * The column's type without length or precision, for casting a text parameter to compare with the column
 * (the column's index applies; a varchar(n) cast would cut a longer value and match wrongly).
 */
export function baseSqlType(item: CatalogItem): string {
  switch (item.type) {
    case 'string':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'decimal':
      return 'numeric';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
  }
}

function createTableSql(table: string, items: readonly CatalogItem[]): string {
  const cols = items.map((i) => `${column(i.code)} ${sqlType(i)}${i.key ? ' not null' : ''}`);
  const keys = keyItems(items).map((i) => column(i.code)).join(', ');
  return `
    create sequence ${qualified(table, '__seq')};
    create table ${qualified(table)} (
      ${cols.join(',\n      ')},
      _batch bigint not null,
      _first_batch bigint not null,
      _ingested_at timestamptz not null,
      _updated_at timestamptz not null,
      _deleted boolean not null default false,
      _seq bigint not null default nextval('${qualified(table, '__seq')}'),
      primary key (${keys})
    );
    create index "${table}__seq_idx" on ${qualified(table)} (_seq);
    create table ${qualified(table, '__history')} (
      seq bigserial primary key,
      key jsonb not null,
      batch bigint not null,
      op char(1) not null check (op in ('U', 'D', 'R')),
      diff jsonb not null,
      at timestamptz not null
    );
    create index "${table}__history_key" on ${qualified(table, '__history')} (key);`;
}

/** ALTER statements taking the table from `previous` to `next` items; throws on a change that would lose data. */
export function evolveTableSql(table: string, previous: readonly CatalogItem[], next: readonly CatalogItem[]): string[] {
  const statements: string[] = [];
  const before = new Map(previous.map((i) => [i.code, i]));
  for (const item of next) {
    const old = before.get(item.code);
    if (!old) {
      if (item.key) throw breaking(`新增信息项不能作为主键：${item.code}`, `a new item cannot join the key: ${item.code}`);
      statements.push(`alter table ${qualified(table)} add column ${column(item.code)} ${sqlType(item)}`);
    } else if (old.key !== item.key) {
      throw breaking(`主键不能变更：${item.code}`, `the key cannot change: ${item.code}`);
    } else if (!widens(old, item) || (old.key && old.type !== item.type)) {
      throw breaking(`信息项类型不能收窄或（主键）改变：${item.code}`, `item ${item.code} cannot be narrowed (or, as a key, change type)`);
    } else if (sqlType(old) !== sqlType(item)) {
      // A stored date becomes midnight in Weifang, as a date written without a time is read on import.
      const using = old.type === 'date' && item.type === 'datetime' ? ` using (${column(item.code)}::timestamp at time zone 'Asia/Shanghai')` : '';
      statements.push(`alter table ${qualified(table)} alter column ${column(item.code)} type ${sqlType(item)}${using}`);
    }
  }
  for (const old of previous) {
    if (!next.some((i) => i.code === old.code)) throw breaking(`已发布的信息项不能删除：${old.code}`, `published item ${old.code} cannot be removed`);
  }
  return statements;
}

function breaking(zh: string, en: string): AppError {
  return new AppError('CATALOG_BREAKING_CHANGE', { zh, en });
}

/** Publication hook: creates the table for a first version, migrates it for a later one, in the publishing transaction. */
export async function applyPublishedVersion(tx: Tx, event: EntryPublished): Promise<void> {
  const now = event.publishedAt;
  const current = await loadResourceTable(tx, event.entryId);
  if (!current) {
    const table = tableNameFor(event.code);
    await tx.exec(createTableSql(table, event.items));
    await tx.query(
      `insert into ing_resources (entry_id, code, provider_org_id, table_name, version, items, created_at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [event.entryId, event.code, event.providerOrgId, table, event.version, JSON.stringify(event.items), now],
    );
    return;
  }
  for (const statement of evolveTableSql(current.tableName, current.items, event.items)) await tx.exec(statement);
  await tx.query('update ing_resources set version = $2, items = $3 where entry_id = $1', [event.entryId, event.version, JSON.stringify(event.items)]);
}

interface ResourceRow {
  entry_id: string;
  code: string;
  provider_org_id: string;
  table_name: string;
  version: number;
  items: CatalogItem[];
  row_count: number;
  last_loaded_at: Date;
}

const toTable = (r: ResourceRow): ResourceTable => ({
  entryId: r.entry_id,
  code: r.code,
  providerOrgId: r.provider_org_id,
  tableName: r.table_name,
  version: r.version,
  items: r.items,
  rowCount: Number(r.row_count),
  lastLoadedAt: r.last_loaded_at,
});

const RESOURCE_COLUMNS = 'select entry_id, code, provider_org_id, table_name, version, items, row_count, coalesce(last_batch_at, created_at) as last_loaded_at from ing_resources';

export async function loadResourceTable(sql: Sql, entryId: string): Promise<ResourceTable | null> {
  const { rows } = await sql.query<ResourceRow>(`${RESOURCE_COLUMNS} where entry_id = $1`, [entryId]);
  return rows[0] ? toTable(rows[0]) : null;
}

export async function resourceTableByCode(sql: Sql, code: string): Promise<ResourceTable | null> {
  const { rows } = await sql.query<ResourceRow>(`${RESOURCE_COLUMNS} where code = $1`, [code]);
  return rows[0] ? toTable(rows[0]) : null;
}

/**
 * An index on each item another module looks records up by (a data service's query keys), created once.
 * Runs in the caller's transaction: on a large table this holds writes to it until the index is built.
 */
export async function ensureLookupIndexes(tx: Tx, table: ResourceTable, itemCodes: string[]): Promise<void> {
  const keys = keyItems(table.items).map((i) => i.code);
  for (const code of itemCodes) {
    if (!table.items.some((i) => i.code === code)) continue;
    if (keys.length === 1 && keys[0] === code) continue; // the primary key already serves it
    // PostgreSQL cuts names at 63 bytes: a long one gets a digest of the item code, so two never collide.
    const full = `${table.tableName}__by_${code}`;
    const name = full.length <= 63 ? full : `${table.tableName.slice(0, 40)}__by_${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
    await tx.exec(`create index if not exists "${name}" on ${qualified(table.tableName)} (${column(code)})`);
  }
}
