// Data sharing through the console: a 公安局 developer finds the demo's marriage registrations (民政局, shared
// on conditions, by API) in the catalog and asks for them for the 公安局 demo system; the data service refuses
// calls while the request is pending; 民政局's chief data officer finds it in 待我审批 with its deadline and
// approves it with fewer items; the demo system's key then reads exactly the granted items, masked; the
// developer sees the service with its example calls and the call in the statistics and the call log. The
// server runs as `citystack serve --demo` (directory, demo datasets and the demo API key).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/weifang.ts';
import { browserAvailable, CHROMIUM, ROOT, startServer, type RunningServer } from './support.ts';

const shots = path.join(ROOT, 'test-results');
const RESOURCE = '潍坊市婚姻登记信息';
const CLIENT = '公安局人口信息系统（演示）';
/** Items the approver leaves out (女方姓名, 登记机关). */
const DROPPED = ['nvf_xm', 'djjg'];

describe.runIf(browserAvailable())('data sharing through the console', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citystack-e2e-sharing-'));
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let requester: Page;
  let decider: Page;
  let entry: { id: string; code: string; items: Array<{ code: string; name: string; mask: string }> };
  let serviceCode: string;
  let requestId: string;

  /** A data-service call as the demo system, for the developer. */
  async function callService(pathAndQuery: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const res = await fetch(`${server.url}/api/services/${serviceCode}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${server.apiKey}`, 'x-end-user': 'ga_dev', 'x-business-ref': 'e2e-sharing' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  async function openSignedIn(username: string, url: string, ready: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}${url}`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId(ready).waitFor();
    return page;
  }

  /** Opens a sharing page from the menu group (opening the group when it is closed). */
  async function openFromMenu(page: Page, key: string): Promise<void> {
    const entryLink = page.getByTestId(`nav-${key}`);
    if (!(await entryLink.isVisible())) await page.getByTestId('nav-sharing').click();
    await entryLink.click();
  }

  beforeAll(async () => {
    server = await startServer({ CITYSTACK_DATA_DIR: dataDir });
    expect(server.apiKey).toMatch(/^csk_/);
    // The resource as the catalog lists it (its code is assigned when the demo seeds it).
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ga_dev', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const found = (await (await fetch(`${server.url}/api/catalog/entries?q=${encodeURIComponent('婚姻登记')}`, { headers: { cookie } })).json()) as { items: Array<typeof entry & { name: string }> };
    entry = found.items.find((e) => e.name === RESOURCE)!;
    expect(entry).toBeTruthy();
    serviceCode = entry.code.replace('/', '-');

    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the resource in the catalog and submits a request for the 公安局 demo system', async () => {
    requester = await openSignedIn('ga_dev', '/catalog', 'catalog-table');
    await searchCatalog(requester, '婚姻登记');
    await requester.getByTestId(`catalog-row-${entry.code}`).click();
    await requester.getByTestId('catalog-request-sharing').click();
    await requester.getByTestId('sharing-form-title').waitFor();
    expect(new URL(requester.url()).searchParams.get('entryId')).toBe(entry.id);
    // The developer's organisation has one system: it is chosen already.
    await requester.getByTestId('sharing-form-client').getByText(CLIENT).waitFor();
    // Every item is ticked; the key (登记证字号) is a query key, and the developer adds 男方公民身份号码.
    expect(await requester.getByTestId('sharing-form-item-nf_sfzhm').isChecked()).toBe(true);
    expect(await requester.getByTestId('sharing-form-key-djzh').isChecked()).toBe(true);
    await requester.getByTestId('sharing-form-key-nf_sfzhm').check();
    await requester.getByTestId('sharing-form-purpose').fill('户籍业务办理时核验当事人婚姻状况');
    await requester.getByTestId('sharing-form-scenario').fill('结婚、离婚后户口登记项目变更');
    await requester.screenshot({ path: path.join(shots, 'sharing-form.png'), fullPage: true });
    await requester.getByTestId('sharing-form-submit').click();
    await requester.getByTestId('request-number').waitFor();
    requestId = new URL(requester.url()).pathname.split('/').pop()!;
    expect(await requester.getByTestId('request-status').first().innerText()).toBe('待审批');
    expect(await requester.getByTestId('request-deadline').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await requester.getByTestId('request-items').innerText()).toContain('女方姓名');
    await requester.getByTestId('request-event-submitted').waitFor();
    await requester.getByTestId('request-withdraw').waitFor();
    await requester.screenshot({ path: path.join(shots, 'sharing-request.png'), fullPage: true });
  });

  it('refuses the data service while the request is pending', async () => {
    const pending = await callService('/lookup/djzh/J370702-2026-000001');
    expect(pending.status).toBe(403);
    expect(pending.body.code).toBe('SHARING_REQUEST_PENDING');
  });

  it('lists the request in 民政局’s 待我审批 with its deadline, and approves it with fewer items', async () => {
    decider = await openSignedIn('mz_cdo', '/sharing/inbox', 'sharing-inbox-table');
    const row = decider.getByTestId(`request-row-${requestId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain(RESOURCE);
    expect(await row.getByTestId('request-deadline').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} /);
    expect(await row.getByTestId('request-status').innerText()).toBe('待审批');
    expect(await row.getByTestId('request-overdue').count()).toBe(0);
    expect(await decider.getByTestId('breadcrumbs').innerText()).toContain('待我审批');
    await decider.screenshot({ path: path.join(shots, 'sharing-inbox.png'), fullPage: true });

    await row.click();
    await decider.getByTestId('request-approve').click();
    for (const code of DROPPED) {
      const box = decider.getByTestId(`approve-item-${code}`);
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);
      // On a loaded machine the dialog may still be opening (its animation swallows a click): click until the
      // tick is off, checking the state each time rather than assuming one click did it.
      await expect
        .poll(async () => {
          if (await box.isChecked()) await box.click().catch(() => undefined);
          return box.isChecked();
        }, { timeout: 15_000, interval: 300 })
        .toBe(false);
    }
    // Nothing turned them back on meanwhile (the form filling in late).
    await decider.waitForTimeout(500);
    for (const code of DROPPED) expect(await decider.getByTestId(`approve-item-${code}`).isChecked()).toBe(false);
    await decider.screenshot({ path: path.join(shots, 'sharing-approve.png') });
    await decider.getByTestId('approve-confirm').click();
    await decider.getByTestId('request-event-approved').waitFor();
    expect(await decider.getByTestId('request-status').first().innerText()).toBe('已批准');
    expect(await decider.getByTestId('request-approve').count()).toBe(0);
    const granted = await decider.getByTestId('request-granted-items').innerText();
    expect(granted).toContain('男方公民身份号码');
    expect(granted).not.toContain('女方姓名');
    expect(granted).not.toContain('登记机关');
    await decider.screenshot({ path: path.join(shots, 'sharing-approved.png'), fullPage: true });
  });

  it('answers the demo system with only the granted items, masked', async () => {
    const listed = await callService('/records?page=1&pageSize=5');
    expect(listed.status).toBe(200);
    const first = (listed.body.records as Array<Record<string, unknown>>)[0]!;
    const djzh = String(first.djzh);
    expect(djzh).toMatch(/^[JL]3707\d{2}-\d{4}-\d{6}$/);

    const found = await callService(`/lookup/djzh/${encodeURIComponent(djzh)}`);
    expect(found.status).toBe(200);
    expect(found.headers.get('x-cs-response-hash')).toMatch(/^[0-9a-f]{64}$/);
    const records = found.body.records as Array<Record<string, unknown>>;
    expect(records).toHaveLength(1);
    const granted = entry.items.map((i) => i.code).filter((c) => !DROPPED.includes(c));
    expect(Object.keys(records[0]!).sort()).toEqual([...granted].sort());
    expect(records[0]!.djzh).toBe(djzh);
    expect(records[0]!.nf_sfzhm).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(records[0]!.nvf_sfzhm).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(records[0]!.nf_xm).toMatch(/^.\*+$/u);
  });

  it('shows the developer the service with its items and example calls', async () => {
    await openFromMenu(requester, 'sharing-services');
    const card = requester.getByTestId(`service-card-${serviceCode}`);
    await card.waitFor();
    // Item names arrive with the catalog entries, a moment after the grants: wait for them, not for the codes.
    await requester.getByTestId(`service-items-${serviceCode}`).getByText('男方公民身份号码').waitFor();
    await requester.getByTestId(`service-keys-${serviceCode}`).getByText('登记证字号').waitFor();
    const items = await requester.getByTestId(`service-items-${serviceCode}`).innerText();
    expect(items).toContain('男方公民身份号码');
    expect(items).not.toContain('女方姓名');
    expect(await requester.getByTestId(`service-keys-${serviceCode}`).innerText()).toContain('登记证字号');
    const curl = await requester.getByTestId(`service-curl-lookup-${serviceCode}-djzh`).innerText();
    expect(curl).toContain('Authorization: Bearer $API_KEY');
    expect(curl).toContain('X-End-User: ga_dev');
    expect(curl).toContain(`/api/services/${serviceCode}/lookup/djzh/`);
    expect(await requester.getByTestId(`service-openapi-${serviceCode}`).getAttribute('href')).toContain(`/api/services/${serviceCode}/openapi.json`);
    await requester.screenshot({ path: path.join(shots, 'sharing-services.png'), fullPage: true });
  });

  it('counts the calls in 调用统计 and lists them in the call log', async () => {
    await openFromMenu(requester, 'sharing-stats');
    const calls = requester.getByTestId('sharing-stat-calls');
    await calls.waitFor();
    expect(Number((await calls.innerText()).replace(/[^\d]/g, ''))).toBeGreaterThanOrEqual(1);
    await requester.getByTestId('sharing-per-day-chart').waitFor();
    await requester.getByTestId('sharing-by-resource-chart').waitFor();
    const log = requester.getByTestId('sharing-calls');
    await log.getByText('按条件查询').first().waitFor();
    const text = await log.innerText();
    expect(text).toContain(CLIENT);
    expect(text).toContain('ga_dev');
    expect(text).toContain(entry.code);
    expect(text).toContain('SHARING_REQUEST_PENDING');
    expect(await log.getByTestId('call-status').filter({ hasText: '200' }).count()).toBeGreaterThanOrEqual(2);
    expect(await requester.getByTestId('breadcrumbs').innerText()).toContain('调用统计');
    await requester.screenshot({ path: path.join(shots, 'sharing-stats.png'), fullPage: true });
  });
});

/** Searches the catalog the way a user does, with the search box. */
async function searchCatalog(page: Page, text: string): Promise<void> {
  const search = page.locator('input[data-testid="catalog-search"], [data-testid="catalog-search"] input').first();
  await search.fill(text);
  await search.press('Enter');
}
