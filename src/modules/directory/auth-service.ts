// Sign-in (password + optional TOTP, lockout), sessions, API-key and session resolution into a Principal.
import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import { SYSTEM_CONTEXT, type AuditContext } from '../../kernel/audit.ts';
import { randomToken, sha256Hex } from '../../kernel/crypto.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { DirectoryDeps } from './deps.ts';
import { apiClients, grants, posts, sessions, users } from './repository.ts';

// OWASP's argon2id parameters (19 MiB, t=2, p=1): strong, and cheap enough for a 2-core node.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified against when the username does not exist, so that timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

export const SESSION_COOKIE = 'cs_session';
const TOTP_PERIOD = 30;
const TOUCH_EVERY_MS = 5 * 60_000;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** Passwords need 10+ characters with both letters and digits. */
export function assertStrongPassword(password: string): void {
  if (password.length < 10 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) throw new AppError('WEAK_PASSWORD');
}

function totpFor(username: string, secretBase32: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'CityStack 潍坊',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export interface SignInResult {
  token: string;
  sessionId: string;
  userId: string;
  expiresAt: Date;
}

type Outcome = { ok: true; result: SignInResult } | { ok: false; error: AppError };

/**
 * Signs a member of staff in. Failed attempts are counted and audited (committed even though the call
 * fails); the account locks after the configured number in a row.
 */
export async function signIn(
  deps: DirectoryDeps,
  input: { username: string; password: string; totp?: string },
  ctx: AuditContext,
  userAgent: string | null,
): Promise<SignInResult> {
  const user = await users.byUsername(deps.db, input.username);
  if (!user) {
    dummyHash ??= hashPassword('citystack-timing-equaliser-0');
    await argon2.verify(await dummyHash, input.password);
    await deps.db.transaction((tx) =>
      deps.audit.record(tx, ctx, { action: 'auth.signin.failed', targetType: 'user', after: { username: input.username, reason: 'unknown_user' } }),
    );
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const now = deps.clock.now();
  if (user.locked_until && user.locked_until > now) throw new AppError('AUTH_LOCKED', undefined, { lockedUntil: user.locked_until.toISOString() });
  if (user.status !== 'active') throw new AppError('AUTH_ACCOUNT_DISABLED');

  const passwordOk = await argon2.verify(user.password_hash, input.password);
  const outcome = await deps.db.transaction<Outcome>(async (tx) => {
    const actorCtx: AuditContext = { ...ctx, actor: { kind: 'user', id: user.id, name: user.name, orgId: null } };
    const fail = async (code: 'AUTH_INVALID_CREDENTIALS' | 'AUTH_TOTP_INVALID', reason: string): Promise<Outcome> => {
      const lockUntil = new Date(now.getTime() + deps.config.lockoutMinutes * 60_000);
      const after = await users.recordFailure(tx, user.id, deps.config.lockoutThreshold, lockUntil);
      const locked = after.locked_until !== null && after.locked_until > now;
      await deps.audit.record(tx, actorCtx, {
        action: locked ? 'auth.account.locked' : 'auth.signin.failed',
        targetType: 'user',
        targetId: user.id,
        after: { reason, failedAttempts: after.failed_attempts, lockedUntil: after.locked_until },
      });
      return { ok: false, error: locked ? new AppError('AUTH_LOCKED') : new AppError(code) };
    };
    if (!passwordOk) return fail('AUTH_INVALID_CREDENTIALS', 'wrong_password');
    if (user.totp_enabled) {
      if (!input.totp) return { ok: false, error: new AppError('AUTH_TOTP_REQUIRED') };
      const secret = deps.vault.decrypt(user.totp_secret_enc!);
      const delta = totpFor(user.username, secret).validate({ token: input.totp, timestamp: now.getTime(), window: 1 });
      if (delta === null) return fail('AUTH_TOTP_INVALID', 'wrong_totp');
      const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
      if (!(await users.useTotpStep(tx, user.id, step))) return fail('AUTH_TOTP_INVALID', 'totp_replayed');
    }
    await users.clearFailures(tx, user.id);
    const token = randomToken();
    const sessionId = newId();
    const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
    await sessions.insert(tx, { id: sessionId, tokenHash: sha256Hex(token), userId: user.id, expiresAt, ip: ctx.ip, userAgent }, now);
    await deps.audit.record(tx, actorCtx, { action: 'auth.signin', targetType: 'session', targetId: sessionId, after: { userAgent, mfa: user.totp_enabled } });
    return { ok: true, result: { token, sessionId, userId: user.id, expiresAt } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/** Ends one session. */
export async function signOut(deps: DirectoryDeps, principal: Principal, ctx: AuditContext): Promise<void> {
  if (principal.kind !== 'user') return;
  await deps.db.transaction(async (tx) => {
    await sessions.revoke(tx, principal.sessionId, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'auth.signout', targetType: 'session', targetId: principal.sessionId });
  });
}

/** Ends every session of the user, on every device. */
export async function signOutEverywhere(deps: DirectoryDeps, userId: string, ctx: AuditContext): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const n = await sessions.revokeAllForUser(tx, userId, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'auth.signout.all', targetType: 'user', targetId: userId, after: { sessionsEnded: n } });
    return n;
  });
}

/** Starts TOTP enrolment: a new secret, stored encrypted but not yet required until confirmed. */
export async function startTotpEnrolment(deps: DirectoryDeps, userId: string, ctx: AuditContext): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await users.byId(deps.db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await deps.db.transaction(async (tx) => {
    await users.setTotp(tx, userId, deps.vault.encrypt(secret), false, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'auth.totp.setup', targetType: 'user', targetId: userId });
  });
  return { secret, otpauthUrl: totpFor(user.username, secret).toString() };
}

