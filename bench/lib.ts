// Shared pieces of the benchmarks: the result shape, a load run with autocannon that fails loudly on any
// error or non-2xx answer, settings from the environment, and a scratch PostgreSQL database.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

/** One side's figures: requests per second and latency percentiles in milliseconds. */
export interface SideFigures {
  rps: number;
  p50: number;
  p99: number;
}

export interface RunFigures extends SideFigures {
  side: 'baseline' | 'ours';
  round: number;
  requests: number;
  /** CPU time of the server's thread per request in µs (null where /proc is missing). */
  cpuUs: number | null;
}

export interface BenchResult {
  bench: string;
  /** ours.rps / baseline.rps, two decimals. */
  ratio: number;
  /** The ratio we aim for; below it the run still succeeds but says BELOW TARGET. */
  target: number;
  ours: SideFigures;
  baseline: SideFigures;
  /** Every measured run, for the table. */
  runs: RunFigures[];
  /** Load settings, for the table's heading. */
  settings: LoadSettings;
  /** Lines printed under the table (e.g. what else the run counted). */
  notes?: string[];
  /** Other conditions the run must meet, each reported passed or FAILED (see TableResult). */
  checks?: Array<{ what: string; ok: boolean }>;
}

/**
 * A benchmark that is not a load test (ingest: rows per second, memory) measures its own way and brings
 * its own table; the closing JSON line has the same fields.
 */
export interface TableResult {
  bench: string;
  ratio: number;
  target: number;
  ours: Record<string, number>;
  baseline: Record<string, number>;
  table: string[];
  /** Other limits the run must keep (e.g. peak memory), each reported PASSED or FAILED. */
  checks?: Array<{ what: string; ok: boolean }>;
}

