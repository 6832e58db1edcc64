// SQL for the wallet and the verifiers: holder keys, copies, verifier organisations, verification records.
import type { Sql } from '../../kernel/db.ts';
import type { LicenceRow } from './repository.ts';

export interface HolderKeyRow { id: string; citizen_id: string; holder_index: string; public_jwk: Record<string, unknown>; thumbprint: string; revoked_at: Date | null }
export interface CopyRow { id: string; licence_id: string; citizen_id: string; purpose: string; recipient: string; fields: string[]; expires_at: Date; created_at: Date; withdrawn_at: Date | null }
export interface VerifierRow { id: string; name: string; uscc: string; category: string; region_org_id: string; address: string | null; status: 'active' | 'disabled'; registered_at: Date }
export interface CheckRow {
  id: string; at: Date; verifier_name: string | null; verifier_category: string | null; type_code: string | null; scene: string | null;
  disclosed: string[]; ok: boolean; reason: string | null; copy_id: string | null;
}

const LICENCE_COLUMNS = `id, identifier, type_code, issuer_org_id, holder_kind, holder_index, holder_masked, holder_name_masked, claims_sealed, issued_at,
  valid_until::text as valid_until, status, status_reason, status_changed_at, status_list_id, status_index, source_key, run_id, issued_by, version`;

