// 数据服务: the read path of a consuming system. Every call is authenticated (API key), names the end user it
// acts for, is checked against the system's live grant, rate- and quota-limited, answers only granted items
// (masked unless the grant allows the plain value) within the grant's row filter, binds its answer to its
// request by hash (signed by the platform on request), and is recorded in the call log before it leaves.
import { hash } from 'node:crypto';
import { AppError, type ErrorCode } from '../../kernel/errors.ts';
import { newTimeOrderedId } from '../../kernel/ids.ts';
import { shanghaiDay } from '../../kernel/workdays.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue, publishedResource, type CatalogEntryContent, type CatalogItem } from '../catalog/index.ts';
import { baseSqlType, column, keyItems, keyJsonSql, qualified, resourceTableByCode, type ResourceTable } from '../ingest/index.ts';
import type { CallRecorder, GrantLimits } from './calls.ts';
import { grantFor } from './grant-cache.ts';
import { OPERATION_MODE, resourceCodeOf, type Operation } from './model.ts';
import type { CallRecord, GrantRow } from './repository.ts';

/** A published resource offered as a data service. */
export interface ServiceResource {
  table: ResourceTable;
  content: CatalogEntryContent;
}

const SERVICE_CACHE_MS = 5_000;
const serviceCaches = new WeakMap<PlatformContext, Map<string, { value: Promise<ServiceResource | null>; until: number }>>();

/** The resource behind a service code, published and shared (cached for a few seconds). */
export async function serviceResource(ctx: PlatformContext, serviceCode: string): Promise<ServiceResource | null> {
  let serviceCache = serviceCaches.get(ctx);
  if (!serviceCache) serviceCaches.set(ctx, (serviceCache = new Map()));
  const hit = serviceCache.get(serviceCode);
  if (hit && hit.until > performance.now()) return hit.value;
  if (serviceCache.size > 5_000) serviceCache.clear();
  // Concurrent calls share one load.
  const value = loadService(ctx, serviceCode);
  serviceCache.set(serviceCode, { value, until: performance.now() + SERVICE_CACHE_MS });
  value.catch(() => serviceCache.delete(serviceCode));
  return value;
}

async function loadService(ctx: PlatformContext, serviceCode: string): Promise<ServiceResource | null> {
  const table = /^[A-Za-z0-9]+-\d+$/.test(serviceCode) ? await resourceTableByCode(ctx.db, resourceCodeOf(serviceCode)) : null;
  const published = table ? await publishedResource(ctx.db, table.entryId) : null;
  return table && published && published.content.shareType !== 'none' ? { table, content: published.content } : null;
}

/** Who calls, for whom, and how the answer is to be bound. */
export interface Caller {
  clientId: string;
  consumerOrgId: string;
  endUser: string | null;
  businessRef: string | null;
  requestId: string;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  sign: boolean;
}

/** A call's answer: JSON text and the headers that bind it to its request. */
export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  rows: number;
}

export interface DataServiceDeps {
  ctx: PlatformContext;
  recorder: CallRecorder;
  limits: GrantLimits;
}

const isDataException = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && /^22[0-9A-Z]{3}$/.test((err as { code: string }).code);

const sha256 = (data: string | Buffer): string => hash('sha256', data, 'hex');

/** Version tag of the binding text; see docs/data-services.md. */
export const BINDING_VERSION = 'CITYSTACK-DS-1';

/** The request's digest: method, path with query as sent, end user, request id. */
export const requestDigest = (c: Pick<Caller, 'method' | 'url' | 'endUser' | 'requestId'>): string =>
  sha256(`${c.method}\n${c.url}\n${c.endUser ?? ''}\n${c.requestId}`);

/** The text a response hash covers and the platform signs. */
export const bindingText = (callId: string, timestamp: string, reqDigest: string, body: string | Buffer): string =>
  `${BINDING_VERSION}\n${callId}\n${timestamp}\n${reqDigest}\n${sha256(body)}`;

interface Plan {
  resource: ServiceResource;
  grant: GrantRow;
  /** Granted items that the table still has, in catalog order. */
  items: CatalogItem[];
}

