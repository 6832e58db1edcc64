// HTTP only: schema → access → use case → response. Citizen routes live under /api/citizen, where the
// wallet's cookie is sent.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { citizenOf, type App } from '../../server/types.ts';
import * as S from './schemas.ts';
import { bindRealName, CITIZEN_COOKIE, CITIZEN_COOKIE_PATH, getAccount, sendSignInCode, signInWithCode, signOutCitizen } from './sign-in.ts';
import type { SmsSender } from './sms.ts';

export function citizenRoutes(app: App, ctx: PlatformContext, sms: SmsSender): void {
  app.post('/api/citizen/auth/code', {
    schema: { tags: ['citizen'], summary: '获取登录验证码 Send a one-time sign-in code by SMS', body: S.CodeBody, response: { 200: S.CodeSent } },
    // Anyone may ask, but not fast: one code a minute per number (sign-in.ts) and 10 requests a minute per address.
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    handler: async (request) => sendSignInCode(ctx, sms, request.body.mobile, auditContext(request)),
  });

  app.post('/api/citizen/auth/login', {
    schema: { tags: ['citizen'], summary: '验证码登录 Sign in with the code', body: S.LoginBody, response: { 200: S.LoginResult } },
    config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    handler: async (request, reply) => {
      const result = await signInWithCode(ctx, request.body, auditContext(request), request.headers['user-agent'] ?? null);
      reply.setCookie(CITIZEN_COOKIE, result.token, { path: CITIZEN_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: ctx.config.cookieSecure, expires: result.expiresAt });
      return { account: result.account, binding: result.binding };
    },
  });

  app.post('/api/citizen/auth/logout', {
    schema: { tags: ['citizen'], summary: '退出登录 Sign out of the wallet' },
    config: { access: { citizens: true } },
    handler: async (request, reply) => {
      await signOutCitizen(ctx, citizenOf(request), auditContext(request));
      reply.clearCookie(CITIZEN_COOKIE, { path: CITIZEN_COOKIE_PATH });
      return reply.code(204).send();
    },
  });

  app.get('/api/citizen/me', {
    schema: { tags: ['citizen'], summary: '我的账号 The signed-in citizen', response: { 200: S.Account } },
    config: { access: { citizens: true } },
    handler: async (request) => getAccount(ctx, citizenOf(request)),
  });

  app.post('/api/citizen/me/real-name', {
    schema: { tags: ['citizen'], summary: '实名认证 Bind the account to a real name in the population register', body: S.BindBody, response: { 200: S.Account } },
    config: { access: { citizens: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    handler: async (request) => bindRealName(ctx, citizenOf(request), request.body, auditContext(request)),
  });
}
