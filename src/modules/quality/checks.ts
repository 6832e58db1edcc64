// Set-based evaluation: each item-level rule is ONE statement over the resource's live records that counts
// the records it evaluated and those that failed, and picks up to 10 failing records (key items and the
// offending value) as a sample. No row travels to the application, so a million records are checked in the
// time PostgreSQL needs to scan them once per rule.
import type { CatalogItem } from '../catalog/index.ts';
import { column, keyItems, qualified, type ResourceTable } from '../ingest/index.ts';
import type { RuleKind, RuleParams } from './model.ts';

export const SAMPLE_SIZE = 10;

export interface CheckContext {
  /** The run's clock. */
  now: Date;
  /** The run's calendar day in Asia/Shanghai (YYYY-MM-DD), for date items. */
  today: string;
  /** The referenced resource's table, for reference rules. */
  referenced?: { table: ResourceTable; item: CatalogItem } | null;
}

/** A statement returning one row: evaluated, failed, sample (jsonb array of {<key codes>..., _value}). */
export interface CheckSql {
  text: string;
  values: unknown[];
}

/** An item-level rule to evaluate. */
export interface ItemRule {
  kind: RuleKind;
  item: CatalogItem;
  params: RuleParams;
}

const DEFAULT_MIN_DAY = '1900-01-01';

/** The value as text for the sample: dates as YYYY-MM-DD, times in ISO 8601, numbers exactly. */
const asText = (expr: string) => `(to_jsonb(${expr}) #>> '{}')`;

/** A value counts as present when it is not null and, for strings, not blank. */
function present(item: CatalogItem, c: string): string {
  return item.type === 'string' ? `nullif(btrim(${c}), '') is not null` : `${c} is not null`;
}

