// A citizen's application (办件) for a service item, in three steps:
//   1. apply: the platform fetches each piece of evidence the item needs and seals it as a PREVIEW. Nothing is
//      released: the handling department cannot see the application yet.
//   2. the citizen reads the preview and CONFIRMS it, declining single pieces if they wish (those, and pieces
//      no provider could give, they bring on paper). Before releasing, the platform fetches again and checks the
//      digest: what is released is exactly what was shown, or the citizen is asked to preview again.
//   3. submitted: the confirmed evidence is attached, released to the handling department, and counted.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue } from '../catalog/index.ts';
import { citizenIdentity } from '../citizens/index.ts';
import { orgSummaries } from '../directory/index.ts';
import { typeOf } from './catalogue.ts';
import { fetchEvidence, type FetchContext, type Fetched } from './fetch-evidence.ts';
import { applicationNumber, payloadDigest, servedWithoutPaper, type EvidencePayload } from './model.ts';
import { isBoundCitizen } from './policy.ts';
import { applications, evidenceTypes, items, pieces, type ApplicationRow, type ItemRow, type PieceRow } from './repository.ts';
import type { ConfirmInput } from './schemas.ts';

type Citizen = Principal & { kind: 'citizen' };

/** The bound citizen's identity, or 403 CITIZEN_NOT_BOUND: evidence is found by the ID number of a real name. */
async function identityOf(ctx: PlatformContext, principal: Citizen): Promise<{ idNumber: string; name: string }> {
  const identity = isBoundCitizen(principal) ? await citizenIdentity(ctx, principal.id) : null;
  if (!identity) throw new AppError('CITIZEN_NOT_BOUND');
  return identity;
}

const applicantLabel = (identity: { idNumber: string; name: string }): string =>
  `申请人 ${String(maskValue('name', identity.name))}（${String(maskValue('citizen_id', identity.idNumber))}）`;

/** Fetches every piece of evidence the item needs, in the item's order. */
async function fetchAll(ctx: PlatformContext, item: ItemRow, who: Omit<FetchContext, 'handlingOrgId'>, only?: Set<string>): Promise<Map<string, { name: string; fetched: Fetched }>> {
  const types = new Map((await evidenceTypes.byCodes(ctx.db, item.evidence_codes)).map((t) => [t.code, typeOf(t)]));
  const out = new Map<string, { name: string; fetched: Fetched }>();
  for (const code of item.evidence_codes) {
    if (only && !only.has(code)) continue;
    const type = types.get(code);
    out.set(code, type
      ? { name: type.name, fetched: await fetchEvidence(ctx, type, { ...who, handlingOrgId: item.org_id }) }
      : { name: code, fetched: { outcome: 'missing', reason: '证明材料类型未配置', calls: [] } });
  }
  return out;
}

/** Preview rows: each fetched piece sealed with its digest, pending the citizen's decision. */
function previewRows(ctx: PlatformContext, applicationId: string, fetched: Map<string, { name: string; fetched: Fetched }>): PieceRow[] {
  return [...fetched.entries()].map(([code, { name, fetched: f }], position) => ({
    application_id: applicationId, evidence_code: code, evidence_name: name, position, outcome: f.outcome,
    provider_kind: f.outcome === 'fetched' ? f.payload.provider.kind : null,
    provider_name: f.outcome === 'fetched' ? f.payload.provider.name : null,
    missing_reason: f.outcome === 'missing' ? f.reason : null,
    preview_sealed: f.outcome === 'fetched' ? ctx.vault.encrypt(JSON.stringify(f.payload)) : null,
    preview_digest: f.outcome === 'fetched' ? payloadDigest(f.payload) : null,
    preview_calls: f.calls, decision: 'pending', released_sealed: null, released_digest: null, release_calls: [], released_at: null,
    paper_required: f.outcome === 'missing',
  }));
}

/** What the audit trail keeps of a preview: which provider answered and the digest, never the values. */
const previewSummary = (rows: PieceRow[]) => rows.map((p) => ({ code: p.evidence_code, outcome: p.outcome, provider: p.provider_name, digest: p.preview_digest, reason: p.missing_reason }));

