// Acceptance of the proof-free city (issue 5) in real Chromium against `citystack serve --demo`: the demo
// issues licences in bulk from its population register; the demo citizen signs in to the wallet on a phone
// screen with the SMS code the demo provider writes to the server log, and shows the 老年人优待证 for the
// 景区老年人优待 scene, disclosing only "60 or over" and the name. A scenic spot's 核验员 uploads a picture of
// the QR code on the verify page: it passes. The issuer revokes the card: the same picture now fails, with
// the reason. The citizen sees both checks under "who checked my licence".
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/weifang.ts';
import { browserAvailable, CHROMIUM, ROOT, startServer, stillPictureVideo, type RunningServer } from './support.ts';

const shots = path.join(ROOT, 'test-results');
/** 住房公积金提取（购买自住住房）: needs marriage status and household registration, both fetched through grants. */
const ITEM = '370700-GJJ-TQ-001';

describe.runIf(browserAvailable())('showing an electronic licence as a QR code and verifying it', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citystack-e2e-wallet-'));
  const qrImage = path.join(dataDir, 'elderly-card-qr.png');
  const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let wallet: Page;
  let verifier: Page;
  let citizen: { mobile: string; name: string; idNumber: string };
  let presentation: string;

  async function signInToVerify(b: Browser, username: string): Promise<Page> {
    const context = await b.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/verify`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    return page;
  }

  /** Shows the scene's code anew (another scene, then back) and pictures it: a code is good for one check. */
  async function freshQr(): Promise<void> {
    const before = await wallet.getByTestId('wallet-qr-text').inputValue();
    await wallet.getByTestId('wallet-scene-bus_elderly').click();
    await wallet.getByTestId('wallet-scene-scenic_elderly').click();
    const text = wallet.getByTestId('wallet-qr-text');
    for (let i = 0; i < 100; i++) {
      const now = (await text.isVisible()) ? await text.inputValue() : '';
      if (now && now !== before) break;
      await wallet.waitForTimeout(100);
    }
    expect(await text.inputValue()).not.toBe(before);
    await pictureQr();
  }

  /** A picture of the QR code as a camera would take it: centred on the screen, clear of the wallet's header. */
  async function pictureQr(): Promise<void> {
    const qr = wallet.getByTestId('wallet-qr');
    await qr.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await qr.screenshot({ path: qrImage });
    await qr.screenshot({ path: path.join(shots, 'wallet-qr-code.png') });
  }

  const staffCookie = async (username: string): Promise<string> => {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };

  beforeAll(async () => {
    server = await startServer({ CITYSTACK_DATA_DIR: dataDir });
    const match = /Demo citizen for the wallet[^:]*: (1\d{10}) (\S+) (\d{17}[\dX])/.exec(server.output());
    expect(match, server.output()).toBeTruthy();
    citizen = { mobile: match![1]!, name: match![2]!, idNumber: match![3]! };
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs the citizen in on a phone with the SMS code and lists the licences issued in bulk before', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    contexts.push(context);
    wallet = await context.newPage();
    await wallet.goto(`${server.url}/wallet`);
    await wallet.getByTestId('wallet-mobile').fill(citizen.mobile);
    await wallet.getByTestId('wallet-send-code').click();
    let code: string | undefined;
    for (let i = 0; i < 50 && !code; i++) {
      code = new RegExp(`to ${citizen.mobile}: .*验证码为 (\\d{6})`).exec(server.output())?.[1];
      if (!code) await wallet.waitForTimeout(200);
    }
    expect(code, 'the demo SMS provider writes the code to the server log').toBeTruthy();
    await wallet.getByTestId('wallet-code').fill(code!);
    await wallet.getByTestId('wallet-login').click();
    // The code alone binds nothing: the citizen names themselves once (实名认证), as the register lists them.
    await wallet.getByTestId('wallet-bind-id').fill(citizen.idNumber);
    await wallet.getByTestId('wallet-bind-name').fill(citizen.name);
    await wallet.getByTestId('wallet-bind-submit').click();
    // Bulk issuance runs in the background after the server starts: wait for the card to arrive.
    const card = wallet.getByTestId('wallet-licence-LNRYDZ').first();
    for (let i = 0; i < 60 && !(await card.isVisible()); i++) {
      await wallet.waitForTimeout(1000);
      if (!(await card.isVisible())) await wallet.reload();
    }
    await card.waitFor();
    expect(await card.innerText()).toContain(citizen.name);
    await wallet.getByTestId('wallet-licence-JMSFZ').first().waitFor();
    await wallet.screenshot({ path: path.join(shots, 'wallet-licences.png'), fullPage: true });
  });

  it('shows the elderly card for a scenic spot, disclosing only "60 or over" and the name', async () => {
    await wallet.getByTestId('wallet-licence-LNRYDZ').first().click();
    await wallet.getByTestId('wallet-scene-scenic_elderly').click();
    const qr = wallet.getByTestId('wallet-qr');
    await qr.waitFor();
    await wallet.getByTestId('wallet-qr-countdown').waitFor();
    presentation = await wallet.getByTestId('wallet-qr-text').inputValue();
    // The scene credential holds the scene's claims only: two digests, two disclosures.
    const issuerPayload = JSON.parse(Buffer.from(presentation.split('~')[0]!.split('.')[1]!, 'base64url').toString('utf8'));
    expect(issuerPayload._sd).toHaveLength(2);
    const disclosed = presentation.split('~').slice(1, -1).map((d) => (JSON.parse(Buffer.from(d, 'base64url').toString('utf8')) as [string, string, unknown])[1]);
    expect(disclosed.sort()).toEqual(['age_over_60', 'name']);
    const kb = JSON.parse(Buffer.from(presentation.split('~').pop()!.split('.')[1]!, 'base64url').toString('utf8'));
    expect(kb.aud).toBe('scene:scenic_elderly');
    await pictureQr();
    await wallet.screenshot({ path: path.join(shots, 'wallet-qr.png') });
  });

  it('passes the uploaded QR picture on a scenic spot\'s verify page, showing only the disclosed fields', async () => {
    verifier = await signInToVerify(browser, 'qzgc_gate');
    await verifier.getByTestId('verify-upload').setInputFiles(qrImage);
    const result = verifier.getByTestId('verify-result');
    await result.waitFor().catch(async (err: unknown) => {
      await verifier.screenshot({ path: path.join(shots, 'verify-no-result.png'), fullPage: true });
      throw err;
    });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await verifier.getByTestId('verify-field-name').innerText()).toContain(citizen.name);
    expect(await verifier.getByTestId('verify-field-age_over_60').innerText()).toContain('是');
    expect(await verifier.getByTestId('verify-field-id_number').count()).toBe(0);
    expect(await verifier.getByTestId('verify-field-birth_date').count()).toBe(0);
    await verifier.screenshot({ path: path.join(shots, 'verify-pass.png'), fullPage: true });
  });

  it('passes the code filmed by the verify page\'s camera', async () => {
    // Chromium's fake camera plays a video of a fresh QR picture (each code is good once); the page decodes
    // its frames with jsQR.
    await freshQr();
    const video = path.join(dataDir, 'elderly-card-qr.y4m');
    writeFileSync(video, stillPictureVideo(PNG.sync.read(readFileSync(qrImage))));
    const camera = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...BROWSER_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const page = await signInToVerify(camera, 'wfbwg_desk');
      await page.getByTestId('verify-camera-start').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('verify-field-name').innerText()).toContain(citizen.name);
      await page.screenshot({ path: path.join(shots, 'verify-camera.png'), fullPage: true });
    } finally {
      await camera.close();
    }
  });

  it('fails a fresh code once the issuer revokes the card, saying why', async () => {
    // A fresh code (each is good for one check), then the issuer revokes the card.
    await freshQr();
    const licences = (await wallet.evaluate(async () => (await fetch('/api/citizen/wallet/licences')).json())) as { items: Array<{ id: string; typeCode: string }> };
    const card = licences.items.find((l) => l.typeCode === 'LNRYDZ')!;
    const revoked = await fetch(`${server.url}/api/credentials/licences/${card.id}/revoke`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: await staffCookie('admin') }, body: JSON.stringify({ reason: '持证人户籍信息更正，原证注销' }),
    });
    expect(revoked.status).toBe(200);
    await verifier.reload();
    await verifier.getByTestId('verify-upload').setInputFiles(qrImage);
    const result = verifier.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await verifier.getByTestId('verify-reason').innerText()).toContain('已注销');
    expect(await verifier.getByTestId('verify-field-name').count()).toBe(0);
    await verifier.screenshot({ path: path.join(shots, 'verify-revoked.png'), fullPage: true });
  });

  it('lists both checks for the citizen under "who checked my licence"', async () => {
    await wallet.getByTestId('wallet-tab-checks').click();
    const rows = wallet.getByTestId('wallet-check-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const text = await wallet.getByTestId('wallet-check-row').allInnerTexts();
    expect(text.join('\n')).toContain('青州古城景区');
    expect(text.join('\n')).toContain('已注销');
    await wallet.screenshot({ path: path.join(shots, 'wallet-checks.png'), fullPage: true });
  });

  it('applies for a paper-free service: the marriage status is fetched and shown first, released only on confirmation', async () => {
    const adminCookie = await staffCookie('admin');
    const stats = async () => {
      const res = await fetch(`${server.url}/api/evidence/stats`, { headers: { cookie: adminCookie } });
      const body = (await res.json()) as { items: Array<{ itemCode: string; submitted: number; paperFree: number }> };
      return body.items.find((i) => i.itemCode === ITEM);
    };
    const before = await stats();
    await wallet.getByTestId('wallet-tab-services').click();
    await wallet.getByTestId(`wallet-item-${ITEM}`).getByTestId('wallet-apply').click();
    await wallet.getByTestId('wallet-preview').waitFor();
    const marriage = wallet.getByTestId('wallet-piece-marriage_status');
    expect(await marriage.innerText()).toMatch(/婚/);
    await wallet.getByTestId('wallet-piece-household_registration').waitFor();
    // Previewed, not released: the department's count has not moved.
    expect((await stats())?.submitted ?? 0).toBe(before?.submitted ?? 0);
    await wallet.screenshot({ path: path.join(shots, 'wallet-service-preview.png') });
    await wallet.getByTestId('wallet-confirm').click();
    const result = wallet.getByTestId('wallet-application-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('submitted');
    const after = await stats();
    expect(after!.submitted).toBe((before?.submitted ?? 0) + 1);
    expect(after!.paperFree).toBe((before?.paperFree ?? 0) + 1);
    await wallet.screenshot({ path: path.join(shots, 'wallet-service-submitted.png') });
  });
});
