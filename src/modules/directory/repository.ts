// SQL only: the directory's tables. No business rules here.
import type { Sql } from '../../kernel/db.ts';
import type { Role, RoleGrant } from '../../server/access.ts';

export type OrgKind = 'city' | 'district' | 'county' | 'county_city' | 'dev_zone' | 'street' | 'town' | 'community' | 'village' | 'department';

export interface OrgRow {
  id: string;
  parent_id: string | null;
  kind: OrgKind;
  level: number;
  name: string;
  short_name: string | null;
  region_code: string | null;
  uscc: string | null;
  path: string;
  sort: number;
}

export interface UserRow {
  id: string;
  username: string;
  name: string;
  mobile_masked: string;
  citizen_id_masked: string | null;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  status: 'active' | 'disabled';
  failed_attempts: number;
  locked_until: Date | null;
}

export interface PostRow {
  user_id: string;
  org_id: string;
  org_name: string;
  title: string;
  is_primary: boolean;
}

export interface ApiClientRow {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  name: string;
  key_prefix: string;
  status: 'active' | 'revoked';
  created_at: Date;
  last_used_at: Date | null;
}

const ORG_COLUMNS = 'id, parent_id, kind, level, name, short_name, region_code, uscc, path, sort';

export const orgs = {
  async all(sql: Sql): Promise<OrgRow[]> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs order by level, sort, name`)).rows;
  },
  async byId(sql: Sql, id: string): Promise<OrgRow | undefined> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs where id = $1`, [id])).rows[0];
  },
  async byIds(sql: Sql, ids: string[]): Promise<OrgRow[]> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs where id = any($1::uuid[])`, [ids])).rows;
  },
  async byRegionCode(sql: Sql, code: string): Promise<OrgRow | undefined> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs where region_code = $1`, [code])).rows[0];
  },
  async byUscc(sql: Sql, uscc: string): Promise<OrgRow | undefined> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs where uscc = $1`, [uscc])).rows[0];
  },
  async root(sql: Sql): Promise<OrgRow | undefined> {
    return (await sql.query<OrgRow>(`select ${ORG_COLUMNS} from dir_orgs where parent_id is null order by sort limit 1`)).rows[0];
  },
  async insert(sql: Sql, o: OrgRow, at: Date): Promise<void> {
    await sql.query(
      `insert into dir_orgs (id, parent_id, kind, level, name, short_name, region_code, uscc, path, sort, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [o.id, o.parent_id, o.kind, o.level, o.name, o.short_name, o.region_code, o.uscc, o.path, o.sort, at],
    );
  },
  async update(sql: Sql, id: string, patch: { name?: string; shortName?: string | null; sort?: number }, at: Date): Promise<void> {
    await sql.query(
      `update dir_orgs set name = coalesce($2, name), short_name = case when $3::boolean then $4 else short_name end,
              sort = coalesce($5, sort), updated_at = $6 where id = $1`,
      [id, patch.name ?? null, patch.shortName !== undefined, patch.shortName ?? null, patch.sort ?? null, at],
    );
  },
  async countByLevel(sql: Sql): Promise<Array<{ level: number; kind: string; count: number }>> {
    return (
      await sql.query<{ level: number; kind: string; count: number }>(
        "select level, case when kind = 'department' then 'department' else 'region' end as kind, count(*)::int8 as count from dir_orgs group by 1, 2 order by 1, 2",
      )
    ).rows;
  },
};

const USER_COLUMNS = `id, username, name, mobile_masked, citizen_id_masked, password_hash, totp_secret_enc, totp_enabled,
  totp_last_step, status, failed_attempts, locked_until`;

export interface NewUser {
  id: string;
  username: string;
  name: string;
  mobileEnc: string;
  mobileIndex: string;
  mobileMasked: string;
  citizenIdEnc: string | null;
  citizenIdIndex: string | null;
  citizenIdMasked: string | null;
  passwordHash: string;
}

