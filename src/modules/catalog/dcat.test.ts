// The DCAT-AP 3 export: parsed offline as JSON-LD into RDF and validated with SHACL against
// shapes/dcat-ap-min.ttl; three mutations prove the shapes can fail; no item values or workflow text leak.
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DatasetCore, Term } from '@rdfjs/types';
import rdf from '@zazuko/env-node';
import jsonld from 'jsonld';
import SHACLValidator from 'rdf-validate-shacl';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_RIGHTS_IRIS, datasetIri, FREQUENCY_IRIS, publisherIri, toDcatAp, type DcatApDocument, type JsonLdNode } from './dcat.ts';
import { UPDATE_FREQUENCIES, type CatalogEntryView, type CatalogItem } from './model.ts';

const BASE = 'https://data.weifang.gov.cn';
const SHAPES = fileURLToPath(new URL('./shapes/dcat-ap-min.ttl', import.meta.url));

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
};

// Synthetic identifiers (checksum-valid, as demo/weifang.ts builds them): USCCs of 潍坊市公安局 and 潍坊市民政局,
// and a citizen ID (奎文区, born 1988-06-15) that must never appear in the export.
const USCC_GA = '11370700WF0000024C';
const USCC_MZ = '11370700WF00000327';
const CITIZEN_ID = '370702198806154326';

const GA_ORG = '5b0c7a8e-2f4d-4c1e-9a3b-000000000002';
const MZ_ORG = '5b0c7a8e-2f4d-4c1e-9a3b-000000000003';

function item(code: string, name: string, type: CatalogItem['type'], extra: Partial<CatalogItem> = {}): CatalogItem {
  return { code, name, type, length: type === 'string' ? 64 : null, scale: null, required: true, key: false, sensitivity: 'internal', mask: 'none', ...extra };
}

// A richer row than CatalogItem, as a caller might pass (e.g. joined with data profiling): the extra field sits
// next to the item's name and carries a real-looking citizen ID. The exporter must pick fields, not spread them.
const profiledCitizenIdItem = {
  ...item('gmsfhm', '公民身份号码', 'string', { length: 18, key: true, sensitivity: 'personal', mask: 'citizen_id' }),
  sampleValue: CITIZEN_ID,
};

/** 户籍人口基本信息 (潍坊市公安局): 有条件开放, real-time, by interface and table. */
const HUJI: CatalogEntryView = {
  id: '0f6c3a52-7d1b-4e8a-b5f0-1a2b3c4d0001',
  code: 'WF0000024/000001',
  providerOrgId: GA_ORG,
  providerName: '潍坊市公安局',
  providerUscc: USCC_GA,
  status: 'published',
  version: 3,
  publishedAt: '2026-03-02T01:30:00.000Z',
  // A reviewer's earlier return reason that quoted a record: workflow text, never part of the export.
  returnReason: `样例记录 ${CITIZEN_ID} 的户籍地址与库表不一致，请核实`,
  createdAt: '2026-01-05T02:00:00.000Z',
  updatedAt: '2026-03-02T01:30:00.000Z',
  name: '户籍人口基本信息',
  summary: '潍坊市户籍人口的身份、出生、户籍地址和户口登记机关等基本信息，由市公安局人口管理信息系统实时汇聚。',
  resourceClass: 'base',
  category: '人口',
  format: '数据库表',
  updateFrequency: 'realtime',
  shareType: 'conditional',
  shareConditions: '仅限依法履职需要核验户籍信息的部门，经市公安局审核同意后使用',
  notSharedBasis: null,
  shareModes: ['api', 'table'],
  openType: 'conditional',
  dataGrade: 'core',
  relatedCodes: ['WF0000032/000001', 'WF0000024/000007'],
  items: [
    profiledCitizenIdItem,
    item('xm', '姓名', 'string', { sensitivity: 'personal', mask: 'name' }),
    item('xb', '性别', 'string', { length: 1 }),
    item('csrq', '出生日期', 'date', { sensitivity: 'personal' }),
    item('hjdz', '户籍地址', 'string', { length: 200, sensitivity: 'personal', mask: 'address' }),
    item('hkdjjg', '户口登记机关', 'string', { length: 100 }),
  ],
};

