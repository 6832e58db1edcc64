// The 免证办 vocabulary and its pure rules: evidence types and their providers, what a piece of evidence looks
// like when shown and released, its digest, the conclusion drawn from records (婚姻状况 from the latest
// registration), masking of licence claims, and whether an application was served without paper.
import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { MaskRule } from '../catalog/index.ts';

/** How a provider's records are summed up for the citizen and the clerk: a fixed text, or the latest record's value. */
export type Conclusion =
  | { kind: 'fixed'; text: string }
  /** The record with the greatest `dateItem`; its `valueItem` through `map` (a value not in the map is shown as it is). */
  | { kind: 'latest'; dateItem: string; valueItem: string; map: Record<string, string> };

/** A licence of the credentials module held by the citizen (their ID number is the holder's). */
export interface LicenceProvider {
  kind: 'licence';
  typeCode: string;
  /** Claims released; all of the type's fields when absent. */
  fields?: string[];
  conclusion?: Conclusion;
}

/** A catalog resource read through a sharing grant held by the handling department's system. */
export interface ResourceProvider {
  kind: 'resource';
  entryId: string;
  grantId: string;
  /** Query keys looked up with the citizen's ID number, each in turn (男方 and 女方 公民身份号码); records are merged. */
  keyItems: string[];
  /** Items released (only those the grant covers ever appear). */
  fields: string[];
  conclusion?: Conclusion;
  /**
   * Set when the resource is authoritative: "no record" is then itself the evidence, with this conclusion
   * (未婚（无婚姻登记记录）). Unset: no record means this provider has no answer, and the next one is asked.
   */
  noRecord?: string | null;
}

export type Provider = LicenceProvider | ResourceProvider;

export interface EvidenceType {
  code: string;
  name: string;
  description: string | null;
  providers: Provider[];
}

export const ITEM_STATUSES = ['active', 'inactive'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const APPLICATION_STATUSES = ['previewed', 'submitted', 'cancelled'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const DECISIONS = ['pending', 'confirmed', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

export type Value = string | number | boolean | null;

/** One piece of evidence as the citizen sees it in the preview and the department receives it: nothing more. */
export interface EvidencePayload {
  evidence: { code: string; name: string };
  provider: { kind: Provider['kind']; name: string; source: string };
  /** The answer in words (已婚, 未婚（无婚姻登记记录）), when the type draws one. */
  conclusion: string | null;
  /** True when the authoritative source holds no record: that absence is the evidence. */
  noRecord: boolean;
  fields: Array<{ code: string; name: string }>;
  records: Array<Record<string, Value>>;
}

/** SHA-256 over the RFC 8785 canonical JSON: equal content, equal digest, whatever the key order. */
export const payloadDigest = (p: EvidencePayload): string => hash('sha256', canonicalize(p) ?? '', 'hex');

/** A JSON-safe value (dates as YYYY-MM-DD or ISO text, big integers as text). */
export function plainValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** The conclusion drawn from the records (null when the provider draws none). */
export function concludeFrom(conclusion: Conclusion | undefined, records: Array<Record<string, unknown>>): string | null {
  if (!conclusion || !records.length) return null;
  if (conclusion.kind === 'fixed') return conclusion.text;
  const latest = [...records].sort((a, b) => String(b[conclusion.dateItem] ?? '').localeCompare(String(a[conclusion.dateItem] ?? '')))[0]!;
  const value = latest[conclusion.valueItem];
  if (value === null || value === undefined) return null;
  return conclusion.map[String(value)] ?? String(value);
}

/**
 * Records with only the released fields, each once (two look-ups may find the same registration), in a fixed
 * order: the source answers in no particular order, and the digest must not change with it.
 */
export function project(records: Array<Record<string, unknown>>, fields: string[]): Array<Record<string, Value>> {
  const byKey = new Map<string, Record<string, Value>>();
  for (const r of records) {
    const row = Object.fromEntries(fields.map((f) => [f, plainValue(r[f])]));
    byKey.set(canonicalize(row) ?? '', row);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** How a personal licence claim of someone other than the holder is masked (a spouse's name and ID number). */
export function licenceMask(fieldCode: string): MaskRule {
  if (/id_number$/.test(fieldCode)) return 'citizen_id';
  if (/(name|owner)$/.test(fieldCode)) return 'name';
  if (/mobile|phone/.test(fieldCode)) return 'mobile';
  if (/address|location/.test(fieldCode)) return 'address';
  return 'full';
}

/** Problems of a provider list that can be seen without the database (each named, all at once). */
export function providerProblems(providers: Provider[]): string[] {
  // No provider at all is allowed: a type declared before any department can give it online (paper for now).
  const problems: string[] = [];
  providers.forEach((p, i) => {
    const at = `第 ${i + 1} 个提供方 provider ${i + 1}`;
    if (p.kind === 'resource') {
      if (!p.keyItems.length) problems.push(`${at}：缺少查询条件 keyItems`);
      if (!p.fields.length) problems.push(`${at}：缺少提供的信息项 fields`);
    }
    if (p.conclusion?.kind === 'latest') {
      const items = p.fields;
      if (items && (!items.includes(p.conclusion.dateItem) || !items.includes(p.conclusion.valueItem))) problems.push(`${at}：结论所用的信息项须在提供的信息项中 the conclusion's items must be among the fields`);
    }
  });
  return problems;
}

/** Served without paper: every piece of evidence was fetched and confirmed, so the citizen brought nothing. */
export const servedWithoutPaper = (pieces: Array<{ outcome: 'fetched' | 'missing'; decision: Decision }>): boolean =>
  pieces.every((p) => p.outcome === 'fetched' && p.decision === 'confirmed');

/** 申请编号: SQ + the Shanghai day + a sequence. */
export const applicationNumber = (day: string, n: number): string => `SQ${day.replace(/-/g, '')}${String(n).padStart(6, '0')}`;
