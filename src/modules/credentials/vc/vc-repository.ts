// SQL over the VC tables (migrations/0002_vc.sql).
import type { Sql } from '../../../kernel/db.ts';
import { newId } from '../../../kernel/ids.ts';
import { bitPosition, type StatusPurpose } from './bitstring.ts';

export type VcStatus = 'valid' | 'suspended' | 'revoked';
export interface VcStatusListRow { id: string; org_id: string; status_purpose: StatusPurpose; size: number; next_index: number; data: Uint8Array; updated_at: Date }
export interface VcRow {
  id: string; credential_id: string; issuer_org_id: string; types: string[]; status: VcStatus; status_reason: string | null; status_changed_at: Date | null;
  revocation_list_id: string; revocation_index: number; suspension_list_id: string; suspension_index: number;
  valid_from: Date | null; valid_until: Date | null; issued_by: string | null; created_at: Date;
}

export const vcStatusLists = {
  /**
   * A fresh entry of the issuer's open list of `purpose`, opening a new list when the last one is full.
   * The open list's row lock serialises allocation until commit, so no two credentials share an entry.
   */
  async allocate(sql: Sql, orgId: string, purpose: StatusPurpose, size: number, now: Date): Promise<{ listId: string; index: number }> {
    let list = (await sql.query<{ id: string; next_index: number }>(
      `select id, next_index from cred_vc_status_lists where org_id = $1 and status_purpose = $2 and next_index < size order by created_at limit 1 for update`,
      [orgId, purpose],
    )).rows[0];
    if (!list) {
      list = { id: newId(), next_index: 0 };
      await sql.query(
        `insert into cred_vc_status_lists (id, org_id, status_purpose, size, next_index, data, created_at, updated_at) values ($1, $2, $3, $4, 0, $5, $6, $6)`,
        [list.id, orgId, purpose, size, Buffer.alloc(size / 8), now],
      );
    }
    await sql.query('update cred_vc_status_lists set next_index = next_index + 1, updated_at = $2 where id = $1', [list.id, now]);
    return { listId: list.id, index: list.next_index };
  },
  /** Sets or clears one entry in place: one byte of `data` changes. */
  async setBit(sql: Sql, listId: string, index: number, on: boolean, now: Date): Promise<void> {
    const { byte, mask } = bitPosition(index);
    await sql.query(
      'update cred_vc_status_lists set data = set_byte(data, $2, (get_byte(data, $2) & $3) | $4), updated_at = $5 where id = $1',
      [listId, byte, ~mask & 0xff, on ? mask : 0, now],
    );
  },
  async byId(sql: Sql, id: string): Promise<VcStatusListRow | undefined> {
    return (await sql.query<VcStatusListRow>('select * from cred_vc_status_lists where id = $1', [id])).rows[0];
  },
};

export const vcs = {
  /** False when a credential with this id exists (two issues of one id at once end with one). */
  async insert(sql: Sql, r: Omit<VcRow, 'status' | 'status_reason' | 'status_changed_at'>): Promise<boolean> {
    const res = await sql.query(
      `insert into cred_vcs (id, credential_id, issuer_org_id, types, revocation_list_id, revocation_index, suspension_list_id, suspension_index,
         valid_from, valid_until, issued_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       on conflict (credential_id) do nothing returning id`,
      [r.id, r.credential_id, r.issuer_org_id, r.types, r.revocation_list_id, r.revocation_index, r.suspension_list_id, r.suspension_index,
        r.valid_from, r.valid_until, r.issued_by, r.created_at],
    );
    return res.rows.length === 1;
  },
  async byCredentialId(sql: Sql, credentialId: string, lock = false): Promise<VcRow | undefined> {
    return (await sql.query<VcRow>(`select * from cred_vcs where credential_id = $1${lock ? ' for update' : ''}`, [credentialId])).rows[0];
  },
  async setStatus(sql: Sql, id: string, status: VcStatus, reason: string | null, now: Date): Promise<void> {
    await sql.query('update cred_vcs set status = $2, status_reason = $3, status_changed_at = $4 where id = $1', [id, status, reason, now]);
  },
};