/** 婚姻登记信息 (潍坊市民政局): 有条件开放, daily, by interface and file. */
const HUNYIN: CatalogEntryView = {
  id: '0f6c3a52-7d1b-4e8a-b5f0-1a2b3c4d0002',
  code: 'WF0000032/000001',
  providerOrgId: MZ_ORG,
  providerName: '潍坊市民政局',
  providerUscc: USCC_MZ,
  status: 'published',
  version: 1,
  publishedAt: '2026-02-16T07:00:00.000Z',
  returnReason: null,
  createdAt: '2026-01-20T02:00:00.000Z',
  updatedAt: '2026-02-16T07:00:00.000Z',
  name: '婚姻登记信息',
  summary: '全市各婚姻登记机关办理的结婚、离婚登记及补发婚姻登记证信息。',
  resourceClass: 'theme',
  category: '婚姻',
  format: '电子表格',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '用于户籍、社保、不动产登记等业务中核验婚姻状况',
  notSharedBasis: null,
  shareModes: ['api', 'file'],
  openType: 'conditional',
  dataGrade: 'important',
  relatedCodes: ['WF0000024/000001'],
  items: [
    item('djlx', '登记类型', 'string', { length: 10 }),
    item('djrq', '登记日期', 'date'),
    item('djjg', '登记机关', 'string', { length: 100 }),
    item('nfsfzh', '男方身份证号', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
    item('nvfsfzh', '女方身份证号', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }),
  ],
};

/** 在逃人员信息 (潍坊市公安局): 不予开放, so not in the public catalogue at all. */
const ZAITAO: CatalogEntryView = {
  id: '0f6c3a52-7d1b-4e8a-b5f0-1a2b3c4d0007',
  code: 'WF0000024/000007',
  providerOrgId: GA_ORG,
  providerName: '潍坊市公安局',
  providerUscc: USCC_GA,
  status: 'published',
  version: 2,
  publishedAt: '2026-01-10T03:00:00.000Z',
  returnReason: null,
  createdAt: '2026-01-06T02:00:00.000Z',
  updatedAt: '2026-01-10T03:00:00.000Z',
  name: '在逃人员信息',
  summary: '公安机关网上追逃的在逃人员身份、案由及立案单位信息。',
  resourceClass: 'department',
  category: '社会治安',
  format: '数据库表',
  updateFrequency: 'realtime',
  shareType: 'conditional',
  shareConditions: '仅限公安、检察、法院等政法部门依法使用',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'core',
  relatedCodes: ['WF0000024/000001'],
  items: [item('gmsfhm', '公民身份号码', 'string', { length: 18, sensitivity: 'personal', mask: 'citizen_id' }), item('ay', '案由', 'string')],
};

const ENTRIES = [HUJI, HUNYIN, ZAITAO];

// --- RDF helpers --------------------------------------------------------------------------------------------

/** JSON-LD → N-Quads, offline: any attempt to load a remote document fails the test. Safe mode makes jsonld
 * reject (rather than silently drop) any key or value that does not map to an IRI under the inline context. */
async function toNQuads(doc: DcatApDocument): Promise<string> {
  const options = {
    format: 'application/n-quads' as const,
    safe: true,
    documentLoader: (url: string): Promise<never> => Promise.reject(new Error(`remote document requested: ${url}`)),
  };
  const out = await jsonld.toRDF(doc as unknown as jsonld.JsonLdDocument, options as jsonld.Options.ToRdf);
  if (typeof out !== 'string') throw new Error('expected N-Quads text');
  return out;
}

async function toDataset(doc: DcatApDocument): Promise<DatasetCore> {
  const nquads = await toNQuads(doc);
  const stream = rdf.formats.parsers.import('application/n-quads', Readable.from([nquads]));
  if (!stream) throw new Error('no N-Quads parser');
  return rdf.dataset().import(stream);
}

