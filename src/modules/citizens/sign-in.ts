// Citizens sign in with their mobile number and a one-time code (短信验证码), and bind the account to their
// real name (实名) against the population register: the register must list this mobile number for them.
// Licences are found by the holder's ID number, so a citizen sees those issued before they first signed in.
import { randomInt } from 'node:crypto';
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { randomToken, sha256Hex } from '../../kernel/crypto.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { residentsByMobile } from '../credentials/index.ts';
import { isMobileNumber, maskCitizenId, maskMobile, maskName, validateCitizenId } from '../directory/identifiers.ts';
import { accounts, otps, sessions, type AccountRow } from './repository.ts';
import type { SmsSender } from './sms.ts';

export const CITIZEN_COOKIE = 'cs_citizen';
/** The citizen cookie is sent only to the citizen API, so a staff console session in the same browser is never mixed up with it. */
export const CITIZEN_COOKIE_PATH = '/api/citizen';

const CODE_TTL_MS = 5 * 60_000;
const RESEND_AFTER_MS = 60_000;
const CODES_PER_DAY = 10;
const ATTEMPTS_PER_CODE = 5;
const SESSION_TTL_MS = 7 * 86_400_000;
const TOUCH_EVERY_MS = 60_000;

export interface AccountView {
  id: string;
  mobile: string;
  /** Set once bound to a real name. The citizen sees their own name in full and the ID number masked. */
  name: string | null;
  idNumber: string | null;
  boundAt: string | null;
}

export function accountView(ctx: PlatformContext, a: AccountRow): AccountView {
  return {
    id: a.id,
    mobile: a.mobile_masked,
    name: a.name_sealed ? ctx.vault.decrypt(a.name_sealed) : null,
    idNumber: a.id_number_masked,
    boundAt: a.bound_at?.toISOString() ?? null,
  };
}

function normaliseMobile(raw: string): string {
  const mobile = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (!isMobileNumber(mobile)) throw new AppError('INVALID_MOBILE');
  return mobile;
}

const codeHash = (ctx: PlatformContext, mobile: string, code: string): string => ctx.vault.blindIndex(`otp:${mobile}:${code}`);

/** Sends a six-digit code, at most one a minute and ten a day per number. */
export async function sendSignInCode(ctx: PlatformContext, sms: SmsSender, rawMobile: string, audit: AuditContext): Promise<{ sentTo: string; resendAfterSeconds: number; expiresInSeconds: number }> {
  const mobile = normaliseMobile(rawMobile);
  const mobileIndex = ctx.vault.blindIndex(mobile);
  const now = ctx.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.transaction(async (tx) => {
    // The advisory lock serialises two requests for the same number, so the limits hold under a burst.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`cit-otp:${mobileIndex}`]);
    const last = await otps.latest(tx, mobileIndex);
    if (last && now.getTime() - last.created_at.getTime() < RESEND_AFTER_MS) {
      const wait = Math.ceil((RESEND_AFTER_MS - (now.getTime() - last.created_at.getTime())) / 1000);
      throw new AppError('CITIZEN_CODE_TOO_SOON', { zh: `请 ${wait} 秒后再获取验证码`, en: `Ask for a new code in ${wait} s` }, { retryAfterSeconds: wait });
    }
    if ((await otps.sentSince(tx, mobileIndex, new Date(now.getTime() - 86_400_000))) >= CODES_PER_DAY) throw new AppError('CITIZEN_CODE_DAILY_LIMIT');
    await otps.insert(tx, { id: newId(), mobileIndex, codeHash: codeHash(ctx, mobile, code), at: now, expiresAt: new Date(now.getTime() + CODE_TTL_MS) });
    await ctx.audit.record(tx, audit, { action: 'citizen.code.sent', targetType: 'mobile', targetId: mobileIndex.slice(0, 16), after: { mobile: maskMobile(mobile), via: sms.name } });
  });
  // Sent after the commit: a code the database does not know would only confuse the citizen.
  await sms.send(mobile, `【潍坊市政务服务】您的登录验证码为 ${code}，5 分钟内有效。请勿将验证码告诉他人。`);
  return { sentTo: maskMobile(mobile), resendAfterSeconds: RESEND_AFTER_MS / 1000, expiresInSeconds: CODE_TTL_MS / 1000 };
}

