// HTTP only: schema → access → use case → present. Staff work on requests and grants under /api/sharing;
// consuming systems call data services under /api/services.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { principalOf, staffOf, type App } from '../../server/types.ts';
import { serviceOpenApi, listServices } from './directory.ts';
import { changeGrant, getGrant, listGrants } from './grants.ts';
import { approveRequest, askForInformation, getRequest, listRequests, rejectRequest, requestAccess, requestableSystems, resubmitRequest, withdrawRequest } from './requests.ts';
import * as S from './schemas.ts';
import { BINDING_VERSION, callService, exportCsv, type Caller, type DataServiceDeps, type ServiceOperation } from './services.ts';
import { listCalls, sharingStats } from './stats.ts';

/** Ask for data on behalf of a consuming department. */
const REQUESTERS = ['chief_data_officer', 'data_steward', 'org_admin', 'developer'] as const;
/** Decide requests and manage grants: providers' approvers and chief data representatives, the platform operator. */
const DECIDERS = ['platform_admin', 'approver', 'chief_data_officer'] as const;
/** Everyone with a part in sharing, and auditors (read only). */
const PARTIES = [...new Set([...REQUESTERS, ...DECIDERS, 'auditor'] as const)];

/** A header's text: Node reads header bytes as Latin-1, so UTF-8 sent by the caller (张三) is decoded back. */
const header = (request: FastifyRequest, name: string): string | null => {
  const v = request.headers[name];
  const raw = Array.isArray(v) ? v[0] : v;
  return raw === undefined ? null : utf8Header(raw).trim() || null;
};

/** Header text as the caller meant it: bytes read as Latin-1 that form valid UTF-8 are UTF-8. */
export const utf8Header = (raw: string): string => {
  let high = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0xff) return raw; // already decoded (not from the HTTP parser)
    if (c >= 0x80) high = true;
  }
  if (!high) return raw;
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? raw : decoded;
};

/** The calling system and the end user it acts for, from the request. */
function callerOf(request: FastifyRequest): Caller {
  const p = principalOf(request);
  if (p.kind !== 'client') throw new AppError('FORBIDDEN');
  return {
    clientId: p.id,
    consumerOrgId: p.orgId,
    endUser: header(request, 'x-end-user'),
    businessRef: header(request, 'x-business-ref'),
    requestId: request.id,
    method: request.method,
    url: request.url,
    sign: header(request, 'x-cs-sign') === '1',
  };
}

/** Runs a data-service call; a refusal carrying a wait time sets Retry-After before the error handler answers. */
async function answer(deps: DataServiceDeps, request: FastifyRequest, reply: FastifyReply, service: string, op: ServiceOperation) {
  try {
    const a = await callService(deps, callerOf(request), service, op);
    return reply.code(a.status).headers(a.headers).type('application/json; charset=utf-8').send(a.body);
  } catch (err) {
    const wait = err instanceof AppError ? err.extra?.retryAfterSeconds : undefined;
    if (typeof wait === 'number') reply.header('retry-after', String(wait));
    throw err;
  }
}