export const users = {
  async byId(sql: Sql, id: string): Promise<UserRow | undefined> {
    return (await sql.query<UserRow>(`select ${USER_COLUMNS} from dir_users where id = $1`, [id])).rows[0];
  },
  async byUsername(sql: Sql, username: string): Promise<UserRow | undefined> {
    return (await sql.query<UserRow>(`select ${USER_COLUMNS} from dir_users where username = $1`, [username])).rows[0];
  },
  async existsByCitizenIndex(sql: Sql, index: string): Promise<boolean> {
    return (await sql.query('select 1 from dir_users where citizen_id_index = $1', [index])).rows.length > 0;
  },
  async insert(sql: Sql, u: NewUser, at: Date): Promise<void> {
    await sql.query(
      `insert into dir_users (id, username, name, mobile_enc, mobile_index, mobile_masked, citizen_id_enc, citizen_id_index,
         citizen_id_masked, password_hash, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [u.id, u.username, u.name, u.mobileEnc, u.mobileIndex, u.mobileMasked, u.citizenIdEnc, u.citizenIdIndex, u.citizenIdMasked, u.passwordHash, at],
    );
  },
  async update(sql: Sql, id: string, patch: { name?: string; status?: 'active' | 'disabled'; mobileEnc?: string; mobileIndex?: string; mobileMasked?: string }, at: Date): Promise<void> {
    await sql.query(
      `update dir_users set name = coalesce($2, name), status = coalesce($3, status), mobile_enc = coalesce($4, mobile_enc),
              mobile_index = coalesce($5, mobile_index), mobile_masked = coalesce($6, mobile_masked), updated_at = $7
        where id = $1`,
      [id, patch.name ?? null, patch.status ?? null, patch.mobileEnc ?? null, patch.mobileIndex ?? null, patch.mobileMasked ?? null, at],
    );
  },
  async setPassword(sql: Sql, id: string, hash: string, at: Date): Promise<void> {
    await sql.query('update dir_users set password_hash = $2, updated_at = $3 where id = $1', [id, hash, at]);
  },
  async recordFailure(sql: Sql, id: string, threshold: number, lockUntil: Date): Promise<{ failed_attempts: number; locked_until: Date | null }> {
    const { rows } = await sql.query<{ failed_attempts: number; locked_until: Date | null }>(
      `update dir_users set failed_attempts = failed_attempts + 1,
              locked_until = case when failed_attempts + 1 >= $2 then $3 else locked_until end
        where id = $1 returning failed_attempts, locked_until`,
      [id, threshold, lockUntil],
    );
    return rows[0]!;
  },
  async clearFailures(sql: Sql, id: string): Promise<void> {
    await sql.query('update dir_users set failed_attempts = 0, locked_until = null where id = $1 and (failed_attempts > 0 or locked_until is not null)', [id]);
  },
  async setTotp(sql: Sql, id: string, secretEnc: string | null, enabled: boolean, at: Date): Promise<void> {
    await sql.query('update dir_users set totp_secret_enc = $2, totp_enabled = $3, totp_last_step = null, updated_at = $4 where id = $1', [id, secretEnc, enabled, at]);
  },
  /** Records the TOTP time step used, refusing a step already used (replay). Returns false on replay. */
  async useTotpStep(sql: Sql, id: string, step: number): Promise<boolean> {
    const r = await sql.query('update dir_users set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id', [id, step]);
    return r.rows.length > 0;
  },
  async search(sql: Sql, f: { orgPath?: string; orgId?: string; q?: string; limit: number; offset: number }): Promise<{ rows: UserRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.orgId) {
      params.push(f.orgId);
      where.push(`exists (select 1 from dir_posts p where p.user_id = u.id and p.org_id = $${params.length})`);
    }
    if (f.orgPath) {
      params.push(`${f.orgPath}%`);
      where.push(`exists (select 1 from dir_posts p join dir_orgs o on o.id = p.org_id where p.user_id = u.id and o.path like $${params.length})`);
    }
    if (f.q) {
      params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.name like $${params.length} or u.username like $${params.length})`);
    }
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const total = (await sql.query<{ n: number }>(`select count(*)::int8 as n from dir_users u ${clause}`, params)).rows[0]?.n ?? 0;
    params.push(f.limit, f.offset);
    const { rows } = await sql.query<UserRow>(
      `select ${USER_COLUMNS.split(',').map((c) => `u.${c.trim()}`).join(', ')} from dir_users u ${clause}
        order by u.name, u.id limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { rows, total };
  },
  async count(sql: Sql): Promise<number> {
    return (await sql.query<{ n: number }>('select count(*)::int8 as n from dir_users')).rows[0]?.n ?? 0;
  },
};

export const posts = {
  async forUsers(sql: Sql, userIds: string[]): Promise<PostRow[]> {
    return (
      await sql.query<PostRow>(
        `select p.user_id, p.org_id, o.name as org_name, p.title, p.is_primary from dir_posts p join dir_orgs o on o.id = p.org_id
          where p.user_id = any($1::uuid[]) order by p.is_primary desc, o.name`,
        [userIds],
      )
    ).rows;
  },
  async upsert(sql: Sql, p: { userId: string; orgId: string; title: string; primary: boolean }, at: Date): Promise<void> {
    if (p.primary) await sql.query('update dir_posts set is_primary = false where user_id = $1 and org_id <> $2', [p.userId, p.orgId]);
    await sql.query(
      `insert into dir_posts (user_id, org_id, title, is_primary, created_at) values ($1, $2, $3, $4, $5)
       on conflict (user_id, org_id) do update set title = excluded.title, is_primary = excluded.is_primary`,
      [p.userId, p.orgId, p.title, p.primary, at],
    );
  },
  async remove(sql: Sql, userId: string, orgId: string): Promise<boolean> {
    return (await sql.query('delete from dir_posts where user_id = $1 and org_id = $2 returning user_id', [userId, orgId])).rows.length > 0;
  },
};

export const grants = {
  async forUsers(sql: Sql, userIds: string[]): Promise<Array<RoleGrant & { userId: string; orgName: string }>> {
    const { rows } = await sql.query<{ id: string; user_id: string; role: Role; org_id: string; path: string; name: string }>(
      `select g.id, g.user_id, g.role, g.org_id, o.path, o.name from dir_role_grants g join dir_orgs o on o.id = g.org_id
        where g.user_id = any($1::uuid[]) order by g.role, o.name`,
      [userIds],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id, role: r.role, orgId: r.org_id, orgPath: r.path, orgName: r.name }));
  },
  async byId(sql: Sql, id: string): Promise<{ id: string; user_id: string; role: Role; org_id: string; path: string } | undefined> {
    return (
      await sql.query<{ id: string; user_id: string; role: Role; org_id: string; path: string }>(
        'select g.id, g.user_id, g.role, g.org_id, o.path from dir_role_grants g join dir_orgs o on o.id = g.org_id where g.id = $1',
        [id],
      )
    ).rows[0];
  },
  async insert(sql: Sql, g: { id: string; userId: string; role: Role; orgId: string }, at: Date): Promise<boolean> {
    const r = await sql.query(
      'insert into dir_role_grants (id, user_id, role, org_id, created_at) values ($1, $2, $3, $4, $5) on conflict do nothing returning id',
      [g.id, g.userId, g.role, g.orgId, at],
    );
    return r.rows.length > 0;
  },
  async remove(sql: Sql, id: string): Promise<void> {
    await sql.query('delete from dir_role_grants where id = $1', [id]);
  },
};

export interface SessionLookup {
  session_id: string;
  user_id: string;
  username: string;
  name: string;
  status: string;
  expires_at: Date;
  last_seen_at: Date;
}

export const sessions = {
  async insert(sql: Sql, s: { id: string; tokenHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null }, at: Date): Promise<void> {
    await sql.query(
      `insert into dir_sessions (id, token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
       values ($1, $2, $3, $4, $5, $4, $6, $7)`,
      [s.id, s.tokenHash, s.userId, at, s.expiresAt, s.ip, s.userAgent],
    );
  },
  async lookup(sql: Sql, tokenHash: string, now: Date): Promise<SessionLookup | undefined> {
    return (
      await sql.query<SessionLookup>(
        `select s.id as session_id, s.user_id, u.username, u.name, u.status, s.expires_at, s.last_seen_at
           from dir_sessions s join dir_users u on u.id = s.user_id
          where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2`,
        [tokenHash, now],
      )
    ).rows[0];
  },
  async touch(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update dir_sessions set last_seen_at = $2 where id = $1', [id, at]);
  },
  async revoke(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update dir_sessions set revoked_at = $2 where id = $1 and revoked_at is null', [id, at]);
  },
  async revokeAllForUser(sql: Sql, userId: string, at: Date): Promise<number> {
    return (await sql.query('update dir_sessions set revoked_at = $2 where user_id = $1 and revoked_at is null returning id', [userId, at])).rows.length;
  },
  async revokeOthers(sql: Sql, userId: string, keepSessionId: string, at: Date): Promise<void> {
    await sql.query('update dir_sessions set revoked_at = $3 where user_id = $1 and id <> $2 and revoked_at is null', [userId, keepSessionId, at]);
  },
  async deleteExpired(sql: Sql, before: Date): Promise<number> {
    return (await sql.query('delete from dir_sessions where expires_at < $1 or revoked_at < $1 returning id', [before])).rows.length;
  },
};

const CLIENT_COLUMNS = `c.id, c.org_id, o.name as org_name, o.path as org_path, c.name, c.key_prefix, c.status, c.created_at, c.last_used_at`;

export const apiClients = {
  async byKeyHash(sql: Sql, keyHash: string): Promise<ApiClientRow | undefined> {
    return (
      await sql.query<ApiClientRow>(
        `select ${CLIENT_COLUMNS} from dir_api_clients c join dir_orgs o on o.id = c.org_id where c.key_hash = $1 and c.status = 'active'`,
        [keyHash],
      )
    ).rows[0];
  },
  async byId(sql: Sql, id: string): Promise<ApiClientRow | undefined> {
    return (await sql.query<ApiClientRow>(`select ${CLIENT_COLUMNS} from dir_api_clients c join dir_orgs o on o.id = c.org_id where c.id = $1`, [id])).rows[0];
  },
  async byIds(sql: Sql, ids: string[]): Promise<ApiClientRow[]> {
    return (await sql.query<ApiClientRow>(`select ${CLIENT_COLUMNS} from dir_api_clients c join dir_orgs o on o.id = c.org_id where c.id = any($1::uuid[])`, [ids])).rows;
  },
  async list(sql: Sql, f: { orgPath?: string }): Promise<ApiClientRow[]> {
    const params = f.orgPath ? [`${f.orgPath}%`] : [];
    return (
      await sql.query<ApiClientRow>(
        `select ${CLIENT_COLUMNS} from dir_api_clients c join dir_orgs o on o.id = c.org_id
          ${f.orgPath ? 'where o.path like $1' : ''} order by c.created_at desc`,
        params,
      )
    ).rows;
  },
  async insert(sql: Sql, c: { id: string; orgId: string; name: string; keyPrefix: string; keyHash: string; createdBy: string | null }, at: Date): Promise<void> {
    await sql.query(
      `insert into dir_api_clients (id, org_id, name, key_prefix, key_hash, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, c.orgId, c.name, c.keyPrefix, c.keyHash, c.createdBy, at],
    );
  },
  async rotate(sql: Sql, id: string, keyPrefix: string, keyHash: string, at: Date): Promise<void> {
    await sql.query('update dir_api_clients set key_prefix = $2, key_hash = $3, rotated_at = $4 where id = $1', [id, keyPrefix, keyHash, at]);
  },
  async revoke(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query("update dir_api_clients set status = 'revoked', revoked_at = $2 where id = $1", [id, at]);
  },
  async touch(sql: Sql, id: string, at: Date): Promise<void> {
    await sql.query('update dir_api_clients set last_used_at = $2 where id = $1', [id, at]);
  },
  async count(sql: Sql): Promise<number> {
    return (await sql.query<{ n: number }>("select count(*)::int8 as n from dir_api_clients where status = 'active'")).rows[0]?.n ?? 0;
  },
};