let shapes: DatasetCore;

async function validate(doc: DcatApDocument) {
  const validator = new SHACLValidator(shapes, { factory: rdf });
  return validator.validate(await toDataset(doc));
}

/** The (focus node, path, constraint component) triples of a report's results, as IRIs / labels. */
async function violations(doc: DcatApDocument): Promise<Array<{ focus: string; path: string | null; component: string }>> {
  const report = await validate(doc);
  return report.results.map((r) => ({
    focus: r.focusNode?.value ?? '',
    path: r.path && 'termType' in r.path ? (r.path as Term).value : null,
    component: r.sourceConstraintComponent?.value.replace(NS.sh, 'sh:') ?? '',
  }));
}

const iri = (v: string) => rdf.namedNode(v);

/** Objects of (subject, predicate): a string subject is an IRI, a term is taken as it is (blank nodes). */
function objects(ds: DatasetCore, subject: string | Term, predicate: string): Term[] {
  const s = typeof subject === 'string' ? iri(subject) : subject;
  return [...ds.match(s as Parameters<DatasetCore['match']>[0], iri(predicate), null)].map((q) => q.object);
}

function values(ds: DatasetCore, subject: string | Term, predicate: string): string[] {
  return objects(ds, subject, predicate).map((o) => o.value).sort();
}

// --- the document ------------------------------------------------------------------------------------------

function catalogOf(doc: DcatApDocument): JsonLdNode {
  const node = doc['@graph'].find((n) => n['@type'] === 'dcat:Catalog');
  if (!node) throw new Error('no catalog node');
  return node;
}

function datasetNode(doc: DcatApDocument, entryId: string): JsonLdNode {
  const datasets = catalogOf(doc)['dcat:dataset'] as JsonLdNode[];
  const node = datasets.find((d) => d['@id'] === datasetIri(BASE, entryId));
  if (!node) throw new Error(`no dataset for ${entryId}`);
  return node;
}

function agentNode(doc: DcatApDocument, orgId: string): JsonLdNode {
  const node = doc['@graph'].find((n) => n['@id'] === publisherIri(BASE, orgId));
  if (!node) throw new Error(`no agent for ${orgId}`);
  return node;
}

const HUJI_IRI = datasetIri(BASE, HUJI.id);
const HUNYIN_IRI = datasetIri(BASE, HUNYIN.id);
const ZAITAO_IRI = datasetIri(BASE, ZAITAO.id);
const GA_IRI = publisherIri(BASE, GA_ORG);
const MZ_IRI = publisherIri(BASE, MZ_ORG);

beforeAll(async () => {
  shapes = await rdf.dataset().import(rdf.fromFile(SHAPES));
});

