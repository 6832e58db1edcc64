// Aggregation through the console: a 民政局 steward uploads a GBK-encoded CSV with good and bad rows into a
// resource the platform operator published, follows the import to its result, downloads the rejected rows
// with their reasons, sees the data masked on the resource's data tab, finds it in the ledger, and
// acknowledges the quality incident the import raised. The server runs as `citystack serve --demo`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marriageRegistrations } from '../support/catalog.ts';
import { browserAvailable, CHROMIUM, ROOT, startServer, type RunningServer } from './support.ts';

const PASSWORD = 'Weifang@2026';
const shots = path.join(ROOT, 'test-results');

// A resource of our own (not the demo's datasets, which may change): marriage registrations of 民政局.
const content = marriageRegistrations(`婚姻登记信息（端到端测试 ${Date.now()}）`);

const CSV = [
  '登记证号,男方姓名,男方公民身份号码,登记日期,登记类别,登记费',
  'J370702-2026-000001,王建国,370702199001011237,2026-03-08,结婚,9.00',
  'J370702-2026-000002,李明,370705198805203312,2026/05/20,结婚,9',
  'J370782-2026-000003,张伟,370782199212121232,20260612,离婚,',
  'J370702-2026-000004,,370702199001011237,2026-03-08,结婚,9.00', // name missing
  'J370702-2026-000005,赵强,370702199001011237,2026-02-30,结婚,9.00', // no such date
  'J370702-2026-000006,周涛,370702199001011237,2026-04-01,结婚,九元', // not a number
].join('\r\n');

