// SQL only: the citizens module's tables. No business rules here.
import type { Sql } from '../../kernel/db.ts';

export interface AccountRow {
  id: string;
  mobile_index: string;
  mobile_sealed: string;
  mobile_masked: string;
  holder_index: string | null;
  id_number_sealed: string | null;
  id_number_masked: string | null;
  name_sealed: string | null;
  name_masked: string | null;
  bound_at: Date | null;
  status: 'active' | 'disabled';
  created_at: Date;
  last_signin_at: Date | null;
}

export interface OtpRow { id: string; code_hash: string; created_at: Date; expires_at: Date; attempts: number; consumed_at: Date | null }

const ACCOUNT_COLUMNS = `id, mobile_index, mobile_sealed, mobile_masked, holder_index, id_number_sealed, id_number_masked, name_sealed,
  name_masked, bound_at, status, created_at, last_signin_at`;

export const accounts = {
  async byId(sql: Sql, id: string): Promise<AccountRow | undefined> {
    return (await sql.query<AccountRow>(`select ${ACCOUNT_COLUMNS} from cit_accounts where id = $1`, [id])).rows[0];
  },
  async byMobile(sql: Sql, mobileIndex: string, forUpdate = false): Promise<AccountRow | undefined> {
    return (await sql.query<AccountRow>(`select ${ACCOUNT_COLUMNS} from cit_accounts where mobile_index = $1${forUpdate ? ' for update' : ''}`, [mobileIndex])).rows[0];
  },
  /** Inserts unless the mobile number has an account already (two first sign-ins at once end with one). */
  async insertIfNone(sql: Sql, a: Pick<AccountRow, 'id' | 'mobile_index' | 'mobile_sealed' | 'mobile_masked' | 'created_at'>): Promise<boolean> {
    const r = await sql.query(
      `insert into cit_accounts (id, mobile_index, mobile_sealed, mobile_masked, created_at) values ($1, $2, $3, $4, $5)
       on conflict (mobile_index) do nothing returning id`,
      [a.id, a.mobile_index, a.mobile_sealed, a.mobile_masked, a.created_at],
    );
    return r.rows.length === 1;
  },
  /** Binds an unbound account; false when it was bound meanwhile. */
  async bind(sql: Sql, id: string, b: { holderIndex: string; idNumberSealed: string; idNumberMasked: string; nameSealed: string; nameMasked: string; at: Date }): Promise<boolean> {
    const r = await sql.query(
      `update cit_accounts set holder_index = $2, id_number_sealed = $3, id_number_masked = $4, name_sealed = $5, name_masked = $6, bound_at = $7
        where id = $1 and holder_index is null returning id`,
      [id, b.holderIndex, b.idNumberSealed, b.idNumberMasked, b.nameSealed, b.nameMasked, b.at],
    );
    return r.rows.length === 1;
  },
  async unbind(sql: Sql, id: string): Promise<void> {
    await sql.query('update cit_accounts set holder_index = null, id_number_sealed = null, id_number_masked = null, name_sealed = null, name_masked = null, bound_at = null where id = $1', [id]);
  },
  async signedIn(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update cit_accounts set last_signin_at = $2 where id = $1', [id, at]);
  },
};

export const otps = {
  async latest(sql: Sql, mobileIndex: string, forUpdate = false): Promise<OtpRow | undefined> {
    return (
      await sql.query<OtpRow>(
        `select id, code_hash, created_at, expires_at, attempts, consumed_at from cit_otp_codes where mobile_index = $1
          order by created_at desc limit 1${forUpdate ? ' for update' : ''}`,
        [mobileIndex],
      )
    ).rows[0];
  },
  async sentSince(sql: Sql, mobileIndex: string, since: Date): Promise<number> {
    return Number((await sql.query<{ n: number }>('select count(*)::int as n from cit_otp_codes where mobile_index = $1 and created_at > $2', [mobileIndex, since])).rows[0]!.n);
  },
  async insert(sql: Sql, o: { id: string; mobileIndex: string; codeHash: string; at: Date; expiresAt: Date }): Promise<void> {
    await sql.query('insert into cit_otp_codes (id, mobile_index, code_hash, created_at, expires_at) values ($1, $2, $3, $4, $5)', [o.id, o.mobileIndex, o.codeHash, o.at, o.expiresAt]);
  },
  async countAttempt(sql: Sql, id: string): Promise<void> {
    await sql.query('update cit_otp_codes set attempts = attempts + 1 where id = $1', [id]);
  },
  async consume(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update cit_otp_codes set consumed_at = $2, attempts = attempts + 1 where id = $1', [id, at]);
  },
  async deleteBefore(sql: Sql, before: Date): Promise<number> {
    return (await sql.query('delete from cit_otp_codes where created_at < $1 returning id', [before])).rows.length;
  },
};

export interface CitizenSessionLookup { session_id: string; account_id: string; name_masked: string | null; holder_index: string | null; status: string; last_seen_at: Date }

export const sessions = {
  async insert(sql: Sql, s: { id: string; tokenHash: string; accountId: string; at: Date; expiresAt: Date; ip: string | null; userAgent: string | null }): Promise<void> {
    await sql.query(
      `insert into cit_sessions (id, token_hash, account_id, created_at, expires_at, last_seen_at, ip, user_agent) values ($1, $2, $3, $4, $5, $4, $6, $7)`,
      [s.id, s.tokenHash, s.accountId, s.at, s.expiresAt, s.ip, s.userAgent],
    );
  },
  async lookup(sql: Sql, tokenHash: string, now: Date): Promise<CitizenSessionLookup | undefined> {
    return (
      await sql.query<CitizenSessionLookup>(
        `select s.id as session_id, a.id as account_id, a.name_masked, a.holder_index, a.status, s.last_seen_at
           from cit_sessions s join cit_accounts a on a.id = s.account_id
          where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2`,
        [tokenHash, now],
      )
    ).rows[0];
  },
  async touch(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update cit_sessions set last_seen_at = $2 where id = $1', [id, at]);
  },
  async revoke(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update cit_sessions set revoked_at = $2 where id = $1 and revoked_at is null', [id, at]);
  },
};
