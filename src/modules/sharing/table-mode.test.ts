// 库表 mode: a consuming system keeps its own copy current from the bulk export and the change feed, and
// receives every change exactly once across a restart.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { MARRIAGE_ROWS, useSharingPlatform, type SharingTestPlatform } from './test-fixtures.ts';

/**
 * A consuming system's replica: it applies a page of changes and stores the cursor in the same step (in
 * real life one local transaction), so that a restart resumes exactly after the last applied change.
 */
class Replica {
  readonly rows = new Map<string, Record<string, unknown>>();
  readonly seen: number[] = [];
  cursor = '0';

  static restore(saved: { rows: Array<[string, Record<string, unknown>]>; seen: number[]; cursor: string }): Replica {
    const r = new Replica();
    for (const [k, v] of saved.rows) r.rows.set(k, v);
    r.seen.push(...saved.seen);
    r.cursor = saved.cursor;
    return r;
  }

  save() {
    return structuredClone({ rows: [...this.rows], seen: this.seen, cursor: this.cursor });
  }

  /** Pulls pages until the feed is drained or `maxPages` pages were applied. */
  async sync(s: SharingTestPlatform, maxPages = Infinity): Promise<void> {
    for (let page = 0; page < maxPages; page++) {
      const res = await s.call(`/changes?after=${this.cursor}&limit=3`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { changes: Array<{ seq: number; deleted: boolean; record: { djzh: string } }>; next: string; hasMore: boolean };
      for (const c of body.changes) {
        this.seen.push(c.seq);
        if (c.deleted) this.rows.delete(c.record.djzh);
        else this.rows.set(c.record.djzh, c.record);
      }
      this.cursor = body.next;
      if (!body.hasMore) return;
    }
  }
}

const clock = new ManualClock('2026-11-25T09:00:00+08:00');

describe('the bulk export and the change feed', () => {
  const s = useSharingPlatform(clock);

  const live = async () =>
    new Map(
      (await s.p.ctx.db.query<{ djzh: string; nfxm: string; djrq: string; lb: string }>(`select djzh, nfxm, djrq, lb from resource_data."${(await tableName())}" where not _deleted`)).rows.map((r) => [r.djzh, r]),
    );
  const tableName = async () => (await s.p.ctx.db.query<{ table_name: string }>('select table_name from ing_resources where entry_id = $1', [s.entryId])).rows[0]!.table_name;

  it('is refused to a grant without 库表 mode, then granted with the key items kept', async () => {
    const apiOnly = await s.submit({ modes: ['api'] });
    await s.as('mz_cdo', 'POST', `/api/sharing/requests/${apiOnly.id}/approve`, {});
    expect((await s.call('/export.csv')).json().code).toBe('SHARING_MODE_NOT_GRANTED');
    const grant = (await s.as('mz_cdo', 'GET', '/api/sharing/grants')).json().items[0];
    await s.as('ga_dev', 'POST', `/api/sharing/grants/${grant.id}/revoke`, { reason: '改为库表方式' });

    const filed = await s.submit({ modes: ['table'], items: ['djzh', 'nfxm', 'djrq', 'lb'], queryKeys: [] });
    const dropKey = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { items: ['nfxm', 'djrq', 'lb'] });
    expect(dropKey.json().code).toBe('SHARING_REQUEST_INVALID');
    const approved = await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, { plainItems: ['nfxm'] });
    expect(approved.json().status).toBe('approved');
  });

