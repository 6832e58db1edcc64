// api-read: what the full platform request path costs on the cheapest authenticated read.
//
// Ours: `GET /api/me` with a bearer API key on the real app (request id, security headers, cookies, rate
// limiting, API-key lookup in PostgreSQL (kept five seconds), access gate, response-schema serialisation), booted on a fresh
// PostgreSQL database seeded with the Weifang demo.
// Baseline: a bare Fastify 5 app doing only the indispensable work of that request — parse the bearer
// token, hash it, run the very same API-client query through its own pg pool of the same size on the same
// database, answer the same small JSON body. The database round trip (the one cost no framework can
// avoid) is identical, both servers live in this process and face the same load generator in turn, so
// the ratio shows what our plumbing around that round trip costs.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { seedDemo } from '../demo/seed.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { buildApp } from '../src/server/app.ts';
import { bootPlatform } from '../src/server/boot.ts';
import { Cleanups, load, loadSettings, scratchDatabase, type BenchResult, type RunFigures, type Target } from './lib.ts';

export const name = 'api-read';

const TARGET = 0.8;
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

// The query of `apiClients.byKeyHash` (src/modules/directory/repository.ts), word for word.
const CLIENT_BY_KEY_HASH =
  `select c.id, c.org_id, o.name as org_name, o.path as org_path, c.name, c.key_prefix, c.status, c.created_at, c.last_used_at ` +
  `from dir_api_clients c join dir_orgs o on o.id = c.org_id where c.key_hash = $1 and c.status = 'active'`;

interface ClientRow {
  id: string;
  org_id: string;
  name: string;
}

const progress = (msg: string): void => {
  process.stderr.write(`[${name}] ${msg}\n`);
};

/**
 * The bare Fastify app: bearer token → sha256 → the same query → the same body. Like the platform (which keeps
 * a resolved key for five seconds), it keeps the answer of the query per key for five seconds, so both sides
 * do the same database work and the ratio shows the plumbing.
 */
function baselineApp(pool: pg.Pool): FastifyInstance {
  const app = Fastify({ logger: false });
  const cache = new Map<string, { row: ClientRow | undefined; until: number }>();
  app.get('/api/me', async (request, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const hash = token ? createHash('sha256').update(token).digest('hex') : undefined;
    let row: ClientRow | undefined;
    const hit = hash ? cache.get(hash) : undefined;
    if (hit && hit.until > performance.now()) row = hit.row;
    else if (hash) {
      row = (await pool.query<ClientRow>(CLIENT_BY_KEY_HASH, [hash])).rows[0];
      cache.set(hash, { row, until: performance.now() + 5_000 });
    }
    if (!row) return reply.code(401).send({ code: 'AUTH_REQUIRED' });
    return { kind: 'client', client: { id: row.id, name: row.name, orgId: row.org_id } };
  });
  return app;
}

/** One request by hand before the load: it must be a 200 with the demo client, the same on both sides. */
async function probe(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return body;
}

export async function run(): Promise<BenchResult> {
  const settings = loadSettings();
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const cleanups = new Cleanups(progress);
  try {
    const database = await scratchDatabase(serverUrl, `citystack_bench_${process.pid}`);
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
    const oursAddress = await ours.listen({ host: '127.0.0.1', port: 0 });

    const pool = new pg.Pool({ connectionString: database.url, max: config.databasePoolSize });
    pool.on('error', () => undefined);
    cleanups.add(() => pool.end());
    const baseline = baselineApp(pool);
    cleanups.add(() => baseline.close());
    const baselineAddress = await baseline.listen({ host: '127.0.0.1', port: 0 });

    const headers = { authorization: `Bearer ${seed.apiKey}` };
    const targets: Record<RunFigures['side'], Target> = {
      baseline: { url: `${baselineAddress}/api/me`, headers, expectBody: await probe(`${baselineAddress}/api/me`, headers) },
      ours: { url: `${oursAddress}/api/me`, headers, expectBody: await probe(`${oursAddress}/api/me`, headers) },
    };
    const parsed = JSON.parse(targets.ours.expectBody) as { kind?: unknown };
    if (parsed.kind !== 'client') throw new Error(`/api/me did not see the API client: ${targets.ours.expectBody}`);
    if (!isDeepStrictEqual(parsed, JSON.parse(targets.baseline.expectBody))) {
      throw new Error(`the two sides answer differently:\n  ours:     ${targets.ours.expectBody}\n  baseline: ${targets.baseline.expectBody}`);
    }

    const runs: RunFigures[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const side of ['baseline', 'ours'] as const) {
        if (settings.warmup) await load(targets[side], settings.connections, settings.warmup);
        const figures = await load(targets[side], settings.connections, settings.duration);
        runs.push({ side, round, ...figures });
        progress(`round ${round} ${side.padEnd(8)} ${figures.rps.toFixed(0).padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  cpu ${figures.cpuUs?.toFixed(0) ?? 'n/a'} µs/req`);
      }
    }

    const best = (side: RunFigures['side']): RunFigures =>
      runs.filter((r) => r.side === side).reduce((a, b) => (b.rps > a.rps ? b : a));
    const b = best('baseline');
    const o = best('ours');
    return {
      bench: name,
      ratio: o.rps / b.rps,
      target: TARGET,
      ours: { rps: o.rps, p50: o.p50, p99: o.p99 },
      baseline: { rps: b.rps, p50: b.p50, p99: b.p99 },
      runs,
      settings,
    };
  } finally {
    await cleanups.run();
  }
}