export const wallet = {
  async licencesOfHolder(sql: Sql, holderIndex: string): Promise<LicenceRow[]> {
    return (await sql.query<LicenceRow>(`select ${LICENCE_COLUMNS} from cred_licences where holder_index = $1 order by issued_at desc, id`, [holderIndex])).rows;
  },
  async licenceByStatusEntry(sql: Sql, listId: string, index: number): Promise<LicenceRow | undefined> {
    return (await sql.query<LicenceRow>(`select ${LICENCE_COLUMNS} from cred_licences where status_list_id = $1 and status_index = $2`, [listId, index])).rows[0];
  },
  async keyByThumbprint(sql: Sql, thumbprint: string): Promise<HolderKeyRow | undefined> {
    return (await sql.query<HolderKeyRow>('select id, citizen_id, holder_index, public_jwk, thumbprint, revoked_at from cred_holder_keys where thumbprint = $1', [thumbprint])).rows[0];
  },
  async keyById(sql: Sql, id: string): Promise<HolderKeyRow | undefined> {
    return (await sql.query<HolderKeyRow>('select id, citizen_id, holder_index, public_jwk, thumbprint, revoked_at from cred_holder_keys where id = $1', [id])).rows[0];
  },
  /** False when a key with this thumbprint exists already. */
  async insertKey(sql: Sql, k: { id: string; citizenId: string; holderIndex: string; jwk: object; thumbprint: string; device: string | null; at: Date }): Promise<boolean> {
    const r = await sql.query(
      `insert into cred_holder_keys (id, citizen_id, holder_index, public_jwk, thumbprint, device, created_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (thumbprint) do nothing returning id`,
      [k.id, k.citizenId, k.holderIndex, JSON.stringify(k.jwk), k.thumbprint, k.device, k.at],
    );
    return r.rows.length === 1;
  },
  async insertCopy(sql: Sql, c: { id: string; licenceId: string; citizenId: string; purpose: string; recipient: string; fields: string[]; expiresAt: Date; at: Date }): Promise<void> {
    await sql.query(
      'insert into cred_copies (id, licence_id, citizen_id, purpose, recipient, fields, expires_at, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)',
      [c.id, c.licenceId, c.citizenId, c.purpose, c.recipient, c.fields, c.expiresAt, c.at],
    );
  },
  async copiesOf(sql: Sql, citizenId: string): Promise<Array<CopyRow & { type_code: string; claims_sealed: string }>> {
    return (
      await sql.query<CopyRow & { type_code: string; claims_sealed: string }>(
        `select c.id, c.licence_id, c.citizen_id, c.purpose, c.recipient, c.fields, c.expires_at, c.created_at, c.withdrawn_at, l.type_code, l.claims_sealed
           from cred_copies c join cred_licences l on l.id = c.licence_id where c.citizen_id = $1 order by c.created_at desc limit 200`,
        [citizenId],
      )
    ).rows;
  },
  async copyById(sql: Sql, id: string): Promise<CopyRow | undefined> {
    return (await sql.query<CopyRow>('select id, licence_id, citizen_id, purpose, recipient, fields, expires_at, created_at, withdrawn_at from cred_copies where id = $1', [id])).rows[0];
  },
  async withdrawCopy(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update cred_copies set withdrawn_at = $2 where id = $1 and withdrawn_at is null', [id, at]);
  },
  async checksOfHolder(sql: Sql, holderIndex: string, limit: number): Promise<CheckRow[]> {
    return (
      await sql.query<CheckRow>(
        `select v.id, v.at, f.name as verifier_name, f.category as verifier_category, v.type_code, v.scene, v.disclosed, v.ok, v.reason, v.copy_id
           from cred_verifications v left join cred_verifiers f on f.id = v.verifier_id
          where v.holder_index = $1 order by v.at desc limit $2`,
        [holderIndex, limit],
      )
    ).rows;
  },
  async insertCheck(sql: Sql, c: {
    id: string; at: Date; verifierId: string | null; userId: string | null; licenceId: string | null; typeCode: string | null; issuerOrgId: string | null;
    holderIndex: string | null; scene: string | null; disclosed: string[]; ok: boolean; reason: string | null; copyId: string | null; presentationDigest: string | null;
  }): Promise<void> {
    await sql.query(
      `insert into cred_verifications (id, at, verifier_id, verifier_user_id, licence_id, type_code, issuer_org_id, holder_index, scene, disclosed, ok, reason, copy_id, presentation_digest)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [c.id, c.at, c.verifierId, c.userId, c.licenceId, c.typeCode, c.issuerOrgId, c.holderIndex, c.scene, c.disclosed, c.ok, c.reason, c.copyId, c.presentationDigest],
    );
  },
  async presentationSeen(sql: Sql, digest: string): Promise<boolean> {
    return (await sql.query('select 1 from cred_verifications where presentation_digest = $1', [digest])).rows.length > 0;
  },
  async verifierOfUser(sql: Sql, userId: string): Promise<VerifierRow | undefined> {
    return (
      await sql.query<VerifierRow>(
        `select f.id, f.name, f.uscc, f.category, f.region_org_id, f.address, f.status, f.registered_at
           from cred_verifier_staff s join cred_verifiers f on f.id = s.verifier_id where s.user_id = $1`,
        [userId],
      )
    ).rows[0];
  },
  async insertVerifier(sql: Sql, v: { id: string; name: string; uscc: string; category: string; regionOrgId: string; address: string | null; at: Date; by: string | null }): Promise<boolean> {
    const r = await sql.query(
      `insert into cred_verifiers (id, name, uscc, category, region_org_id, address, registered_at, registered_by) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (uscc) do nothing returning id`,
      [v.id, v.name, v.uscc, v.category, v.regionOrgId, v.address, v.at, v.by],
    );
    return r.rows.length === 1;
  },
  async insertStaff(sql: Sql, userId: string, verifierId: string, at: Date): Promise<void> {
    await sql.query('insert into cred_verifier_staff (user_id, verifier_id, created_at) values ($1, $2, $3)', [userId, verifierId, at]);
  },
  async verifiers(sql: Sql, regionOrgIds: string[] | null): Promise<Array<VerifierRow & { staff: number; checks: number }>> {
    return (
      await sql.query<VerifierRow & { staff: number; checks: number }>(
        `select f.id, f.name, f.uscc, f.category, f.region_org_id, f.address, f.status, f.registered_at,
                (select count(*)::int from cred_verifier_staff s where s.verifier_id = f.id) as staff,
                (select count(*)::int from cred_verifications v where v.verifier_id = f.id) as checks
           from cred_verifiers f where ($1::uuid[] is null or f.region_org_id = any($1::uuid[])) order by f.registered_at desc`,
        [regionOrgIds],
      )
    ).rows;
  },
  /** Every issuer key a JOSE verifier can use (SM2 has no JOSE algorithm), retired ones included. */
  async joseIssuerKeys(sql: Sql): Promise<Array<{ org_id: string; kid: string; alg: string; public_jwk: Record<string, unknown>; status: string }>> {
    return (await sql.query<{ org_id: string; kid: string; alg: string; public_jwk: Record<string, unknown>; status: string }>(
      `select org_id, kid, alg, public_jwk, status from cred_issuer_keys where alg <> 'SM2' order by org_id, created_at`,
    )).rows;
  },
  async statusListIds(sql: Sql): Promise<Array<{ id: string }>> {
    return (await sql.query<{ id: string }>('select id from cred_status_lists order by created_at')).rows;
  },
  /** Checks of licences of these issuers since a moment, counted by type, outcome, reason and verifier category. */
  async checkCounts(sql: Sql, issuerOrgIds: string[] | null, since: Date): Promise<Array<{ type_code: string | null; ok: boolean; reason: string | null; category: string | null; n: number }>> {
    return (
      await sql.query<{ type_code: string | null; ok: boolean; reason: string | null; category: string | null; n: number }>(
        `select v.type_code, v.ok, v.reason, f.category, count(*)::int as n
           from cred_verifications v left join cred_verifiers f on f.id = v.verifier_id
          where v.at >= $2 and v.issuer_org_id is not null and ($1::uuid[] is null or v.issuer_org_id = any($1::uuid[]))
          group by 1, 2, 3, 4`,
        [issuerOrgIds, since],
      )
    ).rows;
  },
  async statusEntry(sql: Sql, listId: string, index: number): Promise<number | undefined> {
    const { rows } = await sql.query<{ bits: number; b: number }>(
      'select bits, get_byte(data, (($2::int * bits) >> 3)) as b from cred_status_lists where id = $1 and $2::int < size',
      [listId, index],
    );
    const r = rows[0];
    if (!r) return undefined;
    return (r.b >> ((index * r.bits) & 7)) & ((1 << r.bits) - 1);
  },
};
