import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../kernel/clock.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';

describe('signing in', () => {
  const clock = new ManualClock('2026-11-25T09:00:00+08:00');
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ clock, config: { lockoutThreshold: 3, lockoutMinutes: 15 } });
  });
  afterAll(() => p.close());

  const login = (username: string, password: string, totp?: string) =>
    p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

  it('sets an HTTP-only session cookie and answers /api/me with the user, posts and roles', async () => {
    const res = await login('mz_cdo', 'Weifang@2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await p.app.inject({ url: '/api/me', headers: { cookie: `cs_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ kind: 'user', user: { username: 'mz_cdo', name: '刘海燕', roles: [{ role: 'chief_data_officer', orgName: '潍坊市民政局' }] } });
    expect(me.json().user.mobileMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('refuses a wrong password with a stable code, in English on request', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: { username: 'rs_steward', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', title: 'Wrong username or password' });
    const zh = await login('nobody-here', 'x');
    expect(zh.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', title: '用户名或密码错误' });
  });

  it('locks the account after repeated failures, even for the right password, until the lockout passes', async () => {
    for (let i = 0; i < 2; i++) expect((await login('wj_approver', 'wrong-password-1')).statusCode).toBe(401);
    expect((await login('wj_approver', 'wrong-password-1')).json().code).toBe('AUTH_LOCKED');
    expect((await login('wj_approver', 'Weifang@2026')).statusCode).toBe(423);
    clock.advance(16 * MINUTE);
    expect((await login('wj_approver', 'Weifang@2026')).statusCode).toBe(200);
    const { rows } = await p.ctx.db.query<{ action: string }>("select action from audit_records where action like 'auth.%' order by seq desc limit 5");
    expect(rows.map((r) => r.action)).toContain('auth.account.locked');
  });

  it('requires a TOTP code once enrolled, and refuses a code used twice', async () => {
    const cookie = await p.signIn('ga_dev');
    const setup = await p.app.inject({ method: 'POST', url: '/api/me/totp/setup', headers: { cookie } });
    expect(setup.statusCode).toBe(200);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.json().secret), digits: 6, period: 30 });
    const code = () => totp.generate({ timestamp: clock.now().getTime() });
    expect((await p.app.inject({ method: 'POST', url: '/api/me/totp/enable', headers: { cookie }, payload: { code: '000000' === code() ? '111111' : '000000' } })).statusCode).toBe(401);
    expect((await p.app.inject({ method: 'POST', url: '/api/me/totp/enable', headers: { cookie }, payload: { code: code() } })).statusCode).toBe(204);

    clock.advance(MINUTE);
    expect((await login('ga_dev', 'Weifang@2026')).json().code).toBe('AUTH_TOTP_REQUIRED');
    const current = code();
    expect((await login('ga_dev', 'Weifang@2026', current)).statusCode).toBe(200);
    expect((await login('ga_dev', 'Weifang@2026', current)).json().code).toBe('AUTH_TOTP_INVALID');
  });

  it('signs out one session, or every session of the user', async () => {
    const a = (await login('auditor', 'Weifang@2026')).cookies[0]!.value;
    const b = (await login('auditor', 'Weifang@2026')).cookies[0]!.value;
    const me = (t: string) => p.app.inject({ url: '/api/me', headers: { cookie: `cs_session=${t}` } });
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `cs_session=${a}` } })).statusCode).toBe(204);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
    const c = (await login('auditor', 'Weifang@2026')).cookies[0]!.value;
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: { cookie: `cs_session=${c}` } })).statusCode).toBe(204);
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(c)).statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const t = (await login('scjg_admin', 'Weifang@2026')).cookies[0]!.value;
    clock.advance(13 * 60 * MINUTE);
    expect((await p.app.inject({ url: '/api/me', headers: { cookie: `cs_session=${t}` } })).statusCode).toBe(401);
  });
});

describe('API keys', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p.close());

  it('are shown once, stored only as a hash, work as bearer tokens, rotate and revoke', async () => {
    const cookie = await p.signIn('ga_dev');
    const me = await p.app.inject({ url: '/api/me', headers: { cookie } });
    const orgId = me.json().user.posts[0].orgId;
    const created = await p.app.inject({ method: 'POST', url: '/api/directory/api-clients', headers: { cookie }, payload: { name: '公安局户籍系统', orgId } });
    expect(created.statusCode).toBe(201);
    const { apiKey, client } = created.json();
    expect(apiKey).toMatch(/^csk_[\w-]{8}_[\w-]{43}$/);
    const stored = await p.ctx.db.query<{ key_hash: string }>('select key_hash from dir_api_clients where id = $1', [client.id]);
    expect(stored.rows[0]!.key_hash).not.toContain(apiKey.slice(13));
    expect(JSON.stringify((await p.app.inject({ url: '/api/directory/api-clients', headers: { cookie } })).json())).not.toContain(apiKey);

    const call = (key: string) => p.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect((await call(apiKey)).json()).toMatchObject({ kind: 'client', client: { name: '公安局户籍系统' } });

    const rotated = await p.app.inject({ method: 'POST', url: `/api/directory/api-clients/${client.id}/rotate`, headers: { cookie } });
    expect((await call(apiKey)).statusCode).toBe(401);
    expect((await call(rotated.json().apiKey)).statusCode).toBe(200);

    await p.app.inject({ method: 'POST', url: `/api/directory/api-clients/${client.id}/revoke`, headers: { cookie } });
    expect((await call(rotated.json().apiKey)).statusCode).toBe(401);
    const again = await p.app.inject({ method: 'POST', url: `/api/directory/api-clients/${client.id}/revoke`, headers: { cookie } });
    expect(again.json().code).toBe('API_CLIENT_REVOKED');
  });

  it('record last-used time', async () => {
    await p.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${p.demoApiKey}` } });
    await new Promise((r) => setTimeout(r, 50));
    const { rows } = await p.ctx.db.query<{ last_used_at: Date | null }>("select last_used_at from dir_api_clients where name like '%演示%'");
    expect(rows[0]!.last_used_at).toBeInstanceOf(Date);
  });
});
