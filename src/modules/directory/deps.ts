// What the directory's use cases need from the platform, passed in by the composition root.
import type { AuditLog } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Config } from '../../kernel/config.ts';
import type { Vault } from '../../kernel/crypto.ts';
import type { Db } from '../../kernel/db.ts';

export interface DirectoryDeps {
  db: Db;
  clock: Clock;
  vault: Vault;
  audit: AuditLog;
  config: Pick<Config, 'sessionTtlHours' | 'lockoutThreshold' | 'lockoutMinutes'>;
}
