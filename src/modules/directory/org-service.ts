// Organisations: the four-level tree of regions with departments hanging off the region they serve.
import type { AuditContext } from '../../kernel/audit.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { DirectoryDeps } from './deps.ts';
import { validateUscc } from './identifiers.ts';
import { canManageOrg } from './policy.ts';
import { orgs, type OrgKind, type OrgRow } from './repository.ts';

export interface OrgNode {
  id: string;
  name: string;
  kind: OrgKind;
  level: number;
  regionCode: string | null;
  uscc: string | null;
  children: OrgNode[];
}

export interface OrgView extends Omit<OrgNode, 'children'> {
  parentId: string | null;
  shortName: string | null;
  path: Array<{ id: string; name: string }>;
}

const REGION_LEVEL: Record<Exclude<OrgKind, 'department'>, number> = {
  city: 1, district: 2, county: 2, county_city: 2, dev_zone: 2, street: 3, town: 3, community: 4, village: 4,
};
// Digits of a GB/T 2260 (levels 1-2) or statistical division code (levels 3-4) at each level.
const CODE_LENGTH: Record<number, number> = { 1: 6, 2: 6, 3: 9, 4: 12 };

/** Why a new organisation cannot sit under `parent`, or null when it can. Pure, for tests and the form. */
export function placementProblem(
  kind: OrgKind,
  parent: Pick<OrgRow, 'kind' | 'level' | 'region_code'> | null,
  codes: { regionCode?: string | null; uscc?: string | null },
): { code: 'INVALID_ORG_HIERARCHY' | 'INVALID_REGION_CODE' | 'INVALID_USCC'; why: string } | null {
  if (kind === 'department') {
    if (!parent) return { code: 'INVALID_ORG_HIERARCHY', why: 'a department needs a parent organisation' };
    if (codes.regionCode) return { code: 'INVALID_REGION_CODE', why: 'departments carry a unified social credit code, not a region code' };
    if (parent.kind !== 'department' && !codes.uscc) return { code: 'INVALID_USCC', why: 'a department needs its unified social credit code' };
    if (codes.uscc) {
      const v = validateUscc(codes.uscc);
      if (!v.ok) return { code: 'INVALID_USCC', why: `the unified social credit code fails its ${v.reason.replace(/_/g, ' ')}` };
    }
    return null;
  }
  const level = REGION_LEVEL[kind];
  if (kind === 'city' ? parent !== null : parent?.level !== level - 1 || parent.kind === 'department') {
    return { code: 'INVALID_ORG_HIERARCHY', why: `a ${kind} belongs at level ${level}, under a level-${level - 1} region` };
  }
  const code = codes.regionCode ?? '';
  if (!new RegExp(`^\\d{${CODE_LENGTH[level]}}$`).test(code)) {
    return { code: 'INVALID_REGION_CODE', why: `a level-${level} region code has ${CODE_LENGTH[level]} digits` };
  }
  if (parent?.region_code) {
    const prefix = level === 2 ? parent.region_code.slice(0, 4) : parent.region_code;
    if (!code.startsWith(prefix)) return { code: 'INVALID_REGION_CODE', why: `the region code must start with ${prefix}` };
  }
  if (codes.uscc) return { code: 'INVALID_USCC', why: 'regions carry a region code, not a unified social credit code' };
  return null;
}

const view = (o: OrgRow, all: Map<string, OrgRow>): OrgView => ({
  id: o.id,
  parentId: o.parent_id,
  name: o.name,
  shortName: o.short_name,
  kind: o.kind,
  level: o.level,
  regionCode: o.region_code,
  uscc: o.uscc,
  path: o.path
    .split('/')
    .filter(Boolean)
    .map((id) => ({ id, name: all.get(id)?.name ?? '' })),
});

