// SQL over the evidence module's own tables. No business rules here.
import type { Sql } from '../../kernel/db.ts';
import type { ApplicationStatus, Decision, ItemStatus, Provider } from './model.ts';

export interface TypeRow { code: string; name: string; description: string | null; providers: Provider[]; created_at: Date; updated_at: Date }
export interface ItemRow {
  id: string; code: string; name: string; org_id: string; org_path: string; evidence_codes: string[]; status: ItemStatus;
  created_by: string | null; created_at: Date; updated_at: Date;
}
export interface ApplicationRow {
  id: string; number: string; item_id: string; item_code: string; item_name: string; org_id: string; org_path: string; citizen_id: string;
  applicant_name_sealed: string; applicant_id_masked: string; status: ApplicationStatus; paper_free: boolean | null; previewed_at: Date;
  submitted_at: Date | null; created_at: Date; updated_at: Date;
}
/** A reference to one data-service call: its id when answered, the request id it was made under always. */
export interface CallRef { requestId: string; callId: string | null; grantId: string }
export interface PieceRow {
  application_id: string; evidence_code: string; evidence_name: string; position: number; outcome: 'fetched' | 'missing';
  provider_kind: Provider['kind'] | null; provider_name: string | null; missing_reason: string | null; preview_sealed: string | null;
  preview_digest: string | null; preview_calls: CallRef[]; decision: Decision; released_sealed: string | null; released_digest: string | null;
  release_calls: CallRef[]; released_at: Date | null; paper_required: boolean;
}

export const evidenceTypes = {
  async insert(sql: Sql, t: { code: string; name: string; description: string | null; providers: Provider[]; now: Date }): Promise<boolean> {
    const { rows } = await sql.query(
      `insert into evd_types (code, name, description, providers, created_at, updated_at) values ($1, $2, $3, $4, $5, $5) on conflict (code) do nothing returning code`,
      [t.code, t.name, t.description, JSON.stringify(t.providers), t.now],
    );
    return rows.length === 1;
  },
  async byCodes(sql: Sql, codes: string[]): Promise<TypeRow[]> {
    return (await sql.query<TypeRow>('select * from evd_types where code = any($1::text[])', [codes])).rows;
  },
  async list(sql: Sql): Promise<TypeRow[]> {
    return (await sql.query<TypeRow>('select * from evd_types order by code')).rows;
  },
};

export const items = {
  async insert(sql: Sql, i: Omit<ItemRow, 'updated_at'>): Promise<boolean> {
    const { rows } = await sql.query(
      `insert into evd_items (id, code, name, org_id, org_path, evidence_codes, status, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) on conflict (code) do nothing returning id`,
      [i.id, i.code, i.name, i.org_id, i.org_path, JSON.stringify(i.evidence_codes), i.status, i.created_by, i.created_at],
    );
    return rows.length === 1;
  },
  async byId(sql: Sql, id: string, lock = false): Promise<ItemRow | undefined> {
    return (await sql.query<ItemRow>(`select * from evd_items where id = $1${lock ? ' for update' : ''}`, [id])).rows[0];
  },
  async setStatus(sql: Sql, id: string, status: ItemStatus, now: Date): Promise<void> {
    await sql.query('update evd_items set status = $2, updated_at = $3 where id = $1', [id, status, now]);
  },
  async byCode(sql: Sql, code: string): Promise<ItemRow | undefined> {
    return (await sql.query<ItemRow>('select * from evd_items where code = $1', [code])).rows[0];
  },
  /** Items of the departments under the scopes (null = all), optionally only active ones. */
  async list(sql: Sql, q: { scopes: string[] | null; activeOnly?: boolean }): Promise<ItemRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.scopes) where.push(`exists (select 1 from unnest($${params.push(q.scopes)}::text[]) s where starts_with(org_path, s))`);
    if (q.activeOnly) where.push(`status = 'active'`);
    return (await sql.query<ItemRow>(`select * from evd_items ${where.length ? `where ${where.join(' and ')}` : ''} order by code`, params)).rows;
  },
};

