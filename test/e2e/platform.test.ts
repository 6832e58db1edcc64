// The platform as an operator runs it: `citystack serve --demo` on a fresh PGlite data folder, the API
// over real HTTP, the console in headless Chromium, then `citystack audit verify` against SQL tampering.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CHROMIUM, cli, ROOT, startServer, type RunningServer } from './support.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citystack-e2e-'));
const env = { CITYSTACK_DATA_DIR: dataDir };
const shots = path.join(ROOT, 'test-results');

describe('citystack serve --demo on embedded PGlite', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints the console URL, the demo sign-ins and a demo API key', () => {
    expect(server.output()).toContain('控制台 Console:');
    expect(server.output()).toMatch(/admin\s+王建国/);
    expect(server.apiKey).toMatch(/^csk_/);
  });

  it('answers health, readiness, OpenAPI and an API-key call over HTTP', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(health.headers.get('x-request-id')).toBeTruthy();
    expect(await (await fetch(`${server.url}/ready`)).json()).toMatchObject({ status: 'ready', database: 'pglite' });
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/api/directory/orgs/tree');
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(await me.json()).toMatchObject({ kind: 'client' });
    const denied = await fetch(`${server.url}/api/audit/records`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(denied.status).toBe(403);
  });

  it.runIf(browserAvailable())('signs in through the console in Chinese and shows the organisation tree', async () => {
    mkdirSync(shots, { recursive: true });
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      await page.goto(`${server.url}/directory/orgs`);
      await page.getByTestId('login-username').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.getByText('潍坊市一体化大数据平台').first().waitFor();
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill('wrong-password-1');
      await page.getByTestId('login-submit').click();
      await page.getByText('用户名或密码错误').first().waitFor();
      await page.getByTestId('login-password').fill('Weifang@2026');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('org-node-370700').waitFor();
      expect(new URL(page.url()).pathname).toBe('/directory/orgs');
      // The tree is long (virtual list): find a district the way a user would, with the search box.
      const search = page.locator('input[data-testid="org-search"], [data-testid="org-search"] input').first();
      await search.fill('奎文区');
      await page.getByTestId('org-node-370705').waitFor();
      expect(await page.getByTestId('org-node-370700').innerText()).toContain('潍坊市');
      expect(await page.getByTestId('org-node-370705').innerText()).toContain('奎文区');
      await search.fill('大数据局');
      // Selecting 潍坊市大数据局 lists its staff.
      await page.getByTestId('org-node-11370700WF0000016H').click();
      await page.getByRole('cell', { name: '王建国' }).first().waitFor();
      await page.screenshot({ path: path.join(shots, 'org-tree.png'), fullPage: true });
      // The catalog opens from the menu, in Chinese.
      await page.getByTestId('nav-catalog').click();
      await page.getByTestId('catalog-table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/catalog');
      expect(await page.locator('body').innerText()).toContain('资源名称');
    } finally {
      await browser.close();
    }
  });
});

describe('citystack audit verify', () => {
  const pgDir = path.join(dataDir, 'pg');
  const tamper = async (sql: string, params: unknown[] = []) => {
    const db = new PGlite(pgDir);
    try {
      if (params.length) await db.query(sql, params);
      else await db.exec(sql);
    } finally {
      await db.close();
    }
  };

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes on the intact database left by the server', () => {
    const r = cli(['audit', 'verify', '--quiet'], env);
    expect(r.stderr + r.stdout).toContain('audit chain intact');
    expect(r.status).toBe(0);
  });

  it('names the record edited in SQL, then the one deleted, then the ones reordered', async () => {
    await tamper(`update audit_records set actor_name = '某人' where seq = 10`);
    let r = cli(['audit', 'verify', '--quiet'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BROKEN at record 10 (hash_mismatch)');

    // Undo the edit (so the next finding is the deletion's) and delete a later record.
    await tamper(`update audit_records set actor_name = 'demo-seed' where seq = 10; delete from audit_records where seq = 20`);
    r = cli(['audit', 'verify', '--quiet'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BROKEN at record 20 (missing_record)');

    // Fill the gap with record 30 and move 31 into 30's place: complete numbering, wrong order.
    await tamper(`update audit_records set seq = 20 where seq = 30; update audit_records set seq = 30 where seq = 31`);
    r = cli(['audit', 'verify', '--quiet'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BROKEN at record 20 \((prev_hash_mismatch|hash_mismatch)\)/);
  });

  it('reports a bad configuration naming every bad variable, with a non-zero exit', () => {
    const r = cli(['migrate'], { ...env, CITYSTACK_PORT: 'eighty', DATABASE_URL: 'mysql://x', CITYSTACK_LOCKOUT_THRESHOLD: '0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CITYSTACK_PORT');
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('CITYSTACK_LOCKOUT_THRESHOLD');
  });
});