/** Casts a parameter to the type of an item's column. */
function cast(item: CatalogItem): string {
  switch (item.type) {
    case 'integer':
    case 'decimal':
      return 'numeric';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

/** How a rule looks at the records: what it reads (`from`, the resource table as `t`), which values it evaluates, which fail. */
interface Shape {
  from: string;
  has: string;
  bad: string;
  value: string;
  values: unknown[];
}

/** A text value compared byte-wise: YYYY-MM-DD strings then sort as dates whatever the database collation. */
const bytewise = (expr: string) => `(${expr} collate "C")`;

function shape(table: ResourceTable, rule: ItemRule, ctx: CheckContext): Shape {
  const { kind, item, params } = rule;
  const t = qualified(table.tableName);
  const c = `t.${column(item.code)}`;
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const plain = (bad: string): Shape => ({ from: `${t} t`, has: present(item, c), bad, value: c, values });
  switch (kind) {
    case 'required':
      return { from: `${t} t`, has: 'true', bad: item.type === 'string' ? `nullif(btrim(${c}), '') is null` : `${c} is null`, value: c, values };
    case 'pattern':
      return plain(`${c} !~ ${p(params.pattern)}`);
    case 'code_table':
      return plain(`not (${c}::text = any(${p(params.values)}::text[]))`);
    case 'range': {
      const parts: string[] = [];
      if (params.min !== undefined) parts.push(`${c} < ${p(String(params.min))}::${cast(item)}`);
      if (params.max !== undefined) parts.push(`${c} > ${p(String(params.max))}::${cast(item)}`);
      return plain(parts.join(' or ') || 'false');
    }
    case 'length': {
      const parts: string[] = [];
      if (params.min !== undefined) parts.push(`char_length(${c}) < ${p(params.min)}::int`);
      if (params.max !== undefined) parts.push(`char_length(${c}) > ${p(params.max)}::int`);
      return plain(parts.join(' or ') || 'false');
    }
    case 'valid_date': {
      const minDay = params.min ?? DEFAULT_MIN_DAY;
      if (item.type === 'date') {
        const future = params.allowFuture ? '' : ` or ${c} > ${p(ctx.today)}::date`;
        return plain(`${c} < ${p(minDay)}::date${future}`);
      }
      if (item.type === 'datetime') {
        const future = params.allowFuture ? '' : ` or ${c} > ${p(ctx.now.toISOString())}::timestamptz`;
        return plain(`${c} < ${p(`${minDay}T00:00:00+08:00`)}::timestamptz${future}`);
      }
      // Text: YYYY-MM-DD naming a real day, checked field by field (no cast that could raise an error, no date
      // arithmetic per record), then the same bounds as a date item, compared as text.
      const year = `substr(${c}, 1, 4)::int`;
      const month = `substr(${c}, 6, 2)`;
      const day = `substr(${c}, 9, 2)::int`;
      const leap = `(${year} % 4 = 0 and (${year} % 100 <> 0 or ${year} % 400 = 0))`;
      const lastDay = `case ${month} when '02' then case when ${leap} then 29 else 28 end when '04' then 30 when '06' then 30 when '09' then 30 when '11' then 30 else 31 end`;
      const future = params.allowFuture ? '' : ` or ${bytewise(c)} > ${p(ctx.today)}`;
      return plain(`case when ${c} !~ '^[0-9]{4}-(0[1-9]|1[0-2])-[0-9]{2}$' then true
                         when ${year} < 1 then true
                         when ${day} not between 1 and ${lastDay} then true
                         else ${bytewise(c)} < ${p(minDay)}${future} end`);
    }
    case 'citizen_id':
      // GB 11643 check character, region and birth date; a birth date after the run's day fails too. The CASE
      // keeps make_date away from IDs that failed, and evaluates the check once.
      return plain(`case when cs_citizen_id_ok(${c}) then make_date(substr(${c}, 7, 4)::int, substr(${c}, 11, 2)::int, substr(${c}, 13, 2)::int) > ${p(ctx.today)}::date else true end`);
    case 'uscc':
      return plain(`not cs_uscc_ok(${c})`);
    case 'mobile':
      return plain(`not cs_mobile_ok(${c})`);
    case 'reference': {
      // A hash join against the distinct live values of the referenced item: one pass over each table.
      const ref = ctx.referenced!;
      const same = ref.item.type === item.type;
      const refValue = `r.${column(ref.item.code)}${same ? '' : '::text'}`;
      return {
        from: `${t} t left join (select distinct ${refValue} as v from ${qualified(ref.table.tableName)} r where not r._deleted) ref on ref.v = ${c}${same ? '' : '::text'}`,
        has: present(item, c),
        bad: 'ref.v is null',
        value: c,
        values,
      };
    }
    default:
      throw new Error(`no value check for ${kind}`);
  }
}

function keyColumns(table: ResourceTable, alias: string): string {
  return keyItems(table.items).map((k) => `${asText(`${alias}.${column(k.code)}`)} as ${column(k.code)}`).join(', ');
}

/**
 * The statement that evaluates one item-level rule over the live records of `table`: one scan counts, and
 * only when something failed does a second, bounded scan fetch the sample (an InitPlan is evaluated when
 * its CASE branch is taken). The sample's order is set by the caller.
 */
export function itemCheckSql(table: ResourceTable, rule: ItemRule, ctx: CheckContext): CheckSql {
  const t = qualified(table.tableName);
  const keys = keyColumns(table, 't');
  if (rule.kind === 'unique') {
    // Every record whose value another live record shares fails (both of a pair, all of a group).
    const c = `t.${column(rule.item.code)}`;
    return {
      text: `with g as materialized (select ${c} as v, count(*) as n from ${t} t where not t._deleted and ${present(rule.item, c)} group by ${c})
             select s.evaluated, s.failed,
               case when s.failed > 0 then (
                 select coalesce(jsonb_agg(x), '[]'::jsonb) from (
                   select ${keys}, ${asText(c)} as _value from ${t} t join (select v from g where n > 1 limit ${SAMPLE_SIZE}) d on d.v = ${c}
                    where not t._deleted limit ${SAMPLE_SIZE}) x)
               else '[]'::jsonb end as sample
             from (select coalesce(sum(n), 0)::int8 as evaluated, coalesce(sum(n) filter (where n > 1), 0)::int8 as failed from g) s`,
      values: [],
    };
  }
  const s = shape(table, rule, ctx);
  return {
    text: `select s.evaluated, s.failed,
             case when s.failed > 0 then (
               select coalesce(jsonb_agg(x), '[]'::jsonb) from (
                 select ${keys}, ${asText(s.value)} as _value from ${s.from} where not t._deleted and ${s.has} and (${s.bad}) limit ${SAMPLE_SIZE}) x)
             else '[]'::jsonb end as sample
           from (select count(*) filter (where ${s.has})::int8 as evaluated, count(*) filter (where ${s.has} and (${s.bad}))::int8 as failed
                   from ${s.from} where not t._deleted) s`,
    values: s.values,
  };
}

/** Live records of a resource. */
export const liveCountSql = (table: ResourceTable): string => `select count(*)::int8 as n from ${qualified(table.tableName)} where not _deleted`;
