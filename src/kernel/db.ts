// One PostgreSQL dialect in two deployments: embedded PGlite (a data folder, one connection) for trying
// and small sites, a PostgreSQL server (a pool) when DATABASE_URL is set. Use cases see only `Db`/`Sql`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** An open transaction. */
export interface Tx extends Sql {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Bulk-loads CSV text with `COPY <target> FROM STDIN (FORMAT csv)`: the fast path for many new rows. */
  copyCsv(target: string, csv: string): Promise<void>;
}

export interface Db extends Omit<Tx, 'copyCsv'> {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Work running inside `db.transaction` must use its `tx`. On PGlite (one connection) a call on `db` there
 * would wait for the transaction forever; on a server it would run outside the transaction. Both are
 * bugs, so both modes refuse such a call at once.
 */
const insideTransaction = new AsyncLocalStorage<true>();
function assertNotInsideTransaction(): void {
  if (insideTransaction.getStore()) {
    throw new Error('database used directly inside a transaction: pass the transaction (tx) down instead');
  }
}

// bigint (count(*), bigserial) as a JS number in both modes; PGlite already does this.
pg.types.setTypeParser(20, (value: string) => Number(value));
// A date is a calendar day, not an instant: kept as its 'YYYY-MM-DD' text in both modes, so no time zone of
// the process can move it to the day before.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value: string) => value);

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    assertNotInsideTransaction();
    const r = await this.pool.query(text, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    assertNotInsideTransaction();
    const client = await this.pool.connect();
    const tx: Tx = {
      async query<R>(text: string, params: readonly unknown[] = []) {
        const r = await client.query(text, params as unknown[]);
        return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
      },
      async exec(script: string) {
        await client.query(script);
      },
      async copyCsv(target: string, csv: string) {
        await pipeline(Readable.from([csv]), client.query(copyFrom(`copy ${target} from stdin with (format csv)`)));
      },
    };
    try {
      await client.query('BEGIN');
      const result = await insideTransaction.run(true, () => work(tx));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    assertNotInsideTransaction();
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pglite: PGlite) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    assertNotInsideTransaction();
    const r = await this.pglite.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
  }

  // PGlite serialises transactions behind its own mutex: one connection, one writer.
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    assertNotInsideTransaction();
    return this.pglite.transaction(async (t) =>
      insideTransaction.run(true, () => work({
        async query<R>(text: string, params: readonly unknown[] = []) {
          const r = await t.query<R>(text, params as unknown[]);
          return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
        },
        async exec(script: string) {
          await t.exec(script);
        },
        async copyCsv(target: string, csv: string) {
          // PGlite reads COPY data from a Blob standing in for a file.
          await t.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
        },
      })),
    );
  }

  async exec(script: string): Promise<void> {
    assertNotInsideTransaction();
    await this.pglite.exec(script);
  }

  /** A snapshot of the whole database, used to clone a migrated template in tests. */
  async dump(): Promise<Blob> {
    return (await this.pglite.dumpDataDir('none')) as Blob;
  }

  async close(): Promise<void> {
    await this.pglite.close();
  }
}

export interface OpenDbOptions {
  databaseUrl: string | null;
  /** Data folder for PGlite; `memory://` keeps it in memory. */
  dataDir: string;
  poolSize?: number;
  /** Start PGlite from a dump (a migrated template) instead of running initdb. */
  loadDataDir?: Blob;
}

/** Opens the configured database: a pg pool for a server URL, otherwise PGlite in its data folder. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new PostgresDb(pool);
    await db.query('select 1');
    return db;
  }
  const dataDir = options.dataDir === 'memory://' ? undefined : `${options.dataDir}/pg`;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded only in embedded mode: a server deployment never pays for the WebAssembly build.
  const { PGlite: Embedded } = await import('@electric-sql/pglite');
  const pglite = new Embedded({ dataDir, loadDataDir: options.loadDataDir, parsers: { [DATE_OID]: (value: string) => value } });
  await pglite.waitReady;
  return new PgliteDb(pglite);
}

export function isPglite(db: Db): db is Db & { dump(): Promise<Blob> } {
  return db.kind === 'pglite';
}
