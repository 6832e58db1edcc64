// The pure rules of 免证办: conclusions, projection, digests, masking choice, provider checks, paper-free.
import { describe, expect, it } from 'vitest';
import { applicationNumber, concludeFrom, licenceMask, payloadDigest, project, providerProblems, servedWithoutPaper, type EvidencePayload } from './model.ts';

const STATUS = { kind: 'latest' as const, dateItem: 'djrq', valueItem: 'djlx', map: { 结婚: '已婚', 复婚: '已婚', 离婚: '离婚' } };

describe('conclusions', () => {
  it('takes the latest registration: married, divorced, remarried', () => {
    const married = { djrq: '2016-03-01', djlx: '结婚' };
    const divorced = { djrq: '2019-07-12', djlx: '离婚' };
    expect(concludeFrom(STATUS, [married])).toBe('已婚');
    expect(concludeFrom(STATUS, [divorced, married])).toBe('离婚');
    expect(concludeFrom(STATUS, [married, divorced, { djrq: '2023-01-05', djlx: '复婚' }])).toBe('已婚');
    expect(concludeFrom(STATUS, [{ djrq: '2020-01-01', djlx: '补领' }])).toBe('补领');
    expect(concludeFrom(STATUS, [])).toBeNull();
    expect(concludeFrom({ kind: 'fixed', text: '已婚' }, [{}])).toBe('已婚');
    expect(concludeFrom(undefined, [married])).toBeNull();
  });
});

describe('projection and digest', () => {
  it('keeps only released fields, each record once, in an order independent of the source', () => {
    const a = { djzh: 'J1', djrq: new Date('2020-05-20T00:00:00Z'), secret: 'x', n: 10n };
    const b = { djzh: 'J0', djrq: null, secret: 'y', n: 2n };
    const one = project([a, b, a], ['djzh', 'djrq', 'n']);
    // Ordered by canonical JSON text, so two answers in different orders project alike.
    expect(one).toEqual([{ djzh: 'J1', djrq: '2020-05-20T00:00:00.000Z', n: 10 }, { djzh: 'J0', djrq: null, n: 2 }]);
    expect(project([b, a], ['djzh', 'djrq', 'n'])).toEqual(one);
  });

  it('gives equal content the same digest whatever the key order, and any change another', () => {
    const p: EvidencePayload = {
      evidence: { code: 'marriage_status', name: '婚姻状况' }, provider: { kind: 'resource', name: '婚姻登记信息（潍坊市民政局）', source: 'WF/1' },
      conclusion: '已婚', noRecord: false, fields: [{ code: 'djzh', name: '登记证字号' }], records: [{ djzh: 'J1' }],
    };
    const reordered = JSON.parse(JSON.stringify({ records: p.records, fields: p.fields, noRecord: false, conclusion: '已婚', provider: p.provider, evidence: p.evidence })) as EvidencePayload;
    expect(payloadDigest(reordered)).toBe(payloadDigest(p));
    expect(payloadDigest({ ...p, records: [{ djzh: 'J2' }] })).not.toBe(payloadDigest(p));
    expect(payloadDigest({ ...p, conclusion: '离婚' })).not.toBe(payloadDigest(p));
  });
});

describe('rules', () => {
  it('masks other people\'s licence claims by what they are', () => {
    expect(licenceMask('spouse_id_number')).toBe('citizen_id');
    expect(licenceMask('spouse_name')).toBe('name');
    expect(licenceMask('owner')).toBe('name');
    expect(licenceMask('address')).toBe('address');
    expect(licenceMask('birth_date')).toBe('full');
  });

  it('names provider problems and allows a type with no provider yet', () => {
    expect(providerProblems([])).toEqual([]);
    expect(providerProblems([{ kind: 'resource', entryId: 'e', grantId: 'g', keyItems: [], fields: ['djzh'], conclusion: { ...STATUS } }])).toHaveLength(2);
    expect(providerProblems([{ kind: 'licence', typeCode: 'JHZ' }])).toEqual([]);
  });

  it('counts an application as served without paper only when every piece was fetched and confirmed', () => {
    expect(servedWithoutPaper([{ outcome: 'fetched', decision: 'confirmed' }, { outcome: 'fetched', decision: 'confirmed' }])).toBe(true);
    expect(servedWithoutPaper([{ outcome: 'fetched', decision: 'confirmed' }, { outcome: 'fetched', decision: 'declined' }])).toBe(false);
    expect(servedWithoutPaper([{ outcome: 'missing', decision: 'pending' }])).toBe(false);
    expect(applicationNumber('2026-11-25', 42)).toBe('SQ20261125000042');
  });
});
