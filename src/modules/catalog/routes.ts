// HTTP only: schema → access → use case → present.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { principalOf, type App } from '../../server/types.ts';
import * as S from './schemas.ts';
import { toDcatAp } from './dcat.ts';
import * as catalog from './service.ts';
import { publicBaseOf } from '../../server/public-url.ts';

const EDITORS = ['platform_admin', 'chief_data_officer', 'data_steward'] as const;

export function catalogRoutes(app: App, ctx: PlatformContext): void {
  app.get('/api/catalog/dcat.jsonld', {
    schema: { tags: ['catalog'], summary: '开放目录 DCAT-AP 3 (JSON-LD) of the public part of the catalog' },
    config: { access: { public: true } },
    handler: async (request, reply) => {
      const baseUrl = publicBaseOf(ctx.config, request);
      const doc = toDcatAp(await catalog.publishedEntries(ctx), { baseUrl });
      return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(doc));
    },
  });

  app.get('/api/catalog/entries', {
    schema: { tags: ['catalog'], summary: '目录检索 Search the catalog', querystring: S.EntryQuery, response: { 200: S.EntryPage } },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => catalog.searchEntries(ctx, request.principal, request.query),
  });

  app.get('/api/catalog/tree', {
    schema: { tags: ['catalog'], summary: '目录树 Catalog tree by class or provider', querystring: S.TreeQuery, response: { 200: S.Tree } },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => catalog.catalogTree(ctx, request.query.by),
  });

  app.get('/api/catalog/entries/:id', {
    schema: { tags: ['catalog'], summary: '目录详情 Catalog entry', params: S.IdParams, response: { 200: S.Entry } },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => catalog.getEntry(ctx, request.principal, request.params.id),
  });

  app.get('/api/catalog/entries/:id/versions', {
    schema: { tags: ['catalog'], summary: '历史版本 Published versions', params: S.IdParams, response: { 200: S.Versions } },
    config: { access: { users: 'staff', clients: true } },
    handler: async (request) => catalog.entryVersions(ctx, request.principal, request.params.id),
  });

  app.post('/api/catalog/entries', {
    schema: { tags: ['catalog'], summary: '编目 Register a resource (draft)', body: S.CreateBody, response: { 201: S.Entry } },
    config: { access: { users: EDITORS } },
    handler: async (request, reply) => reply.code(201).send(await catalog.createEntry(ctx, principalOf(request), request.body, auditContext(request))),
  });

  app.put('/api/catalog/entries/:id', {
    schema: { tags: ['catalog'], summary: '修改草稿 Update the draft', params: S.IdParams, body: S.Content, response: { 200: S.Entry } },
    config: { access: { users: EDITORS } },
    handler: async (request) => catalog.updateDraft(ctx, principalOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/catalog/entries/:id/submit', {
    schema: { tags: ['catalog'], summary: '提交审核 Submit for review', params: S.IdParams, response: { 200: S.Entry } },
    config: { access: { users: EDITORS } },
    handler: async (request) => catalog.submitEntry(ctx, principalOf(request), request.params.id, auditContext(request)),
  });

  app.post('/api/catalog/entries/:id/publish', {
    schema: { tags: ['catalog'], summary: '审核发布 Publish', params: S.IdParams, response: { 200: S.Entry } },
    config: { access: { users: ['platform_admin'] } },
    handler: async (request) => catalog.publishEntry(ctx, principalOf(request), request.params.id, auditContext(request)),
  });

  app.post('/api/catalog/entries/:id/return', {
    schema: { tags: ['catalog'], summary: '退回修改 Return with reasons', params: S.IdParams, body: S.ReturnBody, response: { 200: S.Entry } },
    config: { access: { users: ['platform_admin'] } },
    handler: async (request) => catalog.returnEntry(ctx, principalOf(request), request.params.id, request.body.reason, auditContext(request)),
  });
}