/** The checks every operation shares, in the order a caller would want to learn about them. */
async function authorise(deps: DataServiceDeps, caller: Caller, serviceCode: string, op: Operation, record: Partial<CallRecord>): Promise<Plan> {
  const resource = await serviceResource(deps.ctx, serviceCode);
  const mode = OPERATION_MODE[op];
  if (!resource || !resource.content.shareModes.includes(mode)) throw new AppError('SHARING_SERVICE_NOT_FOUND');
  record.entryId = resource.table.entryId;
  record.providerOrgId = resource.table.providerOrgId;
  record.resourceCode = resource.table.code;
  if (!caller.endUser) throw new AppError('SHARING_END_USER_REQUIRED');
  const found = await grantFor(deps.ctx.db, caller.clientId, resource.table.entryId);
  if (!found.grant) throw new AppError(found.denied);
  const grant = found.grant;
  record.grantId = grant.id;
  record.purpose = grant.purpose;
  if (grant.status === 'suspended') throw new AppError('SHARING_GRANT_SUSPENDED', grant.status_reason ? { zh: `授权已暂停：${grant.status_reason}`, en: `The grant is suspended: ${grant.status_reason}` } : undefined);
  if (grant.valid_until < shanghaiDay(deps.ctx.clock.now())) throw new AppError('SHARING_GRANT_EXPIRED', { zh: `授权有效期至 ${grant.valid_until}，已过期，请申请续期`, en: `The grant ran until ${grant.valid_until}; ask for a renewal` });
  if (!grant.modes.includes(mode)) throw new AppError('SHARING_MODE_NOT_GRANTED');
  const items = resource.table.items.filter((i) => grant.items.includes(i.code));
  record.items = items.map((i) => i.code);
  deps.limits.takeRate(grant);
  await deps.limits.takeQuota(grant);
  return { resource, grant, items };
}

/** Row filter of the grant as SQL, appending its parameters. */
function rowFilterSql(grant: GrantRow, params: unknown[]): string {
  return grant.row_filter.map((c) => ` and ${column(c.item)}::text = any($${params.push(c.values)}::text[])`).join('');
}

/** A record with only granted items, masked unless the grant lets the plain value through. */
function present(plan: Plan, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of plan.items) {
    const raw = row[item.code];
    // int8 may arrive as a BigInt (embedded database): keep it exact and JSON-safe.
    const v = typeof raw === 'bigint' ? (Number.isSafeInteger(Number(raw)) ? Number(raw) : raw.toString()) : raw;
    out[item.code] = item.mask !== 'none' && !plan.grant.plain_items.includes(item.code) ? maskValue(item.mask, v) : (v ?? null);
  }
  return out;
}

const selectList = (items: CatalogItem[]): string => items.map((i) => column(i.code)).join(', ');

export type ServiceOperation =
  | { op: 'lookup'; item: string; value: string }
  | { op: 'list'; filters: Record<string, string>; page: number; pageSize: number }
  | { op: 'changes'; after: number; limit: number };

/**
 * Runs one call and records it; the answer carries the binding headers. A refusal is recorded too and then
 * thrown as the AppError the caller sees.
 */
export async function callService(deps: DataServiceDeps, caller: Caller, serviceCode: string, operation: ServiceOperation): Promise<Answer> {
  const started = performance.now();
  const at = deps.ctx.clock.now();
  const callId = newTimeOrderedId();
  const reqDigest = requestDigest(caller);
  const record: Partial<CallRecord> = {};
  const finish = async (status: number, code: string | null, rows: number, responseHash: string | null): Promise<void> => {
    try {
      await deps.recorder.record({
        id: callId, at, clientId: caller.clientId, consumerOrgId: caller.consumerOrgId, grantId: record.grantId ?? null, entryId: record.entryId ?? null,
        providerOrgId: record.providerOrgId ?? null, resourceCode: record.resourceCode ?? null, operation: operation.op, endUser: caller.endUser?.slice(0, 200) ?? null,
        businessRef: caller.businessRef?.slice(0, 200) ?? null, purpose: record.purpose ?? null, items: record.items ?? null, queryHash: reqDigest, rows, status, code,
        latencyMs: performance.now() - started, requestId: caller.requestId, responseHash, signed: caller.sign && responseHash !== null,
      });
    } catch {
      // No record, no answer: the call is refused rather than left untraceable.
      throw new AppError('SHARING_CALL_LOG_UNAVAILABLE');
    }
  };
  let result: { body: unknown; rows: number; status?: number; code?: ErrorCode };
  try {
    const plan = await authorise(deps, caller, serviceCode, operation.op, record);
    result = await run(deps, plan, operation);
  } catch (err) {
    if (err instanceof AppError) await finish(err.status, err.code, 0, null);
    // A value the database cannot read as the key's type (a date "2026-13-45"): the caller's mistake, answered 400.
    else if (isDataException(err)) await finish(400, 'VALIDATION_FAILED', 0, null);
    throw err;
  }
  const body = JSON.stringify(result.body);
  const timestamp = at.toISOString();
  const binding = bindingText(callId, timestamp, reqDigest, body);
  const responseHash = sha256(binding);
  const headers: Record<string, string> = {
    'x-cs-call-id': callId,
    'x-cs-timestamp': timestamp,
    'x-cs-request-hash': reqDigest,
    'x-cs-response-hash': responseHash,
  };
  if (caller.sign) {
    headers['x-cs-signature'] = deps.ctx.signer.sign(binding);
    headers['x-cs-key-id'] = deps.ctx.signer.keyId;
  }
  const status = result.status ?? 200;
  await finish(status, result.code ?? null, result.rows, responseHash);
  return { status, body, headers, rows: result.rows };
}

