// The contract between the composition root and a module: its migrations and its routes.
import type { MigrationSource } from '../kernel/migrator.ts';
import type { PlatformContext } from './context.ts';
import type { App } from './types.ts';

export interface PlatformModule {
  name: string;
  migrations?: MigrationSource;
  /** Registers routes and job handlers. */
  register(app: App, ctx: PlatformContext): void | Promise<void>;
  /** Runs once the database is migrated, before serving: schedules the module's recurring jobs. */
  start?(ctx: PlatformContext): Promise<void>;
}
