// ingest: what our aggregation path costs against PostgreSQL's own bulk load.
//
// Ours: `citystack ingest import` (the operator's command, its own process, boot included) of a generated
// household-register CSV (户籍人口, BENCH_ROWS rows, default 1,000,000) into a published typed resource on
// the PostgreSQL server: streamed parse, per-row validation against the item types, look-up of existing keys,
// bulk insert of new records, batch bookkeeping and ledger; then the resource's quality rules (required,
// citizen ID, mobile, code table, valid date) over the whole table. Peak RSS is the import process's own
// (VmHWM from /proc), sampled while it runs.
// Baseline: the same file loaded with raw `COPY … FROM STDIN (FORMAT csv)` into a table of the same shape
// (same column types, same primary key), through the same server. Both on fresh tables, in turn, per round.
// Ratio = our rows/s over COPY's; peak RSS of this process is sampled while ours runs.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEMO_PASSWORD } from '../demo/weifang.ts';
import { seedDemo } from '../demo/seed.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { citizenIdCheckChar } from '../src/modules/directory/identifiers.ts';
import { resolvePrincipal } from '../src/modules/directory/index.ts';
import { runChecksIn } from '../src/modules/quality/index.ts';
import { createRule } from '../src/modules/quality/rule-service.ts';
import type { PlatformContext } from '../src/server/context.ts';
import type { Principal } from '../src/server/access.ts';
import { buildApp } from '../src/server/app.ts';
import { bootPlatform } from '../src/server/boot.ts';
import { Cleanups, scratchDatabase, type TableResult } from './lib.ts';

export const name = 'ingest';

const TARGET = 0.5;
const RSS_LIMIT_MB = 300;
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const progress = (msg: string): void => {
  process.stderr.write(`[${name}] ${msg}\n`);
};

const ITEMS = [
  { code: 'gmsfhm', name: '公民身份号码', type: 'string', length: 18, scale: null, required: true, key: true, sensitivity: 'personal', mask: 'citizen_id' },
  { code: 'xm', name: '姓名', type: 'string', length: 50, scale: null, required: true, key: false, sensitivity: 'personal', mask: 'name' },
  { code: 'xb', name: '性别', type: 'string', length: 1, scale: null, required: true, key: false, sensitivity: 'internal', mask: 'none' },
  { code: 'csrq', name: '出生日期', type: 'date', length: null, scale: null, required: true, key: false, sensitivity: 'personal', mask: 'none' },
  { code: 'mz', name: '民族', type: 'string', length: 10, scale: null, required: false, key: false, sensitivity: 'internal', mask: 'none' },
  { code: 'hjdz', name: '户籍地址', type: 'string', length: 200, scale: null, required: false, key: false, sensitivity: 'personal', mask: 'address' },
  { code: 'djrq', name: '登记日期', type: 'date', length: null, scale: null, required: true, key: false, sensitivity: 'internal', mask: 'none' },
  { code: 'sjhm', name: '手机号码', type: 'string', length: 11, scale: null, required: false, key: false, sensitivity: 'personal', mask: 'mobile' },
] as const;

const COPY_TABLE = `create table copy_baseline (
  gmsfhm varchar(18) not null primary key, xm varchar(50), xb varchar(1), csrq date, mz varchar(10), hjdz varchar(200), djrq date, sjhm varchar(11))`;

const REGIONS = ['370702', '370703', '370704', '370705', '370724', '370725', '370781', '370782', '370783', '370784', '370785', '370786'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '志强', '丽娟', '海燕', '明', '静', '磊', '洋', '婷婷', '晓东', '红梅'];
const ADDRESSES = ['潍坊市奎文区东风东街', '潍坊市潍城区胜利西街', '寿光市圣城街道', '青州市王府街道', '诸城市密州街道', '高密市醴泉街道'];

