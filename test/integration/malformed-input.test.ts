// Bad input never makes a 5xx: every route gets random bodies, parameters and query strings (property-based,
// with fast-check), plus raw bytes that are not JSON, as the platform admin and anonymously.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

describe('malformed input', () => {
  let p: TestPlatform;
  let cookie: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    cookie = await p.signIn('admin');
  });
  afterAll(() => p.close());

  const routes = () =>
    p.app.declaredRoutes
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({ method, url: r.url })))
      .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs') && !r.url.startsWith('/api/auth/logout'));

  const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('\u0000', '潍坊\u0000', '\ud800', "'; drop table dir_users; --", '%_\\'));
  const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), fc.constantFrom('..', '%00', '%E4%B8%AD', '-1', '1e309', 'null'));
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(fc.constantFrom('username', 'name', 'mobile', 'password', 'title', 'q'), anyText),
    fc.dictionary(fc.constantFrom('username', 'name', 'mobile', 'citizenId', 'orgId', 'parentId', 'kind', 'regionCode', 'uscc', 'roles', 'role', 'title', 'password', 'code', 'status', 'sort', 'page', 'pageSize'), fc.jsonValue({ maxDepth: 2 })),
  );
  const query = fc.dictionary(fc.constantFrom('page', 'pageSize', 'orgId', 'q', 'subtree', 'from', 'to', 'actor', 'action', 'x'), anyText);

  it('answers random JSON bodies, path parameters and query strings with 2xx/4xx only', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(body, fc.array(segment, { minLength: 3, maxLength: 3 }), query, fc.boolean(), async (payload, params, q, asAdmin) => {
          let i = 0;
          const path = route.url.replace(/:(\w+)/g, () => encodeURIComponent(params[i++ % params.length]!));
          const res = await p.app.inject({
            method: route.method as 'POST',
            url: path,
            query: q,
            headers: asAdmin ? { cookie } : {},
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: payload as object }),
          });
          if (res.statusCode >= 500) failures.push(`${route.method} ${path} ${JSON.stringify(payload).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          return res.statusCode < 500;
        }),
        { numRuns: 25, seed: 3707 },
      ).catch(() => undefined);
    }
    expect(failures).toEqual([]);
  });

  it('answers bodies that are not JSON, the wrong content type and oversized bodies with a coded 4xx', async () => {
    const cases = [
      { payload: '{"username": ', type: 'application/json', code: 'MALFORMED_BODY', status: 400 },
      { payload: '', type: 'application/json', code: 'MALFORMED_BODY', status: 400 },
      { payload: '\u0000\u00ff', type: 'application/json', code: 'MALFORMED_BODY', status: 400 },
      { payload: 'username=admin', type: 'application/x-www-form-urlencoded', code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
      { payload: JSON.stringify({ username: 'a'.repeat(2 * 1024 * 1024), password: 'x' }), type: 'application/json', code: 'BODY_TOO_LARGE', status: 413 },
    ];
    for (const c of cases) {
      const res = await p.app.inject({ method: 'POST', url: '/api/directory/orgs', headers: { cookie, 'content-type': c.type }, payload: c.payload });
      expect(res.statusCode, c.code).toBe(c.status);
      expect(res.json()).toMatchObject({ code: c.code, status: c.status });
    }
  });

  it('explains a wrong field type and an unknown field, and stores nothing', async () => {
    const before = (await p.ctx.db.query<{ n: number }>('select count(*)::int8 as n from dir_orgs')).rows[0]!.n;
    const wrongType = await p.app.inject({ method: 'POST', url: '/api/directory/orgs', headers: { cookie }, payload: { parentId: 42, name: '测试', kind: 'street' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().code).toBe('VALIDATION_FAILED');
    expect(wrongType.json().detail).toContain('parentId');
    const unknown = await p.app.inject({ method: 'POST', url: '/api/directory/api-clients', headers: { cookie }, payload: { name: 'x', orgId: '00000000-0000-4000-8000-000000000000', admin: true } });
    expect(unknown.statusCode).toBe(400);
    expect((await p.ctx.db.query<{ n: number }>('select count(*)::int8 as n from dir_orgs')).rows[0]!.n).toBe(before);
  });

  it('refuses NUL characters, which PostgreSQL cannot store, with a 400', async () => {
    for (const url of ['/api/directory/users?q=%00', '/api/audit/records?actor=a%00b']) {
      const res = await p.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(400);
    }
    const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000b', password: 'x' } });
    expect(login.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers unknown API paths with a coded 404', async () => {
    const res = await p.app.inject({ url: '/api/no/such/thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ROUTE_NOT_FOUND');
  });
});
