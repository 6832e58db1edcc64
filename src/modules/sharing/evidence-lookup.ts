// 免证办 look-ups: the evidence module reads a catalog resource for a citizen's application through a grant held
// by the handling department's system. The call goes down the data-service path itself (callService): live
// grant, validity, share mode, rate and daily quota, granted query key, granted items only, the row filter,
// masking unless the grant lets the plain value through, the response binding, and a record in the call log
// written before the answer is used. Nothing here bypasses a check a consuming system would pass through.
import { AppError } from '../../kernel/errors.ts';
import type { PlatformContext } from '../../server/context.ts';
import { serviceCodeOf } from './model.ts';
import { grants } from './repository.ts';
import { callService, serviceResource, type Caller, type DataServiceDeps } from './services.ts';

export interface EvidenceLookup {
  /** The grant named by the evidence provider; a grant that replaced it for the same system is used instead. */
  grantId: string;
  /** The organisation whose system must hold the grant (the handling department; its subtree counts too). */
  heldByOrgId: string;
  keyItem: string;
  keyValue: string;
  /** Whom the call is made for (the applicant, masked) and the business it serves (the application number). */
  endUser: string;
  businessRef: string;
  /** Unique per look-up: the call log finds the call by it. */
  requestId: string;
}

export interface EvidenceLookupResult {
  /** The call's id in the call log (shr_calls), or null when the source had no record (also logged, 404). */
  callId: string | null;
  grantId: string;
  resourceCode: string;
  resourceName: string;
  providerOrgId: string;
  /** Granted items in catalog order, with their names: the columns of `records`. */
  items: Array<{ code: string; name: string }>;
  /** Matching records as the grant shows them (masked where it says so); empty when none. */
  records: Array<Record<string, unknown>>;
  /** The response hash that binds the answer to its call (see docs/data-services.md). */
  responseHash: string | null;
}

/**
 * One look-up for evidence, recorded in the call log like any data-service call. Throws the sharing error a
 * consuming system would get (no grant, suspended, expired, key not granted, quota, ...) when it may not read.
 */
export async function lookupForEvidence(ctx: PlatformContext, deps: DataServiceDeps, q: EvidenceLookup): Promise<EvidenceLookupResult> {
  const named = await grants.byId(ctx.db, q.grantId);
  if (!named) throw new AppError('SHARING_NO_GRANT');
  // The handling department's own system must hold it: a grant is never lent to another department, not
  // even one below it (a bureau's grant was approved for the bureau's purpose).
  if (named.consumer_org_id !== q.heldByOrgId) throw new AppError('SHARING_NO_GRANT');
  const serviceCode = serviceCodeOf(named.resource_code);
  const caller: Caller = {
    clientId: named.client_id,
    consumerOrgId: named.consumer_org_id,
    endUser: q.endUser,
    businessRef: q.businessRef,
    requestId: q.requestId,
    method: 'GET',
    url: `/api/services/${serviceCode}/lookup/${encodeURIComponent(q.keyItem)}/${encodeURIComponent(q.keyValue)}`,
    sign: false,
  };
  const resource = await serviceResource(ctx, serviceCode);
  const names = new Map((resource?.table.items ?? []).map((i) => [i.code, i.name]));
  const base = { grantId: named.id, resourceCode: named.resource_code, resourceName: named.resource_name, providerOrgId: named.provider_org_id };
  try {
    const answer = await callService(deps, caller, serviceCode, { op: 'lookup', item: q.keyItem, value: q.keyValue });
    const records = (JSON.parse(answer.body) as { records: Array<Record<string, unknown>> }).records;
    const codes = records.length ? Object.keys(records[0]!) : [];
    return { ...base, callId: answer.headers['x-cs-call-id'] ?? null, responseHash: answer.headers['x-cs-response-hash'] ?? null, items: codes.map((code) => ({ code, name: names.get(code) ?? code })), records };
  } catch (err) {
    if (err instanceof AppError && err.code === 'SHARING_RECORD_NOT_FOUND') return { ...base, callId: null, responseHash: null, items: [], records: [] };
    throw err;
  }
}
