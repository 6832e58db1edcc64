// SQL only: reading the audit trail (the chain itself is written by the kernel).
import type { Sql } from '../../kernel/db.ts';
import type { AuditRecord } from '../../kernel/audit.ts';

export interface AuditFilter {
  actor?: string;
  orgId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchRecords(sql: Sql, f: AuditFilter): Promise<{ rows: AuditRecord[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (f.actor) add((n) => `(actor_id = $${n} or actor_name like '%' || $${n} || '%')`, f.actor);
  if (f.orgId) add((n) => `org_id = $${n}`, f.orgId);
  if (f.action) add((n) => `action like $${n}`, like(f.action));
  if (f.from) add((n) => `at >= $${n}`, f.from);
  if (f.to) add((n) => `at < $${n}`, f.to);
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const total = (await sql.query<{ n: number }>(`select count(*)::int8 as n from audit_records ${clause}`, params)).rows[0]?.n ?? 0;
  const { rows } = await sql.query<AuditRecord>(
    `select * from audit_records ${clause} order by seq desc limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows, total };
}

export async function countRecords(sql: Sql): Promise<number> {
  return (await sql.query<{ n: number }>('select count(*)::int8 as n from audit_records')).rows[0]?.n ?? 0;
}

/** Records per day (Asia/Shanghai) since `from`. */
export async function perDay(sql: Sql, from: Date): Promise<Array<{ day: string; count: number }>> {
  const { rows } = await sql.query<{ day: string; count: number }>(
    `select to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int8 as count
       from audit_records where at >= $1 group by 1 order by 1`,
    [from],
  );
  return rows;
}
