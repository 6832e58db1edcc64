// Bulk issuance (批量制证) from a type's source resource: a durable long job that reads the typed table in
// keyset pages by `_seq` and commits each page's licences together with the run's progress and resume
// point. A run taken over after kill -9 resumes after its last committed page; a record that already holds
// a live licence of the type is skipped (unique by source key), so no rerun ever issues twice.
import type { AuditContext } from '../../kernel/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid, newId } from '../../kernel/ids.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { column, keyItems, loadResourceTable, qualified, type ResourceTable } from '../ingest/index.ts';
import { ensureIssuerKey } from './issuer-keys.ts';
import { issuerCode, writeLicences } from './issuance.ts';
import { checkClaims, shanghaiDay, type CheckedClaims } from './model.ts';
import { canRunBulkIssuance } from './policy.ts';
import { licences, runs, type RunRow, type TypeRow } from './repository.ts';
import { issuerOf, typeByCode } from './types-service.ts';

export const BULK_ISSUE_JOB = 'credentials.bulk-issue';
/** Records per page: one transaction each, small enough to keep locks short, large enough to amortise them. */
const PAGE = 500;
const MAX_ATTEMPTS = 3;
const LEASE_EVERY_MS = 30_000;

export interface RunView {
  id: string; typeCode: string; status: RunRow['status']; total: number; issued: number; skipped: number; failed: number;
  createdAt: string; startedAt: string | null; finishedAt: string | null; error: string | null;
}

const runView = (r: RunRow): RunView => ({
  id: r.id, typeCode: r.type_code, status: r.status, total: r.total, issued: r.issued, skipped: r.skipped, failed: r.failed,
  createdAt: r.created_at.toISOString(), startedAt: r.started_at?.toISOString() ?? null, finishedAt: r.finished_at?.toISOString() ?? null, error: r.error,
});

/** The source table of a type, checked to hold every item its mapping reads. */
async function sourceTable(ctx: PlatformContext, type: TypeRow): Promise<ResourceTable> {
  const source = type.definition.source;
  if (!source || !type.source_entry_id) throw new AppError('CRED_NO_SOURCE');
  const table = await loadResourceTable(ctx.db, type.source_entry_id);
  if (!table) throw new AppError('CRED_SOURCE_NOT_READY');
  const missing = Object.values(source.map).filter((code) => !table.items.some((i) => i.code === code));
  if (missing.length) throw new AppError('CRED_SOURCE_NOT_READY', { zh: `来源资源缺少信息项：${missing.join('、')}`, en: `The source resource lacks items: ${missing.join(', ')}` });
  return table;
}

/** Starts a run (202), or answers with the type's run already under way: two would race for the same records. */
export async function startBulkIssuance(ctx: PlatformContext, principal: Principal | null, typeCode: string, audit: AuditContext): Promise<RunView> {
  const type = await typeByCode(ctx.db, typeCode);
  await issuerCode(ctx.db, principal, type);
  return queueBulkIssuance(ctx, typeCode, principal?.kind === 'user' ? principal.id : null, audit);
}

/** Queues a run without a permission check (the route above, after its check, and the demo seed). */
export async function queueBulkIssuance(ctx: PlatformContext, typeCode: string, startedBy: string | null, audit: AuditContext): Promise<RunView> {
  const type = await typeByCode(ctx.db, typeCode);
  await sourceTable(ctx, type);
  const id = newId();
  const now = ctx.clock.now();
  const run = await ctx.db.transaction(async (tx) => {
    if (!(await runs.insert(tx, { id, typeCode, issuerOrgId: type.issuer_org_id, startedBy, now }))) {
      return (await runs.activeFor(tx, typeCode))!;
    }
    await ensureIssuerKey(ctx, tx, type.issuer_org_id, 'EdDSA');
    await scheduleJob(tx, { kind: BULK_ISSUE_JOB, runAt: now, payload: { runId: id }, dedupeKey: `${BULK_ISSUE_JOB}:${id}`, maxAttempts: MAX_ATTEMPTS });
    await ctx.audit.record(tx, audit, { action: 'credentials.run.start', targetType: 'issuance_run', targetId: id, orgId: type.issuer_org_id, after: { typeCode, sourceEntryId: type.source_entry_id } });
    return (await runs.byId(tx, id))!;
  });
  // Run it soon in this process too, rather than at the next poll.
  void ctx.jobs.runDue().catch(() => undefined);
  return runView(run);
}

export async function getRun(ctx: PlatformContext, principal: Principal | null, id: string): Promise<RunView> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const run = await runs.byId(ctx.db, id);
  if (!run) throw new AppError('NOT_FOUND');
  if (!canRunBulkIssuance(principal, (await issuerOf(ctx.db, run.issuer_org_id)).path)) throw new AppError('FORBIDDEN');
  return runView(run);
}

const RUN_AUDIT: AuditContext = { actor: { kind: 'system', id: null, name: 'credentials.bulk-issue', orgId: null }, requestId: null, ip: null };

/** The job: works through the source page by page until done. Errors leave the run resumable, until the last attempt. */
export async function processRun(ctx: PlatformContext, runId: string, attempt: number, extendLease: () => Promise<void>): Promise<void> {
  const run = await runs.byId(ctx.db, runId);
  if (!run || run.status === 'succeeded' || run.status === 'failed') return;
  try {
    await work(ctx, run, extendLease);
  } catch (err) {
    const message = String((err as Error).message ?? err).slice(0, 2000);
    const last = attempt >= MAX_ATTEMPTS || (err instanceof AppError && err.status < 500);
    await runs.update(ctx.db, runId, last ? { status: 'failed', error: message, finished_at: ctx.clock.now() } : { error: message });
    if (!last) throw err;
  }
}

