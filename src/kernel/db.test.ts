import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate } from '../../test/support/databases.ts';
import type { Db } from './db.ts';

describe('the database', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await cloneTemplate());
  });
  afterAll(() => drop());

  it('refuses a direct call inside a transaction at once instead of hanging (PGlite) or escaping it (server)', async () => {
    await expect(db.transaction(async () => db.query('select 1'))).rejects.toThrow(/inside a transaction/);
    await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toThrow(/inside a transaction/);
    expect((await db.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.exec('create table db_test_t (n int)');
    await db.transaction((tx) => tx.query('insert into db_test_t values (1)'));
    await expect(db.transaction(async (tx) => {
      await tx.query('insert into db_test_t values (2)');
      throw new Error('no');
    })).rejects.toThrow('no');
    expect((await db.query<{ n: number }>('select n from db_test_t')).rows).toEqual([{ n: 1 }]);
  });
});
