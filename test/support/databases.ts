// Test databases: clones of the run's template, thrown away after each test file.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/kernel/db.ts';

/** A fixed master key for tests, so clones of the template can decrypt what the template encrypted. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server outside any test database (create/drop database). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the template, and how to drop it. */
export async function cloneTemplate(): Promise<{ db: Db; databaseUrl: string | null; drop: () => Promise<void> }> {
  const template = inject('template');
  if (template.kind === 'pglite') {
    const db = await openDb({ databaseUrl: null, dataDir: 'memory://', loadDataDir: new Blob([readFileSync(template.dumpFile)]) });
    return { db, databaseUrl: null, drop: () => db.close() };
  }
  const serverUrl = process.env.DATABASE_URL!;
  const name = `citystack_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name} template ${template.database}`);
  const databaseUrl = withDatabase(serverUrl, name);
  const db = await openDb({ databaseUrl, dataDir: 'memory://', poolSize: 5 });
  return {
    db,
    databaseUrl,
    drop: async () => {
      await db.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
