// Which modules make up the platform, in dependency order. A county node runs the same list; later
// issues make the list configurable per node.
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../kernel/migrator.ts';
import { auditModule } from '../modules/audit/index.ts';
import { calendarModule } from '../modules/calendar/index.ts';
import { catalogModule } from '../modules/catalog/index.ts';
import { citizensModule } from '../modules/citizens/index.ts';
import { credentialsModule } from '../modules/credentials/index.ts';
import { directoryModule } from '../modules/directory/index.ts';
import { evidenceModule } from '../modules/evidence/index.ts';
import { ingestModule } from '../modules/ingest/index.ts';
import { overviewModule } from '../modules/overview/index.ts';
import { qualityModule } from '../modules/quality/index.ts';
import { sharingModule } from '../modules/sharing/index.ts';
import type { PlatformModule } from './module.ts';

export const MODULES: PlatformModule[] = [directoryModule, auditModule, calendarModule, catalogModule, ingestModule, qualityModule, sharingModule, credentialsModule, citizensModule, evidenceModule, overviewModule];

/** The kernel's migrations first, then each module's. */
export function migrationSources(): MigrationSource[] {
  return [
    { module: 'kernel', dir: fileURLToPath(new URL('../kernel/migrations', import.meta.url)) },
    ...MODULES.flatMap((m) => (m.migrations ? [m.migrations] : [])),
  ];
}
