// 免证办统计: per service item, the applications made, those submitted, and those served without paper (every
// piece of evidence fetched and confirmed), with the share of submitted ones. Platform admins see every
// department; staff see their own departments' items.
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { orgSummaries } from '../directory/index.ts';
import { statsScopes } from './policy.ts';
import { applications } from './repository.ts';

const share = (part: number, whole: number): number => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0);

export async function evidenceStats(ctx: PlatformContext, principal: Principal) {
  const scopes = statsScopes(principal);
  const rows = scopes && !scopes.length ? [] : await applications.stats(ctx.db, scopes);
  const orgs = await orgSummaries(ctx.db, [...new Set(rows.map((r) => r.org_id))]);
  const total = rows.reduce((t, r) => ({ applications: t.applications + r.applications, submitted: t.submitted + r.submitted, paperFree: t.paperFree + r.paper_free }), { applications: 0, submitted: 0, paperFree: 0 });
  return {
    items: rows.map((r) => ({
      itemId: r.item_id, itemCode: r.code, itemName: r.name, orgId: r.org_id, orgName: orgs.get(r.org_id)?.name ?? '',
      applications: r.applications, submitted: r.submitted, paperFree: r.paper_free, paperFreeShare: share(r.paper_free, r.submitted),
    })),
    totals: { ...total, paperFreeShare: share(total.paperFree, total.submitted) },
  };
}