export const applications = {
  async nextNumber(sql: Sql): Promise<number> {
    return Number((await sql.query<{ n: string }>(`select nextval('evd_application_number_seq')::text as n`)).rows[0]!.n);
  },
  async insert(sql: Sql, a: Omit<ApplicationRow, 'paper_free' | 'submitted_at' | 'updated_at'>): Promise<boolean> {
    const { rows } = await sql.query(
      `insert into evd_applications (id, number, item_id, item_code, item_name, org_id, org_path, citizen_id, applicant_name_sealed, applicant_id_masked,
         status, previewed_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       on conflict (citizen_id, item_id) where status = 'previewed' do nothing returning id`,
      [a.id, a.number, a.item_id, a.item_code, a.item_name, a.org_id, a.org_path, a.citizen_id, a.applicant_name_sealed, a.applicant_id_masked, a.status, a.previewed_at, a.created_at],
    );
    return rows.length === 1;
  },
  async byId(sql: Sql, id: string, lock = false): Promise<ApplicationRow | undefined> {
    return (await sql.query<ApplicationRow>(`select * from evd_applications where id = $1${lock ? ' for update' : ''}`, [id])).rows[0];
  },
  async openFor(sql: Sql, citizenId: string, itemId: string): Promise<ApplicationRow | undefined> {
    return (await sql.query<ApplicationRow>(`select * from evd_applications where citizen_id = $1 and item_id = $2 and status = 'previewed'`, [citizenId, itemId])).rows[0];
  },
  async ofCitizen(sql: Sql, citizenId: string, limit: number): Promise<ApplicationRow[]> {
    return (await sql.query<ApplicationRow>('select * from evd_applications where citizen_id = $1 order by created_at desc limit $2', [citizenId, limit])).rows;
  },
  /** Submitted applications of the departments under the scopes, newest first. */
  async submittedUnder(sql: Sql, q: { scopes: string[]; itemId?: string; limit: number; offset: number }): Promise<{ rows: ApplicationRow[]; total: number }> {
    const params: unknown[] = [q.scopes];
    let where = `status = 'submitted' and exists (select 1 from unnest($1::text[]) s where starts_with(org_path, s))`;
    if (q.itemId) where += ` and item_id = $${params.push(q.itemId)}`;
    const total = Number((await sql.query<{ n: number }>(`select count(*)::int as n from evd_applications where ${where}`, params)).rows[0]!.n);
    const { rows } = await sql.query<ApplicationRow>(
      `select * from evd_applications where ${where} order by submitted_at desc, id limit $${params.push(q.limit)} offset $${params.push(q.offset)}`,
      params,
    );
    return { rows, total };
  },
  async update(sql: Sql, id: string, set: Partial<Pick<ApplicationRow, 'status' | 'paper_free' | 'previewed_at' | 'submitted_at'>>, now: Date): Promise<void> {
    const entries = Object.entries({ ...set, updated_at: now });
    await sql.query(`update evd_applications set ${entries.map(([k], i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [id, ...entries.map(([, v]) => v)]);
  },
  /** Per item: applications, submitted ones, and those served without paper (scopes null = all departments). */
  async stats(sql: Sql, scopes: string[] | null): Promise<Array<{ item_id: string; code: string; name: string; org_id: string; applications: number; submitted: number; paper_free: number }>> {
    const params: unknown[] = [];
    const where = scopes ? `where exists (select 1 from unnest($${params.push(scopes)}::text[]) s where starts_with(i.org_path, s))` : '';
    const { rows } = await sql.query<{ item_id: string; code: string; name: string; org_id: string; applications: number; submitted: number; paper_free: number }>(
      `select i.id as item_id, i.code, i.name, i.org_id,
              count(a.id) filter (where a.status <> 'cancelled')::int as applications,
              count(a.id) filter (where a.status = 'submitted')::int as submitted,
              count(a.id) filter (where a.status = 'submitted' and a.paper_free)::int as paper_free
         from evd_items i left join evd_applications a on a.item_id = i.id
         ${where}
        group by i.id, i.code, i.name, i.org_id
        order by i.code`,
      params,
    );
    return rows;
  },
};

export const pieces = {
  async replace(sql: Sql, applicationId: string, rows: PieceRow[]): Promise<void> {
    await sql.query('delete from evd_pieces where application_id = $1', [applicationId]);
    for (const p of rows) {
      await sql.query(
        `insert into evd_pieces (application_id, evidence_code, evidence_name, position, outcome, provider_kind, provider_name, missing_reason,
           preview_sealed, preview_digest, preview_calls, decision, paper_required)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [applicationId, p.evidence_code, p.evidence_name, p.position, p.outcome, p.provider_kind, p.provider_name, p.missing_reason,
          p.preview_sealed, p.preview_digest, JSON.stringify(p.preview_calls), p.decision, p.paper_required],
      );
    }
  },
  async of(sql: Sql, applicationIds: string[]): Promise<PieceRow[]> {
    if (!applicationIds.length) return [];
    return (await sql.query<PieceRow>('select * from evd_pieces where application_id = any($1::uuid[]) order by application_id, position', [applicationIds])).rows;
  },
  async decide(sql: Sql, applicationId: string, code: string, d: { decision: Decision; paperRequired: boolean; releasedSealed: string | null; releasedDigest: string | null; releaseCalls: unknown[]; releasedAt: Date | null }): Promise<void> {
    await sql.query(
      `update evd_pieces set decision = $3, paper_required = $4, released_sealed = $5, released_digest = $6, release_calls = $7, released_at = $8
        where application_id = $1 and evidence_code = $2`,
      [applicationId, code, d.decision, d.paperRequired, d.releasedSealed, d.releasedDigest, JSON.stringify(d.releaseCalls), d.releasedAt],
    );
  },
};