async function run(deps: DataServiceDeps, plan: Plan, operation: ServiceOperation): Promise<{ body: unknown; rows: number }> {
  const { table } = plan.resource;
  const db = deps.ctx.db;
  const params: unknown[] = [];
  switch (operation.op) {
    case 'lookup': {
      if (!plan.grant.query_keys.includes(operation.item)) throw new AppError('SHARING_KEY_NOT_GRANTED');
      const item = table.items.find((i) => i.code === operation.item);
      if (!item) throw new AppError('SHARING_KEY_NOT_GRANTED');
      params.push(operation.value);
      const { rows } = await db.query<Record<string, unknown>>(
        `select ${selectList(plan.items)} from ${qualified(table.tableName)} where ${column(item.code)} = $1::${baseSqlType(item)} and not _deleted${rowFilterSql(plan.grant, params)} limit 100`,
        params,
      );
      if (!rows.length) throw new AppError('SHARING_RECORD_NOT_FOUND');
      return { body: { records: rows.map((r) => present(plan, r)) }, rows: rows.length };
    }
    case 'list': {
      let where = 'not _deleted';
      for (const [code, value] of Object.entries(operation.filters)) {
        const item = table.items.find((i) => i.code === code);
        if (!item || !plan.grant.query_keys.includes(code)) throw new AppError('SHARING_KEY_NOT_GRANTED', { zh: `不能以 ${code} 筛选：授权的查询条件为 ${plan.grant.query_keys.join('、') || '无'}`, en: `cannot filter by ${code}; the granted query keys are ${plan.grant.query_keys.join(', ') || 'none'}` });
        where += ` and ${column(code)} = $${params.push(value)}::${baseSqlType(item)}`;
      }
      where += rowFilterSql(plan.grant, params);
      // Ordered by change sequence, not by key: the order of hidden or masked key values must not show.
      const { rows } = await db.query<Record<string, unknown>>(
        `select ${selectList(plan.items)} from ${qualified(table.tableName)} where ${where} order by _seq limit $${params.push(operation.pageSize + 1)} offset $${params.push((operation.page - 1) * operation.pageSize)}`,
        params,
      );
      const page = rows.slice(0, operation.pageSize);
      return { body: { records: page.map((r) => present(plan, r)), page: operation.page, pageSize: operation.pageSize, hasMore: rows.length > operation.pageSize }, rows: page.length };
    }
    case 'changes': {
      params.push(operation.after);
      const keys = keyItems(table.items);
      // With a row filter, a record that has left the grant's rows since (its filter item changed) must reach
      // the consumer as a deletion, or its copy keeps it for ever. It left if it no longer matches but matched
      // in some earlier state (the history keeps each changed item as [old, new]); records that never matched
      // stay unseen.
      const filter = plan.grant.row_filter;
      const matches = (value: (item: string) => string) =>
        filter.length ? filter.map((c) => `${value(c.item)} = any($${params.push(c.values)}::text[])`).join(' and ') : 'true';
      const inFilter = matches((item) => `t.${column(item)}::text`);
      const leftFilter = filter.length
        ? `exists (select 1 from ${qualified(table.tableName, '__history')} h where h.key = ${keyJsonSql(keys, 't')} and ${matches((item) => `(case when h.diff ? '${item}' then h.diff->'${item}'->>0 else t.${column(item)}::text end)`)})`
        : 'false';
      const { rows } = await db.query<Record<string, unknown> & { _seq: string; _deleted: boolean; _in: boolean }>(
        `select ${plan.items.map((i) => `t.${column(i.code)}`).join(', ')}, t._seq::text as _seq, t._deleted, (${inFilter}) as _in
           from ${qualified(table.tableName)} t
          where t._seq > $1 and ((${inFilter}) or ${leftFilter})
          order by t._seq limit $${params.push(operation.limit)}`,
        params,
      );
      const keyCodes = keys.map((i) => i.code);
      const changes = rows.map((r) => {
        const record = present(plan, r);
        const gone = r._deleted || !r._in;
        // A deleted record (or one that left the grant's rows) is named by its key only.
        return { seq: Number(r._seq), deleted: gone, record: gone ? Object.fromEntries(keyCodes.map((k) => [k, record[k] ?? null])) : record };
      });
      const next = changes.length ? changes[changes.length - 1]!.seq : operation.after;
      return { body: { changes, next: String(next), hasMore: rows.length === operation.limit }, rows: rows.length };
    }
  }
}

