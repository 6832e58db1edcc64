// Deny by default, proven: every route is called as every role, as a departmental system and anonymously.
// Exactly the principals its access statement names get past the gate; everyone else gets 401 or 403.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEMO_VERIFIERS } from '../../demo/weifang.ts';
import { isAllowed, ROLES, type Principal } from '../../src/server/access.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** A mobile number no demo person has: the citizen signs in without a real name bound. */
const CITIZEN_MOBILE = '13905369999';

type Caller = { label: string; headers: () => Promise<Record<string, string>>; principal: () => Promise<Principal | null> };

describe('the access matrix', () => {
  let p: TestPlatform;
  const callers: Caller[] = [];
  beforeAll(async () => {
    p = await startTestPlatform();
    callers.push({ label: 'anonymous', headers: async () => ({}), principal: async () => null });
    callers.push({
      label: 'API client',
      headers: async () => ({ authorization: `Bearer ${p.demoApiKey}` }),
      principal: async () => ({ kind: 'client', id: 'x', name: 'x', orgId: 'x', orgPath: '/' }),
    });
    callers.push({
      label: 'citizen',
      headers: async () => ({ cookie: await p.citizenSignIn(CITIZEN_MOBILE) }),
      principal: async () => ({ kind: 'citizen', id: 'x', sessionId: 'x', name: null, holderIndex: null }),
    });
    const verifiers = DEMO_VERIFIERS.map((v) => ({ username: v.account.username, roles: ['verifier' as const] }));
    for (const role of ROLES) {
      const user = [...DEMO_USERS, ...verifiers].find((u) => u.roles.length === 1 && u.roles[0] === role) ?? DEMO_USERS.find((u) => u.roles.includes(role))!;
      callers.push({
        label: `${role} (${user.username})`,
        headers: async () => ({ cookie: await p.signIn(user.username) }),
        principal: async () => ({ kind: 'user', id: 'x', username: user.username, name: 'x', sessionId: 'x', primaryOrgId: null, roles: user.roles.map((r) => ({ id: 'x', role: r, orgId: 'x', orgPath: '/' })) }),
      });
    }
  });
  afterAll(() => p.close());

  const ownRoutes = () =>
    p.app.declaredRoutes
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({ ...r, method })))
      .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));

  it('states who may call every route, and only these few are public', () => {
    const undeclared = p.app.declaredRoutes.filter((r) => !r.config?.access);
    expect(undeclared).toEqual([]);
    const publicRoutes = ownRoutes().filter((r) => r.config?.access && 'public' in r.config.access).map((r) => `${r.method} ${r.url}`).sort();
    expect(publicRoutes).toEqual([
      'GET /api/catalog/dcat.jsonld',
      // What verifiers need without an account: issuers' keys and controller documents, status lists.
      'GET /api/credentials/issuers/:orgId', 'GET /api/credentials/issuers/:orgId/controller', 'GET /api/credentials/issuers/:orgId/jwks',
      'GET /api/credentials/status-lists/:id', 'GET /api/credentials/vc-status-lists/:id',
      'GET /api/openapi.json', 'GET /api/services/signing-key', 'GET /health', 'GET /ready', 'POST /api/auth/login',
      'POST /api/citizen/auth/code', 'POST /api/citizen/auth/login',
      // VC-API verification reveals nothing the credential does not already carry.
      'POST /credentials/verify', 'POST /presentations/verify',
    ]);
  });

  it('lets through exactly the declared callers', async () => {
    // Sign-out routes last: signing out everywhere also ends the cached sessions the other calls use.
    const isSignOut = (r: { url: string }) => r.url.startsWith('/api/auth/logout');
    const isCitizenSignOut = (r: { url: string }) => r.url === '/api/citizen/auth/logout';
    const routes = [...ownRoutes().filter((r) => !isSignOut(r) && !isCitizenSignOut(r)), ...ownRoutes().filter(isSignOut), ...ownRoutes().filter(isCitizenSignOut)];
    expect(routes.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, () => randomUUID());
      for (const caller of callers) {
        // Signing out would end the cached session that the next routes use: sign in afresh for it.
        const fresh = route.url.startsWith('/api/auth/logout') && caller.label.includes('(');
        const headers = fresh ? { cookie: await signInFresh(p, caller.label) } : await caller.headers();
        const res = await p.app.inject({ method: route.method as 'GET', url, headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
        const allowed = isAllowed(route.config!.access, await caller.principal());
        const passedGate = res.statusCode !== 401 && res.statusCode !== 403;
        if (allowed !== passedGate) mismatches.push(`${route.method} ${route.url} as ${caller.label}: ${res.statusCode} ${res.json().code ?? ''}`);
        expect(res.statusCode).toBeLessThan(500);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps an organisation admin inside their own subtree', async () => {
    const cookie = await signInFresh(p, '(scjg_admin)');
    const tree = (await p.app.inject({ url: '/api/directory/orgs/tree', headers: { cookie } })).json();
    const city = tree[0];
    const police = city.children.find((c: { name: string }) => c.name === '潍坊市公安局');
    const market = city.children.find((c: { name: string }) => c.name === '潍坊市市场监督管理局');
    const patch = (id: string) => p.app.inject({ method: 'PATCH', url: `/api/directory/orgs/${id}`, headers: { cookie }, payload: { sort: 3 } });
    expect((await patch(police.id)).statusCode).toBe(403);
    expect((await patch(market.id)).statusCode).toBe(200);
    const grant = await p.app.inject({
      method: 'POST', url: '/api/directory/users', headers: { cookie },
      payload: { username: 'sneaky', name: '李四', mobile: '13905361234', password: 'Weifang@2026x', orgId: market.id, title: '科员', roles: ['platform_admin'] },
    });
    expect(grant.statusCode).toBe(403);
  });
});

async function signInFresh(p: TestPlatform, label: string): Promise<string> {
  const username = /\((.+)\)/.exec(label)![1]!;
  const res = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Weifang@2026' } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
