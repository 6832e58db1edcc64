// SQL over the credentials module's own tables.
import type { Sql } from '../../kernel/db.ts';
import { newId } from '../../kernel/ids.ts';
import type { LicenceType } from './licence-types.ts';
import type { LicenceStatus } from './model.ts';

export interface TypeRow { code: string; name: string; issuer_org_id: string; definition: LicenceType; source_entry_id: string | null; created_at: Date; updated_at: Date }
export interface KeyRow { id: string; org_id: string; alg: 'EdDSA' | 'ES256' | 'SM2'; kid: string; public_jwk: Record<string, string>; public_pem: string; sealed_private: string; status: 'active' | 'retired'; created_at: Date }
export interface StatusListRow { id: string; org_id: string; bits: 1 | 2; size: number; next_index: number; data: Uint8Array; updated_at: Date }
export interface LicenceRow {
  id: string; identifier: string; type_code: string; issuer_org_id: string; holder_kind: 'citizen' | 'organisation'; holder_index: string;
  holder_masked: string; holder_name_masked: string; claims_sealed: string; issued_at: Date; valid_until: string | null; status: LicenceStatus;
  status_reason: string | null; status_changed_at: Date | null; status_list_id: string; status_index: number; source_key: Record<string, unknown> | null;
  run_id: string | null; issued_by: string | null; version: number;
}
export type NewLicence = Omit<LicenceRow, 'status' | 'status_reason' | 'status_changed_at'>;
export interface RunRow {
  id: string; type_code: string; issuer_org_id: string; status: 'queued' | 'running' | 'succeeded' | 'failed'; total: number; issued: number; skipped: number;
  failed: number; last_seq: string; started_by: string | null; created_at: Date; started_at: Date | null; finished_at: Date | null; error: string | null;
}

// valid_until as text: a date column would come back as a Date at local midnight and shift by time zone.
const LICENCE_COLUMNS = `id, identifier, type_code, issuer_org_id, holder_kind, holder_index, holder_masked, holder_name_masked, claims_sealed, issued_at,
  valid_until::text as valid_until, status, status_reason, status_changed_at, status_list_id, status_index, source_key, run_id, issued_by, version`;

export const types = {
  async upsert(sql: Sql, t: { code: string; name: string; issuerOrgId: string; definition: LicenceType; sourceEntryId: string | null }, now: Date): Promise<void> {
    await sql.query(
      `insert into cred_types (code, name, issuer_org_id, definition, source_entry_id, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)
       on conflict (code) do update set name = excluded.name, issuer_org_id = excluded.issuer_org_id, definition = excluded.definition,
         source_entry_id = coalesce(excluded.source_entry_id, cred_types.source_entry_id), updated_at = excluded.updated_at`,
      [t.code, t.name, t.issuerOrgId, JSON.stringify(t.definition), t.sourceEntryId, now],
    );
  },
  async byCode(sql: Sql, code: string): Promise<TypeRow | undefined> {
    return (await sql.query<TypeRow>('select * from cred_types where code = $1', [code])).rows[0];
  },
  async list(sql: Sql): Promise<TypeRow[]> {
    return (await sql.query<TypeRow>('select * from cred_types order by code')).rows;
  },
};

export const keys = {
  async active(sql: Sql, orgId: string, alg: string): Promise<KeyRow | undefined> {
    return (await sql.query<KeyRow>(`select * from cred_issuer_keys where org_id = $1 and alg = $2 and status = 'active'`, [orgId, alg])).rows[0];
  },
  /** Inserts a first active key; does nothing when another process got there first. */
  async insertIfNone(sql: Sql, k: Omit<KeyRow, 'status'>): Promise<void> {
    await sql.query(
      `insert into cred_issuer_keys (id, org_id, alg, kid, public_jwk, public_pem, sealed_private, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (org_id, alg) where status = 'active' do nothing`,
      [k.id, k.org_id, k.alg, k.kid, JSON.stringify(k.public_jwk), k.public_pem, k.sealed_private, k.created_at],
    );
  },
  async ofOrg(sql: Sql, orgId: string): Promise<KeyRow[]> {
    return (await sql.query<KeyRow>('select * from cred_issuer_keys where org_id = $1 order by created_at', [orgId])).rows;
  },
};

