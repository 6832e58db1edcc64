// A whole platform for one test file: a cloned database, the booted context and the HTTP app, with
// helpers to sign in as the demo users. Tests talk to it through app.inject(): real routes, real SQL.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/weifang.ts';
import type { ManualClock} from '../../src/kernel/clock.ts';
import { type Clock } from '../../src/kernel/clock.ts';
import { loadConfig, type Config } from '../../src/kernel/config.ts';
import { residentsByMobile } from '../../src/modules/credentials/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { bootPlatform } from '../../src/server/boot.ts';
import type { PlatformContext } from '../../src/server/context.ts';
import type { App } from '../../src/server/types.ts';
import { cloneTemplate, TEST_MASTER_KEY } from './databases.ts';

export interface TestPlatform {
  ctx: PlatformContext;
  app: App;
  clock: ManualClock | Clock;
  /** The demo API key of the 公安局 system in the template. */
  demoApiKey: string;
  /** Signs a demo user in and returns the Cookie header value. */
  signIn(username: string, password?: string): Promise<string>;
  /**
   * Signs a citizen in to the wallet with the code the demo SMS provider wrote to the log; returns the Cookie
   * header value for /api/citizen. When the account is not bound yet and the register lists the number for
   * one person, the citizen names themselves as that person (as they would type it).
   */
  citizenSignIn(mobile: string): Promise<string>;
  /** Lines the app logged at warn and above (the demo SMS provider writes there). */
  logLines(): string[];
  close(): Promise<void>;
}

export async function startTestPlatform(options: { clock?: ManualClock; config?: Partial<Config> } = {}): Promise<TestPlatform> {
  const { db, databaseUrl, drop } = await cloneTemplate();
  const config = loadConfig({}, {
    databaseUrl,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'citystack-t-')),
    masterKey: TEST_MASTER_KEY,
    logLevel: 'silent',
    webDir: '/nonexistent',
    ...options.config,
  });
  const clock = options.clock ?? { now: () => new Date() };
  const ctx = await bootPlatform(config, { db, clock, log: { info: () => undefined, error: () => undefined } });
  const logged: string[] = [];
  const app = await buildApp(ctx, { logger: { level: 'warn', stream: { write: (line: string) => void logged.push(line) } } });
  const cookies = new Map<string, string>();
  return {
    ctx,
    app,
    clock,
    demoApiKey: inject('template').apiKey,
    async signIn(username, password = DEMO_PASSWORD) {
      const cached = cookies.get(`${username}:${password}`);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      cookies.set(`${username}:${password}`, cookie);
      return cookie;
    },
    logLines: () => logged,
    async citizenSignIn(mobile) {
      const cached = cookies.get(`citizen:${mobile}`);
      if (cached) return cached;
      const sent = await app.inject({ method: 'POST', url: '/api/citizen/auth/code', payload: { mobile } });
      if (sent.statusCode !== 200) throw new Error(`code for ${mobile} not sent: ${sent.statusCode} ${sent.body}`);
      const line = logged.filter((l) => l.includes(`to ${mobile}:`)).pop();
      const code = line && /验证码为 (\d{6})/.exec(line)?.[1];
      if (!code) throw new Error(`no demo SMS for ${mobile} in the log`);
      const res = await app.inject({ method: 'POST', url: '/api/citizen/auth/login', payload: { mobile, code } });
      if (res.statusCode !== 200) throw new Error(`citizen sign-in of ${mobile} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const residents = await residentsByMobile(ctx, mobile);
      if (res.json().binding === 'choose' && residents?.length === 1) {
        const bound = await app.inject({ method: 'POST', url: '/api/citizen/me/real-name', headers: { cookie }, payload: { idNumber: residents[0]!.idNumber, name: residents[0]!.name } });
        if (bound.statusCode !== 200) throw new Error(`real-name binding of ${mobile} failed: ${bound.statusCode} ${bound.body}`);
      }
      cookies.set(`citizen:${mobile}`, cookie);
      return cookie;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
