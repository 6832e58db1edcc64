// data-service: what the full data-service path costs on a point lookup of personal data.
//
// Ours: `GET /api/services/<service>/lookup/nfsfzh/<citizen id>` on the real app, as the 公安局's demo
// system calling for an end user: API-key check, the live grant (items, query keys, validity, mode), the
// per-grant rate and daily quota (set high enough to be checked, never hit), the lookup, masking of the
// personal items, the call record (group commit) written before the answer leaves, and the response
// binding headers. The resource is a 婚姻登记-like table of the 民政局 with BENCH_ROWS records (default
// 100,000), published, loaded and granted through the platform's own use cases.
// Baseline: a bare Fastify app with its own pg pool of the same size, the same route shape, running the very
// same SQL the service runs for a lookup on the same table and answering the same masked body: so the only
// difference is our path around that query.
// Every request of either side looks up a different existing citizen ID (the same list for both sides).
// And no call may go unrecorded: over all our runs and warm-ups, the call records written must equal the
// calls our server received and answered, and the calls the load generator sent (those it got an answer to,
// plus the few still in flight when a timed run closed its connections, which the server still answered).
// The run fails otherwise. BENCH_ROWS sets the table size; BENCH_CPU_PROFILE=<folder> writes a CPU profile
// of each measured run.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import type { IncomingMessage } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import pg from 'pg';
import { DEMO_PASSWORD } from '../demo/weifang.ts';
import { seedDemo } from '../demo/seed.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { shanghaiDay } from '../src/kernel/workdays.ts';
import { maskValue } from '../src/modules/catalog/masking.ts';
import type { CatalogItem } from '../src/modules/catalog/index.ts';
import { citizenIdCheckChar } from '../src/modules/directory/identifiers.ts';
import { importFile, loadResourceTable } from '../src/modules/ingest/index.ts';
import { dataServiceDeps } from '../src/modules/sharing/index.ts';
import { buildApp } from '../src/server/app.ts';
import { bootPlatform } from '../src/server/boot.ts';
import type { App } from '../src/server/types.ts';
import { Cleanups, load, loadSettings, report, scratchDatabase, varyingRequests, type BenchResult, type LoadFigures, type RunFigures, type VaryingTarget } from './lib.ts';

export const name = 'data-service';

// The issue asks for at least 60% of the bare handler's throughput, and aims for 80%.
const TARGET = 0.6;
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The granted query key the calls look records up by. */
const KEY = 'nfsfzh';
const END_USER = 'bench-officer-0001';

const progress = (msg: string): void => {
  process.stderr.write(`[${name}] ${msg}\n`);
};

const item = (code: string, itemName: string, type: CatalogItem['type'], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code, name: itemName, type, length: type === 'string' ? 50 : type === 'decimal' ? 12 : null, scale: type === 'decimal' ? 2 : null,
  required: false, key: false, sensitivity: 'internal', mask: 'none', ...extra,
});