export interface CitizenSignIn {
  token: string;
  expiresAt: Date;
  account: AccountView;
  /**
   * 'choose': the citizen names themselves (name and ID number), and must be someone the register lists with
   * this number; 'not_in_register': the register lists nobody with it.
   */
  binding: 'bound' | 'choose' | 'not_in_register';
}

/**
 * Checks the code and opens (or creates) the account and a session. The account is never bound on the code
 * alone: whoever holds the number types the name and ID number once (a number may have been re-assigned by
 * the carrier to someone else). A bound account is checked against the register at every sign-in and loses
 * its binding when the register no longer lists the number for that person.
 */
export async function signInWithCode(ctx: PlatformContext, input: { mobile: string; code: string }, audit: AuditContext, userAgent: string | null): Promise<CitizenSignIn> {
  const mobile = normaliseMobile(input.mobile);
  const mobileIndex = ctx.vault.blindIndex(mobile);
  const now = ctx.clock.now();
  type Outcome = { ok: true; accountId: string; token: string; expiresAt: Date } | { ok: false; error: AppError };
  const outcome = await ctx.db.transaction<Outcome>(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`cit-otp:${mobileIndex}`]);
    const otp = await otps.latest(tx, mobileIndex, true);
    if (!otp || otp.consumed_at || otp.expires_at <= now || otp.attempts >= ATTEMPTS_PER_CODE) return { ok: false, error: new AppError('CITIZEN_CODE_EXPIRED') };
    if (otp.code_hash !== codeHash(ctx, mobile, input.code.trim())) {
      // The failed attempt is committed even though the call fails: five wrong guesses spend the code.
      await otps.countAttempt(tx, otp.id);
      await ctx.audit.record(tx, audit, { action: 'citizen.signin.failed', targetType: 'mobile', targetId: mobileIndex.slice(0, 16), after: { mobile: maskMobile(mobile), attempt: otp.attempts + 1 } });
      return { ok: false, error: new AppError('CITIZEN_CODE_WRONG') };
    }
    await otps.consume(tx, otp.id, now);
    if (await accounts.insertIfNone(tx, { id: newId(), mobile_index: mobileIndex, mobile_sealed: ctx.vault.encrypt(mobile), mobile_masked: maskMobile(mobile), created_at: now })) {
      const created = (await accounts.byMobile(tx, mobileIndex))!;
      await ctx.audit.record(tx, { ...audit, actor: { kind: 'citizen', id: created.id, name: maskMobile(mobile), orgId: null } }, { action: 'citizen.account.create', targetType: 'citizen', targetId: created.id, after: { mobile: maskMobile(mobile) } });
    }
    const account = (await accounts.byMobile(tx, mobileIndex))!;
    if (account.status !== 'active') return { ok: false, error: new AppError('AUTH_ACCOUNT_DISABLED') };
    const token = randomToken();
    const sessionId = newId();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await sessions.insert(tx, { id: sessionId, tokenHash: sha256Hex(token), accountId: account.id, at: now, expiresAt, ip: audit.ip, userAgent });
    await accounts.signedIn(tx, account.id, now);
    await ctx.audit.record(tx, { ...audit, actor: { kind: 'citizen', id: account.id, name: account.name_masked ?? maskMobile(mobile), orgId: null } }, { action: 'citizen.signin', targetType: 'citizen_session', targetId: sessionId, after: { userAgent } });
    return { ok: true, accountId: account.id, token, expiresAt };
  });
  if (!outcome.ok) throw outcome.error;

  let account = (await accounts.byId(ctx.db, outcome.accountId))!;
  const residents = await residentsByMobile(ctx, mobile);
  // Without a register to ask (none configured), a binding already made stands.
  if (account.holder_index && residents && !residents.some((r) => ctx.vault.blindIndex(r.idNumber) === account.holder_index)) {
    account = await unbind(ctx, account, audit);
  }
  const binding: CitizenSignIn['binding'] = account.holder_index ? 'bound' : residents?.length ? 'choose' : 'not_in_register';
  return { token: outcome.token, expiresAt: outcome.expiresAt, account: accountView(ctx, account), binding };
}

