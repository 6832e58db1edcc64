// Verifier organisations (核验机构) and their staff: registered by platform admins or the region's
// organisation admins; each place gets its first 核验员 account at registration.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { directoryDeps, insertUser, orgIdsUnder, orgSummaries } from '../directory/index.ts';
import { validateUscc } from '../directory/identifiers.ts';
import { canRegisterVerifiersIn, verifierRegionScopes } from './policy.ts';
import { wallet } from './wallet-repository.ts';

export const VERIFIER_CATEGORIES = ['hotel', 'scenic', 'museum', 'library', 'hospital', 'other'] as const;
export type VerifierCategory = (typeof VERIFIER_CATEGORIES)[number];

export interface RegisterVerifierInput {
  name: string;
  uscc: string;
  category: VerifierCategory;
  regionOrgId: string;
  address?: string;
  account: { username: string; name: string; mobile: string; password: string };
}

export interface VerifierView { id: string; name: string; uscc: string; category: string; regionOrgId: string; regionName: string; address: string | null; status: string; registeredAt: string; staff: number; checks: number }

/** Registers a place and its first verifier account in one transaction. */
export async function registerVerifier(ctx: PlatformContext, principal: Principal | null, input: RegisterVerifierInput, audit: AuditContext): Promise<VerifierView> {
  const region = isUuid(input.regionOrgId) ? (await orgSummaries(ctx.db, [input.regionOrgId])).get(input.regionOrgId) : undefined;
  if (!region || region.kind === 'department') throw new AppError('NOT_FOUND', { zh: '所在行政区不存在', en: 'No such region' });
  if (!canRegisterVerifiersIn(principal, region.path)) throw new AppError('FORBIDDEN');
  const uscc = input.uscc.trim().toUpperCase();
  if (!validateUscc(uscc).ok) throw new AppError('INVALID_USCC');
  const id = await ctx.db.transaction((tx) => insertVerifierWithAccount(ctx, tx, { ...input, uscc, regionOrgId: region.id }, principal?.kind === 'user' ? principal.id : null, audit));
  return (await listVerifiers(ctx, principal)).find((v) => v.id === id)!;
}

/** Writes a place, its first account and their audit records without a permission check (registration above, and the demo seed). */
export async function insertVerifierWithAccount(ctx: PlatformContext, tx: Sql, input: RegisterVerifierInput, by: string | null, audit: AuditContext, passwordHash?: string): Promise<string> {
  if (!validateUscc(input.uscc).ok) throw new AppError('INVALID_USCC');
  const id = newId();
  const now = ctx.clock.now();
  if (!(await wallet.insertVerifier(tx, { id, name: input.name.trim(), uscc: input.uscc, category: input.category, regionOrgId: input.regionOrgId, address: input.address?.trim() || null, at: now, by }))) {
    throw new AppError('USCC_TAKEN');
  }
  const userId = await insertUser(directoryDeps(ctx), tx, {
    username: input.account.username, name: input.account.name, mobile: input.account.mobile, password: input.account.password,
    orgId: input.regionOrgId, title: `${input.name.trim()} 核验员`, roles: ['verifier'],
  }, audit, passwordHash);
  await wallet.insertStaff(tx, userId, id, now);
  await ctx.audit.record(tx, audit, { action: 'credentials.verifier.register', targetType: 'verifier', targetId: id, orgId: input.regionOrgId, after: { name: input.name, uscc: input.uscc, category: input.category, account: input.account.username } });
  return id;
}

/** Verifier organisations in the regions the caller administers (all for platform admins). */
export async function listVerifiers(ctx: PlatformContext, principal: Principal | null): Promise<VerifierView[]> {
  const scopes = verifierRegionScopes(principal);
  const regionIds = scopes === null ? null : await orgIdsUnder(ctx.db, scopes);
  const rows = await wallet.verifiers(ctx.db, regionIds);
  const regions = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.region_org_id))]);
  return rows.map((r) => ({
    id: r.id, name: r.name, uscc: r.uscc, category: r.category, regionOrgId: r.region_org_id, regionName: regions.get(r.region_org_id)?.name ?? '',
    address: r.address, status: r.status, registeredAt: r.registered_at.toISOString(), staff: r.staff, checks: r.checks,
  }));
}

/** The verifier place of a signed-in 核验员, shown on the verify page. */
export async function myVerifier(ctx: PlatformContext, principal: Principal | null): Promise<{ id: string; name: string; category: string } | null> {
  if (principal?.kind !== 'user') return null;
  const v = await wallet.verifierOfUser(ctx.db, principal.id);
  return v ? { id: v.id, name: v.name, category: v.category } : null;
}
