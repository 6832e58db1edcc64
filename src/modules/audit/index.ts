// Audit trail: search (by actor, organisation, action, time) and chain verification for auditors.
// The chain itself lives in the kernel, because every module writes to it.
import { auditContext } from '../../server/access.ts';
import type { PlatformModule } from '../../server/module.ts';
import type { PlatformContext } from '../../server/context.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { Sql } from '../../kernel/db.ts';
import { HOUR } from '../../kernel/clock.ts';
import { orgNamesById } from '../directory/index.ts';
import { countRecords, perDay, searchRecords } from './repository.ts';
import { AuditPage, AuditQuery, VerifyResponse } from './schemas.ts';

const READERS = ['auditor', 'platform_admin'] as const;

export const auditModule: PlatformModule = {
  name: 'audit',
  register(app, ctx) {
    app.get('/api/audit/records', {
      schema: { tags: ['audit'], summary: '审计日志查询 Search the audit trail', querystring: AuditQuery, response: { 200: AuditPage } },
      config: { access: { users: READERS } },
      handler: async (request) => {
        const q = request.query;
        const { rows, total } = await searchRecords(ctx.db, {
          actor: q.actor,
          orgId: q.orgId,
          action: q.action,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          limit: q.pageSize,
          offset: (q.page - 1) * q.pageSize,
        });
        const orgIds = [...new Set(rows.map((r) => r.org_id).filter((id): id is string => !!id))];
        const names = await orgNames(ctx, orgIds);
        return {
          total,
          items: rows.map((r) => ({
            seq: Number(r.seq),
            at: new Date(r.at).toISOString(),
            actorKind: r.actor_kind,
            actorId: r.actor_id,
            actorName: r.actor_name,
            orgId: r.org_id,
            orgName: r.org_id ? (names.get(r.org_id) ?? null) : null,
            action: r.action,
            targetType: r.target_type,
            targetId: r.target_id,
            before: r.before,
            after: r.after,
            requestId: r.request_id,
            ip: r.ip,
            hash: r.hash,
          })),
        };
      },
    });

    app.post('/api/audit/verify', {
      schema: { tags: ['audit'], summary: '校验审计链 Verify the audit chain', response: { 200: VerifyResponse } },
      config: { access: { users: READERS } },
      handler: async (request) => {
        const report = await ctx.audit.verify(ctx.db);
        await ctx.db.transaction((tx) =>
          ctx.audit.record(tx, auditContext(request), { action: 'audit.verify', after: { ok: report.ok, checked: report.checked, brokenAt: report.brokenAt ?? null } }),
        );
        return report;
      },
    });

    // Sign the chain head every hour even when fewer records than the checkpoint interval arrived.
    ctx.jobs.handle('audit.checkpoint', async (_job, tx) => {
      await ctx.audit.checkpointIn(tx);
      await scheduleCheckpoint(tx, ctx.clock.now());
    });
  },
  async start(ctx) {
    await scheduleCheckpoint(ctx.db, ctx.clock.now());
  },
};

// Names come through the directory's public surface, not its tables.
const orgNames = (ctx: PlatformContext, ids: string[]) => (ids.length ? orgNamesById(ctx, ids) : Promise.resolve(new Map<string, string>()));

const nextHour = (now: Date) => new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);

function scheduleCheckpoint(sql: Sql, now: Date): Promise<void> {
  const runAt = nextHour(now);
  return scheduleJob(sql, { kind: 'audit.checkpoint', runAt, dedupeKey: `audit.checkpoint:${runAt.toISOString()}` });
}

/** Counts for the home page. */
export async function auditCounts(ctx: PlatformContext, days: number): Promise<{ total: number; perDay: Array<{ day: string; count: number }> }> {
  const from = new Date(ctx.clock.now().getTime() - days * 24 * HOUR);
  return { total: await countRecords(ctx.db), perDay: await perDay(ctx.db, from) };
}
