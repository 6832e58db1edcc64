// HTTP only: schema → access → use case → response. Staff keep evidence types and service items and handle
// applications under /api/evidence; citizens apply, preview and confirm under /api/citizen (where their
// session cookie is sent).
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { staffOf, type App } from '../../server/types.ts';
import { citizenOf } from '../citizens/index.ts';
import { applyForItem, cancelApplication, confirmApplication, getMyApplication, listMyApplications, previewAgain } from './applications.ts';
import { createEvidenceType, createItem, listEvidenceTypes, listItems, setItemStatus } from './catalogue.ts';
import { getHandledApplication, listHandledApplications } from './handling.ts';
import { HANDLER_ROLES, ITEM_KEEPER_ROLES } from './policy.ts';
import * as S from './schemas.ts';
import { evidenceStats } from './stats.ts';

const ITEM_KEEPERS = ['platform_admin', ...ITEM_KEEPER_ROLES] as const;
const STATS_READERS = ['platform_admin', ...HANDLER_ROLES] as const;

export function evidenceRoutes(app: App, ctx: PlatformContext): void {
  app.get('/api/evidence/types', {
    schema: { tags: ['evidence'], summary: '证明材料类型 Evidence types and their providers', response: { 200: S.EvidenceTypeList } },
    config: { access: { users: 'staff' } },
    handler: async () => listEvidenceTypes(ctx),
  });

  app.post('/api/evidence/types', {
    schema: { tags: ['evidence'], summary: '新增证明材料类型 Declare an evidence type', body: S.EvidenceTypeBody, response: { 201: S.EvidenceTypeView } },
    config: { access: { users: ['platform_admin'] } },
    handler: async (request, reply) => reply.code(201).send(await createEvidenceType(ctx, staffOf(request), request.body, auditContext(request))),
  });

  app.get('/api/evidence/items', {
    schema: { tags: ['evidence'], summary: '政务服务事项 Service items and the evidence they need', response: { 200: S.ItemList } },
    config: { access: { users: 'staff' } },
    handler: async () => listItems(ctx, false),
  });

  app.post('/api/evidence/items', {
    schema: { tags: ['evidence'], summary: '新增政务服务事项 Create a service item of a department', body: S.ItemBody, response: { 201: S.ItemView } },
    config: { access: { users: ITEM_KEEPERS } },
    handler: async (request, reply) => reply.code(201).send(await createItem(ctx, staffOf(request), request.body, auditContext(request))),
  });

  app.post('/api/evidence/items/:id/status', {
    schema: { tags: ['evidence'], summary: '开办或暂停事项 Open or close an item for applications', params: S.IdParams, body: S.ItemStatusBody, response: { 200: S.ItemView } },
    config: { access: { users: ITEM_KEEPERS } },
    handler: async (request) => setItemStatus(ctx, staffOf(request), request.params.id, request.body.status, auditContext(request)),
  });

  app.get('/api/evidence/applications', {
    schema: { tags: ['evidence'], summary: '受理办件 Submitted applications of your departments\' items', querystring: S.HandledQuery, response: { 200: S.HandledPage } },
    config: { access: { users: HANDLER_ROLES } },
    handler: async (request) => listHandledApplications(ctx, staffOf(request), request.query),
  });

  app.get('/api/evidence/applications/:id', {
    schema: { tags: ['evidence'], summary: '办件详情 One submitted application with the evidence released to you', params: S.IdParams, response: { 200: S.HandledApplication } },
    config: { access: { users: HANDLER_ROLES } },
    handler: async (request) => getHandledApplication(ctx, staffOf(request), request.params.id, auditContext(request)),
  });

  app.get('/api/evidence/stats', {
    schema: { tags: ['evidence'], summary: '免证办统计 Items served without paper', response: { 200: S.Stats } },
    config: { access: { users: STATS_READERS } },
    handler: async (request) => evidenceStats(ctx, staffOf(request)),
  });

  app.get('/api/citizen/service-items', {
    schema: { tags: ['citizen'], summary: '可办事项 Service items open for applications', response: { 200: S.ItemList } },
    config: { access: { citizens: true } },
    handler: async () => listItems(ctx, true),
  });

  app.get('/api/citizen/applications', {
    schema: { tags: ['citizen'], summary: '我的办件 My applications', response: { 200: S.CitizenApplicationList } },
    config: { access: { citizens: true } },
    handler: async (request) => listMyApplications(ctx, citizenOf(request)),
  });

  app.post('/api/citizen/applications', {
    schema: { tags: ['citizen'], summary: '申请办理 Apply: the evidence is fetched and shown for confirmation, not yet released', body: S.ApplyBody, response: { 201: S.CitizenApplication } },
    // Each fetch is a recorded data-service call against the department's grant and its daily quota.
    config: { access: { citizens: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    handler: async (request, reply) => reply.code(201).send(await applyForItem(ctx, citizenOf(request), request.body.itemId, auditContext(request))),
  });

  app.get('/api/citizen/applications/:id', {
    schema: { tags: ['citizen'], summary: '办件详情 My application with its evidence', params: S.IdParams, response: { 200: S.CitizenApplication } },
    config: { access: { citizens: true } },
    handler: async (request) => getMyApplication(ctx, citizenOf(request), request.params.id),
  });

  app.post('/api/citizen/applications/:id/preview', {
    schema: { tags: ['citizen'], summary: '重新预览 Fetch the evidence again and replace the preview', params: S.IdParams, response: { 200: S.CitizenApplication } },
    // Each fetch is a recorded data-service call against the department's grant and its daily quota.
    config: { access: { citizens: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    handler: async (request) => previewAgain(ctx, citizenOf(request), request.params.id, auditContext(request)),
  });

  app.post('/api/citizen/applications/:id/confirm', {
    schema: { tags: ['citizen'], summary: '确认并提交 Confirm the preview: release the evidence and submit', params: S.IdParams, body: S.ConfirmBody, response: { 200: S.CitizenApplication } },
    config: { access: { citizens: true } },
    handler: async (request) => confirmApplication(ctx, citizenOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/citizen/applications/:id/cancel', {
    schema: { tags: ['citizen'], summary: '撤回申请 Give up an application before confirming', params: S.IdParams, response: { 200: S.CitizenApplication } },
    config: { access: { citizens: true } },
    handler: async (request) => cancelApplication(ctx, citizenOf(request), request.params.id, auditContext(request)),
  });
}