export function sharingRoutes(app: App, ctx: PlatformContext, deps: DataServiceDeps): void {
  app.post('/api/sharing/requests', {
    schema: { tags: ['sharing'], summary: '提交共享申请 Request a resource for a consuming system', body: S.SubmitBody, response: { 201: S.RequestDetail } },
    config: { access: { users: REQUESTERS } },
    handler: async (request, reply) => {
      const b = request.body;
      const input = { ...b, queryKeys: b.queryKeys ?? [], rowFilter: b.rowFilter ?? [], legalBasis: b.legalBasis ?? null, scenario: b.scenario ?? null };
      return reply.code(201).send(await requestAccess(ctx, staffOf(request), input, auditContext(request)));
    },
  });

  app.get('/api/sharing/systems', {
    schema: { tags: ['sharing'], summary: '可申请的调用系统 The consuming systems the caller may ask for', response: { 200: S.ConsumerSystems } },
    config: { access: { users: REQUESTERS } },
    handler: async (request) => ({ items: await requestableSystems(ctx, staffOf(request)) }),
  });

  app.get('/api/sharing/requests', {
    schema: { tags: ['sharing'], summary: '共享申请 Requests (inbox: waiting for my decision; outbox: my departments’)', querystring: S.RequestQuery, response: { 200: S.RequestPage } },
    config: { access: { users: PARTIES } },
    handler: async (request) => listRequests(ctx, principalOf(request), request.query),
  });

  app.get('/api/sharing/requests/:id', {
    schema: { tags: ['sharing'], summary: '申请详情 A request with its timeline', params: S.IdParams, response: { 200: S.RequestDetail } },
    config: { access: { users: PARTIES } },
    handler: async (request) => getRequest(ctx, principalOf(request), request.params.id),
  });

  app.post('/api/sharing/requests/:id/approve', {
    schema: { tags: ['sharing'], summary: '批准 Approve (optionally narrowing items, lifting masking, setting quota, rate, validity)', params: S.IdParams, body: S.ApproveBody, response: { 200: S.RequestDetail } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => approveRequest(ctx, staffOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/sharing/requests/:id/reject', {
    schema: { tags: ['sharing'], summary: '驳回 Reject with a reason', params: S.IdParams, body: S.ReasonBody, response: { 200: S.RequestDetail } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => rejectRequest(ctx, staffOf(request), request.params.id, request.body.reason, auditContext(request)),
  });

  app.post('/api/sharing/requests/:id/ask-info', {
    schema: { tags: ['sharing'], summary: '要求补充材料 Ask the requester for more information', params: S.IdParams, body: S.QuestionBody, response: { 200: S.RequestDetail } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => askForInformation(ctx, staffOf(request), request.params.id, request.body.question, auditContext(request)),
  });

  app.post('/api/sharing/requests/:id/resubmit', {
    schema: { tags: ['sharing'], summary: '修改后重新提交 Amend and resubmit', params: S.IdParams, body: S.ResubmitBody, response: { 200: S.RequestDetail } },
    config: { access: { users: REQUESTERS } },
    handler: async (request) => resubmitRequest(ctx, staffOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/sharing/requests/:id/withdraw', {
    schema: { tags: ['sharing'], summary: '撤回 Withdraw an undecided request', params: S.IdParams, response: { 200: S.RequestDetail } },
    config: { access: { users: REQUESTERS } },
    handler: async (request) => withdrawRequest(ctx, staffOf(request), request.params.id, auditContext(request)),
  });

  app.get('/api/sharing/grants', {
    schema: { tags: ['sharing'], summary: '授权 Grants (as provider or consumer)', querystring: S.GrantQuery, response: { 200: S.GrantPage } },
    config: { access: { users: PARTIES } },
    handler: async (request) => listGrants(ctx, principalOf(request), request.query),
  });

  app.get('/api/sharing/grants/:id', {
    schema: { tags: ['sharing'], summary: '授权详情 A grant', params: S.IdParams, response: { 200: S.Grant } },
    config: { access: { users: PARTIES } },
    handler: async (request) => getGrant(ctx, principalOf(request), request.params.id),
  });

  app.post('/api/sharing/grants/:id/renew', {
    schema: { tags: ['sharing'], summary: '续期 Renew until a later day', params: S.IdParams, body: S.RenewBody, response: { 200: S.Grant } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => changeGrant(ctx, staffOf(request), request.params.id, { kind: 'renew', validUntil: request.body.validUntil }, auditContext(request)),
  });

  app.post('/api/sharing/grants/:id/suspend', {
    schema: { tags: ['sharing'], summary: '暂停 Suspend with a reason', params: S.IdParams, body: S.ReasonBody, response: { 200: S.Grant } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => changeGrant(ctx, staffOf(request), request.params.id, { kind: 'suspend', reason: request.body.reason }, auditContext(request)),
  });

  app.post('/api/sharing/grants/:id/resume', {
    schema: { tags: ['sharing'], summary: '恢复 Resume a suspended grant', params: S.IdParams, response: { 200: S.Grant } },
    config: { access: { users: DECIDERS } },
    handler: async (request) => changeGrant(ctx, staffOf(request), request.params.id, { kind: 'resume' }, auditContext(request)),
  });

  app.post('/api/sharing/grants/:id/revoke', {
    schema: { tags: ['sharing'], summary: '撤销 Revoke (providers, the operator; the consumer gives up its own)', params: S.IdParams, body: S.ReasonBody, response: { 200: S.Grant } },
    config: { access: { users: [...DECIDERS, ...REQUESTERS] } },
    handler: async (request) => changeGrant(ctx, staffOf(request), request.params.id, { kind: 'revoke', reason: request.body.reason }, auditContext(request)),
  });

  app.get('/api/sharing/stats', {
    schema: { tags: ['sharing'], summary: '共享一本账 Services, grants, calls per day / resource / consumer, approval times', querystring: S.StatsQuery, response: { 200: S.Stats } },
    config: { access: { users: PARTIES } },
    handler: async (request) => sharingStats(ctx, principalOf(request), request.query.days),
  });

  app.get('/api/sharing/calls', {
    schema: { tags: ['sharing'], summary: '调用记录 The call log, newest first', querystring: S.CallQuery, response: { 200: S.CallPage } },
    config: { access: { users: PARTIES } },
    handler: async (request) => listCalls(ctx, principalOf(request), request.query),
  });

  // Data services (metaservices first: they are static paths beside the per-service ones).

  app.get('/api/services', {
    schema: { tags: ['data services'], summary: '数据服务目录 Every published data service (listMethods)', response: { 200: S.ServiceList } },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => ({ items: await listServices(ctx, principalOf(request), false) }),
  });

  app.get('/api/services/allowed', {
    schema: { tags: ['data services'], summary: '可调用的数据服务 Services this system may call now (allowedMethods)', response: { 200: S.ServiceList } },
    config: { access: { clients: true } },
    handler: async (request) => ({ items: await listServices(ctx, principalOf(request), true) }),
  });

  app.get('/api/services/signing-key', {
    schema: { tags: ['data services'], summary: '平台签名公钥 The platform key that signs responses (Ed25519)', response: { 200: S.SigningKey } },
    config: { access: { public: true } },
    handler: async () => ({ keyId: ctx.signer.keyId, algorithm: 'Ed25519' as const, publicKeyPem: ctx.signer.publicKeyPem, bindingVersion: BINDING_VERSION }),
  });

  app.get('/api/services/:service/openapi.json', {
    schema: { tags: ['data services'], summary: '服务描述 OpenAPI description of one service (getOpenAPI)', params: S.ServiceParams },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => serviceOpenApi(ctx, principalOf(request), request.params.service),
  });

  // Per-grant rate and quota are the real limits on calls; a generous per-caller limit (ten times the
  // platform's) still stops a flood of calls with bad keys or without grants, each of which is recorded.
  const perGrant = { rateLimit: { max: ctx.config.rateLimitPerMinute * 10, timeWindow: 60_000 } };

  app.get('/api/services/:service/lookup/:item/:value', {
    schema: { tags: ['data services'], summary: '按查询条件查询 Look records up by a granted key', params: S.LookupParams, response: { 200: S.LookupAnswer } },
    config: { access: { clients: true }, ...perGrant },
    handler: async (request, reply) => answer(deps, request, reply, request.params.service, { op: 'lookup', item: request.params.item, value: request.params.value }),
  });

  app.get('/api/services/:service/records', {
    schema: { tags: ['data services'], summary: '分页列出 List within the grant’s rows, filtered by granted keys', params: S.ServiceParams, querystring: S.ListQuery, response: { 200: S.ListAnswer } },
    config: { access: { clients: true }, ...perGrant },
    handler: async (request, reply) => {
      const { page, pageSize, ...filters } = request.query as { page: number; pageSize: number } & Record<string, string>;
      return answer(deps, request, reply, request.params.service, { op: 'list', filters, page, pageSize });
    },
  });

  app.get('/api/services/:service/changes', {
    schema: { tags: ['data services'], summary: '增量变更 Changes after a cursor (库表 mode)', params: S.ServiceParams, querystring: S.ChangesQuery, response: { 200: S.ChangesAnswer } },
    config: { access: { clients: true }, ...perGrant },
    handler: async (request, reply) => answer(deps, request, reply, request.params.service, { op: 'changes', after: Number(request.query.after), limit: request.query.limit }),
  });

  app.get('/api/services/:service/export.csv', {
    schema: { tags: ['data services'], summary: '批量导出 The grant’s rows as CSV, streamed (库表 mode)', params: S.ServiceParams },
    config: { access: { clients: true }, ...perGrant },
    handler: async (request, reply) => {
      const rows = exportCsv(deps, callerOf(request), request.params.service, (cursor) => reply.header('x-cs-cursor', cursor));
      // The first chunk comes after every check, so a refusal is still an ordinary problem answer.
      const first = await rows.next().catch((err: unknown) => {
        const wait = err instanceof AppError ? err.extra?.retryAfterSeconds : undefined;
        if (typeof wait === 'number') reply.header('retry-after', String(wait));
        throw err;
      });
      async function* all() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.service}.csv"`)
        .send(Readable.from(all()));
    },
  });
}
