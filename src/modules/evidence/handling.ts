// 受理: the handling department's staff see the submitted applications of their items with the evidence the
// citizen released — nothing of an application before it is confirmed, nothing the citizen declined. Each
// opening of an application's evidence (personal data) is audited.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue } from '../catalog/index.ts';
import type { EvidencePayload } from './model.ts';
import { canHandleApplicationsOf, handlingScopes } from './policy.ts';
import { applications, pieces, type ApplicationRow } from './repository.ts';

function summary(a: ApplicationRow, applicantName: string) {
  return {
    id: a.id, number: a.number, itemId: a.item_id, itemCode: a.item_code, itemName: a.item_name, orgId: a.org_id,
    applicantName, applicantIdMasked: a.applicant_id_masked, submittedAt: a.submitted_at!.toISOString(), paperFree: a.paper_free === true,
  };
}

/** Submitted applications of the caller's departments (names masked in the list). */
export async function listHandledApplications(ctx: PlatformContext, principal: Principal, q: { itemId?: string; page: number; pageSize: number }) {
  const scopes = handlingScopes(principal);
  if (!scopes.length) return { items: [], total: 0 };
  const { rows, total } = await applications.submittedUnder(ctx.db, { scopes, itemId: q.itemId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((a) => summary(a, String(maskValue('name', ctx.vault.decrypt(a.applicant_name_sealed))))), total };
}

/** One submitted application with its released evidence; 404 before submission, 403 for other departments. */
export async function getHandledApplication(ctx: PlatformContext, principal: Principal, id: string, audit: AuditContext) {
  const a = await applications.byId(ctx.db, id);
  if (!a || a.status !== 'submitted') throw new AppError('NOT_FOUND');
  if (!canHandleApplicationsOf(principal, a.org_path)) throw new AppError('FORBIDDEN');
  const rows = await pieces.of(ctx.db, [id]);
  await ctx.db.transaction((tx) =>
    ctx.audit.record(tx, audit, { action: 'evidence.application.read', targetType: 'evidence_application', targetId: id, orgId: a.org_id, after: { number: a.number, released: rows.filter((p) => p.released_sealed).map((p) => p.evidence_code) } }),
  );
  return {
    ...summary(a, ctx.vault.decrypt(a.applicant_name_sealed)),
    evidence: rows.map((p) => ({
      code: p.evidence_code,
      name: p.evidence_name,
      released: p.released_sealed !== null,
      paperRequired: p.paper_required,
      paperReason: !p.paper_required ? null : p.outcome === 'missing' ? `无法在线获取：${p.missing_reason ?? ''}` : '申请人未同意在线调取，需提交纸质材料',
      releasedAt: p.released_at?.toISOString() ?? null,
      digest: p.released_digest,
      content: p.released_sealed ? (JSON.parse(ctx.vault.decrypt(p.released_sealed)) as EvidencePayload) : null,
    })),
  };
}