  it('exports every live record as CSV, streamed, and records the call with its row count', async () => {
    const res = await s.call('/export.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['x-cs-cursor']).toMatch(/^\d+$/);
    expect(Number(res.headers['x-cs-cursor'])).toBeGreaterThanOrEqual(MARRIAGE_ROWS.length);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('djzh,nfxm,djrq,lb');
    expect(lines.slice(1).sort()).toEqual(MARRIAGE_ROWS.map((r) => `${r.djzh},${r.nfxm},${r.djrq},${r.lb}`).sort());
    expect(await s.callCount("operation = 'export' and status = 200 and rows = $1", [MARRIAGE_ROWS.length])).toBe(1);
  });

  it('delivers every change exactly once across a restart of the consumer', async () => {
    const replica = new Replica();
    await replica.sync(s, 1); // three of the five first records
    expect(replica.rows.size).toBe(3);
    const saved = replica.save(); // the consumer stops here

    // Meanwhile the provider updates, adds and deletes records.
    await s.push('m-2', [
      { ...MARRIAGE_ROWS[0]!, lb: '补发' },
      { djzh: 'J370705-2026-000104', nfxm: '高峰', nfsfzh: '370705199405052345', nvfxm: '林晓', djrq: '2026-11-20', djjg: '370705', lb: '结婚' },
    ]);
    await s.push('m-3', [], [{ djzh: MARRIAGE_ROWS[3]!.djzh }]);

    const restarted = Replica.restore(saved);
    await restarted.sync(s);
    // Strictly increasing sequence numbers: nothing delivered twice, nothing reordered.
    expect(restarted.seen).toEqual([...restarted.seen].sort((a, b) => a - b));
    expect(new Set(restarted.seen).size).toBe(restarted.seen.length);
    // Every record's latest state arrived: the replica equals the provider's live records.
    const source = await live();
    expect([...restarted.rows.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [key, row] of source) expect(restarted.rows.get(key)).toEqual({ djzh: key, nfxm: row.nfxm, djrq: row.djrq, lb: row.lb });
    // A consumer already up to date gets an empty page and the same cursor.
    const idle = (await s.call(`/changes?after=${restarted.cursor}`)).json();
    expect(idle).toEqual({ changes: [], next: restarted.cursor, hasMore: false });
  });

  it('refuses a malformed cursor with 400', async () => {
    const res = await s.call('/changes?after=abc');
    expect(res.statusCode).toBe(400);
  });

  it('exports each record exactly once past the first page of 2,000, in sequence order', async () => {
    const more = Array.from({ length: 2_100 }, (_, i) => ({
      djzh: `J370705-2026-9${String(i).padStart(5, '0')}`, nfxm: '测试', djrq: '2026-10-01', djjg: '370705', lb: '结婚',
    }));
    await s.push('m-bulk', more);
    const lines = (await s.call('/export.csv')).body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    const keys = lines.map((l) => l.split(',')[0]!);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe((await live()).size);
    // Sequence order: the pushed batch comes out in the order it was written.
    const pushed = keys.filter((k) => k.startsWith('J370705-2026-9'));
    expect(pushed).toEqual(more.map((r) => r.djzh));
  });
});

describe('the change feed of a grant limited to some rows', () => {
  const s = useSharingPlatform(new ManualClock('2026-11-25T09:00:00+08:00'));

  it('turns a record that leaves the grant’s rows into a deletion, and one that enters into an addition', async () => {
    const filed = await s.submit({ modes: ['table'], items: ['djzh', 'nfxm', 'djrq', 'djjg'], queryKeys: [], rowFilter: [{ item: 'djjg', values: ['370705'] }] });
    expect((await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {})).statusCode).toBe(200);
    const replica = new Replica();
    await replica.sync(s);
    const own = MARRIAGE_ROWS.filter((r) => r.djjg === '370705').map((r) => r.djzh).sort();
    expect([...replica.rows.keys()].sort()).toEqual(own);

    // 奎文区's registration is moved to 潍城区 (a correction), and one of 潍城区's moves the other way.
    const leaving = MARRIAGE_ROWS.find((r) => r.djjg === '370705')!;
    const entering = MARRIAGE_ROWS.find((r) => r.djjg === '370702')!;
    await s.push('m-move', [{ ...leaving, djjg: '370702' }, { ...entering, djjg: '370705' }]);
    await replica.sync(s);
    expect(replica.rows.has(leaving.djzh)).toBe(false);
    expect(replica.rows.get(entering.djzh)).toMatchObject({ djzh: entering.djzh, djjg: '370705' });
    expect([...replica.rows.keys()].sort()).toEqual([...own.filter((k) => k !== leaving.djzh), entering.djzh].sort());

    // Records of the other county that never were in the grant's rows never show, not even as deletions.
    const seenKeys = new Set<string>();
    for (const page of [(await s.call('/changes?after=0&limit=1000')).json()]) for (const c of page.changes) seenKeys.add(c.record.djzh);
    const never = MARRIAGE_ROWS.filter((r) => r.djjg === '370702' && r.djzh !== entering.djzh).map((r) => r.djzh);
    for (const k of never) expect(seenKeys.has(k), k).toBe(false);
  });
});
