// 组织在线 directory: organisations over four levels, staff and their posts and roles, sign-in, sessions
// and API clients. Other modules use only what this file exports.
import { fileURLToPath } from 'node:url';
import type { PlatformModule } from '../../server/module.ts';
import type { PlatformContext } from '../../server/context.ts';
import type { Principal } from '../../server/access.ts';
import { principalForApiKey, principalForSession, purgeOldSessions } from './auth-service.ts';
import type { DirectoryDeps } from './deps.ts';
import { apiClients, orgs, users } from './repository.ts';
import { directoryRoutes } from './routes.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { Sql } from '../../kernel/db.ts';

export { SESSION_COOKIE } from './auth-service.ts';
export type { OrgNode } from './org-service.ts';

// Once a day, keyed by the day so that any number of processes schedule it once.
function schedulePurge(sql: Sql, now: Date): Promise<void> {
  const runAt = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 86_400_000);
  return scheduleJob(sql, { kind: 'directory.purge-sessions', runAt, dedupeKey: `directory.purge-sessions:${runAt.toISOString()}` });
}

const deps = (ctx: PlatformContext): DirectoryDeps => ({ db: ctx.db, clock: ctx.clock, vault: ctx.vault, audit: ctx.audit, config: ctx.config });

export const directoryModule: PlatformModule = {
  name: 'directory',
  migrations: { module: 'directory', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    directoryRoutes(app, deps(ctx), { secure: ctx.config.cookieSecure });
    ctx.jobs.handle('directory.purge-sessions', async (_job, tx) => {
      await purgeOldSessions(deps(ctx), tx);
      await schedulePurge(tx, ctx.clock.now());
    });
  },
  async start(ctx) {
    await schedulePurge(ctx.db, ctx.clock.now());
  },
};

/** Resolves a request's credentials: a bearer API key or a console session token. */
export function resolvePrincipal(ctx: PlatformContext, creds: { apiKey?: string; sessionToken?: string }): Promise<Principal | null> {
  if (creds.apiKey) return principalForApiKey(deps(ctx), creds.apiKey);
  if (creds.sessionToken) return principalForSession(deps(ctx), creds.sessionToken);
  return Promise.resolve(null);
}

/** Counts for the home page. */
export async function directoryCounts(ctx: PlatformContext): Promise<{ orgs: number; departments: number; users: number; apiClients: number; orgsByLevel: Array<{ level: number; count: number }> }> {
  const byLevel = await orgs.countByLevel(ctx.db);
  const levels = new Map<number, number>();
  for (const r of byLevel) if (r.kind === 'region') levels.set(r.level, (levels.get(r.level) ?? 0) + r.count);
  return {
    orgs: byLevel.reduce((n, r) => n + r.count, 0),
    departments: byLevel.filter((r) => r.kind === 'department').reduce((n, r) => n + r.count, 0),
    users: await users.count(ctx.db),
    apiClients: await apiClients.count(ctx.db),
    orgsByLevel: [...levels].map(([level, count]) => ({ level, count })).sort((a, b) => a.level - b.level),
  };
}

export { insertOrg } from './org-service.ts';
export { insertUser } from './user-service.ts';
export { insertApiClient } from './api-client-service.ts';
export { insertPost, insertRoleGrant } from './user-service.ts';
export { hashPassword } from './auth-service.ts';
export type { DirectoryDeps };
export { deps as directoryDeps };

/** Organisation names by id, for other modules' listings. */
export async function orgNamesById(ctx: PlatformContext, ids: string[]): Promise<Map<string, string>> {
  return new Map((await orgs.byIds(ctx.db, ids)).map((o) => [o.id, o.name]));
}

/** True once any organisation exists (the demo seeds only an empty platform). */
export async function hasOrganisations(sql: Sql): Promise<boolean> {
  return (await orgs.root(sql)) !== undefined;
}

/** Finds an organisation by region code, unified social credit code or id (for the CLI). */
export async function findOrgByCode(sql: Sql, code: string): Promise<{ id: string; name: string } | undefined> {
  if (isUuid(code)) return orgs.byId(sql, code);
  return (await orgs.byRegionCode(sql, code)) ?? (await orgs.byUscc(sql, code.toUpperCase()));
}

/** Name, credit code and tree path of organisations, for other modules' listings and scope checks. */
export async function orgSummaries(sql: Sql, ids: string[]): Promise<Map<string, { id: string; name: string; uscc: string | null; path: string; kind: string }>> {
  if (!ids.length) return new Map();
  return new Map((await orgs.byIds(sql, ids)).map((o) => [o.id, { id: o.id, name: o.name, uscc: o.uscc, path: o.path, kind: o.kind }]));
}

export { holdsRoleOver, isPlatformAdmin } from './policy.ts';

/** An API client (a consuming system) with its organisation, for other modules' use cases. */
export async function apiClientSummary(sql: Sql, id: string): Promise<{ id: string; name: string; orgId: string; orgName: string; orgPath: string; status: 'active' | 'revoked' } | undefined> {
  const c = await apiClients.byId(sql, id);
  return c && { id: c.id, name: c.name, orgId: c.org_id, orgName: c.org_name, orgPath: c.org_path, status: c.status };
}

/** Active API clients of the organisations under the given tree paths (the systems a department may ask for). */
export async function activeApiClientsUnder(sql: Sql, orgPaths: string[]): Promise<Array<{ id: string; name: string; orgId: string; orgName: string }>> {
  const seen = new Map<string, { id: string; name: string; orgId: string; orgName: string }>();
  for (const orgPath of new Set(orgPaths)) {
    for (const c of await apiClients.list(sql, { orgPath })) if (c.status === 'active') seen.set(c.id, { id: c.id, name: c.name, orgId: c.org_id, orgName: c.org_name });
  }
  return [...seen.values()];
}

/** Ids of the organisations under the given tree paths (each path's subtree, itself included). */
export async function orgIdsUnder(sql: Sql, paths: string[]): Promise<string[]> {
  if (!paths.length) return [];
  const { rows } = await sql.query<{ id: string }>('select id from dir_orgs where exists (select 1 from unnest($1::text[]) p where starts_with(path, p))', [paths]);
  return rows.map((r) => r.id);
}

/** API clients by id, for listings. */
export async function apiClientNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  return new Map((await apiClients.byIds(sql, [...new Set(ids)])).map((c) => [c.id, c.name]));
}
