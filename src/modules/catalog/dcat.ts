// The public catalogue as DCAT-AP 3 JSON-LD (https://semiceu.github.io/DCAT-AP/releases/3.0.0/), so that
// national and international portals can harvest 潍坊's open-data catalogue. Pure: it builds plain JSON
// from catalog entry views and needs no RDF library; shapes/dcat-ap-min.ttl states (in SHACL) what the
// document is guaranteed to satisfy, and dcat.test.ts checks it.
//
// The JSON-LD context is inline (no remote context URL), so a harvester, and our own tests, can turn the
// document into RDF offline.
import type { CatalogEntryView, CatalogItem, ItemType, OpenType, ResourceClass, ShareMode, UpdateFrequency } from './model.ts';

/** A JSON-LD node object or value object. */
export type JsonLdNode = { [key: string]: unknown };

/** The exported document: an inline context and a flat-ish graph (the catalog with its datasets nested in it,
 * then the agents and the theme concepts, each once, referred to by `@id`). */
export interface DcatApDocument {
  '@context': Record<string, string>;
  '@graph': JsonLdNode[];
}

/** An organisation as a DCAT agent (publisher). */
export interface DcatAgentInfo {
  /** Directory organisation id; the agent's IRI is derived from it. Null gives a blank node. */
  orgId: string | null;
  name: string;
  /** Unified social credit code (统一社会信用代码), the agent's dct:identifier when known. */
  uscc: string | null;
}

export interface DcatExportOptions {
  /** Public base URL of the platform, e.g. "https://data.weifang.gov.cn"; trailing slashes are ignored. */
  baseUrl: string;
  /** Chinese title of the catalogue; defaults to 潍坊市政务数据资源目录. */
  catalogTitle?: string;
  /** Publisher of an entry's dataset; defaults to the entry's providing organisation. */
  publisherOf?: (entry: CatalogEntryView) => DcatAgentInfo;
  /** Publisher of the catalogue itself; defaults to 潍坊市大数据局 (the platform operator), as a blank node. */
  catalogPublisher?: DcatAgentInfo;
  /** dct:issued of the catalogue (ISO date-time); defaults to the earliest publication among the datasets. */
  issued?: string;
}

export const DCAT_AP_CONTEXT: Record<string, string> = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  owl: 'http://www.w3.org/2002/07/owl#',
};

type PublicEntry = CatalogEntryView & { openType: Exclude<OpenType, 'none'> };

const ZH = 'zh-CN';
const EU = 'http://publications.europa.eu/resource/authority';

/** EU frequency authority table (the vocabulary DCAT-AP requires for dct:accrualPeriodicity). */
export const FREQUENCY_IRIS: Record<UpdateFrequency, string> = {
  realtime: `${EU}/frequency/CONT`,
  daily: `${EU}/frequency/DAILY`,
  weekly: `${EU}/frequency/WEEKLY`,
  monthly: `${EU}/frequency/MONTHLY`,
  quarterly: `${EU}/frequency/QUARTERLY`,
  yearly: `${EU}/frequency/ANNUAL`,
  irregular: `${EU}/frequency/IRREG`,
};

/** EU access-right authority table for dct:accessRights ('none' never reaches the export). */
export const ACCESS_RIGHTS_IRIS: Record<Exclude<OpenType, 'none'>, string> = {
  open: `${EU}/access-right/PUBLIC`, // 无条件开放
  conditional: `${EU}/access-right/RESTRICTED`, // 有条件开放
};

const CHINESE_LANGUAGE_IRI = `${EU}/language/ZHO`;
/** ADMS publisher type: the departments of a prefecture-level city are local authorities. */
const LOCAL_AUTHORITY_IRI = 'http://purl.org/adms/publishertype/LocalAuthority';

const RESOURCE_CLASS_LABELS: Record<ResourceClass, string> = {
  base: '基础信息资源',
  theme: '主题信息资源',
  department: '部门信息资源',
};
const SHARE_MODE_LABELS: Record<ShareMode, string> = { api: '接口', table: '库表', file: '文件' };
const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  string: '字符串',
  integer: '整数',
  decimal: '小数',
  date: '日期',
  datetime: '日期时间',
  boolean: '布尔',
};

const DEFAULT_CATALOG_TITLE = '潍坊市政务数据资源目录';
const DEFAULT_CATALOG_PUBLISHER: DcatAgentInfo = { orgId: null, name: '潍坊市大数据局', uscc: null };