async function work(ctx: PlatformContext, run: RunRow, extendLease: () => Promise<void>): Promise<void> {
  const type = await typeByCode(ctx.db, run.type_code);
  const table = await sourceTable(ctx, type);
  const issuer = await issuerOf(ctx.db, type.issuer_org_id);
  if (!issuer.uscc) throw new AppError('CRED_ISSUER_NO_USCC');
  const map = type.definition.source!.map;
  const keys = keyItems(table.items).map((i) => i.code);
  const cols = [...new Set([...keys, ...Object.values(map)])];
  // Every value read as text: dates as YYYY-MM-DD, numbers exactly; checkClaims coerces them per field type.
  // The cursor goes out as text under its own name: aliased `_seq`, "order by _seq" would sort the text
  // ('10' < '9') and the page would end in the middle.
  const select = `select ${cols.map((c) => `${column(c)}::text as ${column(c)}`).join(', ')}, _seq::text as _cursor from ${qualified(table.tableName)}`;
  // Records of people not (yet) eligible are not candidates at all: the run's total counts the rest.
  // Only when the birth date is a date column; otherwise checkClaims refuses the too-young one by one.
  const minAge = type.definition.eligibility?.minAge;
  const birthItem = table.items.find((i) => i.code === map.birth_date && i.type === 'date');
  const bornBy = minAge && birthItem ? yearsBefore(shanghaiDay(ctx.clock.now()), minAge) : null;
  const eligible = bornBy ? ` and ${column(birthItem!.code)} <= '${bornBy}'::date` : '';
  const total = Number((await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${qualified(table.tableName)} where not _deleted${eligible}`)).rows[0]!.n);
  await runs.update(ctx.db, run.id, { status: 'running', total, started_at: run.started_at ?? ctx.clock.now() });

  let lastSeq = String(run.last_seq);
  let lastLease = Date.now();
  for (;;) {
    const { rows } = await ctx.db.query<Record<string, string | null>>(`${select} where not _deleted${eligible} and _seq > $1::bigint order by _seq limit ${PAGE}`, [lastSeq]);
    if (!rows.length) break;
    const issuedOn = shanghaiDay(ctx.clock.now());
    const candidates: Array<{ checked: CheckedClaims; sourceKey: Record<string, unknown>; text: string }> = [];
    let failed = 0;
    for (const row of rows) {
      const claims = Object.fromEntries(Object.entries(map).map(([claim, item]) => [claim, row[item]]));
      const checked = checkClaims(type.definition, claims, issuedOn);
      if ('problems' in checked) {
        failed++;
        continue;
      }
      // Keys in a fixed order, so the text form compares equal to the stored jsonb.
      const sourceKey = Object.fromEntries([...keys].sort().map((k) => [k, row[k]]));
      candidates.push({ checked, sourceKey, text: JSON.stringify(sourceKey) });
    }
    const pageEnd = rows[rows.length - 1]!._cursor!;
    const advanced = await ctx.db.transaction(async (tx) => {
      // Another worker that took the run over has moved on: stop rather than write this page twice.
      const current = await runs.byId(tx, run.id, true);
      if (!current || current.status !== 'running' || String(current.last_seq) !== lastSeq) return false;
      const already = await licences.issuedSourceKeys(tx, type.code, candidates.map((c) => c.text));
      const fresh = candidates.filter((c) => !already.has(c.text));
      const written = await writeLicences(ctx, tx, type, issuer.uscc!, fresh, { runId: run.id, issuedBy: run.started_by });
      if (written.length) {
        await ctx.audit.record(tx, RUN_AUDIT, {
          action: 'credentials.licence.bulk_issue', targetType: 'issuance_run', targetId: run.id, orgId: type.issuer_org_id,
          after: { typeCode: type.code, count: written.length, identifiers: written.map((w) => w.identifier) },
        });
      }
      await runs.update(tx, run.id, { add: { issued: written.length, skipped: candidates.length - fresh.length, failed }, lastSeq: pageEnd });
      return true;
    });
    if (!advanced) return;
    lastSeq = pageEnd;
    if (Date.now() - lastLease > LEASE_EVERY_MS) {
      lastLease = Date.now();
      await extendLease();
    }
  }
  await ctx.db.transaction(async (tx) => {
    await runs.update(tx, run.id, { status: 'succeeded', finished_at: ctx.clock.now() });
    const done = (await runs.byId(tx, run.id))!;
    await ctx.audit.record(tx, RUN_AUDIT, {
      action: 'credentials.run.finish', targetType: 'issuance_run', targetId: run.id, orgId: type.issuer_org_id,
      after: { typeCode: type.code, total: done.total, issued: done.issued, skipped: done.skipped, failed: done.failed },
    });
  });
}

/** The day `years` years before `day` (YYYY-MM-DD; 29 February falls back to the 28th), checked to be a date before it goes into SQL. */
function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y - years, m - 1, d));
  if (back.getUTCDate() !== d) back.setUTCDate(0);
  const out = back.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out)) throw new RangeError(`not a day: ${out}`);
  return out;
}
