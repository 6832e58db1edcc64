// SQL over the sharing module's own tables.
import type { Sql } from '../../kernel/db.ts';
import type { GrantMode, GrantStatus, RequestStatus, RowCondition } from './model.ts';
import type { ProviderDecision } from './views.ts';
import type { DataGrade } from '../catalog/model.ts';

export interface RequestRow {
  id: string;
  number: string;
  entry_id: string;
  resource_code: string;
  resource_name: string;
  provider_org_id: string;
  consumer_org_id: string;
  provider_org_path: string;
  consumer_org_path: string;
  client_id: string;
  requested_by: string;
  requested_by_name: string;
  amended_by: string | null;
  items: string[];
  query_keys: string[];
  row_filter: RowCondition[];
  modes: GrantMode[];
  purpose: string;
  legal_basis: string | null;
  scenario: string | null;
  daily_volume: number;
  valid_until: string;
  share_type: 'unconditional' | 'conditional';
  data_grade: DataGrade;
  status: RequestStatus;
  submitted_at: Date;
  deadline: Date | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
  provider_decision: ProviderDecision | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  reason: string | null;
  grant_id: string | null;
  created_at: Date;
  updated_at: Date;
}


export interface EventRow {
  id: number;
  request_id: string;
  at: Date;
  action: string;
  actor_id: string | null;
  actor_name: string;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export interface GrantRow {
  id: string;
  request_id: string;
  entry_id: string;
  resource_code: string;
  resource_name: string;
  provider_org_id: string;
  consumer_org_id: string;
  provider_org_path: string;
  consumer_org_path: string;
  client_id: string;
  items: string[];
  plain_items: string[];
  query_keys: string[];
  row_filter: RowCondition[];
  modes: GrantMode[];
  purpose: string;
  daily_quota: number;
  rate_per_minute: number;
  valid_from: Date;
  valid_until: string;
  status: GrantStatus;
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const REQUEST_JSON = ['items', 'query_keys', 'row_filter', 'modes'] as const;

export const requests = {
  async nextNumber(sql: Sql, day: string): Promise<string> {
    const { rows } = await sql.query<{ n: string }>(`select nextval('shr_request_number_seq')::text as n`);
    return `GX${day.replace(/-/g, '')}${rows[0]!.n.padStart(5, '0')}`;
  },
  async insert(sql: Sql, r: Omit<RequestRow, 'amended_by' | 'reminded_at' | 'escalated_at' | 'provider_decision' | 'decided_at' | 'decided_by' | 'decided_by_name' | 'reason' | 'grant_id'>): Promise<void> {
    const cols = Object.keys(r);
    const values = Object.entries(r).map(([k, v]) => ((REQUEST_JSON as readonly string[]).includes(k) ? JSON.stringify(v) : v));
    await sql.query(`insert into shr_requests (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  },
  async byId(sql: Sql, id: string, lock = false): Promise<RequestRow | undefined> {
    const { rows } = await sql.query<RequestRow>(`select * from shr_requests where id = $1${lock ? ' for update' : ''}`, [id]);
    return rows[0];
  },
  async openFor(sql: Sql, clientId: string, entryId: string): Promise<RequestRow | undefined> {
    const { rows } = await sql.query<RequestRow>(
      `select * from shr_requests where client_id = $1 and entry_id = $2 and status in ('pending_provider', 'pending_operator', 'info_requested')`,
      [clientId, entryId],
    );
    return rows[0];
  },
  /** Sets the given columns (JSON columns serialised) and updated_at. */
  async update(sql: Sql, id: string, changes: Partial<RequestRow>, now: Date): Promise<void> {
    const entries = Object.entries({ ...changes, updated_at: now });
    const sets = entries.map(([k], i) => `${k} = $${i + 2}`);
    const values = entries.map(([k, v]) => ((REQUEST_JSON as readonly string[]).includes(k) || k === 'provider_decision' ? (v === null ? null : JSON.stringify(v)) : v));
    await sql.query(`update shr_requests set ${sets.join(', ')} where id = $1`, [id, ...values]);
  },
  /**
   * Requests seen through scopes: null = all; otherwise those whose provider lies under one of `provider`
   * (the approver's side) or whose consumer lies under one of `consumer` (the requester's side).
   */
  async list(
    sql: Sql,
    q: { scopes: { provider: string[]; consumer: string[] } | null; side?: 'provider' | 'consumer'; statuses?: readonly string[]; escalated?: boolean; entryId?: string; limit: number; offset: number },
  ): Promise<{ rows: RequestRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (q.scopes) {
      const sides: string[] = [];
      if (q.side !== 'consumer') sides.push(`exists (select 1 from unnest(${p(q.scopes.provider)}::text[]) s where starts_with(provider_org_path, s))`);
      if (q.side !== 'provider') sides.push(`exists (select 1 from unnest(${p(q.scopes.consumer)}::text[]) s where starts_with(consumer_org_path, s))`);
      where.push(`(${sides.join(' or ')})`);
    }
    if (q.statuses?.length) where.push(`status = any(${p(q.statuses)}::text[])`);
    if (q.escalated) where.push('escalated_at is not null');
    if (q.entryId) where.push(`entry_id = ${p(q.entryId)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const total = await sql.query<{ n: number }>(`select count(*)::int as n from shr_requests ${clause}`, params);
    const { rows } = await sql.query<RequestRow>(
      `select * from shr_requests ${clause} order by (deadline is null), deadline, submitted_at desc limit ${p(q.limit)} offset ${p(q.offset)}`,
      params,
    );
    return { rows, total: total.rows[0]!.n };
  },
  /** Pending requests whose reminder or escalation is due. */
  async due(sql: Sql): Promise<RequestRow[]> {
    const { rows } = await sql.query<RequestRow>(
      `select * from shr_requests where status in ('pending_provider', 'pending_operator') and (reminded_at is null or escalated_at is null) order by deadline for update skip locked`,
    );
    return rows;
  },
  async decidedSince(sql: Sql, since: Date): Promise<RequestRow[]> {
    const { rows } = await sql.query<RequestRow>(`select * from shr_requests where decided_at >= $1 and share_type = 'conditional' and status in ('approved', 'rejected')`, [since]);
    return rows;
  },
  async pendingByProvider(sql: Sql): Promise<Array<{ provider_org_id: string; pending: number; overdue: number }>> {
    const { rows } = await sql.query<{ provider_org_id: string; pending: number; overdue: number }>(
      `select provider_org_id, count(*)::int as pending, count(*) filter (where escalated_at is not null)::int as overdue
       from shr_requests where status in ('pending_provider', 'pending_operator') group by provider_org_id`,
    );
    return rows;
  },
  async addEvent(sql: Sql, e: Omit<EventRow, 'id'>): Promise<void> {
    await sql.query(`insert into shr_request_events (request_id, at, action, actor_id, actor_name, note, detail) values ($1, $2, $3, $4, $5, $6, $7)`, [
      e.request_id, e.at, e.action, e.actor_id, e.actor_name, e.note, e.detail === null ? null : JSON.stringify(e.detail),
    ]);
  },
  async events(sql: Sql, requestId: string): Promise<EventRow[]> {
    const { rows } = await sql.query<EventRow>('select * from shr_request_events where request_id = $1 order by id', [requestId]);
    return rows;
  },
};

const GRANT_JSON = ['items', 'plain_items', 'query_keys', 'row_filter', 'modes'];

/** Organisation subtrees per side: the provider's (approvers) and the consumer's (requesters). */
export type Scopes = { provider: string[]; consumer: string[] };

/** "Provider under a provider scope, or consumer under a consumer scope" — the two sides never crossed. */
function sidesSql(scopes: Scopes, p: (v: unknown) => string): string {
  return `(exists (select 1 from unnest(${p(scopes.provider)}::text[]) s where starts_with(provider_org_path, s))
        or exists (select 1 from unnest(${p(scopes.consumer)}::text[]) s where starts_with(consumer_org_path, s)))`;
}

export const grants = {
  async insert(sql: Sql, g: GrantRow): Promise<void> {
    const cols = Object.keys(g);
    const values = Object.entries(g).map(([k, v]) => (GRANT_JSON.includes(k) ? JSON.stringify(v) : v));
    await sql.query(`insert into shr_grants (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  },
  async byId(sql: Sql, id: string, lock = false): Promise<GrantRow | undefined> {
    const { rows } = await sql.query<GrantRow>(`select * from shr_grants where id = $1${lock ? ' for update' : ''}`, [id]);
    return rows[0];
  },
  /** The live (not revoked) grant of a consuming system on a resource. */
  async liveFor(sql: Sql, clientId: string, entryId: string): Promise<GrantRow | undefined> {
    const { rows } = await sql.query<GrantRow>(
      `select * from shr_grants where client_id = $1 and entry_id = $2 and status <> 'revoked'`,
      [clientId, entryId],
    );
    return rows[0];
  },
  /** The most recently ended grant, to tell a caller why it no longer may call. */
  async lastRevokedFor(sql: Sql, clientId: string, entryId: string): Promise<GrantRow | undefined> {
    const { rows } = await sql.query<GrantRow>(
      `select * from shr_grants where client_id = $1 and entry_id = $2 and status = 'revoked' order by updated_at desc limit 1`,
      [clientId, entryId],
    );
    return rows[0];
  },
  async forClient(sql: Sql, clientId: string): Promise<GrantRow[]> {
    const { rows } = await sql.query<GrantRow>(`select * from shr_grants where client_id = $1 and status <> 'revoked' order by resource_code`, [clientId]);
    return rows;
  },
  async update(sql: Sql, id: string, changes: Partial<Pick<GrantRow, 'status' | 'status_reason' | 'valid_until'>>, now: Date): Promise<void> {
    const entries = Object.entries({ ...changes, updated_at: now });
    await sql.query(`update shr_grants set ${entries.map(([k], i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [id, ...entries.map(([, v]) => v)]);
  },
  /** Grants whose provider lies under a provider scope or whose consumer lies under a consumer scope (null = all). */
  async list(sql: Sql, q: { scopes: Scopes | null; statuses?: readonly string[]; entryId?: string; clientId?: string; limit: number; offset: number }): Promise<{ rows: GrantRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (q.scopes) where.push(sidesSql(q.scopes, p));
    if (q.statuses?.length) where.push(`status = any(${p(q.statuses)}::text[])`);
    if (q.entryId) where.push(`entry_id = ${p(q.entryId)}`);
    if (q.clientId) where.push(`client_id = ${p(q.clientId)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const total = await sql.query<{ n: number }>(`select count(*)::int as n from shr_grants ${clause}`, params);
    const { rows } = await sql.query<GrantRow>(
      `select * from shr_grants ${clause} order by updated_at desc limit ${p(q.limit)} offset ${p(q.offset)}`,
      params,
    );
    return { rows, total: total.rows[0]!.n };
  },
  /** Active and suspended grants whose provider or consumer lies under one of the scopes (null = all). */
  /** Usable (active, not past their last day) and suspended grants; `today` is the Shanghai day. */
  async countLive(sql: Sql, scopes: Scopes | null, today: string): Promise<{ active: number; suspended: number }> {
    const params: unknown[] = [today];
    const p = (v: unknown) => `$${params.push(v)}`;
    const { rows } = await sql.query<{ active: number; suspended: number }>(
      `select count(*) filter (where status = 'active' and valid_until >= $1::date)::int as active, count(*) filter (where status = 'suspended')::int as suspended from shr_grants
        ${scopes ? `where ${sidesSql(scopes, p)}` : ''}`,
      params,
    );
    return rows[0]!;
  },
};

export const quota = {
  /** Reserves up to `block` calls of the day's quota; returns how many were reserved (0 when spent). */
  async reserve(sql: Sql, grantId: string, day: string, block: number, dailyQuota: number): Promise<number> {
    await sql.query('insert into shr_quota_usage (grant_id, day, reserved) values ($1, $2, 0) on conflict do nothing', [grantId, day]);
    const { rows } = await sql.query<{ reserved: number }>('select reserved from shr_quota_usage where grant_id = $1 and day = $2 for update', [grantId, day]);
    const take = Math.max(0, Math.min(block, dailyQuota - rows[0]!.reserved));
    if (take) await sql.query('update shr_quota_usage set reserved = reserved + $3 where grant_id = $1 and day = $2', [grantId, day, take]);
    return take;
  },
};

/** One data-service call as the call log keeps it. */
export interface CallRecord {
  id: string;
  at: Date;
  clientId: string;
  consumerOrgId: string;
  grantId: string | null;
  entryId: string | null;
  providerOrgId: string | null;
  resourceCode: string | null;
  operation: string;
  endUser: string | null;
  businessRef: string | null;
  purpose: string | null;
  items: string[] | null;
  queryHash: string;
  rows: number;
  status: number;
  code: string | null;
  latencyMs: number;
  requestId: string;
  responseHash: string | null;
  signed: boolean;
}

export const calls = {
  /** Writes many call records in one statement (the recorder's group commit). */
  async insertMany(sql: Sql, records: CallRecord[]): Promise<void> {
    // One JSON parameter rather than 21 arrays: far less work for the driver per record.
    await sql.query(
      `insert into shr_calls (id, at, client_id, consumer_org_id, grant_id, entry_id, provider_org_id, resource_code, operation, end_user, business_ref, purpose,
         items, query_hash, rows, status, code, latency_ms, request_id, response_hash, signed)
       select id, at, "clientId", "consumerOrgId", "grantId", "entryId", "providerOrgId", "resourceCode", operation, "endUser", "businessRef", purpose,
         items, "queryHash", rows, status, code, "latencyMs", "requestId", "responseHash", signed
       from jsonb_to_recordset($1::jsonb) as r(id uuid, at timestamptz, "clientId" uuid, "consumerOrgId" uuid, "grantId" uuid, "entryId" uuid, "providerOrgId" uuid,
         "resourceCode" text, operation text, "endUser" text, "businessRef" text, purpose text, items jsonb, "queryHash" text, rows int, status int, code text,
         "latencyMs" real, "requestId" text, "responseHash" text, signed boolean)`,
      [JSON.stringify(records)],
    );
  },
  async count(sql: Sql, where: { grantId?: string } = {}): Promise<number> {
    const { rows } = where.grantId
      ? await sql.query<{ n: number }>('select count(*)::int as n from shr_calls where grant_id = $1', [where.grantId])
      : await sql.query<{ n: number }>('select count(*)::int as n from shr_calls');
    return rows[0]!.n;
  },
};
