// HTTP only: schema → access → use case → present. Object-level checks happen in the use cases.
import { Type } from 'typebox';
import { auditContext } from '../../server/access.ts';
import { principalOf, staffOf, type App } from '../../server/types.ts';
import * as apiClients from './api-client-service.ts';
import * as auth from './auth-service.ts';
import type { DirectoryDeps } from './deps.ts';
import * as orgs from './org-service.ts';
import * as S from './schemas.ts';
import * as users from './user-service.ts';

const ADMINS = ['platform_admin', 'org_admin'] as const;
const CLIENT_MANAGERS = ['platform_admin', 'org_admin', 'developer'] as const;

export function directoryRoutes(app: App, deps: DirectoryDeps, cookie: { secure: boolean }): void {
  // ---- sign-in and the caller's own account
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '登录 Sign in', body: S.LoginBody, response: { 200: Type.Object({ user: S.UserView }) } },
    config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    handler: async (request, reply) => {
      const result = await auth.signIn(deps, request.body, auditContext(request), request.headers['user-agent'] ?? null);
      reply.setCookie(auth.SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.secure,
        expires: result.expiresAt,
      });
      return { user: await users.getUser(deps, result.userId) };
    },
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: '退出登录 Sign out' },
    config: { access: { users: 'any' } },
    handler: async (request, reply) => {
      await auth.signOut(deps, staffOf(request), auditContext(request));
      reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  app.post('/api/auth/logout-all', {
    schema: { tags: ['auth'], summary: '退出所有设备 Sign out everywhere' },
    config: { access: { users: 'any' } },
    handler: async (request, reply) => {
      await auth.signOutEverywhere(deps, staffOf(request).id, auditContext(request));
      reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: '当前身份 Who am I', response: { 200: S.MeResponse } },
    config: { access: { users: 'any', clients: true } },
    handler: async (request) => {
      const p = principalOf(request);
      if (p.kind === 'client') return { kind: 'client' as const, client: { id: p.id, name: p.name, orgId: p.orgId } };
      return { kind: 'user' as const, user: await users.getUser(deps, p.id) };
    },
  });

  app.post('/api/me/totp/setup', {
    schema: { tags: ['auth'], summary: '开始绑定动态口令 Start TOTP enrolment', response: { 200: S.TotpSetupResponse } },
    config: { access: { users: 'any' } },
    handler: async (request) => auth.startTotpEnrolment(deps, staffOf(request).id, auditContext(request)),
  });

  app.post('/api/me/totp/enable', {
    schema: { tags: ['auth'], summary: '启用动态口令 Enable TOTP', body: S.TotpEnableBody },
    config: { access: { users: 'any' } },
    handler: async (request, reply) => {
      await auth.enableTotp(deps, staffOf(request).id, request.body.code, auditContext(request));
      return reply.code(204).send();
    },
  });

  app.post('/api/me/password', {
    schema: { tags: ['auth'], summary: '修改密码 Change password', body: S.PasswordBody },
    config: { access: { users: 'any' } },
    handler: async (request, reply) => {
      await auth.changePassword(deps, staffOf(request), request.body.current, request.body.next, auditContext(request));
      return reply.code(204).send();
    },
  });

  // ---- organisations
  app.get('/api/directory/orgs/tree', {
    schema: { tags: ['directory'], summary: '组织机构树 Organisation tree', response: { 200: Type.Array(S.OrgNode) } },
    config: { access: { users: 'staff' } },
    handler: async () => orgs.orgTree(deps),
  });

  app.get('/api/directory/orgs/:id', {
    schema: { tags: ['directory'], summary: '机构详情 Organisation', params: S.IdParams, response: { 200: S.OrgView } },
    config: { access: { users: 'staff' } },
    handler: async (request) => orgs.getOrg(deps, request.params.id),
  });

  app.post('/api/directory/orgs', {
    schema: { tags: ['directory'], summary: '新建机构 Create organisation', body: S.CreateOrgBody, response: { 201: S.OrgView } },
    config: { access: { users: ADMINS } },
    handler: async (request, reply) => reply.code(201).send(await orgs.createOrg(deps, principalOf(request), request.body, auditContext(request))),
  });

  app.patch('/api/directory/orgs/:id', {
    schema: { tags: ['directory'], summary: '修改机构 Update organisation', params: S.IdParams, body: S.UpdateOrgBody, response: { 200: S.OrgView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => orgs.updateOrg(deps, principalOf(request), request.params.id, request.body, auditContext(request)),
  });

  // ---- users, posts and roles
  app.get('/api/directory/users', {
    schema: { tags: ['directory'], summary: '人员查询 Search staff', querystring: S.UserQuery, response: { 200: S.UserPage } },
    config: { access: { users: 'staff' } },
    handler: async (request) => users.searchUsers(deps, request.query),
  });

  app.get('/api/directory/users/:id', {
    schema: { tags: ['directory'], summary: '人员详情 User', params: S.IdParams, response: { 200: S.UserView } },
    config: { access: { users: 'staff' } },
    handler: async (request) => users.getUser(deps, request.params.id),
  });

  app.post('/api/directory/users', {
    schema: { tags: ['directory'], summary: '新建人员 Create user', body: S.CreateUserBody, response: { 201: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request, reply) => reply.code(201).send(await users.createUser(deps, principalOf(request), request.body, auditContext(request))),
  });

  app.patch('/api/directory/users/:id', {
    schema: { tags: ['directory'], summary: '修改人员 Update user', params: S.IdParams, body: S.UpdateUserBody, response: { 200: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => users.updateUser(deps, principalOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/directory/users/:id/posts', {
    schema: { tags: ['directory'], summary: '设置任职（兼职） Set a post', params: S.IdParams, body: S.SetPostBody, response: { 200: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => users.setPost(deps, principalOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.delete('/api/directory/users/:id/posts/:orgId', {
    schema: { tags: ['directory'], summary: '免去任职 Remove a post', params: S.PostParams, response: { 200: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => users.removePost(deps, principalOf(request), request.params.id, request.params.orgId, auditContext(request)),
  });

  app.post('/api/directory/users/:id/roles', {
    schema: { tags: ['directory'], summary: '授予角色 Grant a role', params: S.IdParams, body: S.GrantBody, response: { 200: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => users.grantRole(deps, principalOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.delete('/api/directory/users/:id/roles/:grantId', {
    schema: { tags: ['directory'], summary: '撤销角色 Revoke a role', params: S.GrantParams, response: { 200: S.UserView } },
    config: { access: { users: ADMINS } },
    handler: async (request) => users.revokeRole(deps, principalOf(request), request.params.id, request.params.grantId, auditContext(request)),
  });

  // ---- API clients
  app.get('/api/directory/api-clients', {
    schema: { tags: ['directory'], summary: '应用接入列表 API clients', response: { 200: S.ApiClientList } },
    config: { access: { users: CLIENT_MANAGERS } },
    handler: async (request) => ({ items: await apiClients.listApiClients(deps, principalOf(request)) }),
  });

  app.post('/api/directory/api-clients', {
    schema: { tags: ['directory'], summary: '新建应用 Create API client (key shown once)', body: S.CreateApiClientBody, response: { 201: S.ApiClientWithKey } },
    config: { access: { users: CLIENT_MANAGERS } },
    handler: async (request, reply) => reply.code(201).send(await apiClients.createApiClient(deps, principalOf(request), request.body, auditContext(request))),
  });

  app.post('/api/directory/api-clients/:id/rotate', {
    schema: { tags: ['directory'], summary: '轮换密钥 Rotate key', params: S.IdParams, response: { 200: S.ApiClientWithKey } },
    config: { access: { users: CLIENT_MANAGERS } },
    handler: async (request) => apiClients.rotateApiKey(deps, principalOf(request), request.params.id, auditContext(request)),
  });

  app.post('/api/directory/api-clients/:id/revoke', {
    schema: { tags: ['directory'], summary: '注销应用 Revoke API client', params: S.IdParams, response: { 200: S.ApiClientOnly } },
    config: { access: { users: CLIENT_MANAGERS } },
    handler: async (request) => apiClients.revokeApiClient(deps, principalOf(request), request.params.id, auditContext(request)),
  });
}