/** 婚姻登记信息 of the 民政局 (as test/support/catalog.ts): a string key, a masked name and citizen ID, a date, a decimal. */
const ITEMS: CatalogItem[] = [
  item('djzh', '登记证号', 'string', { length: 32, required: true, key: true }),
  item('nfxm', '男方姓名', 'string', { required: true, sensitivity: 'personal', mask: 'name' }),
  item('nfsfzh', '男方公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  item('djrq', '登记日期', 'date', { required: true }),
  item('lb', '登记类别', 'string', { length: 4 }),
  item('fy', '登记费', 'decimal'),
];

const CONTENT = {
  name: '婚姻登记信息（基准）', summary: '全市婚姻登记机关办理的结婚、离婚登记信息（基准测试）。', resourceClass: 'base', category: '人口', format: '数据库表',
  updateFrequency: 'daily', shareType: 'conditional', shareConditions: '办理政务服务事项时核验婚姻状况', notSharedBasis: null, shareModes: ['api'],
  openType: 'none', dataGrade: 'important', relatedCodes: [], items: ITEMS,
};

/** One body of ours or the baseline's for one record: every granted item, the personal ones masked. */
const BODY_PATTERN = /^\{"records":\[\{"djzh":"HY\d{10}","nfxm":"[^"]+","nfsfzh":"\d{3}\*{11}\d{3}[\dX]","djrq":"\d{4}-\d{2}-\d{2}","lb":"(结婚|离婚)","fy":"\d+\.\d\d"\}\]\}$/;

const REGIONS = ['370702', '370703', '370704', '370705', '370724', '370725', '370781', '370782', '370783', '370784', '370785', '370786'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '志强', '明', '磊', '洋', '晓东', '海涛', '国庆', '伟', '军'];

/** A distinct, valid (GB 11643) citizen ID for each n below 12 × 21,900 × 1,000. */
function citizenId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (Math.floor(n / 1000) % 21_900) * 86_400_000);
  const first17 = `${REGIONS[Math.floor(n / 21_900_000) % REGIONS.length]}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

/** Writes `rows` registrations as UTF-8 CSV (header = item codes); the n-th has citizenId(n). */
async function generateCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(ITEMS.map((i) => i.code).join(',') + '\n');
  let buf = '';
  for (let n = 0; n < rows; n++) {
    const day = new Date(Date.UTC(2000, 0, 1) + (n % 8_000) * 86_400_000).toISOString().slice(0, 10);
    buf += `HY${String(n).padStart(10, '0')},${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]},${citizenId(n)},${day},${n % 7 ? '结婚' : '离婚'},${n % 7 ? '9.00' : '0.00'}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** The same shuffle every run (xorshift), so both sides and every run share one order of keys. */
function shuffled<T>(xs: T[]): T[] {
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * The bare Fastify app: the lookup's SQL through its own pool, the same masking, the same body. `lookupSql`
 * is callService's lookup query (src/modules/sharing/services.ts) for this resource and grant, word for word.
 */
function baselineApp(pool: pg.Pool, serviceCode: string, lookupSql: string): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/api/services/:service/lookup/:item/:value', async (request, reply) => {
    const { service, item: key, value } = request.params as { service: string; item: string; value: string };
    if (service !== serviceCode || key !== KEY) return reply.code(404).send({ code: 'SHARING_SERVICE_NOT_FOUND' });
    const { rows } = await pool.query<Record<string, unknown>>(lookupSql, [value]);
    if (!rows.length) return reply.code(404).send({ code: 'SHARING_RECORD_NOT_FOUND' });
    return {
      records: rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const i of ITEMS) out[i.code] = i.mask !== 'none' ? maskValue(i.mask, row[i.code]) : (row[i.code] ?? null);
        return out;
      }),
    };
  });
  return app;
}

async function signIn(app: App, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A call through app.inject that must answer `status`; returns the JSON body. */
async function call<T>(app: App, what: string, status: number, options: InjectOptions): Promise<T> {
  const res = await app.inject(options);
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return res.json() as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * BENCH_CPU_PROFILE=<folder>: a CPU profile of this process's main thread (both servers; the load generator
 * runs in its own thread) over each measured run, written as <side>-<round>.cpuprofile for Chrome DevTools.
 */
async function startProfile(): Promise<{ stop(label: string): Promise<void> } | null> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(label) {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      session.disconnect();
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
      progress(`CPU profile: ${path.join(dir, `${label}.cpuprofile`)}`);
    },
  };
}