async function bind(ctx: PlatformContext, account: AccountRow, person: { idNumber: string; name: string }, mobile: string, audit: AuditContext): Promise<AccountRow> {
  await ctx.db.transaction(async (tx) => {
    // Only an unbound account binds: two binds at once end with one, the other told it is bound already.
    if (!(await accounts.bind(tx, account.id, {
      holderIndex: ctx.vault.blindIndex(person.idNumber), idNumberSealed: ctx.vault.encrypt(person.idNumber), idNumberMasked: maskCitizenId(person.idNumber),
      nameSealed: ctx.vault.encrypt(person.name), nameMasked: maskName(person.name), at: ctx.clock.now(),
    }))) throw new AppError('CITIZEN_ALREADY_BOUND');
    await ctx.audit.record(tx, { ...audit, actor: { kind: 'citizen', id: account.id, name: maskName(person.name), orgId: null } }, {
      action: 'citizen.account.bind', targetType: 'citizen', targetId: account.id, after: { idNumber: maskCitizenId(person.idNumber), mobile: maskMobile(mobile) },
    });
  });
  return (await accounts.byId(ctx.db, account.id))!;
}

/** Drops the real-name binding of an account whose number the register no longer lists for its person. */
async function unbind(ctx: PlatformContext, account: AccountRow, audit: AuditContext): Promise<AccountRow> {
  await ctx.db.transaction(async (tx) => {
    await accounts.unbind(tx, account.id);
    await ctx.audit.record(tx, { ...audit, actor: { kind: 'citizen', id: account.id, name: account.mobile_masked, orgId: null } }, {
      action: 'citizen.account.unbind', targetType: 'citizen', targetId: account.id, before: { idNumber: account.id_number_masked }, after: { reason: 'mobile_no_longer_registered' },
    });
  });
  return (await accounts.byId(ctx.db, account.id))!;
}

/** 实名绑定 when the number is registered for several people: the citizen names themselves, and must be one of them. */
export async function bindRealName(ctx: PlatformContext, principal: Principal & { kind: 'citizen' }, input: { idNumber: string; name: string }, audit: AuditContext): Promise<AccountView> {
  const account = await accounts.byId(ctx.db, principal.id);
  if (!account) throw new AppError('AUTH_REQUIRED');
  if (account.holder_index) throw new AppError('CITIZEN_ALREADY_BOUND');
  const idNumber = input.idNumber.trim().toUpperCase();
  if (!validateCitizenId(idNumber, ctx.clock.now()).ok) throw new AppError('INVALID_CITIZEN_ID');
  const mobile = ctx.vault.decrypt(account.mobile_sealed);
  const match = (await residentsByMobile(ctx, mobile))?.find((r) => r.idNumber === idNumber && r.name === input.name.trim());
  if (!match) throw new AppError('CITIZEN_NOT_IN_REGISTER');
  return accountView(ctx, await bind(ctx, account, match, mobile, audit));
}

export async function getAccount(ctx: PlatformContext, principal: Principal & { kind: 'citizen' }): Promise<AccountView> {
  const account = await accounts.byId(ctx.db, principal.id);
  if (!account) throw new AppError('AUTH_REQUIRED');
  return accountView(ctx, account);
}

export async function signOutCitizen(ctx: PlatformContext, principal: Principal & { kind: 'citizen' }, audit: AuditContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await sessions.revoke(tx, principal.sessionId, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'citizen.signout', targetType: 'citizen_session', targetId: principal.sessionId });
  });
}

/** Resolves a wallet session token to its citizen, or null when unknown, expired, revoked or disabled. */
export async function principalForCitizenSession(ctx: PlatformContext, token: string): Promise<Principal | null> {
  const now = ctx.clock.now();
  const s = await sessions.lookup(ctx.db, sha256Hex(token), now);
  if (!s || s.status !== 'active') return null;
  if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) await sessions.touch(ctx.db, s.session_id, now);
  return { kind: 'citizen', id: s.account_id, sessionId: s.session_id, name: s.name_masked, holderIndex: s.holder_index };
}

/** The bound citizen's ID number and name, for modules that fetch evidence for them (免证办). Null before 实名. */
export async function citizenIdentity(ctx: PlatformContext, citizenId: string): Promise<{ idNumber: string; name: string; mobile: string } | null> {
  const a = await accounts.byId(ctx.db, citizenId);
  if (!a?.id_number_sealed || !a.name_sealed) return null;
  return { idNumber: ctx.vault.decrypt(a.id_number_sealed), name: ctx.vault.decrypt(a.name_sealed), mobile: ctx.vault.decrypt(a.mobile_sealed) };
}

/** Deletes one-time codes older than a day (a periodic job, in the job's transaction). */
export const purgeOldCodes = (tx: Sql, before: Date): Promise<number> => otps.deleteBefore(tx, before);
