// The W3C VC-API (issuer, verifier and status services) and the public documents verifiers need.
// HTTP only: schema → access → use case → response.
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../../../server/access.ts';
import type { PlatformContext } from '../../../server/context.ts';
import type { App } from '../../../server/types.ts';
import { VC_STATUS_LIST_TTL_S } from './bitstring.ts';
import * as S from './vc-schemas.ts';
import { changeVcStatus, issueVc, publishedController, publishedStatusList, verifyVc, verifyVp } from './vc-service.ts';
import { credentialBaseOf, publicBaseOf } from '../../../server/public-url.ts';

/** Issuer staff, as for licences (vc-policy.ts narrows to the department), and the departments' systems. */
const ISSUERS = { users: ['platform_admin', 'chief_data_officer', 'data_steward'], clients: true } as const;

/** Scheme and host the request came in on: the base of every issuer, key and status list URL. */

export function vcApiRoutes(app: App, ctx: PlatformContext): void {
  const baseOf = (request: FastifyRequest) => publicBaseOf(ctx.config, request);
  app.post('/credentials/issue', {
    schema: { tags: ['vc-api'], summary: '签发可验证凭证 Issue a W3C VC 2.0 credential (Data Integrity, eddsa-rdfc-2022)', body: S.IssueBody, response: { 201: S.IssueResponse } },
    config: { access: ISSUERS },
    handler: async (request, reply) =>
      reply.code(201).send({ verifiableCredential: await issueVc(ctx, request.principal, credentialBaseOf(ctx.config, request), request.body, auditContext(request)) }),
  });

  // Public: anyone may ask whether a credential holds; the answer reveals nothing the credential does not.
  app.post('/credentials/verify', {
    schema: { tags: ['vc-api'], summary: '验证可验证凭证 Verify a VC 2.0 credential', body: S.VerifyBody, response: { 200: S.VerifyResponse } },
    config: { access: { public: true } },
    handler: async (request) => verifyVc(ctx, baseOf(request), request.body.verifiableCredential),
  });

  app.post('/presentations/verify', {
    schema: { tags: ['vc-api'], summary: '验证可验证表述 Verify a VC 2.0 presentation with its challenge', body: S.PresentationBody, response: { 200: S.PresentationResponse } },
    config: { access: { public: true } },
    handler: async (request) => verifyVp(ctx, baseOf(request), request.body.verifiablePresentation, request.body.options),
  });

  app.post('/credentials/status', {
    schema: { tags: ['vc-api'], summary: '变更凭证状态 Suspend, reinstate or revoke a credential', body: S.StatusBody, response: { 200: S.StatusResponse } },
    config: { access: ISSUERS },
    handler: async (request) => changeVcStatus(ctx, request.principal, request.body, auditContext(request)),
  });

  // Public: the status lists verifiers fetch and cache; they name no holder.
  app.get('/api/credentials/vc-status-lists/:id', {
    schema: { tags: ['vc-api'], summary: '位串状态列表 Bitstring Status List credential', params: S.IdParams },
    config: { access: { public: true } },
    handler: async (request, reply) =>
      reply.type('application/vc').header('cache-control', `public, max-age=${VC_STATUS_LIST_TTL_S}`)
        .send(JSON.stringify(await publishedStatusList(ctx, baseOf(request), request.params.id))),
  });

  // Public: the issuer's id dereferences to its controller document (its keys as Multikey verification methods).
  for (const url of ['/api/credentials/issuers/:orgId', '/api/credentials/issuers/:orgId/controller']) {
    app.get(url, {
      schema: { tags: ['vc-api'], summary: '颁发机构控制者文档 Issuer controller document (JSON-LD)', params: S.OrgParams },
      config: { access: { public: true } },
      handler: async (request, reply) =>
        reply.type('application/ld+json').send(JSON.stringify(await publishedController(ctx, baseOf(request), request.params.orgId))),
    });
  }
}