const zh = (value: string): JsonLdNode => ({ '@value': value, '@language': ZH });
const en = (value: string): JsonLdNode => ({ '@value': value, '@language': 'en' });
const ref = (iri: string): JsonLdNode => ({ '@id': iri });
const dateTime = (value: string): JsonLdNode => ({ '@value': value, '@type': 'xsd:dateTime' });

/** IRI of a catalog entry's dataset (also where its metadata is served). */
export function datasetIri(baseUrl: string, entryId: string): string {
  return `${trimBase(baseUrl)}/api/catalog/entries/${encodeURIComponent(entryId)}`;
}

/** IRI of a publishing organisation. */
export function publisherIri(baseUrl: string, orgId: string): string {
  return `${trimBase(baseUrl)}/api/catalog/publishers/${encodeURIComponent(orgId)}`;
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Builds the public catalogue as one DCAT-AP 3 JSON-LD document: one dcat:Catalog with one dcat:Dataset per
 * entry of the public (open-data) catalogue.
 *
 * The caller passes published entries only. Of those, only entries with `openType !== 'none'` are exported:
 * the public catalogue is governed by the 开放 attribute of GB/T 21063 (无条件开放 → PUBLIC, 有条件开放 →
 * RESTRICTED), and a 不予开放 resource is not listed in it at all, not even as a title. `shareType` (共享) is
 * about sharing between government bodies on the platform and does not decide what the public sees.
 *
 * Data items (信息项) appear only as name and type in the distributions' descriptions; nothing else of an
 * item (code, sensitivity, masking) nor any workflow text (return reasons, share conditions) is exported.
 */
export function toDcatAp(entries: CatalogEntryView[], options: DcatExportOptions): DcatApDocument {
  const base = trimBase(options.baseUrl);
  const publicEntries = entries.filter((e): e is PublicEntry => e.openType !== 'none');
  const idOfCode = new Map(publicEntries.map((e) => [e.code, e.id]));

  const agents = new Map<string, JsonLdNode>();
  const concepts = new Map<string, JsonLdNode>();
  const schemeIri = `${base}/api/catalog/tree`;

  // One node per agent, keyed by organisation id (or by name for an agent without one, as a blank node).
  const agentRef = (info: DcatAgentInfo): JsonLdNode => {
    const key = info.orgId === null ? `name:${info.name}` : `org:${info.orgId}`;
    const existing = agents.get(key);
    if (existing !== undefined) return ref(existing['@id'] as string);
    const iri = info.orgId === null ? `_:agent${agents.size + 1}` : publisherIri(base, info.orgId);
    const node: JsonLdNode = {
      '@id': iri,
      '@type': 'foaf:Agent',
      'foaf:name': zh(info.name),
      'dct:type': ref(LOCAL_AUTHORITY_IRI),
    };
    if (info.uscc) node['dct:identifier'] = info.uscc;
    agents.set(key, node);
    return ref(iri);
  };

  const classConcept = (rc: ResourceClass): string => {
    const iri = `${schemeIri}#${rc}`;
    if (!concepts.has(iri)) {
      concepts.set(iri, {
        '@id': iri,
        '@type': 'skos:Concept',
        'skos:prefLabel': zh(RESOURCE_CLASS_LABELS[rc]),
        'skos:inScheme': ref(schemeIri),
        'skos:topConceptOf': ref(schemeIri),
      });
    }
    return iri;
  };

  const categoryConcept = (rc: ResourceClass, category: string): string => {
    const iri = `${schemeIri}#${rc}/${encodeURIComponent(category)}`;
    if (!concepts.has(iri)) {
      concepts.set(iri, {
        '@id': iri,
        '@type': 'skos:Concept',
        'skos:prefLabel': zh(category),
        'skos:inScheme': ref(schemeIri),
        'skos:broader': ref(classConcept(rc)),
      });
    }
    return iri;
  };

  const services: JsonLdNode[] = [];

  const datasets = publicEntries.map((e): JsonLdNode => {
    const iri = datasetIri(base, e.id);
    const accessRights = { '@id': ACCESS_RIGHTS_IRIS[e.openType], '@type': 'dct:RightsStatement' };
    const publisher = options.publisherOf?.(e) ?? { orgId: e.providerOrgId, name: e.providerName, uscc: e.providerUscc };
    const themes = [categoryConcept(e.resourceClass, e.category), classConcept(e.resourceClass)];
    const itemsText = describeItems(e.items);

    const distributions = e.shareModes.map((mode): JsonLdNode => {
      const dist: JsonLdNode = {
        '@id': `${iri}#distribution-${mode}`,
        '@type': 'dcat:Distribution',
        'dct:title': zh(`${e.name}（${SHARE_MODE_LABELS[mode]}）`),
        'dct:description': zh(`以${SHARE_MODE_LABELS[mode]}方式提供。${itemsText}`),
        'dcat:accessURL': ref(iri),
        // GB/T 21063 formats (数据库表, 电子表格, ...) have no counterpart in the EU file-type table: plain text.
        'dct:format': zh(e.format),
      };
      if (mode === 'api') {
        const serviceIri = `${iri}#service`;
        const service: JsonLdNode = {
          '@id': serviceIri,
          '@type': 'dcat:DataService',
          'dct:title': zh(`${e.name}接口服务`),
          'dcat:endpointURL': ref(iri),
          'dcat:servesDataset': ref(iri),
          'dct:accessRights': accessRights,
        };
        services.push(ref(serviceIri));
        dist['dcat:accessService'] = service;
      }
      return dist;
    });

    const dataset: JsonLdNode = {
      '@id': iri,
      '@type': 'dcat:Dataset',
      'dct:title': zh(e.name),
      'dct:description': zh(e.summary),
      'dct:identifier': e.code,
      'adms:identifier': { '@type': 'adms:Identifier', 'skos:notation': e.code, 'adms:schemeAgency': 'GB/T 21063 政务信息资源目录' },
      'dct:publisher': agentRef(publisher),
      'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': zh(publisher.name) },
      'dct:accrualPeriodicity': { '@id': FREQUENCY_IRIS[e.updateFrequency], '@type': 'dct:Frequency' },
      'dct:accessRights': accessRights,
      'dct:language': { '@id': CHINESE_LANGUAGE_IRI, '@type': 'dct:LinguisticSystem' },
      'dcat:theme': themes.map(ref),
      'dcat:keyword': [zh(e.category), zh(RESOURCE_CLASS_LABELS[e.resourceClass])],
      'dcat:version': String(e.version),
      'owl:versionInfo': String(e.version),
      'dcat:distribution': distributions,
    };
    if (e.publishedAt !== null) dataset['dct:issued'] = dateTime(e.publishedAt);
    // Relations only to datasets of this catalogue: a related 不予开放 resource stays unmentioned.
    const related = e.relatedCodes.flatMap((code) => {
      const id = idOfCode.get(code);
      return id === undefined || id === e.id ? [] : [ref(datasetIri(base, id))];
    });
    if (related.length > 0) dataset['dct:relation'] = related;
    return dataset;
  });

  const published = publicEntries.map((e) => e.publishedAt).filter((d): d is string => d !== null).sort();
  const issued = options.issued ?? published[0] ?? new Date().toISOString();
  const modified = published.at(-1);

  const catalog: JsonLdNode = {
    '@id': `${base}/api/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': [zh(options.catalogTitle ?? DEFAULT_CATALOG_TITLE), en('Weifang Government Data Resource Catalogue')],
    'dct:description': [
      zh('潍坊市政务数据资源目录中面向社会开放（无条件开放、有条件开放）的数据资源，依据 GB/T 21063 编目。'),
      en('The data resources of the Weifang government data resource catalogue that are open to the public (openly or on conditions), catalogued after GB/T 21063.'),
    ],
    'dct:publisher': agentRef(options.catalogPublisher ?? DEFAULT_CATALOG_PUBLISHER),
    'dct:language': { '@id': CHINESE_LANGUAGE_IRI, '@type': 'dct:LinguisticSystem' },
    'dct:issued': dateTime(issued),
    'foaf:homepage': ref(`${base}/`),
    'dcat:themeTaxonomy': ref(schemeIri),
    'dcat:dataset': datasets,
  };
  if (modified !== undefined) catalog['dct:modified'] = dateTime(modified);
  if (services.length > 0) catalog['dcat:service'] = services;

  const scheme: JsonLdNode = {
    '@id': schemeIri,
    '@type': 'skos:ConceptScheme',
    'dct:title': zh('政务信息资源分类（GB/T 21063）'),
  };

  return {
    '@context': { ...DCAT_AP_CONTEXT },
    '@graph': [catalog, ...agents.values(), scheme, ...concepts.values()],
  };
}

/** "信息项：公民身份号码（字符串）、姓名（字符串）": names and types only, never codes, grades or values. */
function describeItems(items: CatalogItem[]): string {
  if (items.length === 0) return '';
  return `信息项：${items.map((i) => `${i.name}（${ITEM_TYPE_LABELS[i.type]}）`).join('、')}。`;
}
