// The services a consuming system can discover, after X-Road's metaservices: every published service
// (listMethods), those it may call (allowedMethods), and one service's OpenAPI description (getOpenAPI),
// generated from the catalog entry and, for a calling system, narrowed to what its grant returns.
import { AppError } from '../../kernel/errors.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { publishedEntries, type CatalogItem } from '../catalog/index.ts';
import { grantFor } from './grant-cache.ts';
import { serviceCodeOf } from './model.ts';
import { grants } from './repository.ts';
import { BINDING_VERSION, serviceResource } from './services.ts';

export interface ServiceSummary {
  serviceCode: string;
  resourceCode: string;
  entryId: string;
  name: string;
  providerName: string;
  shareType: string;
  modes: string[];
  grantId: string | null;
  grantStatus: string | null;
}

/** Published services (接口 or 库表); for a calling system with its grant, and only usable ones when `allowed`. */
export async function listServices(ctx: PlatformContext, principal: Principal, allowed: boolean): Promise<ServiceSummary[]> {
  const entries = (await publishedEntries(ctx)).filter((e) => e.shareType !== 'none' && e.shareModes.some((m) => m === 'api' || m === 'table'));
  const held = principal.kind === 'client' ? new Map((await grants.forClient(ctx.db, principal.id)).map((g) => [g.entry_id, g])) : new Map();
  const today = shanghaiDay(ctx.clock.now());
  const out = entries.map((e) => {
    const g = held.get(e.id);
    return {
      serviceCode: serviceCodeOf(e.code),
      resourceCode: e.code,
      entryId: e.id,
      name: e.name,
      providerName: e.providerName,
      shareType: e.shareType,
      modes: e.shareModes.filter((m) => m !== 'file'),
      grantId: g?.id ?? null,
      grantStatus: g ? (g.status === 'active' && g.valid_until < today ? 'expired' : g.status) : null,
    };
  });
  return allowed ? out.filter((s) => s.grantStatus === 'active') : out;
}

function itemSchema(item: CatalogItem): Record<string, unknown> {
  const base: Record<string, unknown> = { title: item.name, description: item.mask !== 'none' ? `${item.name}（脱敏规则：${item.mask}，授权允许时返回原值）` : item.name };
  switch (item.type) {
    case 'string':
      return { ...base, type: ['string', 'null'], ...(item.length ? { maxLength: item.length } : {}) };
    case 'integer':
      return { ...base, type: ['integer', 'string', 'null'], description: `${item.name}（整数；超出 2^53 时以字符串表示以免精度丢失）` };
    case 'decimal':
      return { ...base, type: ['string', 'null'], pattern: '^-?\\d+(\\.\\d+)?$' };
    case 'date':
      return { ...base, type: ['string', 'null'], format: 'date' };
    case 'datetime':
      return { ...base, type: ['string', 'null'], format: 'date-time' };
    case 'boolean':
      return { ...base, type: ['boolean', 'null'] };
  }
}

