// HTTP only: schema → access → use case → response.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { staffOf, type App } from '../../server/types.ts';
import { qualityDashboard } from './dashboard.ts';
import { acknowledgeIncident, flagRecord, getIncident, listIncidents, resolveIncident } from './incidents.ts';
import { createRule, listRules, updateRule } from './rule-service.ts';
import { recentRuns, runNow } from './runs.ts';
import * as S from './schemas.ts';

/** Look after a department's data quality: its chief data representative and stewards, and platform admins. */
const MANAGERS = ['platform_admin', 'chief_data_officer', 'data_steward'] as const;
/** Read quality: the managers, and auditors (everything, read only). */
const READERS = [...MANAGERS, 'auditor'] as const;
/** Reviewers flag records by hand (人工筛查) and follow the incidents they opened. */
const REVIEWERS = ['platform_admin', 'approver'] as const;

export function qualityRoutes(app: App, ctx: PlatformContext): void {
  app.get('/api/quality/rules', {
    schema: { tags: ['quality'], summary: '质量规则 Quality rules (of one resource or of every visible one)', querystring: S.RuleQuery, response: { 200: S.RuleList } },
    config: { access: { users: READERS } },
    handler: async (request) => ({ items: await listRules(ctx, request.principal, request.query.entryId) }),
  });

  app.post('/api/quality/rules', {
    schema: { tags: ['quality'], summary: '新增质量规则 Define a rule', body: S.CreateRuleBody, response: { 201: S.Rule } },
    config: { access: { users: MANAGERS } },
    handler: async (request, reply) => reply.code(201).send(await createRule(ctx, staffOf(request), request.body, auditContext(request))),
  });

  app.put('/api/quality/rules/:id', {
    schema: { tags: ['quality'], summary: '修改质量规则 Enable, disable or change a rule', params: S.IdParams, body: S.UpdateRuleBody, response: { 200: S.Rule } },
    config: { access: { users: MANAGERS } },
    handler: async (request) => updateRule(ctx, staffOf(request), request.params.id, request.body, auditContext(request)),
  });

  app.post('/api/quality/resources/:entryId/runs', {
    schema: { tags: ['quality'], summary: '立即检查 Check a resource now', params: S.EntryParams, response: { 201: S.Run } },
    config: { access: { users: MANAGERS } },
    handler: async (request, reply) => reply.code(201).send(await runNow(ctx, staffOf(request), request.params.entryId, auditContext(request))),
  });

  app.get('/api/quality/resources/:entryId/runs', {
    schema: { tags: ['quality'], summary: '检查记录 Recent check runs with their results', params: S.EntryParams, querystring: S.RunQuery, response: { 200: S.RunList } },
    config: { access: { users: READERS } },
    handler: async (request) => ({ items: await recentRuns(ctx, request.principal, request.params.entryId, request.query.limit) }),
  });

  app.get('/api/quality/incidents', {
    schema: { tags: ['quality'], summary: '问题工单 Incidents (filter by status, resource, department, escalation)', querystring: S.IncidentQuery, response: { 200: S.IncidentPage } },
    config: { access: { users: [...READERS, 'approver'] } },
    handler: async (request) => listIncidents(ctx, request.principal, request.query),
  });

  app.get('/api/quality/incidents/:id', {
    schema: { tags: ['quality'], summary: '工单详情 An incident with its latest sample and history', params: S.IdParams, response: { 200: S.IncidentDetail } },
    config: { access: { users: [...READERS, 'approver'] } },
    handler: async (request) => getIncident(ctx, request.principal, request.params.id),
  });

  app.post('/api/quality/incidents/:id/acknowledge', {
    schema: { tags: ['quality'], summary: '确认工单 Acknowledge an incident', params: S.IdParams, body: S.NoteBody, response: { 200: S.IncidentDetail } },
    config: { access: { users: MANAGERS } },
    handler: async (request) => acknowledgeIncident(ctx, staffOf(request), request.params.id, request.body.note, auditContext(request)),
  });

  app.post('/api/quality/incidents/:id/resolve', {
    schema: { tags: ['quality'], summary: '办结人工工单 Resolve a manual incident', params: S.IdParams, body: S.NoteBody, response: { 200: S.IncidentDetail } },
    config: { access: { users: MANAGERS } },
    handler: async (request) => resolveIncident(ctx, staffOf(request), request.params.id, request.body.note, auditContext(request)),
  });

  app.post('/api/quality/flags', {
    schema: { tags: ['quality'], summary: '人工筛查 Flag a record as wrong', body: S.FlagBody, response: { 201: S.FlagResult } },
    config: { access: { users: REVIEWERS } },
    handler: async (request, reply) => reply.code(201).send(await flagRecord(ctx, staffOf(request), request.body, auditContext(request))),
  });

  app.get('/api/quality/dashboard', {
    schema: { tags: ['quality'], summary: '质量看板 Scores per resource and department, history, incident counts', response: { 200: S.Dashboard } },
    config: { access: { users: READERS } },
    handler: async (request) => qualityDashboard(ctx, request.principal),
  });
}
