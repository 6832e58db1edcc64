// The HTTP composition: plugins (request ids, security headers, cookies, rate limits, OpenAPI), the
// access gate, every module's routes, health checks and the console's static files.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';
import { pendingMigrations } from '../kernel/migrator.ts';
import { resolvePrincipal, SESSION_COOKIE } from '../modules/directory/index.ts';
import { CITIZEN_COOKIE, resolveCitizen } from '../modules/citizens/index.ts';
import { isAllowed, type Access } from './access.ts';
import type { PlatformContext } from './context.ts';
import { errorHandler, sendProblem } from './errors.ts';
import { securityHeaders } from './security-headers.ts';
import { MODULES, migrationSources } from './modules.ts';
import type { App } from './types.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A route as registered, with its access statement (tests call every route as every role). */
export interface DeclaredRoute {
  method: string | string[];
  url: string;
  config?: { access?: Access };
}

declare module 'fastify' {
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
}

/** Builds the platform's HTTP app on a booted context (tests call this and use `app.inject`). */
export async function buildApp(ctx: PlatformContext, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Reject unknown fields instead of silently dropping them; coerce query strings to their types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null);
  app.setErrorHandler(errorHandler);

  // Every route must say who may call it; routes of third-party plugins are declared public explicitly.
  // (Checked once all routes exist: plugin scopes mark theirs after this hook has seen them.)
  const routes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (route) => {
    routes.push(route as DeclaredRoute);
  });

  const headers = securityHeaders({ https: ctx.config.cookieSecure });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });
  await app.register(cookie);

  // Resolve the caller first, so that rate limits count per caller and the gate can decide early.
  app.addHook('onRequest', async (request) => {
    const authz = request.headers.authorization;
    if (authz) {
      const match = /^Bearer\s+(\S+)$/i.exec(authz);
      request.principal = match ? await resolvePrincipal(ctx, { apiKey: match[1] }) : null;
      return;
    }
    // The wallet's cookie is only sent to the citizen API; there it wins over a staff session in the same browser.
    const citizenToken = request.cookies[CITIZEN_COOKIE];
    if (citizenToken && request.url.startsWith('/api/citizen/')) {
      request.principal = await resolveCitizen(ctx, citizenToken);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.principal = await resolvePrincipal(ctx, { sessionToken: token });
  });

  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: ctx.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `${request.principal.kind}:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => {
      const err = new Error('rate limited') as Error & { statusCode: number };
      err.statusCode = context.statusCode;
      return err;
    },
  });

  // The gate: after identification and rate limiting, before the body is even parsed.
  app.addHook('preParsing', async (request, reply) => {
    if (request.is404) return; // unknown paths get the not-found answer, whoever asks
    const access = request.routeOptions.config.access;
    if (isAllowed(access, request.principal)) return;
    if (!request.principal && access && !('public' in access)) return sendProblem(request, reply, 'AUTH_REQUIRED');
    return sendProblem(request, reply, 'FORBIDDEN');
  });

  // PostgreSQL cannot store NUL in text: refuse it at the door with a clear 400 rather than fail later.
  app.addHook('preValidation', async (request, reply) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
      return sendProblem(request, reply, 'VALIDATION_FAILED', 'text must not contain NUL (\\u0000) characters');
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CityStack API',
        version: '0.1.0',
        description: '潍坊市一体化大数据平台 CityStack. Errors are application/problem+json (RFC 9457) with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key of a departmental system' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });

  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: { public: true } };
    });
    await scope.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  });

  app.get('/api/openapi.json', {
    schema: { hide: true },
    config: { access: { public: true } },
    handler: async () => app.swagger(),
  });

  registerHealth(app, ctx);
  for (const module of MODULES) await module.register(app, ctx);
  await registerConsole(app, ctx.config.webDir);

  await app.ready();
  const undeclared = routes.filter((r) => !r.config?.access).map((r) => `${String(r.method)} ${r.url}`);
  if (undeclared.length) throw new Error(`routes without an access declaration: ${undeclared.join(', ')}`);
  return app;
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  // Only parsed JSON is walked: an upload's body is a live stream whose object graph reaches the whole server.
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || containsNul(v, depth + 1)) return true;
  return false;
}

function registerHealth(app: App, ctx: PlatformContext): void {
  app.get('/health', {
    schema: { tags: ['ops'], summary: '存活检查 Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    config: { access: { public: true }, rateLimit: false },
    handler: async () => ({ status: 'ok' as const }),
  });
  app.get('/ready', {
    schema: {
      tags: ['ops'],
      summary: '就绪检查 Readiness: database reachable, migrations applied',
      response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }) },
    },
    config: { access: { public: true }, rateLimit: false },
    handler: async (request, reply) => {
      try {
        const pending = await pendingMigrations(ctx.db, migrationSources());
        if (pending.length) return sendProblem(request, reply, 'NOT_READY', `pending migrations: ${pending.join(', ')}`);
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        return sendProblem(request, reply, 'NOT_READY', 'database unreachable');
      }
      return { status: 'ready' as const, database: ctx.db.kind };
    },
  });
}

/** Serves the built console; unknown non-API paths get index.html so the console's router can take them. */
async function registerConsole(app: App, webDir: string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const hasConsole = existsSync(indexFile);
  const indexHtml = hasConsole ? readFileSync(indexFile) : null;
  if (hasConsole) {
    await app.register(async (scope: FastifyInstance) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: { public: true } };
      });
      await scope.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
      const url = request.url.split('?')[0] ?? '';
      if (hasConsole && request.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      }
      return sendProblem(request, reply, 'ROUTE_NOT_FOUND');
  });
}
