// Everything a running platform shares: configuration, database, clock, keys, audit chain, jobs.
import type { AuditLog } from '../kernel/audit.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Config } from '../kernel/config.ts';
import type { PlatformSigner, Vault } from '../kernel/crypto.ts';
import type { Db } from '../kernel/db.ts';
import type { JobRunner } from '../kernel/jobs.ts';

export interface PlatformContext {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  vault: Vault;
  signer: PlatformSigner;
  audit: AuditLog;
  jobs: JobRunner;
}
