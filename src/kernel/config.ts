// Configuration is read once at boot into one frozen, typed object. A bad value stops the boot with a
// message that names every bad variable, so an operator fixes them all in one go.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  /** HTTP listen host and port. */
  host: string;
  port: number;
  /** PostgreSQL server URL; when absent the embedded PGlite in `dataDir` is used. */
  databaseUrl: string | null;
  /** Folder for the embedded database and generated local keys. */
  dataDir: string;
  /** 32-byte key (base64) for encrypting personal data at rest; generated into dataDir when absent. */
  masterKey: string | null;
  /** Seed Weifang's demo data when the database is empty. */
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per client (API key, session or IP). */
  rateLimitPerMinute: number;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  sessionTtlHours: number;
  /** Failed sign-ins in a row before the account locks, and for how long. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Set the Secure flag on the session cookie (on behind HTTPS). */
  cookieSecure: boolean;
  /** Trust X-Forwarded-* from a load balancer. */
  trustProxy: boolean;
  /** Where the built console lives; served at `/` when present. */
  webDir: string;
  /** Pool size per API process when on a PostgreSQL server. */
  databasePoolSize: number;
  /** Audit records between two signed checkpoints. */
  auditCheckpointEvery: number;
  /** Largest data file accepted by an upload, in bytes (streamed to disk, never held in memory). */
  uploadLimitBytes: number;
  /** Working days a department has to correct a data-quality problem (问题工单) before it is escalated. */
  qualityDeadlineWorkdays: number;
  /** Hosts scheduled pulls may reach ("db.gongan.wf" or "10.1.2.3:5432"; "*" = any). Empty: pulls are off. */
  pullAllowedHosts: string[];
  /** Working days a providing department has to decide a conditional sharing request (有条件共享: 10 by the State Council's rules). */
  sharingDeadlineWorkdays: number;
  /** Data grades (GB/T 43697) whose sharing requests the platform operator reviews after the provider. */
  sharingOperatorReviewGrades: Array<'core' | 'important' | 'general'>;
  /** Calls per minute a grant allows unless its approver sets another figure. */
  sharingRatePerMinute: number;
  /**
   * The platform's public address (https://zwfw.example.gov.cn), written into what outlives a request:
   * issuer ids and status-list URIs of credentials. Null: the address the request came in on.
   */
  publicUrl: string | null;
}

interface VarSpec<K extends keyof Config> {
  key: K;
  env: string;
  doc: string;
  parse: (raw: string) => Config[K];
  fallback: Config[K] | ((partial: Partial<Config>) => Config[K]);
}

class BadValue extends Error {}