export const statusLists = {
  /**
   * `n` fresh entries of the issuer's lists, in order, opening a new list when one fills up. The open list's
   * row lock serialises allocation, so two issuers' transactions never take the same index.
   */
  async allocate(sql: Sql, orgId: string, n: number, bits: 1 | 2, size: number, now: Date): Promise<Array<{ listId: string; index: number }>> {
    const out: Array<{ listId: string; index: number }> = [];
    while (out.length < n) {
      let list = (await sql.query<{ id: string; size: number; next_index: number }>(
        `select id, size, next_index from cred_status_lists where org_id = $1 and bits = $2 and next_index < size order by created_at limit 1 for update`,
        [orgId, bits],
      )).rows[0];
      if (!list) {
        list = { id: newId(), size, next_index: 0 };
        await sql.query(
          `insert into cred_status_lists (id, org_id, bits, size, next_index, data, created_at, updated_at) values ($1, $2, $3, $4, 0, $5, $6, $6)`,
          [list.id, orgId, bits, size, Buffer.alloc((size * bits) / 8), now],
        );
      }
      const take = Math.min(n - out.length, list.size - list.next_index);
      await sql.query('update cred_status_lists set next_index = next_index + $2, updated_at = $3 where id = $1', [list.id, take, now]);
      for (let i = 0; i < take; i++) out.push({ listId: list.id, index: list.next_index + i });
    }
    return out;
  },
  /** Sets one entry in place: one byte of `data` changes, the rest of the list is not read into the process. */
  async setEntry(sql: Sql, listId: string, index: number, value: number, now: Date): Promise<void> {
    const { rows } = await sql.query<{ bits: number }>('select bits from cred_status_lists where id = $1 for update', [listId]);
    const bits = rows[0]!.bits;
    const bit = index * bits;
    const mask = ((1 << bits) - 1) << (bit & 7);
    await sql.query(
      'update cred_status_lists set data = set_byte(data, $2, (get_byte(data, $2) & $3) | $4), updated_at = $5 where id = $1',
      [listId, bit >> 3, ~mask & 0xff, (value << (bit & 7)) & mask, now],
    );
  },
  async byId(sql: Sql, id: string): Promise<StatusListRow | undefined> {
    return (await sql.query<StatusListRow>('select * from cred_status_lists where id = $1', [id])).rows[0];
  },
};

/** The next `n` sequence numbers of a type at an issuer; returns the first. Row-locked until commit. */
export async function allocateSequence(sql: Sql, typeCode: string, orgId: string, n: number): Promise<number> {
  const { rows } = await sql.query<{ last_value: string }>(
    `insert into cred_sequences (type_code, issuer_org_id, last_value) values ($1, $2, $3)
     on conflict (type_code, issuer_org_id) do update set last_value = cred_sequences.last_value + excluded.last_value
     returning last_value`,
    [typeCode, orgId, n],
  );
  return Number(rows[0]!.last_value) - n + 1;
}

