import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_VARS, ConfigError, loadConfig, type Config } from './config.ts';

// Unit tests: loadConfig is given its environment explicitly, never process.env.
const dir = mkdtempSync(path.join(os.tmpdir(), 'citystack-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function configFile(content: unknown): string {
  const file = path.join(dir, `config-${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      host: '127.0.0.1',
      port: 8370,
      databaseUrl: null,
      dataDir: path.resolve('./data'),
      masterKey: null,
      demo: false,
      logLevel: 'info',
      rateLimitPerMinute: 6000,
      bodyLimitBytes: 1024 * 1024,
      sessionTtlHours: 12,
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      cookieSecure: false,
      trustProxy: false,
      webDir: path.resolve('web/dist'),
      databasePoolSize: 10,
      auditCheckpointEvery: 1000,
      uploadLimitBytes: 8 * 1024 ** 3,
      pullAllowedHosts: [],
      qualityDeadlineWorkdays: 5,
      sharingDeadlineWorkdays: 10,
      sharingOperatorReviewGrades: ['core'],
      sharingRatePerMinute: 600,
      publicUrl: null,
    } satisfies Config);
    // Every documented variable has a key in the result.
    expect(Object.keys(c).sort()).toEqual(CONFIG_VARS.map((v) => v.key).sort());
  });

  it('takes a public URL for what credentials carry, and refuses one that is not an http(s) address', () => {
    expect(loadConfig({ CITYSTACK_PUBLIC_URL: 'https://zwfw.weifang.gov.cn/' }).publicUrl).toBe('https://zwfw.weifang.gov.cn');
    expect(loadConfig({ CITYSTACK_PUBLIC_URL: 'https://zwfw.weifang.gov.cn/platform' }).publicUrl).toBe('https://zwfw.weifang.gov.cn/platform');
    expect(() => loadConfig({ CITYSTACK_PUBLIC_URL: 'zwfw.weifang.gov.cn' })).toThrow(/CITYSTACK_PUBLIC_URL/);
    expect(() => loadConfig({ CITYSTACK_PUBLIC_URL: 'ftp://zwfw.weifang.gov.cn' })).toThrow(/CITYSTACK_PUBLIC_URL/);
  });

  it('parses environment values', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const c = loadConfig({
      CITYSTACK_HOST: ' 0.0.0.0 ',
      CITYSTACK_PORT: '9000',
      DATABASE_URL: 'postgres://citystack@db.internal:5432/citystack',
      CITYSTACK_DATA_DIR: '/var/lib/citystack',
      CITYSTACK_MASTER_KEY: key,
      CITYSTACK_DEMO: 'yes',
      CITYSTACK_COOKIE_SECURE: 'TRUE',
      CITYSTACK_TRUST_PROXY: '0',
      CITYSTACK_LOG_LEVEL: 'debug',
      CITYSTACK_DB_POOL: '25',
      CITYSTACK_AUDIT_CHECKPOINT_EVERY: '10',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      databaseUrl: 'postgres://citystack@db.internal:5432/citystack',
      dataDir: '/var/lib/citystack',
      masterKey: key,
      demo: true,
      cookieSecure: true,
      trustProxy: false,
      logLevel: 'debug',
      databasePoolSize: 25,
      auditCheckpointEvery: 10,
    });
    expect(loadConfig({ CITYSTACK_DEMO: 'off', CITYSTACK_TRUST_PROXY: 'on' })).toMatchObject({ demo: false, trustProxy: true });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/d' }).databaseUrl).toBe('postgresql://u@h/d');
    // An empty variable counts as unset.
    expect(loadConfig({ CITYSTACK_PORT: '' }).port).toBe(8370);
  });

  it('reports every bad variable at once', () => {
    const err = configError({
      CITYSTACK_PORT: '80a',
      CITYSTACK_DEMO: 'maybe',
      DATABASE_URL: 'mysql://root@localhost/db',
      CITYSTACK_LOG_LEVEL: 'loud',
      CITYSTACK_MASTER_KEY: 'c2hvcnQ=',
      CITYSTACK_DB_POOL: '0',
      CITYSTACK_HOST: '   ',
      CITYSTACK_LOCKOUT_MINUTES: '-5',
    });
    const bad = ['CITYSTACK_PORT', 'CITYSTACK_DEMO', 'DATABASE_URL', 'CITYSTACK_LOG_LEVEL', 'CITYSTACK_MASTER_KEY', 'CITYSTACK_DB_POOL', 'CITYSTACK_HOST', 'CITYSTACK_LOCKOUT_MINUTES'];
    expect(err.problems).toHaveLength(bad.length);
    for (const name of bad) expect(err.message).toContain(name);
    // Good variables are not blamed.
    expect(configError({ CITYSTACK_PORT: '70000', CITYSTACK_TRUST_PROXY: 'true' }).message).not.toContain('CITYSTACK_TRUST_PROXY');
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('reads a JSON config file named by CITYSTACK_CONFIG, with the environment taking precedence', () => {
    const file = configFile({ CITYSTACK_PORT: 9100, CITYSTACK_DEMO: true, CITYSTACK_HOST: '10.0.0.1', CITYSTACK_LOG_LEVEL: 'warn' });
    expect(loadConfig({ CITYSTACK_CONFIG: file })).toMatchObject({ port: 9100, demo: true, host: '10.0.0.1', logLevel: 'warn', trustProxy: false });
    expect(loadConfig({ CITYSTACK_CONFIG: file, CITYSTACK_PORT: '9200', CITYSTACK_DEMO: 'false' })).toMatchObject({
      port: 9200,
      demo: false,
      host: '10.0.0.1',
    });
    // Explicit overrides (used by tests and the CLI) win over both.
    expect(loadConfig({ CITYSTACK_CONFIG: file, CITYSTACK_PORT: '9200' }, { port: 1234 }).port).toBe(1234);
  });

  it('reports bad values, unknown keys and an unreadable file', () => {
    const withUnknown = configFile({ CITYSTACK_PORT: 'eighty', CITYSTACK_PROT: 8080 });
    const err = configError({ CITYSTACK_CONFIG: withUnknown, CITYSTACK_DEMO: 'perhaps' });
    expect(err.problems).toHaveLength(3);
    expect(err.message).toContain('CITYSTACK_PROT');
    expect(err.message).toContain(withUnknown);
    expect(err.message).toContain('CITYSTACK_PORT');
    expect(err.message).toContain('CITYSTACK_DEMO');

    const missing = path.join(dir, 'no-such-file.json');
    expect(() => loadConfig({ CITYSTACK_CONFIG: missing })).toThrow(ConfigError);
    expect(configError({ CITYSTACK_CONFIG: missing }).message).toContain(`CITYSTACK_CONFIG: cannot read ${missing}`);
    // A broken file does not hide bad environment variables.
    expect(configError({ CITYSTACK_CONFIG: missing, CITYSTACK_PORT: 'x' }).problems).toHaveLength(2);

    expect(configError({ CITYSTACK_CONFIG: configFile('{"CITYSTACK_PORT": 80,') }).message).toContain('CITYSTACK_CONFIG');
    expect(configError({ CITYSTACK_CONFIG: configFile([1, 2]) }).message).toMatch(/CITYSTACK_CONFIG.*not a JSON object/);

    if (process.getuid?.() !== 0) {
      const unreadable = configFile({ CITYSTACK_PORT: 80 });
      chmodSync(unreadable, 0o000);
      expect(configError({ CITYSTACK_CONFIG: unreadable }).message).toContain(`cannot read ${unreadable}`);
    }
  });

  it('returns a frozen object', () => {
    const c = loadConfig({ CITYSTACK_PORT: '9000' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => {
      (c as Config).port = 1;
    }).toThrow(TypeError);
    expect(c.port).toBe(9000);
  });
});
