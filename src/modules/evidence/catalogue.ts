// 事项与材料目录: the evidence types (platform admins keep them: they name grants and licence types across
// departments) and the government service items that need them (platform admins and the handling
// department's keepers). Every change is audited in its transaction.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { providerProblems, type EvidenceType, type Provider } from './model.ts';
import { canManageEvidenceTypes, canManageItemsOf } from './policy.ts';
import { evidenceTypes, items, type ItemRow, type TypeRow } from './repository.ts';
import type { EvidenceTypeInput, ItemInput } from './schemas.ts';

export const typeOf = (r: TypeRow): EvidenceType => ({ code: r.code, name: r.name, description: r.description, providers: r.providers });

const typeView = (r: TypeRow) => ({ ...typeOf(r), createdAt: r.created_at.toISOString() });

export async function listEvidenceTypes(ctx: PlatformContext) {
  return { items: (await evidenceTypes.list(ctx.db)).map(typeView) };
}

export async function createEvidenceType(ctx: PlatformContext, principal: Principal, input: EvidenceTypeInput, audit: AuditContext) {
  if (!canManageEvidenceTypes(principal)) throw new AppError('FORBIDDEN');
  const providers = input.providers as Provider[];
  const problems = providerProblems(providers);
  if (problems.length) throw new AppError('EVIDENCE_TYPE_INVALID', { zh: problems.join('；'), en: problems.join('; ') }, { problems });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await evidenceTypes.insert(tx, { code: input.code, name: input.name.trim(), description: input.description?.trim() || null, providers, now }))) throw new AppError('EVIDENCE_TYPE_TAKEN');
    await ctx.audit.record(tx, audit, { action: 'evidence.type.create', targetType: 'evidence_type', targetId: input.code, after: { name: input.name, providers } });
  });
  return typeView((await evidenceTypes.byCodes(ctx.db, [input.code]))[0]!);
}

/** Items as the API shows them, with the handling department's and the evidence types' names. */
export async function itemViews(ctx: PlatformContext, rows: ItemRow[]) {
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.org_id))]);
  const types = new Map((await evidenceTypes.byCodes(ctx.db, [...new Set(rows.flatMap((r) => r.evidence_codes))])).map((t) => [t.code, t.name]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id)?.name ?? '',
    evidence: r.evidence_codes.map((code) => ({ code, name: types.get(code) ?? code })),
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Every item for staff; the active ones for citizens (the items are public information). */
export async function listItems(ctx: PlatformContext, activeOnly: boolean) {
  return { items: await itemViews(ctx, await items.list(ctx.db, { scopes: null, activeOnly })) };
}

export async function createItem(ctx: PlatformContext, principal: Principal & { kind: 'user' }, input: ItemInput, audit: AuditContext) {
  const org = (await orgSummaries(ctx.db, [input.orgId])).get(input.orgId);
  if (!org) throw new AppError('NOT_FOUND', { zh: '受理部门不存在', en: 'No such handling department' });
  // A service item is handled by a department, not by a region (whose tree would reach every bureau's grants).
  if (org.kind !== 'department') throw new AppError('VALIDATION_FAILED', { zh: '受理单位须为部门', en: 'The handling organisation must be a department' });
  if (!canManageItemsOf(principal, org.path)) throw new AppError('FORBIDDEN', { zh: '只能为本部门创建事项', en: 'You can create items only for your own department' });
  const known = new Set((await evidenceTypes.byCodes(ctx.db, input.evidenceCodes)).map((t) => t.code));
  const unknown = input.evidenceCodes.filter((c) => !known.has(c));
  if (unknown.length) throw new AppError('EVIDENCE_TYPE_NOT_FOUND', { zh: `证明材料类型不存在：${unknown.join('、')}`, en: `No such evidence types: ${unknown.join(', ')}` });
  const id = newId();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const row = { id, code: input.code, name: input.name.trim(), org_id: org.id, org_path: org.path, evidence_codes: input.evidenceCodes, status: input.status ?? ('active' as const), created_by: principal.id, created_at: now };
    if (!(await items.insert(tx, row))) throw new AppError('EVIDENCE_ITEM_TAKEN');
    await ctx.audit.record(tx, audit, { action: 'evidence.item.create', targetType: 'evidence_item', targetId: id, orgId: org.id, after: { code: row.code, name: row.name, evidenceCodes: row.evidence_codes, status: row.status } });
  });
  return (await itemViews(ctx, [(await items.byId(ctx.db, id))!]))[0]!;
}

/** Opens or closes an item for applications (applications already made go on). */
export async function setItemStatus(ctx: PlatformContext, principal: Principal & { kind: 'user' }, id: string, status: ItemRow['status'], audit: AuditContext) {
  await ctx.db.transaction(async (tx) => {
    const item = await items.byId(tx, id, true);
    if (!item) throw new AppError('EVIDENCE_ITEM_NOT_FOUND');
    if (!canManageItemsOf(principal, item.org_path)) throw new AppError('FORBIDDEN');
    if (item.status === status) return;
    await items.setStatus(tx, id, status, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'evidence.item.status', targetType: 'evidence_item', targetId: id, orgId: item.org_id, before: { status: item.status }, after: { status } });
  });
  return (await itemViews(ctx, [(await items.byId(ctx.db, id))!]))[0]!;
}