export async function run(): Promise<BenchResult> {
  const settings = loadSettings();
  const rows = Number(process.env.BENCH_ROWS || 100_000);
  if (!Number.isInteger(rows) || rows < 100 || rows > 10_000_000) throw new Error(`BENCH_ROWS=${process.env.BENCH_ROWS}: must be a whole number from 100 to 10,000,000`);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const cleanups = new Cleanups(progress);
  // Other work on the machine moves the figures: say how busy it was.
  const loadBefore = loadavg()[0]!;
  try {
    const database = await scratchDatabase(serverUrl, `citystack_bench_ds_${process.pid}`);
    cleanups.add(() => database.drop());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'citystack-bench-'));
    cleanups.add(() => rm(dataDir, { recursive: true, force: true }));

    progress(`booting on ${database.url.replace(/\/\/[^@/]*@/, '//')}`);
    const config = loadConfig(process.env, { databaseUrl: database.url, dataDir, logLevel: 'silent', rateLimitPerMinute: 10_000_000 });
    const ctx = await bootPlatform(config, { log: { info: () => undefined, error: (obj, msg) => progress(`job error ${msg ?? ''} ${String(obj)}`) } });
    cleanups.add(() => ctx.db.close(), () => ctx.jobs.stop());
    const seed = await seedDemo(ctx);
    if (!seed.apiKey) throw new Error('the demo seed gave no API key (database not empty?)');
    const ours = await buildApp(ctx, { logger: false });
    cleanups.add(() => ours.close());

    // The resource: registered and submitted by the 民政局's chief data officer, published by the operator.
    const [admin, mzCdo, gaDev] = [await signIn(ours, 'admin'), await signIn(ours, 'mz_cdo'), await signIn(ours, 'ga_dev')];
    const mzOrg = (await ctx.db.query<{ id: string }>(`select id from dir_orgs where name = '潍坊市民政局'`)).rows[0]?.id;
    if (!mzOrg) throw new Error('the demo has no 潍坊市民政局');
    const entry = await call<{ id: string; code: string }>(ours, 'register the resource', 201, { method: 'POST', url: '/api/catalog/entries', headers: { cookie: mzCdo }, payload: { providerOrgId: mzOrg, content: CONTENT } });
    await call(ours, 'submit the resource', 200, { method: 'POST', url: `/api/catalog/entries/${entry.id}/submit`, headers: { cookie: mzCdo } });
    await call(ours, 'publish the resource', 200, { method: 'POST', url: `/api/catalog/entries/${entry.id}/publish`, headers: { cookie: admin } });

    // Its records: a generated file through the ingest module's own import use case.
    const file = path.join(dataDir, 'marriages.csv');
    const t0 = performance.now();
    await generateCsv(file, rows);
    const audit = { actor: { kind: 'system' as const, id: null, name: 'bench', orgId: null }, requestId: null, ip: null };
    const imported = await importFile(ctx, 'operator', { entryId: entry.id, path: file, fileName: 'marriages.csv' }, audit);
    if (imported.batch.status !== 'succeeded' || imported.batch.inserted !== rows) throw new Error(`import went wrong: ${JSON.stringify(imported.batch)}`);
    await ctx.jobs.runDue();
    const table = await loadResourceTable(ctx.db, entry.id);
    if (!table) throw new Error('the published resource has no table');
    // Fresh statistics, so that neither side's run is disturbed by an automatic ANALYZE of the new table.
    await ctx.db.exec(`analyze resource_data."${table.tableName}"`);
    progress(`resource ${entry.code}: ${rows.toLocaleString()} records imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The 公安局 demo system asks for it (as its developer), the 民政局 approves with limits that are checked but not hit.
    const me = await call<{ kind: string; client?: { id: string } }>(ours, 'the demo API client', 200, { method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${seed.apiKey}` } });
    if (me.kind !== 'client' || !me.client) throw new Error(`the demo API key is not a client: ${JSON.stringify(me)}`);
    const validUntil = new Date(Date.parse(`${shanghaiDay(ctx.clock.now())}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10);
    const request = await call<{ id: string; serviceCode: string }>(ours, 'file the sharing request', 201, {
      method: 'POST', url: '/api/sharing/requests', headers: { cookie: gaDev },
      payload: {
        entryId: entry.id, clientId: me.client.id, items: ITEMS.map((i) => i.code), queryKeys: [KEY], modes: ['api'],
        purpose: '户籍业务办理时核验婚姻登记（基准测试）', legalBasis: '《婚姻登记条例》', dailyVolume: 100_000_000, validUntil,
      },
    });
    const approved = await call<{ status: string; grantId: string | null }>(ours, 'approve the sharing request', 200, {
      method: 'POST', url: `/api/sharing/requests/${request.id}/approve`, headers: { cookie: mzCdo }, payload: { dailyQuota: 100_000_000, ratePerMinute: 1_000_000 },
    });
    if (approved.status !== 'approved' || !approved.grantId) throw new Error(`the request was not granted: ${JSON.stringify(approved)}`);
    const serviceCode = request.serviceCode;

    // Both servers, each counting the data-service requests it receives (the witness for the call log).
    const received = { ours: 0, baseline: 0 };
    const counting = (side: keyof typeof received) => (req: IncomingMessage) => {
      if (req.url?.startsWith('/api/services/')) received[side]++;
    };
    ours.server.on('request', counting('ours'));
    const oursAddress = await ours.listen({ host: '127.0.0.1', port: 0 });
    const pool = new pg.Pool({ connectionString: database.url, max: config.databasePoolSize });
    pool.on('error', () => undefined);
    cleanups.add(() => pool.end());
    const lookupSql = `select ${ITEMS.map((i) => `"${i.code}"`).join(', ')} from resource_data."${table.tableName}" where "${KEY}" = $1::text and not _deleted limit 100`;
    progress(`baseline query: ${lookupSql}`);
    const baseline = baselineApp(pool, serviceCode, lookupSql);
    baseline.server.on('request', counting('baseline'));
    cleanups.add(() => baseline.close());
    const baselineAddress = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // Every request a different existing citizen ID, in one shuffled order for both sides.
    const ids = shuffled(Array.from({ length: rows }, (_, n) => citizenId(n)));
    const paths = ids.map((id) => `/api/services/${serviceCode}/lookup/${KEY}/${id}`);
    const varying = await varyingRequests(dataDir, paths, BODY_PATTERN);
    const headers = { authorization: `Bearer ${seed.apiKey}`, 'x-end-user': END_USER };

    // A few requests by hand first: 200, one record with the ID masked, the same body on both sides.
    for (const p of paths.slice(0, 20)) {
      const [o, b] = await Promise.all([fetch(oursAddress + p, { headers }), fetch(baselineAddress + p, { headers })]);
      const [ob, bb] = [await o.text(), await b.text()];
      if (o.status !== 200 || b.status !== 200) throw new Error(`GET ${p}: ours ${o.status} ${ob.slice(0, 300)}, baseline ${b.status} ${bb.slice(0, 300)}`);
      if (ob !== bb) throw new Error(`the two sides answer differently:\n  ours:     ${ob}\n  baseline: ${bb}`);
      if (!BODY_PATTERN.test(ob) || !o.headers.get('x-cs-response-hash')) throw new Error(`unexpected answer of ours: ${ob} (binding headers: ${o.headers.get('x-cs-response-hash') ?? 'none'})`);
      const id = p.slice(p.lastIndexOf('/') + 1);
      const record = (JSON.parse(ob) as { records: Array<Record<string, unknown>> }).records[0]!;
      if (record[KEY] !== maskValue('citizen_id', id)) throw new Error(`${id} came back as ${String(record[KEY])}`);
    }
    const recorder = dataServiceDeps(ctx).recorder;
    await recorder.idle();
    const countCalls = async () => (await ctx.db.query<{ n: number }>('select count(*)::int as n from shr_calls')).rows[0]!.n;
    const callsBefore = await countCalls();
    received.ours = 0;
    received.baseline = 0;

    const targets: Record<RunFigures['side'], VaryingTarget> = {
      baseline: { url: baselineAddress, headers, varying },
      ours: { url: oursAddress, headers, varying },
    };
    const loads: Array<{ side: RunFigures['side']; f: LoadFigures }> = [];
    const runs: RunFigures[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const side of ['baseline', 'ours'] as const) {
        if (settings.warmup) loads.push({ side, f: await load(targets[side], settings.connections, settings.warmup) });
        const profile = await startProfile();
        const figures = await load(targets[side], settings.connections, settings.duration);
        await profile?.stop(`${side}-${round}`);
        loads.push({ side, f: figures });
        const { answered: _a, sent: _s, ...shown } = figures;
        runs.push({ side, round, ...shown });
        progress(`round ${round} ${side.padEnd(8)} ${figures.rps.toFixed(0).padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  cpu ${figures.cpuUs?.toFixed(0) ?? 'n/a'} µs/req`);
      }
    }

    // The call log over the run: the requests cut off in flight when a timed run ended were still handled
    // (and recorded) by the server after the load generator closed their connections; wait for them.
    const sum = (key: 'answered' | 'sent') => loads.filter((l) => l.side === 'ours').reduce((n, l) => n + l.f[key], 0);
    const answered = sum('answered');
    const sent = sum('sent');
    let records = 0;
    for (let waited = 0; ; waited += 100) {
      await recorder.idle();
      records = (await countCalls()) - callsBefore;
      if (records >= received.ours || waited >= 10_000) break;
      await sleep(100);
    }
    const byStatus = (await ctx.db.query<{ status: number; n: number }>('select status, count(*)::int as n from shr_calls group by status order by status')).rows;
    const cutOff = sent - answered;
    const best = (side: RunFigures['side']): RunFigures => runs.filter((r) => r.side === side).reduce((a, b) => (b.rps > a.rps ? b : a));
    const b = best('baseline');
    const o = best('ours');
    const result: BenchResult = {
      bench: name,
      ratio: o.rps / b.rps,
      target: TARGET,
      ours: { rps: o.rps, p50: o.p50, p99: o.p99 },
      baseline: { rps: b.rps, p50: b.p50, p99: b.p99 },
      runs,
      settings,
      notes: [
        `${rows.toLocaleString()} records, a different citizen ID per request; aim 0.8 of the baseline (target ${TARGET})`,
        `machine: ${cpus().length} CPUs, load average (1 min) ${loadBefore.toFixed(2)} before the run, ${loadavg()[0]!.toFixed(2)} after the load`,
        `our side, all runs and warm-ups: ${answered} calls answered to the load generator + ${cutOff} cut off in flight at the end of its timed runs = ${sent} sent; ` +
          `${received.ours} received by our server; ${records} call records written (all of shr_calls by status: ${byStatus.map((r) => `${r.status}×${r.n}`).join(', ')})`,
      ],
      checks: [
        { what: `call records (${records}) = data-service calls our server received and answered (${received.ours}): none lost, none extra`, ok: records === received.ours },
        { what: `call records (${records}) = calls the load generator sent (${sent}): the ${answered} answered to it and the ${cutOff} cut off in flight`, ok: records === sent },
      ],
    };
    if (result.checks!.some((c) => !c.ok)) throw new Error(`the call log does not match the calls:\n${report(result)}`);
    return result;
  } finally {
    await cleanups.run();
  }
}