/** Writes `rows` distinct, valid household records as UTF-8 CSV (header = item codes). */
async function generateCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(ITEMS.map((i) => i.code).join(',') + '\n');
  let buf = '';
  for (let n = 0; n < rows; n++) {
    // (region, birth date, sequence) is unique for up to 262 million rows.
    const birth = new Date(Date.UTC(1950, 0, 1) + (Math.floor(n / 1000) % 21_900) * 86_400_000);
    const ymd = birth.toISOString().slice(0, 10);
    const seq = String(n % 1000).padStart(3, '0');
    const region = REGIONS[Math.floor(n / 21_900_000) % REGIONS.length]!;
    const first17 = `${region}${ymd.replace(/-/g, '')}${seq}`;
    const id = first17 + citizenIdCheckChar(first17);
    const name = SURNAMES[n % SURNAMES.length]! + GIVEN[n % GIVEN.length]!;
    buf += `${id},${name},${n % 2 ? '1' : '2'},${ymd},汉族,${ADDRESSES[n % ADDRESSES.length]}${n % 300}号,2020-01-01,1${String(3000000000 + n).slice(0, 10)}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}

export async function run(): Promise<TableResult> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const cleanups = new Cleanups(progress);
  try {
    const database = await scratchDatabase(serverUrl, `citystack_bench_ingest_${process.pid}`);
    cleanups.add(() => database.drop());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'citystack-bench-'));
    cleanups.add(() => rm(dataDir, { recursive: true, force: true }));
    const file = path.join(dataDir, 'hukou.csv');
    progress(`generating ${rows.toLocaleString()} rows`);
    await generateCsv(file, rows);
    const bytes = statSync(file).size;
    progress(`file: ${(bytes / 1e6).toFixed(0)} MB`);

    const config = loadConfig(process.env, { databaseUrl: database.url, dataDir, logLevel: 'silent', rateLimitPerMinute: 10_000_000 });
    const ctx = await bootPlatform(config, { log: { info: () => undefined, error: (obj, msg) => progress(`job error ${msg ?? ''} ${String(obj)}`) } });
    cleanups.add(() => ctx.db.close(), () => ctx.jobs.stop());
    await seedDemo(ctx);
    const app = await buildApp(ctx, { logger: false });
    cleanups.add(() => app.close());
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const principal = await resolvePrincipal(ctx, { sessionToken: login.cookies.find((c) => c.name === 'cs_session')!.value });
    const gaOrg = (await ctx.db.query<{ id: string }>(`select id from dir_orgs where name = '潍坊市公安局'`)).rows[0]!.id;

    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    cleanups.add(() => pool.end());

    const table: string[] = [];
    const figures: Array<{ side: 'baseline' | 'ours'; round: number; seconds: number; rps: number; rssMb?: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      // Baseline: raw COPY into a fresh table of the same shape.
      await pool.query('drop table if exists copy_baseline');
      await pool.query(COPY_TABLE);
      const copyClient = await pool.connect();
      let t0 = performance.now();
      try {
        await pipeline(createReadStream(file), copyClient.query(copyFrom('copy copy_baseline from stdin with (format csv, header true)')));
      } finally {
        copyClient.release();
      }
      const copySeconds = (performance.now() - t0) / 1000;
      const copied = (await pool.query<{ n: string }>('select count(*) as n from copy_baseline')).rows[0]!.n;
      if (Number(copied) !== rows) throw new Error(`COPY loaded ${copied} rows, expected ${rows}`);
      figures.push({ side: 'baseline', round, seconds: copySeconds, rps: rows / copySeconds });
      progress(`round ${round} COPY   ${copySeconds.toFixed(2)} s  ${(rows / copySeconds).toFixed(0)} rows/s`);

      // Ours: a fresh published resource, then the full import path and its quality rules.
      const content = {
        name: `户籍人口信息（基准 ${round}）`, summary: '基准测试用户籍人口信息', resourceClass: 'base', category: '人口', format: '数据库表',
        updateFrequency: 'daily', shareType: 'conditional', shareConditions: '基准测试', notSharedBasis: null, shareModes: ['api'], openType: 'none',
        dataGrade: 'important', relatedCodes: [], items: ITEMS,
      };
      const created = await app.inject({ method: 'POST', url: '/api/catalog/entries', headers: { cookie }, payload: { providerOrgId: gaOrg, content } });
      const entryId = created.json().id as string;
      await app.inject({ method: 'POST', url: `/api/catalog/entries/${entryId}/submit`, headers: { cookie } });
      const published = await app.inject({ method: 'POST', url: `/api/catalog/entries/${entryId}/publish`, headers: { cookie } });
      if (published.statusCode !== 200) throw new Error(`publish failed: ${published.body}`);
      await addRules(ctx, principal!, entryId);

      const code = (created.json() as { code: string }).code;
      t0 = performance.now();
      const { peakKb } = await importByCli(file, code, { DATABASE_URL: database.url, CITYSTACK_DATA_DIR: dataDir });
      const importSeconds = (performance.now() - t0) / 1000;
      const quality = `${await runQuality(ctx, entryId)} (import ${importSeconds.toFixed(2)} s, checks ${((performance.now() - t0) / 1000 - importSeconds).toFixed(2)} s)`;
      const seconds = (performance.now() - t0) / 1000;
      const batch = (await pool.query<{ status: string; inserted: string; rejected: string }>('select status, inserted, rejected from ing_batches where entry_id = $1', [entryId])).rows[0];
      if (batch?.status !== 'succeeded' || Number(batch.inserted) !== rows || Number(batch.rejected) !== 0) throw new Error(`import went wrong: ${JSON.stringify(batch)}`);
      figures.push({ side: 'ours', round, seconds, rps: rows / seconds, rssMb: peakKb / 1024 });
      progress(`round ${round} ours   ${seconds.toFixed(2)} s  ${(rows / seconds).toFixed(0)} rows/s  import process peak RSS ${(peakKb / 1024).toFixed(0)} MB  ${quality}`);
    }

    const best = (side: 'baseline' | 'ours') => figures.filter((f) => f.side === side).reduce((a, b) => (b.rps > a.rps ? b : a));
    const b = best('baseline');
    const o = best('ours');
    const peakMb = Math.max(...figures.filter((f) => f.side === 'ours').map((f) => f.rssMb ?? 0));
    table.push(`${name}: ${rows.toLocaleString()} rows, ${(bytes / 1e6).toFixed(0)} MB CSV, ${rounds} round(s), PostgreSQL server, best run per side`);
    table.push(`${'run'.padEnd(16)}${'seconds'.padStart(10)}${'rows/s'.padStart(12)}${'peak RSS MB'.padStart(14)}`);
    for (const f of figures) table.push(`${`${f.side} #${f.round}`.padEnd(16)}${f.seconds.toFixed(2).padStart(10)}${f.rps.toFixed(0).padStart(12)}${(f.rssMb?.toFixed(0) ?? '').padStart(14)}`);
    return {
      bench: name,
      ratio: o.rps / b.rps,
      target: TARGET,
      ours: { rowsPerSecond: Math.round(o.rps), seconds: Number(o.seconds.toFixed(2)), peakRssMb: Math.round(peakMb) },
      baseline: { rowsPerSecond: Math.round(b.rps), seconds: Number(b.seconds.toFixed(2)) },
      table,
      checks: [{ what: `peak RSS ${peakMb.toFixed(0)} MB under ${RSS_LIMIT_MB} MB`, ok: peakMb < RSS_LIMIT_MB }],
    };
  } finally {
    await cleanups.run();
  }
}

const BENCH_AUDIT = { actor: { kind: 'system' as const, id: null, name: 'bench', orgId: null }, requestId: null, ip: null };

/** What a steward would attach to a household register: completeness, identity and format checks. */
async function addRules(ctx: PlatformContext, admin: Principal, entryId: string): Promise<void> {
  const rules = [
    { itemCode: 'xm', kind: 'required' },
    { itemCode: 'gmsfhm', kind: 'citizen_id' },
    { itemCode: 'sjhm', kind: 'mobile' },
    { itemCode: 'xb', kind: 'code_table', params: { values: ['1', '2', '9'] } },
    { itemCode: 'csrq', kind: 'valid_date' },
    { itemCode: 'hjdz', kind: 'required' },
  ] as const;
  for (const r of rules) await createRule(ctx, admin, { entryId, itemCode: r.itemCode, kind: r.kind, params: 'params' in r ? { values: [...r.params.values] } : {} }, BENCH_AUDIT);
}

/** Runs `citystack ingest import` as an operator would, sampling the process's peak resident memory. */
async function importByCli(file: string, code: string, env: Record<string, string>): Promise<{ peakKb: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/citystack.js'), 'ingest', 'import', file, '--resource', code], {
    cwd: ROOT,
    env: { ...process.env, ...env, CITYSTACK_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let peakKb = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // gone already
    }
  };
  const sampler = setInterval(sample, 100);
  const [status] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  if (status !== 0) throw new Error(`citystack ingest import failed (${status}):\n${output}`);
  return { peakKb };
}

/** The resource's quality rules, run as after every batch; returns a short summary for the log. */
async function runQuality(ctx: PlatformContext, entryId: string): Promise<string> {
  const outcome = await ctx.db.transaction((tx) => runChecksIn(ctx, tx, { entryId, trigger: 'batch', audit: BENCH_AUDIT }));
  const failed = outcome.outcomes.reduce((n, r) => n + r.failed, 0);
  if (failed) throw new Error(`the generated file should pass every rule, ${failed} failures: ${JSON.stringify(outcome.outcomes.map((o) => [o.rule.kind, o.failed]))}`);
  return `quality: ${outcome.outcomes.length} rules, score ${outcome.score}`;
}
