// Seeds Weifang into an empty platform: the region tree, the main departments, one demo user per role
// and a demo API client. Runs in one transaction through the directory's own use cases, so every row
// is validated and audited like any other change.
import { SYSTEM_CONTEXT } from '../src/kernel/audit.ts';
import { directoryDeps, hasOrganisations, hashPassword, insertApiClient, insertOrg, insertPost, insertRoleGrant, insertUser } from '../src/modules/directory/index.ts';
import type { PlatformContext } from '../src/server/context.ts';
import { insertVerifierWithAccount } from '../src/modules/credentials/index.ts';
import { DEMO_PASSWORD, DEMO_USERS, DEMO_VERIFIERS, demoUscc, DEPARTMENTS, WEIFANG, type DemoRegion } from './weifang.ts';

export interface SeedResult {
  seeded: boolean;
  orgs: number;
  users: Array<{ username: string; name: string; roles: string[]; org: string }>;
  password: string;
  apiKey: string | null;
}

const DEMO_CONTEXT = { ...SYSTEM_CONTEXT, actor: { kind: 'system' as const, id: null, name: 'demo-seed', orgId: null } };


/** Seeds the demo data unless the platform already has organisations. */
export async function seedDemo(ctx: PlatformContext): Promise<SeedResult> {
  const deps = directoryDeps(ctx);
  // One hash for every demo user: argon2 is slow on purpose, and they share the demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ctx.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(3707000003)');
    if (await hasOrganisations(tx)) return { seeded: false, orgs: 0, users: [], password: DEMO_PASSWORD, apiKey: null };

    const regionIds = new Map<string, string>();
    let count = 0;
    const addRegion = async (region: DemoRegion, parentId: string | null, sort: number): Promise<void> => {
      const row = await insertOrg(deps, tx, { parentId, name: region.name, kind: region.kind, regionCode: region.code, sort }, DEMO_CONTEXT);
      regionIds.set(region.code, row.id);
      count++;
      let i = 0;
      for (const child of region.children ?? []) await addRegion(child, row.id, i++);
    };
    await addRegion(WEIFANG, null, 0);

    const departmentIds = new Map<string, string>();
    let sort = 0;
    for (const d of DEPARTMENTS) {
      const parentId = regionIds.get(d.parentRegion);
      if (!parentId) throw new Error(`demo department ${d.name} names unknown region ${d.parentRegion}`);
      const row = await insertOrg(deps, tx, { parentId, name: d.name, shortName: d.shortName, kind: 'department', uscc: d.uscc, sort: sort++ }, DEMO_CONTEXT);
      departmentIds.set(d.key, row.id);
      count++;
    }

    const users: SeedResult['users'] = [];
    const userIds = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const orgId = departmentIds.get(u.department);
      if (!orgId) throw new Error(`demo user ${u.username} names unknown department ${u.department}`);
      // Platform-wide roles are held at the city; the others in the user's own department.
      const isCityWide = (r: string) => r === 'platform_admin' || r === 'auditor';
      const cityWide = u.roles.filter(isCityWide);
      const local = u.roles.filter((r) => !isCityWide(r));
      const id = await insertUser(
        deps,
        tx,
        { username: u.username, name: u.name, mobile: u.mobile, citizenId: u.citizenId, password: DEMO_PASSWORD, orgId, title: u.title, roles: local },
        DEMO_CONTEXT,
        passwordHash,
      );
      userIds.set(u.username, id);
      for (const role of cityWide) await insertRoleGrant(deps, tx, { userId: id, role, orgId: regionIds.get(WEIFANG.code)! }, DEMO_CONTEXT);
      for (const extra of u.extraPosts ?? []) {
        const extraOrg = departmentIds.get(extra.department);
        if (!extraOrg) throw new Error(`demo user ${u.username} names unknown department ${extra.department}`);
        await insertPost(deps, tx, { userId: id, orgId: extraOrg, title: extra.title }, DEMO_CONTEXT);
      }
      users.push({ username: u.username, name: u.name, roles: u.roles, org: DEPARTMENTS.find((d) => d.key === u.department)!.name });
    }

    // Places where citizens show licences, each with its first 核验员 (the demo password too).
    for (const v of DEMO_VERIFIERS) {
      const regionOrgId = regionIds.get(v.region);
      if (!regionOrgId) throw new Error(`demo verifier ${v.name} names unknown region ${v.region}`);
      await insertVerifierWithAccount(ctx, tx, {
        name: v.name, uscc: demoUscc(v.usccBody), category: v.category, regionOrgId, address: v.address,
        account: { ...v.account, password: DEMO_PASSWORD },
      }, userIds.get('admin') ?? null, DEMO_CONTEXT, passwordHash);
      users.push({ username: v.account.username, name: v.account.name, roles: ['verifier'], org: v.name });
    }

    // A demo system of the public security bureau (公安局), so API calls can be tried at once.
    const gaOrg = departmentIds.get('ga') ?? [...departmentIds.values()][0]!;
    const { apiKey } = await insertApiClient(deps, tx, { name: '公安局人口信息系统（演示）', orgId: gaOrg, createdBy: userIds.get('admin') ?? null }, DEMO_CONTEXT);
    return { seeded: true, orgs: count, users, password: DEMO_PASSWORD, apiKey };
  });
}
