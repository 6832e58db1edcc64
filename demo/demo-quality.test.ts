// Acceptance: the quality loop finds exactly the defects planted in the demo datasets, opens incidents with
// working-day deadlines for the providing departments, marks them overdue when the clock passes the deadline,
// and closes them when corrected data arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ManualClock } from '../src/kernel/clock.ts';
import { ingestRows, openBatch } from '../src/modules/ingest/batches.ts';
import { loadResourceTable } from '../src/modules/ingest/storage.ts';
import { sweepOverdueIncidents } from '../src/modules/quality/index.ts';
import { startTestPlatform, type TestPlatform } from '../test/support/platform.ts';
import { DEMO_DATASETS, generateRows, plantedDefects, type PlantedDefectKind } from './datasets.ts';
import { seedDemoDatasets, type DatasetSeedResult } from './seed-datasets.ts';
import { seedDemoSharing } from './seed-sharing.ts';
import { DEMO_PASSWORD } from './weifang.ts';

const SCALE = 0.05;
const RULE_FOR: Partial<Record<PlantedDefectKind, string>> = {
  bad_citizen_id_check: 'citizen_id',
  missing_required: 'required',
  bad_uscc_check: 'uscc',
  bad_mobile: 'mobile',
  out_of_code_table: 'code_table',
  dangling_reference: 'reference',
};
const AUDIT = { actor: { kind: 'system' as const, id: null, name: 'test', orgId: null }, requestId: null, ip: null };

