// 免证办 evidence (issue 5): service items declare the evidence they need; when a citizen applies, the platform
// fetches each piece from its provider (a licence the citizen holds, or a catalog resource through the handling
// department's sharing grant), shows the citizen a preview, and releases to the department only what the
// citizen confirmed — and only if it still equals what was shown. Statistics count items served without paper.
import { fileURLToPath } from 'node:url';
import type { PlatformModule } from '../../server/module.ts';
import { evidenceRoutes } from './routes.ts';

export { createEvidenceType, createItem } from './catalogue.ts';
export { evidenceStats } from './stats.ts';
export type { EvidenceType, Provider, EvidencePayload } from './model.ts';

export const evidenceModule: PlatformModule = {
  name: 'evidence',
  migrations: { module: 'evidence', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    evidenceRoutes(app, ctx);
  },
};