describe.runIf(browserAvailable())('data import through the console', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citystack-e2e-import-'));
  const csvPath = path.join(dataDir, '婚姻登记-gbk.csv');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let entryId: string;
  let code: string;
  let steward: string;

  async function signIn(username: string): Promise<string> {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  async function call<T>(cookie: string, method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  beforeAll(async () => {
    server = await startServer({ CITYSTACK_DATA_DIR: dataDir });
    steward = await signIn('mz_cdo');
    const operator = await signIn('admin');
    const me = await call<{ user: { posts: Array<{ orgId: string; orgName: string }> } }>(steward, 'GET', '/api/me');
    const provider = me.user.posts[0]!;
    expect(provider.orgName).toContain('民政局');
    const created = await call<{ id: string; code: string }>(steward, 'POST', '/api/catalog/entries', { providerOrgId: provider.orgId, content });
    entryId = created.id;
    code = created.code;
    await call(steward, 'POST', `/api/catalog/entries/${entryId}/submit`);
    await call(operator, 'POST', `/api/catalog/entries/${entryId}/publish`);
    // A quality rule, so that the import's check opens an incident: 登记类别 must be 结婚 (张伟's row says 离婚).
    await call(steward, 'POST', '/api/quality/rules', { entryId, itemCode: 'lb', kind: 'code_table', params: { values: ['结婚'] } });

    writeFileSync(csvPath, iconv.encode(CSV, 'gbk'));
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in and opens the import page of the published resource', async () => {
    await page.goto(`${server.url}/catalog/${entryId}/import`);
    await page.getByTestId('login-username').fill('mz_cdo');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('import-submit').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/catalog/${entryId}/import`);
    expect(await page.getByTestId('import-entry').innerText()).toContain(code);
    expect(await page.getByTestId('import-expected-columns').innerText()).toContain('男方公民身份号码');
  });

  it('uploads a GBK CSV, follows the batch and shows inserted and rejected counts', async () => {
    await page.getByTestId('import-file-input').setInputFiles(csvPath);
    expect(await page.getByTestId('import-file-name').innerText()).toContain('婚姻登记-gbk.csv');
    await page.getByTestId('import-encoding').getByText('GBK / GB18030').click();
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-result').getAttribute('data-status')).toBe('succeeded');
    expect(await page.getByTestId('import-result-title').innerText()).toBe('导入完成，部分行未通过校验');
    expect((await page.getByTestId('import-inserted-count').innerText()).trim()).toBe('3');
    expect((await page.getByTestId('import-rejected-count').innerText()).trim()).toBe('3');
    await page.screenshot({ path: path.join(shots, 'import-result.png'), fullPage: true });
  });

  it('downloads the rejected rows with their reasons', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-rejected-download').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff); // BOM, so Excel reads it as UTF-8
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^行号,问题,/);
    expect(lines).toHaveLength(4);
    expect(csv).toContain('男方姓名：必填信息项为空');
    expect(csv).toContain('日期不存在：2026-02-30');
    expect(csv).toContain('“九元”不是数值');
    expect(csv).toContain('J370702-2026-000006');
  });

  it('says so when the same file is uploaded again', async () => {
    await page.getByTestId('import-again').click();
    await page.getByTestId('import-file-input').setInputFiles(csvPath);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result-title').innerText()).toBe('该文件此前已导入，数据未变化');
  });

  it("shows the records masked on the resource's data tab, and the batch on the batches tab", async () => {
    await page.getByTestId('import-view-data').click();
    await page.getByTestId('resource-records').waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('data');
    expect(await page.getByTestId('resource-masked-note').innerText()).toContain('数据已按脱敏规则显示');
    const table = page.getByTestId('resource-records');
    await table.getByText('王**').waitFor();
    const text = await table.innerText();
    expect(text).toContain('男方姓名'); // columns are the items' Chinese names
    expect(text).toContain('李*');
    expect(text).not.toContain('王建国');
    expect(text).not.toContain('370702199001011237');
    await page.screenshot({ path: path.join(shots, 'resource-data-tab.png'), fullPage: true });

    await page.getByTestId('resource-tab-batches').click();
    const batches = page.getByTestId('resource-batches');
    await batches.getByText('婚姻登记-gbk.csv').waitFor();
    expect(await batches.innerText()).toContain('已完成');
    expect(await batches.locator('[data-testid^="batch-rejected-"]').count()).toBe(1);
  });

  it('counts the records in the ledger', async () => {
    await page.getByTestId('nav-ledger').click();
    await page.getByTestId(`ledger-row-${code}`).waitFor();
    const total = Number((await page.getByTestId('ledger-total-records').innerText()).replace(/[^\d]/g, ''));
    expect(total).toBeGreaterThanOrEqual(3);
    await page.getByTestId('ledger-dept-chart').waitFor();
    await page.getByTestId('ledger-daily-chart').waitFor();
    expect(await page.getByTestId('breadcrumbs').innerText()).toContain('数据资源一本账');
  });

  it("acknowledges the quality incident the import's check opened", async () => {
    // The check runs as a job after the batch: wait for its incident through the API.
    let incidentId: string | undefined;
    for (let i = 0; i < 120 && !incidentId; i++) {
      const list = await call<{ items: Array<{ id: string }> }>(steward, 'GET', `/api/quality/incidents?entryId=${entryId}`);
      incidentId = list.items[0]?.id;
      if (!incidentId) await new Promise((r) => setTimeout(r, 500));
    }
    expect(incidentId).toBeTruthy();

    await page.getByTestId('nav-quality').click();
    await page.getByTestId('quality-dept-chart').waitFor();
    await page.getByTestId('quality-count-new').click();
    await page.getByTestId(`incident-row-${incidentId}`).click();
    await page.getByTestId('incident-sample').getByText('离婚').waitFor();
    await page.getByTestId('incident-acknowledge').click();
    // The dialog resets its form as it opens; on a loaded machine that can land after the text was typed, so
    // type until the field holds the note (otherwise the confirm only shows "note required").
    const note = page.getByTestId('incident-note');
    const text = '已通知婚姻登记处核实登记类别';
    await note.fill(text);
    for (let i = 0; i < 30 && (await note.inputValue()) !== text; i++) {
      await page.waitForTimeout(100);
      await note.fill(text);
    }
    await page.waitForTimeout(200);
    if ((await note.inputValue()) !== text) await note.fill(text);
    await page.getByTestId('incident-note-confirm').click();
    await page.getByTestId('incident-ack-note').waitFor();
    expect(await page.getByTestId('incident-status').first().innerText()).toBe('已确认');
    expect(await page.getByTestId('incident-acknowledge').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'quality-incident.png'), fullPage: true });
  });
});
