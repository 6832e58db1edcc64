// Scheduled pulls from a local HTTP JSON endpoint: bearer token, cursor parameter, endpoints that ignore the
// cursor or have no change times. Each pull is one batch; the cursor moves only after a batch succeeded.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePullPlatform } from './pull-fixtures.ts';

const env = usePullPlatform();
const { call, publishResource, addSource, pull, sourceOf, recordsOf } = env;

describe('pulling from an HTTP JSON endpoint', () => {
  const TOKEN = `tok-${randomBytes(8).toString('hex')}`;
  const items: Array<{ djzh: string; nfxm: string; djrq: string; updated_at: string }> = [
    { djzh: 'HT-0001', nfxm: '王建国', djrq: '2026-03-08', updated_at: '2026-03-08T09:00:00Z' },
    { djzh: 'HT-0002', nfxm: '李明', djrq: '2026/05/20', updated_at: '2026-05-20T09:00:00Z' },
  ];
  let plain = [{ djzh: 'HN-0001', nfxm: '赵强', djrq: '2026-08-01' }, { djzh: 'HN-0002', nfxm: '周涛', djrq: '2026-08-02' }];
  const seen: Array<{ auth: string | undefined; since: string | null }> = [];
  let server: http.Server;
  let base: string;
  let entryId: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const since = url.searchParams.get('since');
      seen.push({ auth: req.headers.authorization, since });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      // /plain: a bare array of records without any change time.
      if (url.pathname === '/plain') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(plain));
        return;
      }
      // ?all=1: an endpoint that ignores the cursor and always answers everything.
      const answer = since !== null && url.searchParams.get('all') !== '1' ? items.filter((i) => i.updated_at > since) : items;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items: answer } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`;
    entryId = await publishResource('婚姻登记信息（接口抽取）');
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  const httpSource = (name: string, secret: string, url = base) =>
    addSource(entryId, { name, kind: 'http', config: { url, cursorParam: 'since', recordsPath: 'data.items', updatedAt: 'updated_at' }, secret, intervalMinutes: 15 });

  it('answers 502 and records the error on the source when the endpoint refuses the token', async () => {
    const created = await httpSource('婚姻登记接口（旧令牌）', 'wrong-token');
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const res = await pull(id);
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('INGEST_SOURCE_FAILED');
    expect(seen.at(-1)).toEqual({ auth: 'Bearer wrong-token', since: null });

    const source = await sourceOf(entryId, id);
    expect(source.lastError?.en).toContain('401');
    expect(source.lastError?.zh).toContain('401');
    expect(source).toMatchObject({ cursor: null, lastBatchId: null });
    expect(source.lastRunAt).not.toBeNull();
    const stored = (await env.p.ctx.db.query<{ last_error: unknown }>('select last_error from ing_sources where id = $1', [id])).rows[0]!.last_error;
    expect(stored).not.toBeNull();
    // Nothing was opened for a pull that could not read.
    expect((await call(env.steward, 'GET', `/api/ingest/resources/${entryId}/batches`)).json().total).toBe(0);
  });

  it('imports the records with the right token, then sends the cursor and takes only newer ones', async () => {
    const created = await httpSource('婚姻登记接口', TOKEN);
    expect(created.statusCode).toBe(201);
    expect(created.json().hasSecret).toBe(true);
    const id = created.json().id;

    const first = await pull(id);
    expect(first.statusCode).toBe(200);
    expect(first.json().batch).toMatchObject({ format: 'http', status: 'succeeded', rowsRead: 2, inserted: 2, rejected: 0, ignoredColumns: ['updated_at'] });
    expect(seen.at(-1)).toEqual({ auth: `Bearer ${TOKEN}`, since: null });
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'HT-0001', nfxm: '王建国', djrq: '2026-03-08' },
      { djzh: 'HT-0002', nfxm: '李明', djrq: '2026-05-20' },
    ]);
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: '2026-05-20T09:00:00Z', lastError: null });

    items.push({ djzh: 'HT-0003', nfxm: '刘洋', djrq: '2026-07-01', updated_at: '2026-07-01T09:00:00Z' });
    items[0] = { ...items[0]!, nfxm: '王建军', updated_at: '2026-07-02T09:00:00Z' };
    const second = await pull(id);
    expect(second.statusCode).toBe(200);
    expect(seen.at(-1)).toEqual({ auth: `Bearer ${TOKEN}`, since: '2026-05-20T09:00:00Z' });
    expect(second.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 1, updated: 1, unchanged: 0 });
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: '2026-07-02T09:00:00Z', lastBatchId: second.json().batch.id });

    const third = await pull(id);
    expect(third.statusCode).toBe(200);
    expect(third.json()).toEqual({ batch: null });
    expect(seen.at(-1)?.since).toBe('2026-07-02T09:00:00Z');
    expect(await recordsOf(entryId)).toEqual([
      { djzh: 'HT-0001', nfxm: '王建军', djrq: '2026-03-08' },
      { djzh: 'HT-0002', nfxm: '李明', djrq: '2026-05-20' },
      { djzh: 'HT-0003', nfxm: '刘洋', djrq: '2026-07-01' },
    ]);
  });

  it('only takes newer records from an endpoint that ignores the cursor', async () => {
    const id = (await httpSource('婚姻登记接口（不分页）', TOKEN, `${base}?all=1`)).json().id;
    const first = await pull(id);
    expect(first.json().batch).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 0, updated: 0, unchanged: 3 });
    const again = await pull(id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ batch: null });
    expect(seen.at(-1)?.since).toBe('2026-07-02T09:00:00Z');
  });

  it('takes everything on each pull from an endpoint without change times, as a new batch each time', async () => {
    const created = await addSource(entryId, { name: '婚姻登记接口（全量）', kind: 'http', config: { url: base.replace('/records', '/plain') }, secret: TOKEN, intervalMinutes: 15 });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const first = (await pull(id)).json().batch;
    expect(first).toMatchObject({ status: 'succeeded', rowsRead: 2, inserted: 2, ignoredColumns: [] });

    plain = [{ ...plain[0]!, nfxm: '赵刚' }, plain[1]!, { djzh: 'HN-0003', nfxm: '吴磊', djrq: '2026-08-03' }];
    const second = (await pull(id)).json().batch;
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'succeeded', rowsRead: 3, inserted: 1, updated: 1, unchanged: 1 });
    expect((await recordsOf(entryId)).filter((r) => r.djzh.startsWith('HN-'))).toEqual([
      { djzh: 'HN-0001', nfxm: '赵刚', djrq: '2026-08-01' },
      { djzh: 'HN-0002', nfxm: '周涛', djrq: '2026-08-02' },
      { djzh: 'HN-0003', nfxm: '吴磊', djrq: '2026-08-03' },
    ]);
    expect(await sourceOf(entryId, id)).toMatchObject({ cursor: null, lastBatchId: second.id, lastError: null });
  });
});
