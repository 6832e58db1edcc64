// A large import killed with SIGKILL halfway, then run again: it resumes after the last committed chunk and
// ends with exactly the source's rows; a third run changes nothing.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/kernel/db.ts';
import { citizenIdCheckChar } from '../../src/modules/directory/identifiers.ts';
import { cli, ROOT } from './support.ts';

const ROWS = 120_000;

async function writeHukouCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('公民身份号码,姓名,性别,出生日期,民族,户籍地行政区划代码,户籍地址,户籍登记日期\n');
  for (let n = 0; n < ROWS; n++) {
    const day = new Date(Date.UTC(1960, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10);
    const first17 = `3707${String(2 + Math.floor(n / 20_000) % 80).padStart(2, '0')}${day.replace(/-/g, '')}${String(Math.floor(n / 20_000 / 80) % 1000).padStart(3, '0')}`;
    const line = `${first17}${citizenIdCheckChar(first17)},王建国,1,${day},01,370705,潍坊市奎文区东风东街${n}号,2000-01-01\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('a killed import resumes without duplicates or losses', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citystack-kill-'));
  const env = { CITYSTACK_DATA_DIR: dataDir, CITYSTACK_LOG_LEVEL: 'silent', DATABASE_URL: '' };
  const file = path.join(dataDir, '户籍人口.csv');
  let code = '';

  const withDb = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openDb({ databaseUrl: null, dataDir });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    const seeded = cli(['demo', '--scale', '0.05'], env);
    expect(seeded.status, seeded.stderr).toBe(0);
    code = await withDb(async (db) => (await db.query<{ code: string }>(`select r.code from ing_resources r join cat_entries e on e.id = r.entry_id where e.published->>'name' like '%户籍人口%'`)).rows[0]!.code);
    await writeHukouCsv(file);
  });
  afterAll(() => undefined);

  it('kill -9 mid-import, rerun resumes, third run is a no-op', async () => {
    const before = await withDb(async (db) => (await db.query<{ n: number }>(`select row_count as n from ing_resources where code = $1`, [code])).rows[0]!.n);

    const child = spawn(process.execPath, [path.join(ROOT, 'bin/citystack.js'), 'ingest', 'import', file, '--resource', code], { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    const killedAt = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const rows = [...stderr.matchAll(/inserted (\d+)/g)].map((m) => Number(m[1]));
        const inserted = rows.at(-1) ?? 0;
        if (inserted >= 20_000 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve(inserted);
        }
      });
      child.on('exit', () => reject(new Error(`import ended before it could be killed:\n${stderr}`)));
    }).catch((err: unknown) => {
      throw err;
    });
    await once(child, 'exit').catch(() => undefined);
    expect(killedAt).toBeLessThan(ROWS);

    const resumed = cli(['ingest', 'import', file, '--resource', code], env);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('(resumed)');

    const again = cli(['ingest', 'import', file, '--resource', code], env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing changed');

    await withDb(async (db) => {
      const table = (await db.query<{ table_name: string; row_count: number }>('select table_name, row_count from ing_resources where code = $1', [code])).rows[0]!;
      const batch = (await db.query<{ id: number; rows_read: number; inserted: number; rejected: number; status: string }>(
        `select id, rows_read, inserted, rejected, status from ing_batches where source_name = '户籍人口.csv'`,
      )).rows;
      expect(batch).toHaveLength(1);
      expect(batch[0]).toMatchObject({ status: 'succeeded', rows_read: ROWS, inserted: ROWS, rejected: 0 });
      const fromFile = await db.query<{ n: number; distinct_keys: number }>(
        `select count(*)::int as n, count(distinct sfzhm)::int as distinct_keys from resource_data."${table.table_name}" where _first_batch = $1`,
        [batch[0]!.id],
      );
      expect(fromFile.rows[0]).toEqual({ n: ROWS, distinct_keys: ROWS });
      expect(Number(table.row_count)).toBe(Number(before) + ROWS);
    });
  });
});