/** What a benchmark module exports. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchResult | TableResult>;
}

export interface LoadSettings {
  connections: number;
  /** Seconds of warm-up before each measured run (not counted). */
  warmup: number;
  /** Measured seconds per run. */
  duration: number;
  /** Rounds of baseline-then-ours. */
  rounds: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${JSON.stringify(raw)}: must be a whole number ≥ ${min}`);
  return n;
}

/** BENCH_DURATION (measured s, 10), BENCH_WARMUP (s, 3), BENCH_CONNECTIONS (20), BENCH_ROUNDS (2). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): LoadSettings {
  return {
    duration: positiveInt(env, 'BENCH_DURATION', 10, 1),
    warmup: positiveInt(env, 'BENCH_WARMUP', 3, 0),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 20, 1),
    rounds: positiveInt(env, 'BENCH_ROUNDS', 2, 1),
  };
}

export interface Target {
  url: string;
  headers: Record<string, string>;
  /** The exact body every response must have. */
  expectBody: string;
}

/** A target sent a different request path each time, each body checked (see `varyingRequests`). */
export interface VaryingTarget {
  /** Origin; each request's path comes from `varying`. */
  url: string;
  headers: Record<string, string>;
  varying: VaryingRequests;
}

/** The two CommonJS modules the load generator's worker loads for varying requests (absolute paths). */
export interface VaryingRequests {
  /** autocannon's setupRequest: gives each request the next path. */
  setupRequest: string;
  /** autocannon's verifyBody: true when a body is acceptable. */
  verifyBody: string;
}

/**
 * Writes into `dir` what the load generator needs to send a different request each time: the paths, a
 * setupRequest module that hands them out in turn (from a random place, round and round, shared by all
 * connections of the worker) and a verifyBody module that accepts a body only when `bodyPattern` matches
 * it. Modules, because functions cannot be passed to autocannon's worker thread.
 */
export async function varyingRequests(dir: string, paths: string[], bodyPattern: RegExp): Promise<VaryingRequests> {
  if (!paths.length) throw new Error('varyingRequests: no paths');
  const list = path.join(dir, 'load-paths.json');
  const setupRequest = path.join(dir, 'load-setup-request.cjs');
  const verifyBody = path.join(dir, 'load-verify-body.cjs');
  await writeFile(list, JSON.stringify(paths));
  await writeFile(
    setupRequest,
    `'use strict';\nconst paths = require(${JSON.stringify(list)});\nlet next = Math.floor(Math.random() * paths.length);\n` +
      `module.exports = (req) => {\n  req.path = paths[next];\n  next = (next + 1) % paths.length;\n  return req;\n};\n`,
  );
  await writeFile(
    verifyBody,
    `'use strict';\nconst pattern = new RegExp(${JSON.stringify(bodyPattern.source)}, ${JSON.stringify(bodyPattern.flags.replace(/[gy]/g, ''))});\n` +
      `module.exports = (body) => pattern.test(body);\n`,
  );
  return { setupRequest, verifyBody };
}

/** What one load run gives: the figures, and its counts of answered and sent requests. */
export type LoadFigures = Omit<RunFigures, 'side' | 'round'> & {
  /** Responses of any status the load generator received (2xx and non-2xx). */
  answered: number;
  /**
   * Requests it sent. A timed run ends by closing its connections, so the requests still in flight then
   * (at most one per connection) are sent but not answered to it: the server still handles them.
   */
  sent: number;
};

/**
 * Fires GET requests at the target for `seconds` from a worker thread (so the load generator does not
 * share the server's event loop) and returns the figures. Throws when any request failed, timed out,
 * answered other than 2xx or with another body (varying requests: a body the check refuses): a benchmark
 * of error answers measures nothing.
 */
export async function load(target: Target | VaryingTarget, connections: number, seconds: number): Promise<LoadFigures> {
  const cpuBefore = mainThreadCpuNs();
  const r = await autocannon({
    url: target.url,
    headers: target.headers,
    ...('varying' in target
      ? { requests: [{ method: 'GET' as const, setupRequest: target.varying.setupRequest }], verifyBody: target.varying.verifyBody }
      : { expectBody: target.expectBody }),
    connections,
    duration: seconds,
    workers: 1,
  });
  if (r.errors || r.timeouts || r.non2xx || r.mismatches || !r.requests.total) {
    const codes = Object.entries(r.statusCodeStats)
      .map(([code, s]) => `${code}×${s.count}`)
      .join(', ');
    throw new Error(
      `load on ${target.url} went wrong: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ` +
        `${r.mismatches} unexpected bodies, ${r.requests.total} requests (status codes: ${codes || 'none'})`,
    );
  }
  const cpuAfter = mainThreadCpuNs();
  const cpuUs = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / 1000 / r.requests.total;
  const answered = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, cpuUs, answered, sent: r.requests.sent };
}

/**
 * CPU time (ns) the main thread has run, from Linux's schedstat. The servers run on the main thread and
 * the load generator in a worker, so this is the server's own cost per request; it is steadier than
 * requests/s when other work shares the machine. Null elsewhere.
 */
function mainThreadCpuNs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Creates a fresh database on the server of `serverUrl` and returns its URL and a way to drop it. */
export async function scratchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * Things to undo, last first, exactly once: at the end of a run, or on Ctrl-C (so that an interrupted
 * run leaves no database, key folder or listening server behind).
 */
export class Cleanups {
  private readonly steps: Array<() => Promise<unknown>> = [];
  private done: Promise<void> | null = null;
  private readonly onInterrupt = (): void => {
    void this.run().finally(() => process.exit(130));
  };

  constructor(private readonly log: (msg: string) => void) {
    process.once('SIGINT', this.onInterrupt);
  }

  add(...steps: Array<() => Promise<unknown>>): void {
    this.steps.push(...steps);
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      process.off('SIGINT', this.onInterrupt);
      for (const step of this.steps.reverse()) {
        await step().catch((err: unknown) => this.log(`cleanup failed: ${(err as Error).message}`));
      }
    })();
    return this.done;
  }
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The readable table and the one closing JSON line. */
export function report(result: BenchResult | TableResult): string {
  if ('table' in result) {
    const lines = ['', ...result.table, `ratio ours/baseline: ${result.ratio.toFixed(2)} (target ${result.target})`];
    for (const c of result.checks ?? []) lines.push(`${c.ok ? 'passed' : '*** FAILED'}: ${c.what}`);
    if (result.ratio < result.target) lines.push(`*** BELOW TARGET: ${result.bench} is at ${result.ratio.toFixed(2)} of the baseline, target ${result.target} ***`);
    lines.push(JSON.stringify({ bench: result.bench, ratio: round2(result.ratio), target: result.target, ours: result.ours, baseline: result.baseline }));
    return lines.join('\n');
  }
  const { settings: s } = result;
  const lines: string[] = [];
  lines.push('');
  lines.push(`${result.bench}: ${s.connections} connections, ${s.warmup} s warm-up + ${s.duration} s measured per run, ${s.rounds} round(s), best run per side`);
  const row = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(16) : c.padStart(10))).join(' ');
  const cpu = (us: number | null): string => (us === null ? 'n/a' : us.toFixed(0));
  lines.push(row(['run', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'cpu µs/req']));
  for (const r of result.runs) {
    lines.push(row([`${r.side} #${r.round}`, r.rps.toFixed(0), String(r.p50), String(r.p99), String(r.requests), cpu(r.cpuUs)]));
    const pair = r.side === 'ours' && result.runs.find((b) => b.side === 'baseline' && b.round === r.round);
    if (pair) lines.push(`${''.padEnd(16)} round ${r.round} ratio ${(r.rps / pair.rps).toFixed(2)}`);
  }
  lines.push(row(['baseline (best)', result.baseline.rps.toFixed(0), String(result.baseline.p50), String(result.baseline.p99), '']));
  lines.push(row(['ours (best)', result.ours.rps.toFixed(0), String(result.ours.p50), String(result.ours.p99), '']));
  lines.push(`ratio ours/baseline: ${result.ratio.toFixed(2)} (target ${result.target})`);
  const minCpu = (side: RunFigures['side']): number | null => {
    const xs = result.runs.filter((r) => r.side === side && r.cpuUs !== null).map((r) => r.cpuUs as number);
    return xs.length ? Math.min(...xs) : null;
  };
  const [cpuBase, cpuOurs] = [minCpu('baseline'), minCpu('ours')];
  if (cpuBase !== null && cpuOurs !== null) {
    lines.push(`server CPU per request (least of the runs): baseline ${cpu(cpuBase)} µs, ours ${cpu(cpuOurs)} µs (+${cpu(cpuOurs - cpuBase)} µs, cpu ratio ${(cpuBase / cpuOurs).toFixed(2)})`);
  }
  // Background load on a small machine moves whole runs; say so when a side's runs disagree.
  const spread = (side: RunFigures['side']): number => {
    const rps = result.runs.filter((r) => r.side === side).map((r) => r.rps);
    return rps.length > 1 ? Math.max(...rps) / Math.min(...rps) - 1 : 0;
  };
  const noisiest = Math.max(spread('baseline'), spread('ours'));
  if (noisiest > 0.15) lines.push(`note: NOISY machine, runs of one side differ by up to ${(noisiest * 100).toFixed(0)}%; rerun or raise BENCH_ROUNDS`);
  lines.push(...(result.notes ?? []));
  for (const c of result.checks ?? []) lines.push(`${c.ok ? 'passed' : '*** FAILED'}: ${c.what}`);
  if (result.ratio < result.target) lines.push(`*** BELOW TARGET: ${result.bench} is at ${result.ratio.toFixed(2)} of the baseline, target ${result.target} ***`);
  const side = (f: SideFigures): SideFigures => ({ rps: Math.round(f.rps), p50: f.p50, p99: f.p99 });
  lines.push(JSON.stringify({ bench: result.bench, ratio: round2(result.ratio), target: result.target, ours: side(result.ours), baseline: side(result.baseline) }));
  return lines.join('\n');
}
