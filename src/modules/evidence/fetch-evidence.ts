// Finding one piece of evidence for a citizen: the evidence type's providers are asked in order and the first
// that answers wins. A licence answers when the citizen holds a live one; a resource answers when the handling
// department's grant lets it read a record for the citizen's ID number, or — when the resource is authoritative
// — that there is none (未婚（无婚姻登记记录）). Every resource look-up is a data-service call in the call log.
// Nothing here is stored or released: the caller seals the result as a preview or, after confirmation, releases it.
import { AppError } from '../../kernel/errors.ts';
import type { PlatformContext } from '../../server/context.ts';
import { maskValue } from '../catalog/index.ts';
import { licencesOfHolder } from '../credentials/index.ts';
import { orgSummaries } from '../directory/index.ts';
import { lookupForEvidence } from '../sharing/index.ts';
import { dataServiceDeps } from '../sharing/index.ts';
import { concludeFrom, licenceMask, plainValue, project, type EvidencePayload, type EvidenceType, type LicenceProvider, type ResourceProvider, type Value } from './model.ts';
import type { CallRef } from './repository.ts';

/** Who the evidence is for and on whose behalf it is read. */
export interface FetchContext {
  idNumber: string;
  /** Shown in the call log as the end user (masked). */
  applicantLabel: string;
  applicationNumber: string;
  /** The handling department: the resource grant must be held by its system. */
  handlingOrgId: string;
  /** The HTTP request's id; each look-up's own request id is derived from it. */
  requestId: string;
  /** 'preview' or 'release', told apart in the call log. */
  phase: 'preview' | 'release';
}

export type Fetched =
  | { outcome: 'fetched'; payload: EvidencePayload; calls: CallRef[] }
  | { outcome: 'missing'; reason: string; calls: CallRef[] };

/** Asks the type's providers in order; the first answer is the evidence. */
export async function fetchEvidence(ctx: PlatformContext, type: EvidenceType, who: FetchContext): Promise<Fetched> {
  const calls: CallRef[] = [];
  const reasons: string[] = [];
  for (const [index, provider] of type.providers.entries()) {
    const answer = provider.kind === 'licence'
      ? await fromLicence(ctx, type, provider, who)
      : await fromResource(ctx, type, provider, who, `${who.requestId}/${who.phase}/${type.code}/${index}`, calls);
    if (answer.payload) return { outcome: 'fetched', payload: answer.payload, calls };
    reasons.push(answer.reason);
  }
  const reason = reasons.length ? reasons.join('；') : '尚未接入可提供该材料的部门';
  return { outcome: 'missing', reason, calls };
}

type Answer = { payload: EvidencePayload; reason?: undefined } | { payload?: undefined; reason: string };

async function fromLicence(ctx: PlatformContext, type: EvidenceType, provider: LicenceProvider, who: FetchContext): Promise<Answer> {
  const [licence] = await licencesOfHolder(ctx, who.idNumber, provider.typeCode);
  if (!licence) return { reason: `未找到您持有的有效电子证照（${provider.typeCode}）` };
  const fields = licence.fields.filter((f) => !provider.fields || provider.fields.includes(f.code));
  // The holder's own name and number are shown as they are; other people's personal data (a spouse) masked.
  const shown: Record<string, Value> = {};
  for (const f of fields) {
    const v = plainValue(licence.claims[f.code]);
    shown[f.code] = f.personal && !licence.holderFields.includes(f.code) ? (maskValue(licenceMask(f.code), v) as Value) : v;
  }
  return {
    payload: {
      evidence: { code: type.code, name: type.name },
      provider: { kind: 'licence', name: `${licence.typeName}（${licence.issuerName}）`, source: licence.identifier },
      conclusion: concludeFrom(provider.conclusion, [licence.claims]),
      noRecord: false,
      fields: fields.map((f) => ({ code: f.code, name: f.name })),
      records: [shown],
    },
  };
}

async function fromResource(ctx: PlatformContext, type: EvidenceType, provider: ResourceProvider, who: FetchContext, requestId: string, calls: CallRef[]): Promise<Answer> {
  const records: Array<Record<string, unknown>> = [];
  const granted = new Map<string, string>();
  let source: { resourceCode: string; resourceName: string; providerOrgId: string } | null = null;
  for (const [n, keyItem] of provider.keyItems.entries()) {
    try {
      const r = await lookupForEvidence(ctx, dataServiceDeps(ctx), {
        grantId: provider.grantId, heldByOrgId: who.handlingOrgId, keyItem, keyValue: who.idNumber,
        endUser: who.applicantLabel, businessRef: `${who.applicationNumber} ${type.name}`, requestId: `${requestId}/${n}`,
      });
      calls.push({ requestId: `${requestId}/${n}`, callId: r.callId, grantId: r.grantId });
      source = r;
      for (const i of r.items) granted.set(i.code, i.name);
      records.push(...r.records);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      calls.push({ requestId: `${requestId}/${n}`, callId: null, grantId: provider.grantId });
      // The grant does not let the handling department read it now: this provider has no answer.
      return { reason: `数据共享授权不可用（${err.detail?.zh ?? err.code}）` };
    }
  }
  if (!source) return { reason: '数据共享授权不可用' };
  const providerName = (await orgSummaries(ctx.db, [source.providerOrgId])).get(source.providerOrgId)?.name ?? '';
  const base = {
    evidence: { code: type.code, name: type.name },
    provider: { kind: 'resource' as const, name: `${source.resourceName}（${providerName}）`, source: source.resourceCode },
  };
  if (!records.length) {
    if (provider.noRecord) return { payload: { ...base, conclusion: provider.noRecord, noRecord: true, fields: [], records: [] } };
    return { reason: `${source.resourceName}中没有您的记录` };
  }
  const fields = provider.fields.filter((f) => granted.has(f));
  return {
    payload: {
      ...base,
      conclusion: concludeFrom(provider.conclusion, records),
      noRecord: false,
      fields: fields.map((code) => ({ code, name: granted.get(code)! })),
      records: project(records, fields),
    },
  };
}