/** Applies for an item: fetches the evidence and returns the preview. Nothing is released yet. */
export async function applyForItem(ctx: PlatformContext, principal: Citizen, itemId: string, audit: AuditContext) {
  const identity = await identityOf(ctx, principal);
  const item = await items.byId(ctx.db, itemId);
  if (!item) throw new AppError('EVIDENCE_ITEM_NOT_FOUND');
  if (item.status !== 'active') throw new AppError('EVIDENCE_ITEM_INACTIVE');
  if (await applications.openFor(ctx.db, principal.id, item.id)) throw new AppError('EVIDENCE_APPLICATION_OPEN');
  const now = ctx.clock.now();
  const id = newId();
  const number = applicationNumber(shanghaiDay(now), await applications.nextNumber(ctx.db));
  // Look-ups run outside the transaction: each is a data-service call, recorded in the call log by its own commit.
  const fetched = await fetchAll(ctx, item, { idNumber: identity.idNumber, applicantLabel: applicantLabel(identity), applicationNumber: number, requestId: audit.requestId ?? id, phase: 'preview' });
  const rows = previewRows(ctx, id, fetched);
  await ctx.db.transaction(async (tx) => {
    const inserted = await applications.insert(tx, {
      id, number, item_id: item.id, item_code: item.code, item_name: item.name, org_id: item.org_id, org_path: item.org_path, citizen_id: principal.id,
      applicant_name_sealed: ctx.vault.encrypt(identity.name), applicant_id_masked: String(maskValue('citizen_id', identity.idNumber)),
      status: 'previewed', previewed_at: now, created_at: now,
    });
    if (!inserted) throw new AppError('EVIDENCE_APPLICATION_OPEN');
    await pieces.replace(tx, id, rows);
    await ctx.audit.record(tx, audit, { action: 'evidence.application.preview', targetType: 'evidence_application', targetId: id, orgId: item.org_id, after: { number, itemCode: item.code, status: 'previewed', evidence: previewSummary(rows) } });
  });
  return getMyApplication(ctx, principal, id);
}

/** The citizen's own application, or 404: another citizen's is not there for them. */
async function ownApplication(ctx: PlatformContext, principal: Citizen, id: string): Promise<ApplicationRow> {
  const a = await applications.byId(ctx.db, id);
  if (!a || a.citizen_id !== principal.id) throw new AppError('NOT_FOUND');
  return a;
}

/** Fetches the evidence again and replaces the preview (after the source changed, or to look again). */
export async function previewAgain(ctx: PlatformContext, principal: Citizen, id: string, audit: AuditContext) {
  const identity = await identityOf(ctx, principal);
  const a = await ownApplication(ctx, principal, id);
  if (a.status !== 'previewed') throw new AppError('EVIDENCE_APPLICATION_STATE');
  const item = (await items.byId(ctx.db, a.item_id))!;
  const fetched = await fetchAll(ctx, { ...item, org_id: a.org_id }, { idNumber: identity.idNumber, applicantLabel: applicantLabel(identity), applicationNumber: a.number, requestId: audit.requestId ?? newId(), phase: 'preview' });
  const rows = previewRows(ctx, id, fetched);
  await ctx.db.transaction(async (tx) => {
    const locked = (await applications.byId(tx, id, true))!;
    if (locked.status !== 'previewed') throw new AppError('EVIDENCE_APPLICATION_STATE');
    await pieces.replace(tx, id, rows);
    await applications.update(tx, id, { previewed_at: ctx.clock.now() }, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'evidence.application.preview_again', targetType: 'evidence_application', targetId: id, orgId: a.org_id, after: { number: a.number, evidence: previewSummary(rows) } });
  });
  return getMyApplication(ctx, principal, id);
}

/**
 * The citizen confirms the preview. Pieces they decline, and pieces no provider could give, need paper. The
 * confirmed pieces are fetched once more; each must equal its preview (by digest) or nothing is released and
 * the citizen is asked to preview again. Then, in one transaction, the evidence is attached and released, the
 * application submitted and the audit record written.
 */
