// HTTP only: schema → access → use case → response.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { publicBaseOf } from '../../server/public-url.ts';
import type { App } from '../../server/types.ts';
import { getRun, startBulkIssuance } from './bulk.ts';
import { changeLicenceStatus, getLicence, issueLicence, listLicences } from './issuance.ts';
import { issuerJwks, statusListToken } from './issuer-keys.ts';
import { STATUS_ACTIONS } from './model.ts';
import * as S from './schemas.ts';
import { listLicenceTypes } from './types-service.ts';

/** Issuer staff: platform admins, and the issuing department's chief data representative and stewards (policy.ts narrows to the department). */
const ISSUERS = ['platform_admin', 'chief_data_officer', 'data_steward'] as const;

export function credentialsRoutes(app: App, ctx: PlatformContext): void {
  app.get('/api/credentials/types', {
    schema: { tags: ['credentials'], summary: '证照类型 Licence types', response: { 200: S.LicenceTypeList } },
    config: { access: { users: 'staff' } },
    handler: async () => ({ items: await listLicenceTypes(ctx) }),
  });

  app.post('/api/credentials/licences', {
    schema: { tags: ['credentials'], summary: '签发证照 Issue one licence', body: S.IssueBody, response: { 201: S.Licence } },
    config: { access: { users: ISSUERS } },
    handler: async (request, reply) => reply.code(201).send(await issueLicence(ctx, request.principal, request.body, auditContext(request))),
  });

  app.get('/api/credentials/licences', {
    schema: { tags: ['credentials'], summary: '证照列表 Licences issued by your departments (masked)', querystring: S.LicenceQuery, response: { 200: S.LicencePage } },
    config: { access: { users: ISSUERS } },
    handler: async (request) => listLicences(ctx, request.principal, request.query),
  });

  app.get('/api/credentials/licences/:id', {
    schema: { tags: ['credentials'], summary: '证照详情 One licence (masked)', params: S.IdParams, response: { 200: S.Licence } },
    config: { access: { users: ISSUERS } },
    handler: async (request) => getLicence(ctx, request.principal, request.params.id),
  });

  for (const action of STATUS_ACTIONS) {
    const name = { suspend: '暂停 Suspend', reinstate: '恢复 Reinstate', revoke: '注销 Revoke' }[action];
    app.post(`/api/credentials/licences/:id/${action}`, {
      schema: { tags: ['credentials'], summary: `${name} a licence`, params: S.IdParams, body: S.ReasonBody, response: { 200: S.Licence } },
      config: { access: { users: ISSUERS } },
      handler: async (request) => changeLicenceStatus(ctx, request.principal, request.params.id, action, request.body.reason, auditContext(request)),
    });
  }

  app.post('/api/credentials/types/:code/issuance-runs', {
    schema: { tags: ['credentials'], summary: '批量制证 Issue from the type\'s source resource', params: S.TypeParams, response: { 202: S.Run } },
    config: { access: { users: ISSUERS } },
    handler: async (request, reply) => reply.code(202).send(await startBulkIssuance(ctx, request.principal, request.params.code, auditContext(request))),
  });

  app.get('/api/credentials/issuance-runs/:id', {
    schema: { tags: ['credentials'], summary: '制证进度 Progress of a bulk issuance', params: S.IdParams, response: { 200: S.Run } },
    config: { access: { users: ISSUERS } },
    handler: async (request) => getRun(ctx, request.principal, request.params.id),
  });

  // Public: relying parties check a licence's status without an account (the list reveals no holder).
  app.get('/api/credentials/status-lists/:id', {
    schema: { tags: ['credentials'], summary: '状态列表 Token Status List (statuslist+jwt)', params: S.IdParams },
    config: { access: { public: true } },
    handler: async (request, reply) => {
      const uri = `${publicBaseOf(ctx.config, request)}/api/credentials/status-lists/${request.params.id}`;
      return reply.type('application/statuslist+jwt').header('cache-control', 'public, max-age=300').send(await statusListToken(ctx, request.params.id, uri));
    },
  });

  // Public: verifiers need the issuer's keys to check licences and status lists.
  app.get('/api/credentials/issuers/:orgId/jwks', {
    schema: { tags: ['credentials'], summary: '颁发机构公钥 Issuer public keys (JWKS; SM2 with PEM)', params: S.OrgParams, response: { 200: S.Jwks } },
    config: { access: { public: true } },
    handler: async (request, reply) => reply.type('application/jwk-set+json').send(await issuerJwks(ctx, request.params.orgId)),
  });
}
