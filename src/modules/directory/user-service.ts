// Users (staff with real names), their posts (兼职 in several organisations) and role grants.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal, Role } from '../../server/access.ts';
import { assertStrongPassword, hashPassword } from './auth-service.ts';
import type { DirectoryDeps } from './deps.ts';
import { isMobileNumber, maskCitizenId, maskMobile, validateCitizenId } from './identifiers.ts';
import { canGrantRole, canManageOrg } from './policy.ts';
import { grants, orgs, posts, sessions, users, type UserRow } from './repository.ts';

export interface UserView {
  id: string;
  username: string;
  name: string;
  mobileMasked: string;
  citizenIdMasked: string | null;
  status: 'active' | 'disabled';
  totpEnabled: boolean;
  posts: Array<{ orgId: string; orgName: string; title: string; primary: boolean }>;
  roles: Array<{ id: string; role: Role; orgId: string; orgName: string }>;
}

async function views(sql: Sql, rows: UserRow[]): Promise<UserView[]> {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [postRows, grantRows] = await Promise.all([posts.forUsers(sql, ids), grants.forUsers(sql, ids)]);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    mobileMasked: u.mobile_masked,
    citizenIdMasked: u.citizen_id_masked,
    status: u.status,
    totpEnabled: u.totp_enabled,
    posts: postRows.filter((p) => p.user_id === u.id).map((p) => ({ orgId: p.org_id, orgName: p.org_name, title: p.title, primary: p.is_primary })),
    roles: grantRows.filter((g) => g.userId === u.id).map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName })),
  }));
}

