import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { adminQuery, cloneTemplate, withDatabase } from '../../test/support/databases.ts';
import { openDb, type Db } from './db.ts';
import { migrate, MigrationError, pendingMigrations, type MigrationSource } from './migrator.ts';

// Runs on a clone of the template (PGlite, or a fresh database on the server when DATABASE_URL is set).
// Every test gets its own folder of migrations for the module "testmod"; its tables and schema_migrations
// rows are removed afterwards so the tests do not see each other's work.
const onServer = inject('template').kind === 'postgres';

const CREATE_THINGS = 'create table testmod_things (id serial primary key, name text not null);\n';
const ADD_COLUMN = 'alter table testmod_things add column colour text;\n';

describe('the migrator', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let databaseUrl: string | null;
  let dir: string;
  let source: MigrationSource[];

  const write = (name: string, sql: string) => writeFileSync(path.join(dir, name), sql);
  const tableExists = async (name: string) =>
    (await db.query<{ t: string | null }>('select to_regclass($1)::text as t', [name])).rows[0]!.t !== null;
  const recorded = async () =>
    (await db.query<{ name: string; checksum: string }>("select name, checksum from schema_migrations where module = 'testmod' order by name")).rows;

  beforeAll(async () => {
    ({ db, drop, databaseUrl } = await cloneTemplate());
  });
  afterAll(() => drop());

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'citystack-migrations-'));
    source = [{ module: 'testmod', dir }];
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.exec("drop table if exists testmod_things; drop table if exists testmod_other; delete from schema_migrations where module = 'testmod';");
  });

  it('applies the files in order and records a checksum for each', async () => {
    // Written out of order on purpose: 0002 only works after 0001.
    write('0002_add_column.sql', ADD_COLUMN);
    write('0001_create_things.sql', CREATE_THINGS);
    write('README.md', 'not a migration');

    expect(await pendingMigrations(db, source)).toEqual(['testmod/0001_create_things.sql', 'testmod/0002_add_column.sql']);
    expect(await migrate(db, source)).toEqual(['testmod/0001_create_things.sql', 'testmod/0002_add_column.sql']);

    await db.query("insert into testmod_things (name, colour) values ('lamp', 'red')");
    const rows = await recorded();
    expect(rows.map((r) => r.name)).toEqual(['0001_create_things.sql', '0002_add_column.sql']);
    expect(rows[0]!.checksum).toBe(createHash('sha256').update(CREATE_THINGS).digest('hex'));
    expect(rows[1]!.checksum).toBe(createHash('sha256').update(ADD_COLUMN).digest('hex'));
  });

  it('applies nothing on a second run, and lists a newly added file as pending', async () => {
    write('0001_create_things.sql', CREATE_THINGS);
    expect(await migrate(db, source)).toEqual(['testmod/0001_create_things.sql']);
    expect(await pendingMigrations(db, source)).toEqual([]);
    // A second run would fail ("relation already exists") if it re-ran 0001.
    expect(await migrate(db, source)).toEqual([]);
    expect(await recorded()).toHaveLength(1);

    write('0002_add_column.sql', ADD_COLUMN);
    expect(await pendingMigrations(db, source)).toEqual(['testmod/0002_add_column.sql']);
    expect(await migrate(db, source)).toEqual(['testmod/0002_add_column.sql']);
    expect(await pendingMigrations(db, source)).toEqual([]);
    expect((await recorded()).map((r) => r.name)).toEqual(['0001_create_things.sql', '0002_add_column.sql']);
  });

  it('refuses a migration whose file was edited after it was applied, naming it', async () => {
    write('0001_create_things.sql', CREATE_THINGS);
    await migrate(db, source);
    appendFileSync(path.join(dir, '0001_create_things.sql'), 'create table testmod_other (id int);\n');
    write('0002_add_column.sql', ADD_COLUMN);

    await expect(pendingMigrations(db, source)).rejects.toThrow(MigrationError);
    await expect(pendingMigrations(db, source)).rejects.toThrow('testmod/0001_create_things.sql');
    const err = await migrate(db, source).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toContain('testmod/0001_create_things.sql');
    expect((err as Error).message).not.toContain('0002_add_column');
    // Nothing of that run was applied: neither the edit nor the new file.
    expect(await tableExists('testmod_other')).toBe(false);
    expect((await recorded()).map((r) => r.name)).toEqual(['0001_create_things.sql']);
  });

  it('rolls the whole run back when a migration fails, and names the failing file', async () => {
    write('0001_create_things.sql', CREATE_THINGS);
    write('0002_add_column.sql', 'alter table testmod_things add column colour text;\nselect * from no_such_table;\n');

    const err = await migrate(db, source).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toContain('testmod/0002_add_column.sql');
    expect((err as Error).message).toContain('no_such_table');
    // 0001 ran in the same transaction: its table and its record are gone with the failure.
    expect(await tableExists('testmod_things')).toBe(false);
    expect(await recorded()).toEqual([]);
    expect(await pendingMigrations(db, source)).toEqual(['testmod/0001_create_things.sql', 'testmod/0002_add_column.sql']);

    // Once the file is fixed, the run goes through.
    write('0002_add_column.sql', ADD_COLUMN);
    expect(await migrate(db, source)).toHaveLength(2);
    expect(await tableExists('testmod_things')).toBe(true);
  });

  it('works on a brand-new database, where pendingMigrations only reads', async () => {
    write('0001_create_things.sql', CREATE_THINGS);
    const fresh = await openDb({ databaseUrl: null, dataDir: 'memory://' });
    try {
      const hasTable = async () => (await fresh.query<{ t: string | null }>("select to_regclass('schema_migrations')::text as t")).rows[0]!.t !== null;
      expect(await pendingMigrations(fresh, source)).toEqual(['testmod/0001_create_things.sql']);
      expect(await hasTable()).toBe(false);
      expect(await migrate(fresh, source)).toEqual(['testmod/0001_create_things.sql']);
      expect(await hasTable()).toBe(true);
      expect(await pendingMigrations(fresh, source)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it.runIf(onServer)('applies each migration once when two processes migrate at the same time', async () => {
    // Each migration also counts its own runs, so a double application is visible even if it did not error.
    write('0001_create_things.sql', `${CREATE_THINGS}create table testmod_other (n int);\ninsert into testmod_other values (1);\n`);
    write('0002_add_column.sql', `${ADD_COLUMN}insert into testmod_other values (2);\n`);
    const a = await openDb({ databaseUrl, dataDir: 'memory://', poolSize: 2 });
    const b = await openDb({ databaseUrl, dataDir: 'memory://', poolSize: 2 });
    try {
      const results = await Promise.all([migrate(a, source), migrate(b, source)]);
      expect(results.flat().sort()).toEqual(['testmod/0001_create_things.sql', 'testmod/0002_add_column.sql']);
      expect(results.some((r) => r.length === 0)).toBe(true);
      expect((await db.query<{ n: number }>('select n from testmod_other order by n')).rows.map((r) => r.n)).toEqual([1, 2]);
      expect(await recorded()).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.runIf(onServer)('migrates once when several processes start together on an empty server database', async () => {
    write('0001_create_things.sql', CREATE_THINGS);
    write('0002_add_column.sql', ADD_COLUMN);
    const serverUrl = process.env.DATABASE_URL!;
    const name = `citystack_t_empty_${process.pid}_${Date.now()}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const dbs: Db[] = [];
    try {
      for (let i = 0; i < 4; i++) dbs.push(await openDb({ databaseUrl: withDatabase(serverUrl, name), dataDir: 'memory://', poolSize: 2 }));
      // No schema_migrations table yet: every process creates it at the same moment.
      const results = await Promise.all(dbs.map((d) => migrate(d, source)));
      expect(results.flat().sort()).toEqual(['testmod/0001_create_things.sql', 'testmod/0002_add_column.sql']);
      const { rows } = await dbs[0]!.query<{ name: string }>('select name from schema_migrations order by name');
      expect(rows.map((r) => r.name)).toEqual(['0001_create_things.sql', '0002_add_column.sql']);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    }
  });
});
