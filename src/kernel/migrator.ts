// Per-module SQL migrations, applied in order and recorded with a checksum. A migration that was edited
// after it was applied is refused: landed migrations are frozen, a change is a new file.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, Tx } from './db.ts';

export interface MigrationSource {
  /** Module name, e.g. "kernel", "directory". */
  module: string;
  /** Folder holding NNNN_name.sql files. */
  dir: string;
}

interface MigrationFile {
  module: string;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

const LOCK_KEY = 370700_0001; // any constant shared by every process of this platform

function readMigrations(sources: MigrationSource[]): MigrationFile[] {
  return sources.flatMap(({ module, dir }) =>
    readdirSync(dir)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort()
      .map((name) => {
        const sql = readFileSync(path.join(dir, name), 'utf8');
        return { module, name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
      }),
  );
}

// Called under the advisory lock: concurrent `create table if not exists` on a server can still collide
// (duplicate key in pg_type) when several processes start together on an empty database.
async function ensureTable(tx: Tx): Promise<void> {
  await tx.exec(`create table if not exists schema_migrations (
    module text not null,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now(),
    primary key (module, name))`);
}

async function applied(db: Db): Promise<Map<string, string>> {
  const exists = await db.query<{ t: string | null }>("select to_regclass('schema_migrations')::text as t");
  if (exists.rows[0]?.t == null) return new Map();
  const { rows } = await db.query<{ module: string; name: string; checksum: string }>(
    'select module, name, checksum from schema_migrations',
  );
  return new Map(rows.map((r) => [`${r.module}/${r.name}`, r.checksum]));
}

function checkFrozen(files: MigrationFile[], done: Map<string, string>): MigrationFile[] {
  const edited = files.filter((f) => done.has(`${f.module}/${f.name}`) && done.get(`${f.module}/${f.name}`) !== f.checksum);
  if (edited.length) {
    throw new MigrationError(
      `applied migration(s) were edited afterwards: ${edited.map((f) => `${f.module}/${f.name}`).join(', ')}. ` +
        'Landed migrations are frozen; restore the file and put the change in a new migration.',
    );
  }
  return files.filter((f) => !done.has(`${f.module}/${f.name}`));
}

/** Migrations not yet applied (throws if an applied one was edited). */
export async function pendingMigrations(db: Db, sources: MigrationSource[]): Promise<string[]> {
  return checkFrozen(readMigrations(sources), await applied(db)).map((f) => `${f.module}/${f.name}`);
}

/**
 * Applies every pending migration in one transaction under an advisory lock, so that several API
 * processes starting together migrate once. Returns the names applied.
 */
export async function migrate(db: Db, sources: MigrationSource[]): Promise<string[]> {
  const files = readMigrations(sources);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await ensureTable(tx);
    const { rows } = await tx.query<{ module: string; name: string; checksum: string }>(
      'select module, name, checksum from schema_migrations',
    );
    const pending = checkFrozen(files, new Map(rows.map((r) => [`${r.module}/${r.name}`, r.checksum])));
    for (const f of pending) {
      try {
        await tx.exec(f.sql);
      } catch (err) {
        throw new MigrationError(`migration ${f.module}/${f.name} failed: ${(err as Error).message}`);
      }
      await tx.query('insert into schema_migrations (module, name, checksum) values ($1, $2, $3)', [f.module, f.name, f.checksum]);
    }
    return pending.map((f) => `${f.module}/${f.name}`);
  });
}