const problem = { description: 'application/problem+json (RFC 9457) with a stable `code`', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

/** The OpenAPI 3.1 description of one service; a calling system sees its grant's items, keys and modes. */
export async function serviceOpenApi(ctx: PlatformContext, principal: Principal, serviceCode: string): Promise<Record<string, unknown>> {
  const resource = await serviceResource(ctx, serviceCode);
  if (!resource) throw new AppError('SHARING_SERVICE_NOT_FOUND');
  const { table, content } = resource;
  let items = table.items;
  let keys = table.items.map((i) => i.code);
  let modes = content.shareModes.filter((m) => m !== 'file');
  if (principal.kind === 'client') {
    const found = await grantFor(ctx.db, principal.id, table.entryId);
    if (found.grant) {
      items = table.items.filter((i) => found.grant.items.includes(i.code));
      keys = found.grant.query_keys;
      modes = found.grant.modes;
    }
  }
  const base = `/api/services/${serviceCode}`;
  const headers = [
    { name: 'X-End-User', in: 'header', required: true, description: '代表哪位经办人调用（用户名或工号），记入调用记录', schema: { type: 'string', maxLength: 200 } },
    { name: 'X-Business-Ref', in: 'header', required: false, description: '办件编号等业务流水号，记入调用记录', schema: { type: 'string', maxLength: 200 } },
    { name: 'X-CS-Sign', in: 'header', required: false, description: '为 1 时平台对应答签名（X-CS-Signature）', schema: { type: 'string', enum: ['1'] } },
  ];
  const bound = {
    'X-CS-Call-Id': { schema: { type: 'string' } },
    'X-CS-Timestamp': { schema: { type: 'string', format: 'date-time' } },
    'X-CS-Request-Hash': { schema: { type: 'string' } },
    'X-CS-Response-Hash': { schema: { type: 'string' } },
    'X-CS-Signature': { schema: { type: 'string' }, description: 'Ed25519, base64, over the binding text; only when X-CS-Sign: 1' },
  };
  const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 429: problem };
  const paths: Record<string, unknown> = {};
  if (modes.includes('api')) {
    paths[`${base}/lookup/{item}/{value}`] = {
      get: {
        operationId: 'lookup',
        summary: `按查询条件查询${content.name}`,
        parameters: [
          { name: 'item', in: 'path', required: true, schema: { type: 'string', enum: keys } },
          { name: 'value', in: 'path', required: true, schema: { type: 'string' } },
          ...headers,
        ],
        responses: { 200: { description: '匹配的记录（最多 100 条）', headers: bound, content: { 'application/json': { schema: { type: 'object', properties: { records: { type: 'array', items: { $ref: '#/components/schemas/Record' } } } } } } }, ...errors },
      },
    };
    paths[`${base}/records`] = {
      get: {
        operationId: 'list',
        summary: `分页列出${content.name}（在授权的行范围内，可按查询条件筛选）`,
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          ...keys.map((k) => ({ name: k, in: 'query', required: false, schema: { type: 'string' } })),
          ...headers,
        ],
        responses: { 200: { description: '一页记录', headers: bound, content: { 'application/json': { schema: { type: 'object', properties: { records: { type: 'array', items: { $ref: '#/components/schemas/Record' } }, page: { type: 'integer' }, pageSize: { type: 'integer' }, hasMore: { type: 'boolean' } } } } } }, ...errors },
      },
    };
  }
  if (modes.includes('table')) {
    paths[`${base}/export.csv`] = {
      get: { operationId: 'export', summary: '批量导出授权范围内的全部记录（CSV，UTF-8 BOM，首行为信息项代码）', parameters: headers, responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...errors } },
    };
    paths[`${base}/changes`] = {
      get: {
        operationId: 'changes',
        summary: '增量变更：游标之后的每一次变更（按序号递增，deleted 为删除）',
        parameters: [
          { name: 'after', in: 'query', schema: { type: 'string', pattern: '^\\d+$', default: '0' }, description: '上次应答的 next' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } },
          ...headers,
        ],
        responses: { 200: { description: '变更', headers: bound, content: { 'application/json': { schema: { type: 'object', properties: { changes: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, deleted: { type: 'boolean' }, record: { $ref: '#/components/schemas/Record' } } } }, next: { type: 'string' }, hasMore: { type: 'boolean' } } } } } }, ...errors },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${content.name}（${table.code}）`,
      version: String(table.version),
      description: `${content.summary}\n\n共享类型：${content.shareType}${content.shareConditions ? `；共享条件：${content.shareConditions}` : ''}。每次调用均记录；应答以 ${BINDING_VERSION} 绑定请求，签名验证见 docs/data-services.md。`,
      'x-provider': content.category,
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: '调用系统的接口密钥' } },
      schemas: {
        Record: { type: 'object', properties: Object.fromEntries(items.map((i) => [i.code, itemSchema(i)])), additionalProperties: false },
        Problem: { type: 'object', properties: { code: { type: 'string' }, title: { type: 'string' }, detail: { type: 'string' }, status: { type: 'integer' }, retryAfterSeconds: { type: 'integer' } } },
      },
    },
  };
}