const int = (min: number, max: number) => (raw: string): number => {
  if (!/^\d+$/.test(raw.trim())) throw new BadValue(`must be a whole number from ${min} to ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new BadValue(`must be a whole number from ${min} to ${max}`);
  return n;
};
const bool = (raw: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new BadValue('must be true or false');
};
const oneOf = <T extends string>(...values: T[]) => (raw: string): T => {
  if (!(values as string[]).includes(raw)) throw new BadValue(`must be one of ${values.join(', ')}`);
  return raw as T;
};
const text = (raw: string): string => {
  if (!raw.trim()) throw new BadValue('must not be empty');
  return raw.trim();
};
const postgresUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadValue('must be a URL such as postgres://user@127.0.0.1:5432/citystack');
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol)) throw new BadValue('must start with postgres://');
  return raw;
};
const base64Key = (raw: string): string => {
  if (Buffer.from(raw, 'base64').length !== 32) throw new BadValue('must be 32 bytes in base64 (openssl rand -base64 32)');
  return raw;
};

const gradeList = (raw: string): Config['sharingOperatorReviewGrades'] => {
  if (raw.trim() === 'none') return [];
  const grades = raw.split(',').map((g) => g.trim()).filter(Boolean);
  for (const g of grades) if (!['core', 'important', 'general'].includes(g)) throw new BadValue('must list data grades among core, important, general (comma-separated), or be none');
  return grades as Config['sharingOperatorReviewGrades'];
};

const publicUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BadValue('must be an absolute http(s) URL such as https://zwfw.weifang.gov.cn');
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) throw new BadValue('must be an absolute http(s) URL without query or fragment');
  return url.toString().replace(/\/+$/, '');
};
const hostList = (raw: string): string[] => {
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bad = hosts.filter((h) => h !== '*' && !/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/.test(h));
  if (bad.length) throw new BadValue(`must be host or host:port entries separated by commas (not ${bad.join(', ')})`);
  return hosts;
};

/** Every configuration variable, its meaning and its default: README's configuration table comes from here. */
export const CONFIG_VARS: VarSpec<keyof Config>[] = [
  { key: 'host', env: 'CITYSTACK_HOST', doc: 'listen address', parse: text, fallback: '127.0.0.1' },
  { key: 'port', env: 'CITYSTACK_PORT', doc: 'listen port', parse: int(0, 65535), fallback: 8370 },
  { key: 'databaseUrl', env: 'DATABASE_URL', doc: 'PostgreSQL server; unset = embedded PGlite', parse: postgresUrl, fallback: null },
  { key: 'dataDir', env: 'CITYSTACK_DATA_DIR', doc: 'embedded database and local keys', parse: text, fallback: './data' },
  { key: 'masterKey', env: 'CITYSTACK_MASTER_KEY', doc: 'base64 32-byte key for personal data at rest; generated into the data folder when unset', parse: base64Key, fallback: null },
  { key: 'demo', env: 'CITYSTACK_DEMO', doc: 'seed Weifang demo data into an empty database', parse: bool, fallback: false },
  { key: 'logLevel', env: 'CITYSTACK_LOG_LEVEL', doc: 'pino log level', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), fallback: 'info' },
  { key: 'rateLimitPerMinute', env: 'CITYSTACK_RATE_LIMIT', doc: 'requests per minute per caller', parse: int(1, 10_000_000), fallback: 6000 },
  { key: 'bodyLimitBytes', env: 'CITYSTACK_BODY_LIMIT', doc: 'largest request body in bytes', parse: int(1024, 1024 * 1024 * 1024), fallback: 1024 * 1024 },
  { key: 'sessionTtlHours', env: 'CITYSTACK_SESSION_TTL_HOURS', doc: 'console session lifetime', parse: int(1, 24 * 30), fallback: 12 },
  { key: 'lockoutThreshold', env: 'CITYSTACK_LOCKOUT_THRESHOLD', doc: 'failed sign-ins before lockout', parse: int(1, 100), fallback: 5 },
  { key: 'lockoutMinutes', env: 'CITYSTACK_LOCKOUT_MINUTES', doc: 'lockout duration', parse: int(1, 24 * 60), fallback: 15 },
  { key: 'cookieSecure', env: 'CITYSTACK_COOKIE_SECURE', doc: 'Secure flag on the session cookie (set behind HTTPS)', parse: bool, fallback: false },
  { key: 'trustProxy', env: 'CITYSTACK_TRUST_PROXY', doc: 'trust X-Forwarded-For from a load balancer', parse: bool, fallback: false },
  { key: 'webDir', env: 'CITYSTACK_WEB_DIR', doc: 'built console files', parse: text, fallback: 'web/dist' },
  { key: 'databasePoolSize', env: 'CITYSTACK_DB_POOL', doc: 'connections per API process (PostgreSQL server)', parse: int(1, 500), fallback: 10 },
  { key: 'uploadLimitBytes', env: 'CITYSTACK_UPLOAD_LIMIT', doc: 'largest uploaded data file in bytes', parse: int(1024, 1024 ** 4), fallback: 8 * 1024 ** 3 },
  { key: 'qualityDeadlineWorkdays', env: 'CITYSTACK_QUALITY_DEADLINE_WORKDAYS', doc: 'working days to correct a data-quality problem before escalation', parse: int(1, 60), fallback: 5 },
  { key: 'pullAllowedHosts', env: 'CITYSTACK_PULL_HOSTS', doc: 'hosts (host or host:port, comma-separated; * = any) that scheduled pulls may reach; empty = none', parse: hostList, fallback: [] },
  { key: 'sharingDeadlineWorkdays', env: 'CITYSTACK_SHARING_DEADLINE_WORKDAYS', doc: 'working days a provider has to decide a conditional sharing request', parse: int(1, 60), fallback: 10 },
  { key: 'sharingOperatorReviewGrades', env: 'CITYSTACK_SHARING_OPERATOR_REVIEW', doc: 'data grades whose sharing requests the platform operator reviews after the provider (comma-separated core, important, general; none = no operator review)', parse: gradeList, fallback: ['core'] },
  { key: 'sharingRatePerMinute', env: 'CITYSTACK_SHARING_RATE', doc: 'data-service calls per minute a grant allows by default', parse: int(1, 1_000_000), fallback: 600 },
  { key: 'publicUrl', env: 'CITYSTACK_PUBLIC_URL', doc: 'public address of the platform, written into credentials (issuer ids, status-list URIs); empty = the address of each request', parse: publicUrl, fallback: null },
  { key: 'auditCheckpointEvery', env: 'CITYSTACK_AUDIT_CHECKPOINT_EVERY', doc: 'audit records between signed checkpoints', parse: int(1, 1_000_000), fallback: 1000 },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`CityStack cannot start, the configuration has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Builds the configuration from environment variables, over an optional JSON config file named by
 * CITYSTACK_CONFIG (keys are the variable names), over defaults. Throws ConfigError naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const problems: string[] = [];
  let fileValues: Record<string, unknown> = {};
  if (env.CITYSTACK_CONFIG) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.CITYSTACK_CONFIG, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      fileValues = parsed as Record<string, unknown>;
      const known = new Set(CONFIG_VARS.map((v) => v.env));
      for (const name of Object.keys(fileValues)) if (!known.has(name)) problems.push(`${name} (in ${env.CITYSTACK_CONFIG}): unknown variable`);
    } catch (err) {
      problems.push(`CITYSTACK_CONFIG: cannot read ${env.CITYSTACK_CONFIG}: ${(err as Error).message}`);
    }
  }
  const out: Partial<Config> = {};
  for (const spec of CONFIG_VARS) {
    if (spec.key in overrides) {
      (out as Record<string, unknown>)[spec.key] = overrides[spec.key];
      continue;
    }
    const fromEnv = env[spec.env];
    const fromFile = fileValues[spec.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromFile !== undefined ? String(fromFile) : undefined;
    try {
      (out as Record<string, unknown>)[spec.key] =
        raw === undefined ? (typeof spec.fallback === 'function' ? spec.fallback(out) : spec.fallback) : spec.parse(raw);
    } catch (err) {
      if (!(err instanceof BadValue)) throw err;
      problems.push(`${spec.env}=${JSON.stringify(raw)}: ${err.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const config = out as Config;
  config.dataDir = path.resolve(config.dataDir);
  config.webDir = path.resolve(config.webDir);
  return Object.freeze(config);
}
