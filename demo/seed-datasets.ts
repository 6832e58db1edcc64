// Seeds the eight demo datasets through the platform's own use cases: each department's resource is
// catalogued, published by the operator, filled by an import batch and given its quality rules, so the demo
// shows typed tables, the ledger, rejected rows and quality incidents exactly as real use would.
import type { AuditContext } from '../src/kernel/audit.ts';
import type { Clock } from '../src/kernel/clock.ts';
import type { Principal } from '../src/server/access.ts';
import type { PlatformContext } from '../src/server/context.ts';
import { createEntry, publishEntry, submitEntry } from '../src/modules/catalog/service.ts';
import { ingestRows, openBatch } from '../src/modules/ingest/batches.ts';
import { loadResourceTable } from '../src/modules/ingest/storage.ts';
import type { SourceRow } from '../src/modules/ingest/sources/files.ts';
import { createRule } from '../src/modules/quality/rule-service.ts';
import { DEMO_DATASETS, generateRows, type DemoDataset, type QualityRuleSpec } from './datasets.ts';
import { DEPARTMENTS } from './weifang.ts';

const DEMO_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'demo-seed', orgId: null }, requestId: null, ip: null };

/** The stale dataset's data was last delivered this long before the seed (its declared frequency is shorter). */
const STALE_BY_MS = 75 * 86_400_000;

export interface DatasetSeedResult {
  key: string;
  entryId: string;
  code: string;
  rows: number;
  rejected: number;
}

/** The demo's platform operator acting: the seeded admin, as a platform admin over the whole city. */
async function operator(ctx: PlatformContext): Promise<Principal> {
  const { rows } = await ctx.db.query<{ id: string; name: string; org_id: string; path: string }>(
    `select u.id, u.name, o.id as org_id, o.path from dir_users u join dir_orgs o on o.parent_id is null where u.username = 'admin'`,
  );
  const admin = rows[0];
  if (!admin) throw new Error('seed the directory (citystack demo) before the datasets');
  return { kind: 'user', id: admin.id, username: 'admin', name: admin.name, sessionId: 'demo-seed', primaryOrgId: admin.org_id, roles: [{ id: 'demo-seed', role: 'platform_admin', orgId: admin.org_id, orgPath: admin.path }] };
}

function ruleInput(entryId: string, spec: QualityRuleSpec, codes: Map<string, string>): { entryId: string; itemCode: string | null; kind: QualityRuleSpec['kind']; params: Record<string, unknown> } | null {
  const p = spec.params ?? {};
  switch (spec.kind) {
    case 'pattern':
      return { entryId, itemCode: spec.item ?? null, kind: 'pattern', params: { pattern: p.regex } };
    case 'reference':
      return { entryId, itemCode: spec.item ?? null, kind: 'reference', params: { resourceCode: codes.get(String(p.dataset)), itemCode: p.item } };
    case 'valid_date':
      // The quality rule already refuses dates in the future; the demo's lower bound carries over.
      return { entryId, itemCode: spec.item ?? null, kind: 'valid_date', params: p.min ? { min: p.min } : {} };
    case 'freshness':
      return { entryId, itemCode: null, kind: 'freshness', params: {} };
    case 'row_count_change':
      return { entryId, itemCode: null, kind: 'row_count_change', params: { tolerancePercent: Number(p.maxChangeRatio ?? 0.2) * 100 } };
    case 'unique':
      // The key is unique by construction (it is the table's primary key); other items are checked.
      return spec.item ? { entryId, itemCode: spec.item, kind: 'unique', params: {} } : null;
    default:
      return { entryId, itemCode: spec.item ?? null, kind: spec.kind, params: p };
  }
}

/** Catalogues, publishes, fills and checks the demo datasets; `scale` 1 is about 106,000 rows. */
export async function seedDemoDatasets(ctx: PlatformContext, options: { scale: number; onProgress?: (msg: string) => void }): Promise<DatasetSeedResult[]> {
  const admin = await operator(ctx);
  const orgByKey = new Map<string, string>();
  const { rows: orgs } = await ctx.db.query<{ id: string; uscc: string | null }>('select id, uscc from dir_orgs where uscc is not null');
  for (const d of DEPARTMENTS) {
    const org = orgs.find((o) => o.uscc === d.uscc);
    if (org) orgByKey.set(d.key, org.id);
  }
  const results: DatasetSeedResult[] = [];
  const codes = new Map<string, string>();
  // Referenced datasets (户籍人口) go first, so references resolve when the rules are created.
  for (const dataset of DEMO_DATASETS) {
    const providerOrgId = orgByKey.get(dataset.providerCode);
    if (!providerOrgId) throw new Error(`demo dataset ${dataset.key}: no department ${dataset.providerCode}`);
    const entry = await createEntry(ctx, admin, { providerOrgId, content: dataset.content }, DEMO_CONTEXT);
    await submitEntry(ctx, admin, entry.id, DEMO_CONTEXT);
    await publishEntry(ctx, admin, entry.id, DEMO_CONTEXT);
    codes.set(dataset.key, entry.code);
    const batch = await importDataset(ctx, dataset, entry.id, options.scale);
    results.push({ key: dataset.key, entryId: entry.id, code: entry.code, rows: Number(batch.inserted), rejected: Number(batch.rejected) });
    options.onProgress?.(`${dataset.content.name}: ${batch.inserted} rows, ${batch.rejected} rejected`);
  }
  for (const dataset of DEMO_DATASETS) {
    const entryId = results.find((r) => r.key === dataset.key)!.entryId;
    for (const spec of dataset.rules) {
      const input = ruleInput(entryId, spec, codes);
      if (input) await createRule(ctx, admin, input as Parameters<typeof createRule>[2], DEMO_CONTEXT);
    }
  }
  return results;
}

async function importDataset(ctx: PlatformContext, dataset: DemoDataset, entryId: string, scale: number) {
  // The stale resource was last delivered weeks ago: its batch carries that time.
  const clock: Clock = dataset.stale ? { now: () => new Date(ctx.clock.now().getTime() - STALE_BY_MS) } : ctx.clock;
  const at = { ...ctx, clock };
  const table = (await loadResourceTable(ctx.db, entryId))!;
  const opened = await openBatch(at, table, { kind: 'file', name: `${dataset.content.name}（演示数据）.csv`, idempotencyKey: `demo:${dataset.key}:${scale}`, contentHash: null, format: 'csv' }, DEMO_CONTEXT);
  async function* rows(): AsyncIterable<SourceRow> {
    let n = 1;
    for (const values of generateRows(dataset, { scale })) yield { rowNumber: ++n, values };
  }
  return ingestRows(at, table, opened.batch, rows(), DEMO_CONTEXT);
}