describe('the quality loop over the demo datasets', () => {
  // Wednesday 2026-11-25, 09:00 in Weifang.
  const clock = new ManualClock('2026-11-25T09:00:00+08:00');
  let p: TestPlatform;
  let seeded: DatasetSeedResult[];

  const drainJobs = async () => {
    while ((await p.ctx.jobs.runDue()) > 0);
  };
  const failedByRule = async (entryId: string) => {
    const { rows } = await p.ctx.db.query<{ kind: string; item_code: string | null; failed: number }>(
      `select r.kind, r.item_code, x.failed::int as failed from qa_results x join qa_rules r on r.id = x.rule_id
        where x.run_id = (select id from qa_runs where entry_id = $1 order by started_at desc, seq desc limit 1)`,
      [entryId],
    );
    return rows;
  };

  beforeAll(async () => {
    p = await startTestPlatform({ clock });
    seeded = await seedDemoDatasets(p.ctx, { scale: SCALE });
    // The rules exist once the seed finishes; check every resource as the daily run would.
    for (const s of seeded) await p.app.inject({ method: 'POST', url: `/api/quality/resources/${s.entryId}/runs`, headers: { cookie: await p.signIn('admin') } });
    await drainJobs();
  }, 240_000);
  afterAll(() => p.close());

  it('finds exactly the planted defects that reach the typed tables, and keeps the others as rejected rows', async () => {
    for (const dataset of DEMO_DATASETS) {
      const entry = seeded.find((s) => s.key === dataset.key)!;
      const results = await failedByRule(entry.entryId);
      const planted = plantedDefects(dataset, { scale: SCALE });
      const requiredInCatalog = new Set(dataset.content.items.filter((i) => i.required).map((i) => i.code));
      let rejectedAtIngest = 0;
      for (const defect of planted.defects) {
        if (defect.kind === 'missing_required' && requiredInCatalog.has(defect.item)) {
          rejectedAtIngest += defect.rowIndexes.length;
          continue;
        }
        const kind = RULE_FOR[defect.kind];
        if (!kind) continue;
        const result = results.find((r) => r.kind === kind && r.item_code === defect.item);
        expect(result, `${dataset.key}: a ${kind} rule on ${defect.item}`).toBeDefined();
        expect(result!.failed, `${dataset.key}: ${kind} on ${defect.item}`).toBe(defect.rowIndexes.length);
      }
      expect(entry.rejected, `${dataset.key}: rows rejected at import`).toBe(rejectedAtIngest);
    }
  });

  it('opens one incident per failing rule for the providing department, due in five working days', async () => {
    const { rows } = await p.ctx.db.query<{ n: number; rules: number; deadline: Date; status: string }>(
      `select count(*)::int as n, count(distinct rule_id)::int as rules, min(deadline) as deadline, min(status) as status from qa_incidents where kind = 'rule'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.n).toBe(rows[0]!.rules);
    expect(rows[0]!.status).toBe('new');
    // Wednesday + 5 working days = Wednesday 2026-12-02, end of day in Weifang.
    expect(rows[0]!.deadline.toISOString()).toBe(new Date('2026-12-02T23:59:59.999+08:00').toISOString());
    const heating = seeded.find((s) => s.key === 'heating')!;
    const stale = await p.ctx.db.query(`select 1 from qa_incidents i join qa_rules r on r.id = i.rule_id where i.entry_id = $1 and r.kind = 'freshness' and i.status <> 'resolved'`, [heating.entryId]);
    expect(stale.rows).toHaveLength(1);
  });

  it('marks them overdue once the clock passes the deadline, and closes them when corrected data arrives', async () => {
    clock.advance(6 * DAY);
    expect(await sweepOverdueIncidents(p.ctx)).toBe(0);
    clock.set('2026-12-03T08:00:00+08:00');
    const overdue = await sweepOverdueIncidents(p.ctx);
    expect(overdue).toBeGreaterThan(0);
    const audit = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_records where action = 'quality.incident.escalate'`);
    expect(audit.rows[0]!.n).toBe(overdue);
    const flagged = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from qa_incidents where overdue_at is not null and status <> 'resolved'`);
    expect(flagged.rows[0]!.n).toBe(overdue);

    // The housing-fund centre sends its data again with the planted defects corrected.
    const dataset = DEMO_DATASETS.find((d) => d.key === 'housing_fund')!;
    const entry = seeded.find((s) => s.key === 'housing_fund')!;
    const planted = plantedDefects(dataset, { scale: SCALE });
    const open = await p.ctx.db.query<{ id: string }>(`select id from qa_incidents where entry_id = $1 and status <> 'resolved' and kind = 'rule'`, [entry.entryId]);
    expect(open.rows.length).toBeGreaterThan(0);
    const bad = new Set(planted.defects.filter((d) => d.kind !== 'duplicate_key').flatMap((d) => d.rowIndexes));
    const table = (await loadResourceTable(p.ctx.db, entry.entryId))!;
    const opened = await openBatch(p.ctx, table, { kind: 'push', name: 'correction', idempotencyKey: 'correction-1', contentHash: null }, AUDIT);
    // Every defective row is deleted and sent again from a clean neighbour's values under its own key.
    const keyItems = dataset.content.items.filter((i) => i.key).map((i) => i.code);
    const rows = [...generateRows(dataset, { scale: SCALE })];
    async function* corrected() {
      let n = 0;
      for (const [index, row] of rows.entries()) {
        if (!bad.has(index)) continue;
        const clean = rows[(index + 1) % rows.length]!;
        const fixed = { ...clean, ...Object.fromEntries(keyItems.map((k) => [k, row[k]])) };
        yield { rowNumber: ++n, values: fixed };
      }
    }
    const batch = await ingestRows(p.ctx, table, opened.batch, corrected(), AUDIT);
    expect(Number(batch.rejected)).toBe(0);
    await drainJobs();
    const still = await p.ctx.db.query<{ kind: string; item_code: string | null }>(
      `select r.kind, r.item_code from qa_incidents i join qa_rules r on r.id = i.rule_id where i.entry_id = $1 and i.status <> 'resolved'`,
      [entry.entryId],
    );
    expect(still.rows).toEqual([]);
    const resolved = await p.ctx.db.query<{ resolution: string }>(`select resolution from qa_incidents where id = any($1::uuid[])`, [open.rows.map((r) => r.id)]);
    expect(resolved.rows.every((r) => r.resolution === 'auto')).toBe(true);
  });

  it('seeds data sharing on top: a grant the 公安局 system has called, and a request awaiting its decision', async () => {
    expect(await seedDemoSharing(p.ctx, seeded)).toEqual({ grants: 1, pending: 1, calls: 25 });
    const { rows } = await p.ctx.db.query<{ status: number; n: number }>('select status, count(*)::int as n from shr_calls group by status order by status');
    expect(rows).toEqual([{ status: 200, n: 24 }, { status: 404, n: 1 }]);
    // A fresh sign-in: the clock has moved on past the cached session.
    const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const stats = await p.app.inject({ method: 'GET', url: '/api/sharing/stats', headers: { cookie } });
    expect(stats.json()).toMatchObject({ grantsActive: 1, callsInPeriod: 25, failedInPeriod: 1 });
  });
});