export const licences = {
  async insert(sql: Sql, l: NewLicence): Promise<void> {
    await sql.query(
      `insert into cred_licences (id, identifier, type_code, issuer_org_id, holder_kind, holder_index, holder_masked, holder_name_masked, claims_sealed,
         issued_at, valid_until, status_list_id, status_index, source_key, run_id, issued_by, version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [l.id, l.identifier, l.type_code, l.issuer_org_id, l.holder_kind, l.holder_index, l.holder_masked, l.holder_name_masked, l.claims_sealed,
        l.issued_at, l.valid_until, l.status_list_id, l.status_index, l.source_key === null ? null : JSON.stringify(l.source_key), l.run_id, l.issued_by, l.version],
    );
  },
  async byId(sql: Sql, id: string, lock = false): Promise<LicenceRow | undefined> {
    return (await sql.query<LicenceRow>(`select ${LICENCE_COLUMNS} from cred_licences where id = $1${lock ? ' for update' : ''}`, [id])).rows[0];
  },
  async setStatus(sql: Sql, id: string, status: LicenceStatus, reason: string, now: Date): Promise<void> {
    await sql.query('update cred_licences set status = $2, status_reason = $3, status_changed_at = $4 where id = $1', [id, status, reason, now]);
  },
  /** Which of these source keys already hold a live licence of the type (compared as jsonb, so key order does not matter). */
  async issuedSourceKeys(sql: Sql, typeCode: string, sourceKeys: string[]): Promise<Set<string>> {
    if (!sourceKeys.length) return new Set();
    const { rows } = await sql.query<{ k: string }>(
      `select k from unnest($2::text[]) as k where exists (select 1 from cred_licences l where l.type_code = $1 and l.status <> 'revoked' and l.source_key = k::jsonb)`,
      [typeCode, sourceKeys],
    );
    return new Set(rows.map((r) => r.k));
  },
  async page(sql: Sql, f: { orgIds: string[] | null; typeCode?: string; status?: string; today: string; limit: number; offset: number }): Promise<{ rows: LicenceRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    if (f.orgIds) where.push(`issuer_org_id = any(${p(f.orgIds)}::uuid[])`);
    if (f.typeCode) where.push(`type_code = ${p(f.typeCode)}`);
    if (f.status === 'expired') where.push(`status = 'valid' and valid_until < ${p(f.today)}::date`);
    else if (f.status === 'valid') where.push(`status = 'valid' and (valid_until is null or valid_until >= ${p(f.today)}::date)`);
    else if (f.status) where.push(`status = ${p(f.status)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const total = Number((await sql.query<{ n: number }>(`select count(*)::int as n from cred_licences ${clause}`, params)).rows[0]!.n);
    const rows = (await sql.query<LicenceRow>(`select ${LICENCE_COLUMNS} from cred_licences ${clause} order by issued_at desc, id limit ${p(f.limit)} offset ${p(f.offset)}`, params)).rows;
    return { rows, total };
  },
};

export const runs = {
  async insert(sql: Sql, r: { id: string; typeCode: string; issuerOrgId: string; startedBy: string | null; now: Date }): Promise<boolean> {
    const { rows } = await sql.query(
      `insert into cred_issuance_runs (id, type_code, issuer_org_id, status, started_by, created_at) values ($1, $2, $3, 'queued', $4, $5)
       on conflict (type_code) where status in ('queued', 'running') do nothing returning id`,
      [r.id, r.typeCode, r.issuerOrgId, r.startedBy, r.now],
    );
    return rows.length > 0;
  },
  async byId(sql: Sql, id: string, lock = false): Promise<RunRow | undefined> {
    return (await sql.query<RunRow>(`select * from cred_issuance_runs where id = $1${lock ? ' for update' : ''}`, [id])).rows[0];
  },
  async activeFor(sql: Sql, typeCode: string): Promise<RunRow | undefined> {
    return (await sql.query<RunRow>(`select * from cred_issuance_runs where type_code = $1 and status in ('queued', 'running')`, [typeCode])).rows[0];
  },
  async update(sql: Sql, id: string, set: Partial<Pick<RunRow, 'status' | 'total' | 'started_at' | 'finished_at' | 'error'>> & { add?: { issued: number; skipped: number; failed: number }; lastSeq?: string }): Promise<void> {
    await sql.query(
      `update cred_issuance_runs set status = coalesce($2, status), total = coalesce($3, total), started_at = coalesce($4, started_at),
         finished_at = coalesce($5, finished_at), error = coalesce($6, error), issued = issued + $7, skipped = skipped + $8, failed = failed + $9,
         last_seq = coalesce($10::bigint, last_seq) where id = $1`,
      [id, set.status ?? null, set.total ?? null, set.started_at ?? null, set.finished_at ?? null, set.error ?? null, set.add?.issued ?? 0, set.add?.skipped ?? 0, set.add?.failed ?? 0, set.lastSeq ?? null],
    );
  },
};