/** Confirms enrolment with a current code; from then on sign-in asks for one. */
export async function enableTotp(deps: DirectoryDeps, userId: string, code: string, ctx: AuditContext): Promise<void> {
  const user = await users.byId(deps.db, userId);
  if (!user?.totp_secret_enc) throw new AppError('AUTH_TOTP_INVALID');
  const secret = deps.vault.decrypt(user.totp_secret_enc);
  const now = deps.clock.now();
  const delta = totpFor(user.username, secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) throw new AppError('AUTH_TOTP_INVALID');
  await deps.db.transaction(async (tx) => {
    await users.setTotp(tx, userId, user.totp_secret_enc, true, now);
    await users.useTotpStep(tx, userId, Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta);
    await deps.audit.record(tx, ctx, { action: 'auth.totp.enable', targetType: 'user', targetId: userId });
  });
}

/** Changes one's own password after checking the current one; other sessions are ended. */
export async function changePassword(deps: DirectoryDeps, principal: Principal & { kind: 'user' }, current: string, next: string, ctx: AuditContext): Promise<void> {
  const user = await users.byId(deps.db, principal.id);
  if (!user || !(await argon2.verify(user.password_hash, current))) throw new AppError('AUTH_INVALID_CREDENTIALS');
  assertStrongPassword(next);
  const hash = await hashPassword(next);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await users.setPassword(tx, user.id, hash, now);
    await sessions.revokeOthers(tx, user.id, principal.sessionId, now);
    await deps.audit.record(tx, ctx, { action: 'auth.password.change', targetType: 'user', targetId: user.id });
  });
}

const clientTouched = new Map<string, number>();

/**
 * Resolved API keys, for a few seconds: a data service answers thousands of calls a second per client, and
 * each would otherwise cost a database round trip before any work. Rotating or revoking a key clears the
 * cache of this process at once; other API processes notice within KEY_CACHE_MS.
 */
const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;
let keyGeneration = 0;
// Per database (one platform per process; tests run several side by side).
const keyCaches = new WeakMap<object, Map<string, { principal: Principal; until: number; generation: number }>>();

/** Forgets every cached key (called when a client's key is rotated or the client revoked). */
export function forgetCachedApiKeys(): void {
  keyGeneration++;
}

/** Resolves a bearer API key to its client, or null. Updates last-used time at most once a minute. */
export async function principalForApiKey(deps: DirectoryDeps, apiKey: string): Promise<Principal | null> {
  const hash = sha256Hex(apiKey);
  let keyCache = keyCaches.get(deps.db);
  if (!keyCache) keyCaches.set(deps.db, (keyCache = new Map()));
  const cached = keyCache.get(hash);
  if (cached && cached.until > performance.now() && cached.generation === keyGeneration) return cached.principal;
  const seen = keyGeneration;
  const row = await apiClients.byKeyHash(deps.db, hash);
  if (!row) return null;
  const now = deps.clock.now().getTime();
  if ((clientTouched.get(row.id) ?? 0) < now - 60_000) {
    clientTouched.set(row.id, now);
    // Bookkeeping, not a state change of the client: no audit record, and a failure must not fail the call.
    apiClients.touch(deps.db, row.id, new Date(now)).catch(() => clientTouched.delete(row.id));
  }
  const principal: Principal = { kind: 'client', id: row.id, name: row.name, orgId: row.org_id, orgPath: row.org_path };
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  if (seen === keyGeneration) keyCache.set(hash, { principal, until: performance.now() + KEY_CACHE_MS, generation: keyGeneration });
  return principal;
}

/** Resolves a console session token to its user with roles, or null when unknown, expired or revoked. */
export async function principalForSession(deps: DirectoryDeps, token: string): Promise<Principal | null> {
  const now = deps.clock.now();
  const s = await sessions.lookup(deps.db, sha256Hex(token), now);
  if (!s || s.status !== 'active') return null;
  const [roleRows, postRows] = await Promise.all([grants.forUsers(deps.db, [s.user_id]), posts.forUsers(deps.db, [s.user_id])]);
  if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) await sessions.touch(deps.db, s.session_id, now);
  return {
    kind: 'user',
    id: s.user_id,
    username: s.username,
    name: s.name,
    sessionId: s.session_id,
    primaryOrgId: postRows.find((p) => p.is_primary)?.org_id ?? postRows[0]?.org_id ?? null,
    roles: roleRows.map(({ id, role, orgId, orgPath }) => ({ id, role, orgId, orgPath })),
  };
}

/** Deletes sessions that ended more than a day ago (a periodic job, in the job's transaction). */
export async function purgeOldSessions(deps: DirectoryDeps, tx: Sql): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - 86_400_000);
  const n = await sessions.deleteExpired(tx, before);
  if (n) await deps.audit.record(tx, SYSTEM_CONTEXT, { action: 'auth.sessions.purge', after: { deleted: n } });
  return n;
}
