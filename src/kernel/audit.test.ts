import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHash, SYSTEM_CONTEXT, type AuditRecord } from './audit.ts';
import { startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';

// Tampering is done the way an insider would: plain SQL against the table, bypassing the application.
describe('the audit chain', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    for (let i = 0; i < 5; i++) {
      await p.ctx.db.transaction((tx) => p.ctx.audit.record(tx, SYSTEM_CONTEXT, { action: 'test.event', targetId: String(i), after: { i, 名称: '潍坊' } }));
    }
  });
  afterAll(() => p.close());

  const verify = () => p.ctx.audit.verify(p.ctx.db);
  const maxSeq = async () => (await p.ctx.db.query<{ m: number }>('select max(seq)::int8 as m from audit_records')).rows[0]!.m;

  it('verifies an intact chain written by the demo seed and by later changes', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true });
    expect(report.checked).toBe(await maxSeq());
    expect(report.checked).toBeGreaterThan(50);
  });

  it('rolls the audit record back with the change it describes', async () => {
    const before = await maxSeq();
    await expect(
      p.ctx.db.transaction(async (tx) => {
        await p.ctx.audit.record(tx, SYSTEM_CONTEXT, { action: 'test.doomed' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await maxSeq()).toBe(before);
    expect((await verify()).ok).toBe(true);
  });

  it('names the record whose content was edited in SQL', async () => {
    const seq = (await maxSeq()) - 2;
    await p.ctx.db.query(`update audit_records set after = '{"i": 999}'::jsonb where seq = $1`, [seq]);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, brokenAt: seq, reason: 'hash_mismatch' });
    await p.ctx.db.query(`update audit_records set after = $2::jsonb where seq = $1`, [seq, JSON.stringify({ i: 2, 名称: '潍坊' })]);
    expect((await verify()).ok).toBe(true);
  });

  it('names the gap when a record is deleted', async () => {
    const seq = (await maxSeq()) - 1;
    const { rows } = await p.ctx.db.query<Record<string, unknown>>('select * from audit_records where seq = $1', [seq]);
    await p.ctx.db.query('delete from audit_records where seq = $1', [seq]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: seq, reason: 'missing_record' });
    const r = rows[0]!;
    await p.ctx.db.query(
      `insert into audit_records select * from json_populate_record(null::audit_records, $1::json)`,
      [JSON.stringify(r)],
    );
    expect((await verify()).ok).toBe(true);
  });

  it('detects two records swapped in place (reordered)', async () => {
    const a = (await maxSeq()) - 3;
    const b = a + 1;
    await p.ctx.db.transaction(async (tx) => {
      await tx.query('update audit_records set seq = -1 where seq = $1', [a]);
      await tx.query('update audit_records set seq = $1 where seq = $2', [a, b]);
      await tx.query('update audit_records set seq = $1 where seq = -1', [b]);
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toBe(a);
  });
});

describe('signed checkpoints', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p.close());

  it('detect a rewritten chain whose hashes were all recomputed, and a cut tail', async () => {
    const head = await p.ctx.audit.checkpoint(p.ctx.db);
    expect(head).toBeGreaterThan(0);
    expect(await p.ctx.audit.verify(p.ctx.db)).toMatchObject({ ok: true, checkpoints: 1 });

    // Cut the last record: the chain alone still links up, the checkpoint does not.
    const { rows } = await p.ctx.db.query<Record<string, unknown>>('select * from audit_records where seq = $1', [head]);
    await p.ctx.db.query('delete from audit_records where seq = $1', [head]);
    expect(await p.ctx.audit.verify(p.ctx.db)).toMatchObject({ ok: false, reason: 'truncated', brokenAt: head });
    await p.ctx.db.query('insert into audit_records select * from json_populate_record(null::audit_records, $1::json)', [JSON.stringify(rows[0])]);

    // Rewrite a record and recompute every hash after it, as an insider without the platform key could.
    const target = head! - 3;
    await p.ctx.db.query(`update audit_records set actor_name = 'someone else' where seq = $1`, [target]);
    const { rows: tail } = await p.ctx.db.query<AuditRecord>('select * from audit_records where seq >= $1 order by seq', [target]);
    let prev = (await p.ctx.db.query<{ hash: string }>('select hash from audit_records where seq = $1', [target - 1])).rows[0]!.hash;
    for (const r of tail) {
      const hash = recordHash({ ...r, prev_hash: prev });
      await p.ctx.db.query('update audit_records set prev_hash = $2, hash = $3 where seq = $1', [r.seq, prev, hash]);
      prev = hash;
    }
    expect(await p.ctx.audit.verify(p.ctx.db)).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', brokenAt: head });

    // Forge the checkpoint's signature.
    await p.ctx.db.query("update audit_checkpoints set signature = 'AAAA' where seq = $1", [head]);
    expect(await p.ctx.audit.verify(p.ctx.db)).toMatchObject({ ok: false, reason: 'checkpoint_signature' });
  });
});