/** One user as the directory shows it. */
export async function getUser(deps: DirectoryDeps, id: string): Promise<UserView> {
  const row = await users.byId(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return (await views(deps.db, [row]))[0]!;
}

/** Staff search by organisation (its own members, or its whole subtree) and name. */
export async function searchUsers(
  deps: DirectoryDeps,
  f: { orgId?: string; subtree?: boolean; q?: string; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number }> {
  let orgPath: string | undefined;
  if (f.orgId && f.subtree) {
    const org = await orgs.byId(deps.db, f.orgId);
    if (!org) throw new AppError('NOT_FOUND');
    orgPath = org.path;
  }
  const { rows, total } = await users.search(deps.db, {
    orgId: f.subtree ? undefined : f.orgId,
    orgPath,
    q: f.q,
    limit: f.pageSize,
    offset: (f.page - 1) * f.pageSize,
  });
  return { items: await views(deps.db, rows), total };
}

export interface CreateUserInput {
  username: string;
  name: string;
  mobile: string;
  citizenId?: string | null;
  password: string;
  orgId: string;
  title: string;
  roles?: Role[];
}

/** Inserts a user with a primary post and roles in that organisation (no permission check). */
export async function insertUser(deps: DirectoryDeps, tx: Sql, input: CreateUserInput, ctx: AuditContext, passwordHash?: string): Promise<string> {
  if (!isMobileNumber(input.mobile)) throw new AppError('INVALID_MOBILE');
  let citizenId: string | null = null;
  if (input.citizenId) {
    const v = validateCitizenId(input.citizenId, deps.clock.now());
    if (!v.ok) throw new AppError('INVALID_CITIZEN_ID', { zh: `公民身份号码不正确（${CITIZEN_ID_REASON_ZH[v.reason]}）`, en: `The citizen ID number is not valid (${v.reason.replace('_', ' ')})` });
    citizenId = input.citizenId.toUpperCase();
  }
  if (!passwordHash) assertStrongPassword(input.password);
  const org = await orgs.byId(tx, input.orgId);
  if (!org) throw new AppError('NOT_FOUND', { zh: '所属机构不存在', en: 'The organisation does not exist' });
  if (await users.byUsername(tx, input.username)) throw new AppError('USERNAME_TAKEN');
  const citizenIndex = citizenId ? deps.vault.blindIndex(citizenId) : null;
  if (citizenIndex && (await users.existsByCitizenIndex(tx, citizenIndex))) {
    throw new AppError('CONFLICT', { zh: '该公民身份号码已有账号', en: 'A user with this citizen ID number exists' });
  }
  const id = newId();
  const now = deps.clock.now();
  await users.insert(
    tx,
    {
      id,
      username: input.username,
      name: input.name,
      mobileEnc: deps.vault.encrypt(input.mobile),
      mobileIndex: deps.vault.blindIndex(input.mobile),
      mobileMasked: maskMobile(input.mobile),
      citizenIdEnc: citizenId ? deps.vault.encrypt(citizenId) : null,
      citizenIdIndex: citizenIndex,
      citizenIdMasked: citizenId ? maskCitizenId(citizenId) : null,
      passwordHash: passwordHash ?? (await hashPassword(input.password)),
    },
    now,
  );
  await posts.upsert(tx, { userId: id, orgId: org.id, title: input.title, primary: true }, now);
  for (const role of new Set(input.roles ?? [])) await grants.insert(tx, { id: newId(), userId: id, role, orgId: org.id }, now);
  await deps.audit.record(tx, ctx, {
    action: 'directory.user.create',
    targetType: 'user',
    targetId: id,
    orgId: org.id,
    after: { username: input.username, name: input.name, mobile: maskMobile(input.mobile), title: input.title, roles: input.roles ?? [] },
  });
  return id;
}

const CITIZEN_ID_REASON_ZH = { format: '格式错误', region: '地区码无效', birth_date: '出生日期无效', check_char: '校验码错误' };

/** Creates a user in an organisation the caller manages; roles beyond the caller's reach are refused. */
export async function createUser(deps: DirectoryDeps, principal: Principal, input: CreateUserInput, ctx: AuditContext): Promise<UserView> {
  // Hash outside the transaction: argon2 is deliberately slow and must not hold the database.
  assertStrongPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction(async (tx) => {
    const org = await orgs.byId(tx, input.orgId);
    if (!org) throw new AppError('NOT_FOUND', { zh: '所属机构不存在', en: 'The organisation does not exist' });
    if (!canManageOrg(principal, org.path)) throw new AppError('FORBIDDEN');
    for (const role of input.roles ?? []) if (!canGrantRole(principal, role, org.path)) throw new AppError('FORBIDDEN');
    return insertUser(deps, tx, input, ctx, passwordHash);
  });
  return getUser(deps, id);
}

/** The organisations' paths where the user has posts: who manages a user is decided by these. */
async function managedBy(sql: Sql, principal: Principal, userId: string): Promise<UserRow> {
  const user = await users.byId(sql, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const postRows = await posts.forUsers(sql, [userId]);
  const paths = await orgs.byIds(sql, postRows.map((p) => p.org_id));
  if (!paths.some((o) => canManageOrg(principal, o.path))) throw new AppError('FORBIDDEN');
  return user;
}

/** Updates name, mobile or status (disabling also ends the user's sessions). */
export async function updateUser(
  deps: DirectoryDeps,
  principal: Principal,
  userId: string,
  patch: { name?: string; mobile?: string; status?: 'active' | 'disabled' },
  ctx: AuditContext,
): Promise<UserView> {
  if (patch.mobile !== undefined && !isMobileNumber(patch.mobile)) throw new AppError('INVALID_MOBILE');
  await deps.db.transaction(async (tx) => {
    const user = await managedBy(tx, principal, userId);
    const now = deps.clock.now();
    await users.update(
      tx,
      userId,
      {
        name: patch.name,
        status: patch.status,
        ...(patch.mobile ? { mobileEnc: deps.vault.encrypt(patch.mobile), mobileIndex: deps.vault.blindIndex(patch.mobile), mobileMasked: maskMobile(patch.mobile) } : {}),
      },
      now,
    );
    if (patch.status === 'disabled') await sessions.revokeAllForUser(tx, userId, now);
    await deps.audit.record(tx, ctx, {
      action: 'directory.user.update',
      targetType: 'user',
      targetId: userId,
      before: { name: user.name, mobile: user.mobile_masked, status: user.status },
      after: { name: patch.name, mobile: patch.mobile ? maskMobile(patch.mobile) : undefined, status: patch.status },
    });
  });
  return getUser(deps, userId);
}

/** Gives a user a post in another organisation (兼职) or changes the title of an existing one. */
export async function setPost(
  deps: DirectoryDeps,
  principal: Principal,
  userId: string,
  input: { orgId: string; title: string; primary?: boolean },
  ctx: AuditContext,
): Promise<UserView> {
  await deps.db.transaction(async (tx) => {
    const user = await users.byId(tx, userId);
    if (!user) throw new AppError('NOT_FOUND');
    const org = await orgs.byId(tx, input.orgId);
    if (!org) throw new AppError('NOT_FOUND', { zh: '机构不存在', en: 'The organisation does not exist' });
    if (!canManageOrg(principal, org.path)) throw new AppError('FORBIDDEN');
    await posts.upsert(tx, { userId, orgId: org.id, title: input.title, primary: input.primary ?? false }, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'directory.post.set', targetType: 'user', targetId: userId, orgId: org.id, after: input });
  });
  return getUser(deps, userId);
}

/** Ends a user's post in an organisation. */
export async function removePost(deps: DirectoryDeps, principal: Principal, userId: string, orgId: string, ctx: AuditContext): Promise<UserView> {
  await deps.db.transaction(async (tx) => {
    const org = await orgs.byId(tx, orgId);
    if (!org || !(await users.byId(tx, userId))) throw new AppError('NOT_FOUND');
    if (!canManageOrg(principal, org.path)) throw new AppError('FORBIDDEN');
    if (!(await posts.remove(tx, userId, orgId))) throw new AppError('NOT_FOUND');
    await deps.audit.record(tx, ctx, { action: 'directory.post.remove', targetType: 'user', targetId: userId, orgId });
  });
  return getUser(deps, userId);
}

/** Grants a role scoped to an organisation's subtree. */
export async function grantRole(deps: DirectoryDeps, principal: Principal, userId: string, input: { role: Role; orgId: string }, ctx: AuditContext): Promise<UserView> {
  await deps.db.transaction(async (tx) => {
    const org = await orgs.byId(tx, input.orgId);
    if (!org || !(await users.byId(tx, userId))) throw new AppError('NOT_FOUND');
    if (!canGrantRole(principal, input.role, org.path)) throw new AppError('FORBIDDEN');
    const id = newId();
    if (await grants.insert(tx, { id, userId, role: input.role, orgId: org.id }, deps.clock.now())) {
      await deps.audit.record(tx, ctx, { action: 'directory.role.grant', targetType: 'user', targetId: userId, orgId: org.id, after: { grantId: id, role: input.role } });
    }
  });
  return getUser(deps, userId);
}

/** Withdraws a role grant. */
export async function revokeRole(deps: DirectoryDeps, principal: Principal, userId: string, grantId: string, ctx: AuditContext): Promise<UserView> {
  await deps.db.transaction(async (tx) => {
    const grant = await grants.byId(tx, grantId);
    if (!grant || grant.user_id !== userId) throw new AppError('NOT_FOUND');
    if (!canGrantRole(principal, grant.role, grant.path)) throw new AppError('FORBIDDEN');
    await grants.remove(tx, grantId);
    await deps.audit.record(tx, ctx, { action: 'directory.role.revoke', targetType: 'user', targetId: userId, orgId: grant.org_id, before: { grantId, role: grant.role } });
  });
  return getUser(deps, userId);
}

/** Grants a role without a permission check (seeding and the CLI, which act as the platform itself). */
export async function insertRoleGrant(deps: DirectoryDeps, tx: Sql, input: { userId: string; role: Role; orgId: string }, ctx: AuditContext): Promise<void> {
  const id = newId();
  if (await grants.insert(tx, { id, ...input }, deps.clock.now())) {
    await deps.audit.record(tx, ctx, { action: 'directory.role.grant', targetType: 'user', targetId: input.userId, orgId: input.orgId, after: { grantId: id, role: input.role } });
  }
}

/** Adds a post without a permission check (seeding and the CLI). */
export async function insertPost(deps: DirectoryDeps, tx: Sql, input: { userId: string; orgId: string; title: string }, ctx: AuditContext): Promise<void> {
  await posts.upsert(tx, { ...input, primary: false }, deps.clock.now());
  await deps.audit.record(tx, ctx, { action: 'directory.post.set', targetType: 'user', targetId: input.userId, orgId: input.orgId, after: { title: input.title } });
}