describe('toDcatAp', () => {
  it('exports a DCAT-AP 3 catalogue that parses offline and conforms to the shapes', async () => {
    const doc = toDcatAp(ENTRIES, { baseUrl: `${BASE}/` });
    // An inline context only: prefixes to absolute namespaces, no URL to fetch.
    expect(typeof doc['@context']).toBe('object');
    for (const ns of Object.values(doc['@context'])) expect(ns).toMatch(/^http:\/\/.+[#/]$/);
    expect(Object.keys(doc['@context'])).toEqual(expect.arrayContaining(['dcat', 'dct', 'foaf', 'vcard', 'xsd', 'adms', 'skos']));

    const report = await validate(doc);
    expect(report.results.map((r) => r.message.map((m) => m.value))).toEqual([]);
    expect(report.conforms).toBe(true);

    // The shapes were in force: they target the classes that the export contains.
    const ds = await toDataset(doc);
    const typed = (cls: string) => [...ds.match(null, iri(`${NS.rdf}type`), iri(cls))].length;
    expect(typed(`${NS.dcat}Catalog`)).toBe(1);
    expect(typed(`${NS.dcat}Dataset`)).toBe(2);
    expect(typed(`${NS.dcat}Distribution`)).toBe(4);
    expect(typed(`${NS.dcat}DataService`)).toBe(2);
    expect(typed(`${NS.foaf}Agent`)).toBe(3);
  });

  it('lists only entries of the public catalogue: a 不予开放 entry is absent, also as a relation', async () => {
    const doc = toDcatAp(ENTRIES, { baseUrl: BASE });
    const ds = await toDataset(doc);
    const catalog = `${BASE}/api/catalog`;
    expect(values(ds, catalog, `${NS.dcat}dataset`)).toEqual([HUJI_IRI, HUNYIN_IRI].sort());

    const text = JSON.stringify(doc);
    for (const leak of [ZAITAO.id, ZAITAO.code, ZAITAO.name, ZAITAO.summary, '社会治安']) expect(text).not.toContain(leak);
    expect([...ds.match(iri(ZAITAO_IRI), null, null)]).toHaveLength(0);
    expect([...ds.match(null, null, iri(ZAITAO_IRI))]).toHaveLength(0);
    // 户籍人口基本信息 relates to 婚姻登记信息 (listed) and 在逃人员信息 (not listed): only the first remains.
    expect(values(ds, HUJI_IRI, `${NS.dct}relation`)).toEqual([HUNYIN_IRI]);
    expect(values(ds, HUNYIN_IRI, `${NS.dct}relation`)).toEqual([HUJI_IRI]);
  });

  it('describes the catalogue: bilingual title and description, 潍坊市大数据局 as publisher, language, issued', async () => {
    const ds = await toDataset(toDcatAp(ENTRIES, { baseUrl: BASE }));
    const catalog = `${BASE}/api/catalog`;
    const titles = objects(ds, catalog, `${NS.dct}title`).map((t) => `${t.value}@${'language' in t ? t.language.toLowerCase() : ''}`);
    expect(titles.sort()).toEqual(['Weifang Government Data Resource Catalogue@en', '潍坊市政务数据资源目录@zh-cn']);
    expect(objects(ds, catalog, `${NS.dct}description`)).toHaveLength(2);
    const [publisher] = objects(ds, catalog, `${NS.dct}publisher`);
    expect(values(ds, publisher!, `${NS.foaf}name`)).toEqual(['潍坊市大数据局']);
    expect(values(ds, catalog, `${NS.dct}language`)).toEqual(['http://publications.europa.eu/resource/authority/language/ZHO']);
    // Issued: the earliest publication among the listed datasets (在逃人员信息 was published earlier but is not listed).
    const [issued] = objects(ds, catalog, `${NS.dct}issued`);
    expect(issued?.value).toBe(HUNYIN.publishedAt);
    expect(issued && 'datatype' in issued ? issued.datatype.value : null).toBe(`${NS.xsd}dateTime`);
  });

  it('maps an entry to a dcat:Dataset with its publisher, frequency, access rights, themes and distributions', async () => {
    const ds = await toDataset(toDcatAp(ENTRIES, { baseUrl: BASE }));
    const [title] = objects(ds, HUJI_IRI, `${NS.dct}title`);
    expect(title?.value).toBe('户籍人口基本信息');
    expect(title && 'language' in title ? title.language.toLowerCase() : '').toBe('zh-cn');
    expect(values(ds, HUJI_IRI, `${NS.dct}description`)).toEqual([HUJI.summary]);
    expect(values(ds, HUJI_IRI, `${NS.dct}identifier`)).toEqual([HUJI.code]);
    expect(values(ds, HUJI_IRI, `${NS.dct}issued`)).toEqual([HUJI.publishedAt]);
    expect(values(ds, HUJI_IRI, `${NS.dcat}version`)).toEqual(['3']);

    // Publisher: the providing department, by its directory id, with name and credit code; one node per department.
    expect(values(ds, HUJI_IRI, `${NS.dct}publisher`)).toEqual([GA_IRI]);
    expect(values(ds, GA_IRI, `${NS.foaf}name`)).toEqual(['潍坊市公安局']);
    expect(values(ds, GA_IRI, `${NS.dct}identifier`)).toEqual([USCC_GA]);
    expect(values(ds, HUNYIN_IRI, `${NS.dct}publisher`)).toEqual([MZ_IRI]);

    const [contact] = objects(ds, HUJI_IRI, `${NS.dcat}contactPoint`);
    expect(values(ds, contact!, `${NS.rdf}type`)).toEqual([`${NS.vcard}Organization`]);
    expect(values(ds, contact!, `${NS.vcard}fn`)).toEqual(['潍坊市公安局']);

    expect(values(ds, HUJI_IRI, `${NS.dct}accrualPeriodicity`)).toEqual(['http://publications.europa.eu/resource/authority/frequency/CONT']);
    expect(values(ds, HUNYIN_IRI, `${NS.dct}accrualPeriodicity`)).toEqual(['http://publications.europa.eu/resource/authority/frequency/DAILY']);
    expect(values(ds, HUJI_IRI, `${NS.dct}accessRights`)).toEqual(['http://publications.europa.eu/resource/authority/access-right/RESTRICTED']);

    expect(values(ds, HUJI_IRI, `${NS.dcat}keyword`)).toEqual(['人口', '基础信息资源'].sort());
    expect(values(ds, HUNYIN_IRI, `${NS.dcat}keyword`)).toEqual(['主题信息资源', '婚姻'].sort());
    expect(objects(ds, HUJI_IRI, `${NS.dcat}theme`)).toHaveLength(2);

    // One distribution per share mode, each reachable at the entry's URL; the interface one through a data service.
    expect(values(ds, HUJI_IRI, `${NS.dcat}distribution`)).toEqual([`${HUJI_IRI}#distribution-api`, `${HUJI_IRI}#distribution-table`]);
    expect(values(ds, HUNYIN_IRI, `${NS.dcat}distribution`)).toEqual([`${HUNYIN_IRI}#distribution-api`, `${HUNYIN_IRI}#distribution-file`]);
    for (const mode of ['api', 'table']) {
      expect(values(ds, `${HUJI_IRI}#distribution-${mode}`, `${NS.dcat}accessURL`)).toEqual([HUJI_IRI]);
      expect(values(ds, `${HUJI_IRI}#distribution-${mode}`, `${NS.dct}format`)).toEqual(['数据库表']);
    }
    expect(values(ds, `${HUJI_IRI}#distribution-api`, `${NS.dcat}accessService`)).toEqual([`${HUJI_IRI}#service`]);
    expect(values(ds, `${HUJI_IRI}#service`, `${NS.dcat}endpointURL`)).toEqual([HUJI_IRI]);
    expect(values(ds, `${HUJI_IRI}#distribution-table`, `${NS.dcat}accessService`)).toEqual([]);
  });

  it('maps 无条件开放 to PUBLIC and every update frequency to the EU frequency table', async () => {
    const open: CatalogEntryView = { ...HUNYIN, openType: 'open' };
    const ds = await toDataset(toDcatAp([open], { baseUrl: BASE }));
    expect(values(ds, HUNYIN_IRI, `${NS.dct}accessRights`)).toEqual([ACCESS_RIGHTS_IRIS.open]);
    expect(ACCESS_RIGHTS_IRIS.open).toBe('http://publications.europa.eu/resource/authority/access-right/PUBLIC');

    expect(UPDATE_FREQUENCIES.map((f) => FREQUENCY_IRIS[f].replace(/.*\//, ''))).toEqual(['CONT', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREG']);
    for (const f of UPDATE_FREQUENCIES) {
      const doc = toDcatAp([{ ...HUNYIN, updateFrequency: f }], { baseUrl: BASE });
      expect(values(await toDataset(doc), HUNYIN_IRI, `${NS.dct}accrualPeriodicity`)).toEqual([FREQUENCY_IRIS[f]]);
    }
  });

  it('lists data items only by name and type: no item values, codes or grades, no workflow text', async () => {
    const doc = toDcatAp(ENTRIES, { baseUrl: BASE });
    const json = JSON.stringify(doc);
    const nquads = await toNQuads(doc);
    // The fixture really carries the citizen ID (beside an item's name, and in a return reason)...
    expect(JSON.stringify(HUJI)).toContain(CITIZEN_ID);
    // ...and the export does not, in the JSON-LD or in the RDF it denotes.
    for (const text of [json, nquads]) {
      expect(text).not.toContain(CITIZEN_ID);
      expect(text).not.toContain('sampleValue');
      expect(text).not.toContain('户籍地址与库表不一致'); // the return reason
      expect(text).not.toContain(HUJI.shareConditions!); // internal sharing terms
      for (const code of ['gmsfhm', 'hjdz', 'nfsfzh']) expect(text).not.toContain(code);
      for (const word of ['citizen_id', 'personal', 'sensitivity', 'dataGrade']) expect(text).not.toContain(word);
    }
    // What is there: item names with their types.
    const ds = await toDataset(doc);
    const [description] = values(ds, `${HUJI_IRI}#distribution-api`, `${NS.dct}description`);
    expect(description).toBe('以接口方式提供。信息项：公民身份号码（字符串）、姓名（字符串）、性别（字符串）、出生日期（日期）、户籍地址（字符串）、户口登记机关（字符串）。');
  });

  it('parses strictly: an unmapped key or a remote context would fail the conversion, not pass unnoticed', async () => {
    const doc = toDcatAp([HUNYIN], { baseUrl: BASE });
    const unmapped = structuredClone(doc);
    datasetNode(unmapped, HUNYIN.id)['title'] = '婚姻登记信息';
    await expect(toNQuads(unmapped)).rejects.toThrow(/Safe mode/);
    const remote = { ...doc, '@context': 'https://example.org/dcat-ap.jsonld' } as unknown as DcatApDocument;
    await expect(toNQuads(remote)).rejects.toThrow(/example\.org\/dcat-ap\.jsonld/);
  });

  it('takes the publisher from publisherOf when given', async () => {
    const doc = toDcatAp([HUNYIN], { baseUrl: BASE, publisherOf: (e) => ({ orgId: e.providerOrgId, name: '潍坊市民政局（婚姻登记处）', uscc: null }) });
    const ds = await toDataset(doc);
    expect(values(ds, MZ_IRI, `${NS.foaf}name`)).toEqual(['潍坊市民政局（婚姻登记处）']);
    expect(values(ds, MZ_IRI, `${NS.dct}identifier`)).toEqual([]);
    expect((await validate(doc)).conforms).toBe(true);
  });
});

describe('the shapes fail on a broken export', () => {
  const broken = (mutate: (doc: DcatApDocument) => void): DcatApDocument => {
    const doc = structuredClone(toDcatAp(ENTRIES, { baseUrl: BASE }));
    mutate(doc);
    return doc;
  };

  it('a dataset without dct:description', async () => {
    const doc = broken((d) => {
      delete datasetNode(d, HUNYIN.id)['dct:description'];
    });
    expect(await violations(doc)).toEqual([{ focus: HUNYIN_IRI, path: `${NS.dct}description`, component: 'sh:MinCountConstraintComponent' }]);
  });

  it('a dataset with two publishers', async () => {
    const doc = broken((d) => {
      datasetNode(d, HUJI.id)['dct:publisher'] = [{ '@id': GA_IRI }, { '@id': MZ_IRI }];
    });
    expect(await violations(doc)).toEqual([{ focus: HUJI_IRI, path: `${NS.dct}publisher`, component: 'sh:MaxCountConstraintComponent' }]);
  });

  it('a publisher without foaf:name', async () => {
    const doc = broken((d) => {
      delete agentNode(d, GA_ORG)['foaf:name'];
    });
    expect(await violations(doc)).toEqual([{ focus: GA_IRI, path: `${NS.foaf}name`, component: 'sh:MinCountConstraintComponent' }]);
  });
});