/**
 * 库表 mode bulk export: the grant's rows as CSV (UTF-8 with BOM), read in keyset pages so memory stays flat.
 * The call is recorded when the last row is written, before the stream ends.
 */
export async function* exportCsv(deps: DataServiceDeps, caller: Caller, serviceCode: string, onCursor: (cursor: string) => void = () => undefined): AsyncGenerator<string> {
  const started = performance.now();
  const at = deps.ctx.clock.now();
  const record: Partial<CallRecord> = {};
  const finish = (status: number, code: string | null, rows: number) =>
    deps.recorder.record({
      id: newTimeOrderedId(), at, clientId: caller.clientId, consumerOrgId: caller.consumerOrgId, grantId: record.grantId ?? null, entryId: record.entryId ?? null,
      providerOrgId: record.providerOrgId ?? null, resourceCode: record.resourceCode ?? null, operation: 'export', endUser: caller.endUser?.slice(0, 200) ?? null,
      businessRef: caller.businessRef?.slice(0, 200) ?? null, purpose: record.purpose ?? null, items: record.items ?? null, queryHash: requestDigest(caller), rows, status, code,
      latencyMs: performance.now() - started, requestId: caller.requestId, responseHash: null, signed: false,
    });
  let plan: Plan;
  try {
    plan = await authorise(deps, caller, serviceCode, 'export', record);
  } catch (err) {
    if (err instanceof AppError) await finish(err.status, err.code, 0);
    throw err;
  }
  const { table } = plan.resource;
  const csvField = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // The change-feed cursor to continue from: every change after the export began has a larger sequence
  // number, so `changes?after=<cursor>` brings the copy up to date (a record may arrive twice, never missing).
  const { rows: high } = await deps.ctx.db.query<{ seq: string }>(`select coalesce(max(_seq), 0)::text as seq from ${qualified(table.tableName)}`);
  onCursor(high[0]!.seq);
  let total = 0;
  let complete = false;
  try {
    // Item codes head the columns: the consumer loads them into its own copy of the table.
    yield '\uFEFF' + plan.items.map((i) => i.code).join(',') + '\r\n';
    let after = 0;
    for (;;) {
      const params: unknown[] = [after];
      // The cursor is selected under its own name: aliased `_seq`, "order by _seq" would sort its text ('10' < '9').
      const { rows } = await deps.ctx.db.query<Record<string, unknown> & { _cursor: string }>(
        `select ${selectList(plan.items)}, _seq::text as _cursor from ${qualified(table.tableName)} where _seq > $1 and not _deleted${rowFilterSql(plan.grant, params)} order by _seq limit 2000`,
        params,
      );
      if (!rows.length) break;
      let chunk = '';
      for (const r of rows) {
        const shown = present(plan, r);
        chunk += plan.items.map((i) => csvField(shown[i.code])).join(',') + '\r\n';
      }
      total += rows.length;
      after = Number(rows[rows.length - 1]!._cursor);
      yield chunk;
      if (rows.length < 2000) break;
    }
    complete = true;
  } finally {
    // Recorded whether the stream ends or the caller goes away mid-way (499: rows may have left already).
    await finish(complete ? 200 : 499, complete ? null : 'CLIENT_CLOSED', total);
  }
}
