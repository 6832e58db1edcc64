// The home page's platform counts, gathered from each module's public surface.
import { Type } from 'typebox';
import type { PlatformModule } from '../../server/module.ts';
import { directoryCounts } from '../directory/index.ts';
import { auditCounts } from '../audit/index.ts';

const Overview = Type.Object({
  orgs: Type.Integer(),
  departments: Type.Integer(),
  users: Type.Integer(),
  apiClients: Type.Integer(),
  auditRecords: Type.Integer(),
  orgsByLevel: Type.Array(Type.Object({ level: Type.Integer(), count: Type.Integer() })),
  auditPerDay: Type.Array(Type.Object({ day: Type.String(), count: Type.Integer() })),
});

export const overviewModule: PlatformModule = {
  name: 'overview',
  register(app, ctx) {
    app.get('/api/stats/overview', {
      schema: { tags: ['overview'], summary: '平台概览 Platform counts', response: { 200: Overview } },
      config: { access: { users: 'staff' } },
      handler: async () => {
        const [dir, audit] = await Promise.all([directoryCounts(ctx), auditCounts(ctx, 14)]);
        return { ...dir, auditRecords: audit.total, auditPerDay: audit.perDay };
      },
    });
  },
};