/** The whole tree, departments listed before sub-regions under each region. */
export async function orgTree(deps: DirectoryDeps): Promise<OrgNode[]> {
  const rows = await orgs.all(deps.db);
  const nodes = new Map<string, OrgNode>(
    rows.map((o) => [o.id, { id: o.id, name: o.name, kind: o.kind, level: o.level, regionCode: o.region_code, uscc: o.uscc, children: [] }]),
  );
  const roots: OrgNode[] = [];
  for (const o of rows) {
    const node = nodes.get(o.id)!;
    const parent = o.parent_id ? nodes.get(o.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (n: OrgNode) => (n.kind === 'department' ? 0 : 1);
  for (const n of nodes.values()) n.children.sort((a, b) => order(a) - order(b));
  return roots;
}

/** One organisation with its ancestry. */
export async function getOrg(deps: DirectoryDeps, id: string): Promise<OrgView> {
  const org = await orgs.byId(deps.db, id);
  if (!org) throw new AppError('NOT_FOUND');
  const ancestors = await orgs.byIds(deps.db, org.path.split('/').filter(Boolean));
  return view(org, new Map(ancestors.map((a) => [a.id, a])));
}

export interface CreateOrgInput {
  parentId: string | null;
  name: string;
  shortName?: string | null;
  kind: OrgKind;
  regionCode?: string | null;
  uscc?: string | null;
  sort?: number;
}

/** Inserts an organisation after checking its place in the tree and its codes (no permission check). */
export async function insertOrg(deps: DirectoryDeps, tx: Sql, input: CreateOrgInput, ctx: AuditContext): Promise<OrgRow> {
  const parent = input.parentId ? await orgs.byId(tx, input.parentId) : null;
  if (input.parentId && !parent) throw new AppError('NOT_FOUND', { zh: '上级机构不存在', en: 'The parent organisation does not exist' });
  const problem = placementProblem(input.kind, parent ?? null, input);
  if (problem) throw new AppError(problem.code, { zh: `${ERROR_ZH[problem.code]}：${problem.why}`, en: problem.why });
  if (input.regionCode && (await orgs.byRegionCode(tx, input.regionCode))) throw new AppError('REGION_CODE_TAKEN');
  if (input.uscc && (await orgs.byUscc(tx, input.uscc))) throw new AppError('USCC_TAKEN');
  const id = newId();
  const row: OrgRow = {
    id,
    parent_id: parent?.id ?? null,
    kind: input.kind,
    level: input.kind === 'department' ? (parent?.level ?? 1) : REGION_LEVEL[input.kind],
    name: input.name,
    short_name: input.shortName ?? null,
    region_code: input.regionCode ?? null,
    uscc: input.uscc ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    sort: input.sort ?? 0,
  };
  await orgs.insert(tx, row, deps.clock.now());
  await deps.audit.record(tx, ctx, {
    action: 'directory.org.create',
    targetType: 'org',
    targetId: id,
    orgId: id,
    after: { name: row.name, kind: row.kind, regionCode: row.region_code, uscc: row.uscc, parentId: row.parent_id },
  });
  return row;
}

const ERROR_ZH = { INVALID_ORG_HIERARCHY: '机构层级不正确', INVALID_REGION_CODE: '行政区划代码不正确', INVALID_USCC: '统一社会信用代码不正确' };

/** Creates an organisation under a parent the caller manages. */
export async function createOrg(deps: DirectoryDeps, principal: Principal, input: CreateOrgInput, ctx: AuditContext): Promise<OrgView> {
  const row = await deps.db.transaction(async (tx) => {
    const parent = input.parentId ? await orgs.byId(tx, input.parentId) : null;
    if (input.parentId && !parent) throw new AppError('NOT_FOUND', { zh: '上级机构不存在', en: 'The parent organisation does not exist' });
    if (!canManageOrg(principal, parent?.path ?? '/')) throw new AppError('FORBIDDEN');
    return insertOrg(deps, tx, input, ctx);
  });
  return getOrg(deps, row.id);
}

/** Renames or re-sorts an organisation the caller manages; codes and place are fixed once created. */
export async function updateOrg(
  deps: DirectoryDeps,
  principal: Principal,
  id: string,
  patch: { name?: string; shortName?: string | null; sort?: number },
  ctx: AuditContext,
): Promise<OrgView> {
  await deps.db.transaction(async (tx) => {
    const org = await orgs.byId(tx, id);
    if (!org) throw new AppError('NOT_FOUND');
    if (!canManageOrg(principal, org.path)) throw new AppError('FORBIDDEN');
    await orgs.update(tx, id, patch, deps.clock.now());
    await deps.audit.record(tx, ctx, {
      action: 'directory.org.update',
      targetType: 'org',
      targetId: id,
      orgId: id,
      before: { name: org.name, shortName: org.short_name, sort: org.sort },
      after: patch,
    });
  });
  return getOrg(deps, id);
}