export async function confirmApplication(ctx: PlatformContext, principal: Citizen, id: string, input: ConfirmInput, audit: AuditContext) {
  const identity = await identityOf(ctx, principal);
  const a = await ownApplication(ctx, principal, id);
  if (a.status !== 'previewed') throw new AppError('EVIDENCE_APPLICATION_STATE');
  const shown = await pieces.of(ctx.db, [id]);
  const decline = new Set(input.decline ?? []);
  const unknown = [...decline, ...Object.keys(input.digests ?? {})].filter((c) => !shown.some((p) => p.evidence_code === c));
  if (unknown.length) throw new AppError('EVIDENCE_NOT_IN_APPLICATION', { zh: `申请中没有该证明材料：${unknown.join('、')}`, en: `The application needs no such evidence: ${unknown.join(', ')}` });
  // The citizen confirms what their screen showed: a preview replaced meanwhile (another tab) is not theirs.
  const stale = Object.entries(input.digests ?? {}).filter(([code, digest]) => shown.find((p) => p.evidence_code === code)!.preview_digest !== digest);
  if (stale.length) throw changed(stale.map(([code]) => shown.find((p) => p.evidence_code === code)!.evidence_name));

  const toRelease = shown.filter((p) => p.outcome === 'fetched' && !decline.has(p.evidence_code));
  const item = (await items.byId(ctx.db, a.item_id))!;
  const again = await fetchAll(ctx, { ...item, org_id: a.org_id }, { idNumber: identity.idNumber, applicantLabel: applicantLabel(identity), applicationNumber: a.number, requestId: audit.requestId ?? newId(), phase: 'release' }, new Set(toRelease.map((p) => p.evidence_code)));
  const released = new Map<string, { payload: EvidencePayload; digest: string; calls: unknown[] }>();
  const differing: string[] = [];
  for (const p of toRelease) {
    const f = again.get(p.evidence_code)?.fetched;
    if (f?.outcome !== 'fetched' || payloadDigest(f.payload) !== p.preview_digest) differing.push(p.evidence_name);
    else released.set(p.evidence_code, { payload: f.payload, digest: p.preview_digest, calls: f.calls });
  }
  if (differing.length) {
    await ctx.db.transaction((tx) => ctx.audit.record(tx, audit, { action: 'evidence.application.release_refused', targetType: 'evidence_application', targetId: id, orgId: a.org_id, after: { number: a.number, changed: differing } }));
    throw changed(differing);
  }

  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const locked = (await applications.byId(tx, id, true))!;
    if (locked.status !== 'previewed') throw new AppError('EVIDENCE_APPLICATION_STATE');
    // A preview replaced between our read and this lock would not be the one compared above.
    const current = await pieces.of(tx, [id]);
    if (current.some((p) => p.preview_digest !== shown.find((s) => s.evidence_code === p.evidence_code)?.preview_digest)) throw changed(current.map((p) => p.evidence_name));
    const decided = current.map((p) => {
      const r = released.get(p.evidence_code);
      return { ...p, decision: r ? ('confirmed' as const) : p.outcome === 'fetched' ? ('declined' as const) : ('pending' as const), release: r };
    });
    for (const p of decided) {
      await pieces.decide(tx, id, p.evidence_code, {
        decision: p.decision, paperRequired: !p.release, releasedSealed: p.release ? ctx.vault.encrypt(JSON.stringify(p.release.payload)) : null,
        releasedDigest: p.release?.digest ?? null, releaseCalls: p.release?.calls ?? [], releasedAt: p.release ? now : null,
      });
    }
    const paperFree = servedWithoutPaper(decided);
    await applications.update(tx, id, { status: 'submitted', submitted_at: now, paper_free: paperFree }, now);
    await ctx.audit.record(tx, audit, {
      action: 'evidence.application.submit', targetType: 'evidence_application', targetId: id, orgId: a.org_id,
      before: { status: 'previewed' },
      after: {
        number: a.number, status: 'submitted', paperFree,
        released: decided.filter((p) => p.release).map((p) => ({ code: p.evidence_code, digest: p.release!.digest })),
        declined: decided.filter((p) => p.decision === 'declined').map((p) => p.evidence_code),
        missing: decided.filter((p) => p.outcome === 'missing').map((p) => p.evidence_code),
      },
    });
  });
  return getMyApplication(ctx, principal, id);
}

const changed = (names: string[]) =>
  new AppError('EVIDENCE_SOURCE_CHANGED', { zh: `以下证明材料在预览后已发生变化：${names.join('、')}。请重新预览并确认`, en: `This evidence changed after the preview: ${names.join(', ')}. Preview again and confirm` }, { changed: names });

/** The citizen gives up an application before confirming: nothing was released, nothing will be. */
export async function cancelApplication(ctx: PlatformContext, principal: Citizen, id: string, audit: AuditContext) {
  const a = await ownApplication(ctx, principal, id);
  await ctx.db.transaction(async (tx) => {
    const locked = (await applications.byId(tx, id, true))!;
    if (locked.status !== 'previewed') throw new AppError('EVIDENCE_APPLICATION_STATE');
    await applications.update(tx, id, { status: 'cancelled' }, ctx.clock.now());
    await ctx.audit.record(tx, audit, { action: 'evidence.application.cancel', targetType: 'evidence_application', targetId: id, orgId: a.org_id, before: { status: 'previewed' }, after: { number: a.number, status: 'cancelled' } });
  });
  return getMyApplication(ctx, principal, id);
}

function citizenSummary(a: ApplicationRow, orgName: string) {
  return {
    id: a.id, number: a.number, itemId: a.item_id, itemCode: a.item_code, itemName: a.item_name, orgId: a.org_id, orgName, status: a.status,
    paperFree: a.paper_free, previewedAt: a.previewed_at.toISOString(), submittedAt: a.submitted_at?.toISOString() ?? null,
  };
}

/** The citizen's own application with its evidence as they were shown it (their own data, in full). */
export async function getMyApplication(ctx: PlatformContext, principal: Citizen, id: string) {
  const a = await ownApplication(ctx, principal, id);
  const orgName = (await orgSummaries(ctx.db, [a.org_id])).get(a.org_id)?.name ?? '';
  const rows = await pieces.of(ctx.db, [id]);
  return {
    ...citizenSummary(a, orgName),
    evidence: rows.map((p) => ({
      code: p.evidence_code, name: p.evidence_name, outcome: p.outcome, decision: p.decision, released: p.released_at !== null, paperRequired: p.paper_required,
      missingReason: p.missing_reason, digest: p.preview_digest,
      content: p.preview_sealed ? (JSON.parse(ctx.vault.decrypt(p.preview_sealed)) as EvidencePayload) : null,
    })),
  };
}

export async function listMyApplications(ctx: PlatformContext, principal: Citizen) {
  const rows = await applications.ofCitizen(ctx.db, principal.id, 200);
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.org_id))]);
  return { items: rows.map((a) => citizenSummary(a, orgs.get(a.org_id)?.name ?? '')) };
}
