// Boot: configuration → database → migrations → keys → audit chain and jobs → modules started.
import { AuditLog } from '../kernel/audit.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import type { Config } from '../kernel/config.ts';
import { loadMasterKey, loadPlatformSigner, Vault } from '../kernel/crypto.ts';
import { openDb, type Db } from '../kernel/db.ts';
import { JobRunner } from '../kernel/jobs.ts';
import { migrate } from '../kernel/migrator.ts';
import type { PlatformContext } from './context.ts';
import { MODULES, migrationSources } from './modules.ts';

export interface BootOptions {
  clock?: Clock;
  /** An already-open database (tests hand in a clone of a migrated template). */
  db?: Db;
  log?: { info(msg: string): void; error(obj: unknown, msg?: string): void };
}

/** Opens and migrates the database and assembles the shared context. */
export async function bootPlatform(config: Readonly<Config>, options: BootOptions = {}): Promise<PlatformContext & { applied: string[] }> {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }));
  try {
    const applied = await migrate(db, migrationSources());
    const vault = new Vault(loadMasterKey(config.masterKey, config.dataDir));
    const signer = await loadPlatformSigner(db, vault);
    const audit = new AuditLog(signer, clock, config.auditCheckpointEvery);
    const jobs = new JobRunner(db, clock, options.log ?? console);
    const ctx: PlatformContext = { config, db, clock, vault, signer, audit, jobs };
    for (const module of MODULES) await module.start?.(ctx);
    return { ...ctx, applied };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
