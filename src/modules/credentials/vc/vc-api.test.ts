// The VC-API on a whole platform (real routes, real database, no mocks): issuing W3C VC 2.0 credentials
// with Data Integrity proofs, verifying credentials and presentations, status changes seen by verifiers
// through the Bitstring Status List, and the VC 2.0 data-model rules on the way in and out.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { HOUR, ManualClock } from '../../../kernel/clock.ts';
import { statusAt, VC_STATUS_LIST_SIZE } from './bitstring.ts';
import { documentLoader } from './contexts.ts';

const clock = new ManualClock('2026-11-25T09:00:00+08:00');
const V2 = 'https://www.w3.org/ns/credentials/v2';
const BASE = 'http://localhost:80';
/**
 * The final VC 2.0 context has no @vocab: an issuer defines its own terms (an undefined one makes the
 * JSON-LD canonicaliser refuse the credential). Inline here; a real issuer would publish a context.
 */
const MARRIAGE = {
  MarriageCertificate: 'https://vocab.citystack.dev/MarriageCertificate',
  spouse: 'https://schema.org/spouse',
  registeredOn: { '@id': 'https://vocab.citystack.dev/registeredOn', '@type': 'http://www.w3.org/2001/XMLSchema#date' },
};

let p: TestPlatform;
let mzOrg: string;
let holder: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
let holderDid: string;

type Doc = Record<string, unknown>;
const as = async (who: string | null, url: string, payload: object) =>
  p.app.inject({ method: 'POST', url, payload, headers: who === null ? {} : who === 'client' ? { authorization: `Bearer ${p.demoApiKey}` } : { cookie: await p.signIn(who) } });
const unsigned = (extra: Doc = {}): Doc => ({
  '@context': [V2, MARRIAGE],
  type: ['VerifiableCredential', 'MarriageCertificate'],
  credentialSubject: { id: holderDid, name: '王建一', spouse: '李秀一', registeredOn: '2026-05-20' },
  ...extra,
});
const issue = async (extra: Doc = {}, who = 'mz_cdo'): Promise<Doc> => {
  const res = await as(who, '/credentials/issue', { credential: unsigned(extra) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().verifiableCredential;
};
const verify = async (credential: unknown) => {
  const res = await as(null, '/credentials/verify', { verifiableCredential: credential });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { verified: boolean; checks: string[]; warnings: unknown[]; errors: Array<{ code: string; message: string }> };
};
const codes = (r: { errors: Array<{ code: string }> }) => r.errors.map((e) => e.code);
const setStatus = (credentialId: string, statusPurpose: string, status: boolean, who = 'mz_cdo') =>
  as(who, '/credentials/status', { credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose, status }], reason: '测试' });

async function present(credentials: Doc[], challenge: string, domain?: string): Promise<Doc> {
  const presentation = vc.createPresentation({ verifiableCredential: credentials, holder: holderDid, now: clock.now() });
  const suite = new DataIntegrityProof({ signer: holder.signer(), date: clock.now(), cryptosuite });
  return vc.signPresentation({ presentation, suite, challenge, ...(domain ? { domain } : {}), documentLoader: documentLoader() });
}
const verifyVp = async (presentation: Doc, options: { challenge: string; domain?: string }) => {
  const res = await as(null, '/presentations/verify', { verifiablePresentation: presentation, options });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { verified: boolean; errors: Array<{ code: string }>; credentialResults: Array<{ verified: boolean; errors: Array<{ code: string }> }> };
};

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  mzOrg = (await p.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: await p.signIn('mz_cdo') } })).json().user.posts[0].orgId;
  holder = await Ed25519Multikey.generate();
  holderDid = `did:key:${holder.publicKeyMultibase}`;
  holder.id = `${holderDid}#${holder.publicKeyMultibase}`;
  holder.controller = holderDid;
});
afterAll(() => p.close());

describe('issuing', () => {
  it('issues a VC 2.0 credential with an eddsa-rdfc-2022 proof, two status entries, an audit record and no subject data at rest', async () => {
    const credential = await issue();
    const issuer = `${BASE}/api/credentials/issuers/${mzOrg}`;
    expect(credential).toMatchObject({
      '@context': [V2, MARRIAGE], type: ['VerifiableCredential', 'MarriageCertificate'], issuer, validFrom: '2026-11-25T01:00:00Z',
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', created: '2026-11-25T01:00:00Z' },
    });
    expect(credential.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect((credential.proof as Doc).verificationMethod).toMatch(new RegExp(`^${issuer}#`));
    const status = credential.credentialStatus as Doc[];
    expect(status.map((s) => [s.type, s.statusPurpose])).toEqual([['BitstringStatusListEntry', 'revocation'], ['BitstringStatusListEntry', 'suspension']]);
    expect(status[0]!.statusListCredential).not.toBe(status[1]!.statusListCredential);

    const row = (await p.ctx.db.query<Doc>('select * from cred_vcs where credential_id = $1', [credential.id])).rows[0]!;
    expect(row).toMatchObject({ issuer_org_id: mzOrg, status: 'valid', types: ['VerifiableCredential', 'MarriageCertificate'] });
    expect(JSON.stringify(row)).not.toMatch(/王建一|李秀一|did:key/);
    const audit = (await p.ctx.db.query<Doc>(`select * from audit_records where action = 'credentials.vc.issue' and target_id = $1`, [row.id])).rows;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toMatch(/王建一|李秀一/);

    expect(await verify(credential)).toEqual({ verified: true, checks: ['dataModel', 'validity', 'issuer', 'proof', 'status'], warnings: [], errors: [] });
  });

  it('publishes the issuer\'s controller document and signed status lists of 131,072 entries that verifiers may cache', async () => {
    const credential = await issue();
    const controller = await p.app.inject({ method: 'GET', url: `/api/credentials/issuers/${mzOrg}` });
    expect(controller.statusCode).toBe(200);
    const doc = controller.json();
    const vmId = (credential.proof as Doc).verificationMethod;
    expect(doc).toMatchObject({ id: credential.issuer, assertionMethod: expect.arrayContaining([vmId]) });
    expect(doc.verificationMethod.find((m: Doc) => m.id === vmId)).toMatchObject({ type: 'Multikey', controller: credential.issuer, publicKeyMultibase: expect.stringMatching(/^z6Mk/) });
    expect((await p.app.inject({ method: 'GET', url: `/api/credentials/issuers/${mzOrg}/controller` })).json()).toEqual(doc);

    const entry = (credential.credentialStatus as Doc[])[0]!;
    const res = await p.app.inject({ method: 'GET', url: String(entry.statusListCredential).slice(BASE.length) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const list = res.json();
    expect(list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: credential.issuer, credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' } });
    expect(await statusAt(list.credentialSubject.encodedList, Number(entry.statusListIndex))).toBe(false);
    expect((await verify(list)).verified).toBe(true);
    expect(VC_STATUS_LIST_SIZE).toBe(131_072);
    expect((await p.app.inject({ method: 'GET', url: `/api/credentials/vc-status-lists/${crypto.randomUUID()}` })).statusCode).toBe(404);
  });

  it('lets issuer staff and the department\'s own systems issue, for their own department only', async () => {
    const credential = unsigned();
    expect((await as(null, '/credentials/issue', { credential })).statusCode).toBe(401);
    expect((await as('wj_approver', '/credentials/issue', { credential })).statusCode).toBe(403);
    // 人社局's steward is issuer staff, but not of 民政局.
    expect((await as('rs_steward', '/credentials/issue', { credential, options: { issuerOrgId: mzOrg } })).statusCode).toBe(403);
    expect((await as('client', '/credentials/issue', { credential, options: { issuerOrgId: mzOrg } })).statusCode).toBe(403);
    const own = await as('client', '/credentials/issue', { credential });
    expect(own.statusCode, own.body).toBe(201);
    expect((await verify(own.json().verifiableCredential)).verified).toBe(true);
    // A platform admin may issue for any department, but must say which.
    expect((await as('admin', '/credentials/issue', { credential })).json().code).toBe('VC_ISSUER_REQUIRED');
    expect((await as('admin', '/credentials/issue', { credential, options: { issuerOrgId: mzOrg } })).statusCode).toBe(201);
    // The issuer may be named in the credential, but only as itself.
    expect((await as('mz_cdo', '/credentials/issue', { credential: unsigned({ issuer: `${BASE}/api/credentials/issuers/${mzOrg}` }) })).statusCode).toBe(201);
    expect((await as('mz_cdo', '/credentials/issue', { credential: unsigned({ issuer: 'https://example.org/issuers/1' }) })).json().code).toBe('VC_ISSUER_MISMATCH');
  });

  it('refuses a caller-chosen id twice and a caller-made credentialStatus', async () => {
    const id = 'https://weifang.example/credentials/jhz-0001';
    expect((await issue({ id })).id).toBe(id);
    const again = await as('mz_cdo', '/credentials/issue', { credential: unsigned({ id }) });
    expect([again.statusCode, again.json().code]).toEqual([409, 'VC_ID_TAKEN']);
    const status = await as('mz_cdo', '/credentials/issue', { credential: unsigned({ credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://example.org/l' } }) });
    expect(status.json().code).toBe('VC_STATUS_ASSIGNED');
  });
});

describe('verifying', () => {
  it('reports a tampered subject as bad_proof', async () => {
    const credential = await issue();
    const tampered = structuredClone(credential);
    (tampered.credentialSubject as Doc).name = '王建二';
    const result = await verify(tampered);
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['bad_proof']);
    const noProof = structuredClone(credential);
    delete noProof.proof;
    expect(codes(await verify(noProof))).toEqual(['bad_proof']);
  });

  it('reports an expired credential as expired, and one not yet valid as not_yet_valid, with the proof still checked', async () => {
    const expiring = await issue({ validUntil: '2026-11-25T10:00:00+08:00' });
    expect((await verify(expiring)).verified).toBe(true);
    clock.advance(2 * HOUR);
    try {
      const result = await verify(expiring);
      expect(result.verified).toBe(false);
      expect(result.errors).toEqual([{ code: 'expired', message: 'the credential expired at 2026-11-25T02:00:00Z' }]);
      const tampered = structuredClone(expiring);
      (tampered.credentialSubject as Doc).name = '王建二';
      expect(codes(await verify(tampered))).toEqual(['expired', 'bad_proof']);
    } finally {
      clock.advance(-2 * HOUR);
    }
    const later = await issue({ validFrom: '2026-12-01T00:00:00+08:00' });
    expect(codes(await verify(later))).toEqual(['not_yet_valid']);
  });

  it('reports credentials of unknown issuers or with contexts it cannot load offline, without fetching anything', async () => {
    const credential = await issue();
    const foreign = { ...structuredClone(credential), issuer: 'https://issuer.example/1' };
    expect(codes(await verify(foreign))).toEqual(['unknown_issuer']);
    const otherHost = await p.app.inject({ method: 'POST', url: '/credentials/verify', headers: { host: 'verifier.example' }, payload: { verifiableCredential: credential } });
    expect(otherHost.json().errors.map((e: { code: string }) => e.code)).toEqual(['unknown_issuer']);
    const unknownOrg = { ...structuredClone(credential), issuer: `${BASE}/api/credentials/issuers/${crypto.randomUUID()}` };
    expect(codes(await verify(unknownOrg))).toEqual(['unknown_issuer']);
    const context = { ...structuredClone(credential), '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'] };
    expect(codes(await verify(context))).toEqual(['unsupported_context']);
    expect((await as('mz_cdo', '/credentials/issue', { credential: unsigned({ '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'] }) })).json().code).toBe('VC_CONTEXT_UNSUPPORTED');
    // A term no context defines: not processable as JSON-LD, so nothing is signed.
    const undefinedTerm = await as('mz_cdo', '/credentials/issue', { credential: unsigned({ '@context': [V2], type: ['VerifiableCredential', 'MarriageCertificate'] }) });
    expect([undefinedTerm.statusCode, undefinedTerm.json().code]).toEqual([400, 'VC_CREDENTIAL_INVALID']);
    expect(undefinedTerm.json().detail, undefinedTerm.body).toMatch(/registeredOn/);
  });
});

describe('status', () => {
  it('revokes: verifiers see revoked through the status list, and revocation is final', async () => {
    const credential = await issue();
    const res = await setStatus(String(credential.id), 'revocation', true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ credentialId: credential.id, status: 'revoked', statusReason: '测试' });
    const result = await verify(credential);
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['revoked']);
    expect((await setStatus(String(credential.id), 'revocation', false)).json().code).toBe('VC_STATUS_STATE');
    expect((await setStatus(String(credential.id), 'suspension', true)).json().code).toBe('VC_STATUS_STATE');
    expect(Number((await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_records where action = 'credentials.vc.revoke'`)).rows[0]!.n)).toBe(1);
  });

  it('suspends and reinstates, each change a single bit of the published list', async () => {
    const credential = await issue();
    const [, suspension] = credential.credentialStatus as Doc[];
    const bit = async () => {
      const list = (await p.app.inject({ method: 'GET', url: String(suspension!.statusListCredential).slice(BASE.length) })).json();
      return statusAt(list.credentialSubject.encodedList, Number(suspension!.statusListIndex));
    };
    expect((await setStatus(String(credential.id), 'suspension', true)).json().status).toBe('suspended');
    expect(await bit()).toBe(true);
    expect(codes(await verify(credential))).toEqual(['suspended']);
    expect((await setStatus(String(credential.id), 'suspension', true)).json().code).toBe('VC_STATUS_STATE');
    expect((await setStatus(String(credential.id), 'suspension', false)).json().status).toBe('valid');
    expect(await bit()).toBe(false);
    expect((await verify(credential)).verified).toBe(true);
  });

  it('lets only the issuer change a status', async () => {
    const credential = await issue();
    expect((await setStatus(String(credential.id), 'revocation', true, 'rs_steward')).statusCode).toBe(403);
    expect((await setStatus(String(credential.id), 'revocation', true, 'client')).statusCode).toBe(403);
    expect((await setStatus(String(credential.id), 'revocation', true, 'wj_approver')).statusCode).toBe(403);
    expect((await as(null, '/credentials/status', { credentialId: credential.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }] })).statusCode).toBe(401);
    expect((await setStatus('urn:uuid:00000000-0000-4000-8000-000000000000', 'revocation', true)).json().code).toBe('VC_NOT_FOUND');
    expect((await verify(credential)).verified).toBe(true);
  });
});

describe('presentations', () => {
  it('verifies a presentation signed by its did:key holder for the verifier\'s challenge and domain', async () => {
    const credential = await issue();
    const presentation = await present([credential], 'c-7f3a', 'verifier.weifang.example');
    const ok = await verifyVp(presentation, { challenge: 'c-7f3a', domain: 'verifier.weifang.example' });
    expect(ok).toMatchObject({ verified: true, errors: [], credentialResults: [{ verified: true }] });
    expect(await verifyVp(presentation, { challenge: 'c-7f3a' })).toMatchObject({ verified: true });
  });

  it('refuses a wrong challenge or domain, a tampered presentation, another signer than the holder, and a revoked credential inside', async () => {
    const credential = await issue();
    const presentation = await present([credential], 'c-1', 'verifier.weifang.example');
    expect(codes(await verifyVp(presentation, { challenge: 'c-2' }))).toEqual(['challenge_mismatch']);
    expect(codes(await verifyVp(presentation, { challenge: 'c-1', domain: 'elsewhere.example' }))).toEqual(['domain_mismatch']);
    const tampered = { ...structuredClone(presentation), id: 'urn:uuid:11111111-1111-4111-8111-111111111111' };
    const bad = await verifyVp(tampered, { challenge: 'c-1' });
    expect([bad.verified, codes(bad)]).toEqual([false, ['bad_presentation_proof']]);
    const impostor = { ...structuredClone(presentation), holder: 'did:example:someone-else' };
    expect(codes(await verifyVp(impostor, { challenge: 'c-1' }))).toEqual(['holder_mismatch']);

    await setStatus(String(credential.id), 'revocation', true);
    const revoked = await verifyVp(presentation, { challenge: 'c-1' });
    expect(revoked.verified).toBe(false);
    expect(revoked.credentialResults[0]!.errors.map((e) => e.code)).toEqual(['revoked']);
  });

  it('applies the data model to the presentation and the credentials in it', async () => {
    const credential = await issue();
    const presentation = await present([credential], 'c-1');
    const post = (vp: Doc) => as(null, '/presentations/verify', { verifiablePresentation: vp, options: { challenge: 'c-1' } });
    expect((await post({ ...presentation, type: ['Presentation'] })).json().code).toBe('VC_TYPE_INVALID');
    expect((await post({ ...presentation, '@context': ['https://www.w3.org/2018/credentials/v1'] })).json().code).toBe('VC_CONTEXT_INVALID');
    expect((await post({ ...presentation, holder: 'not a url' })).json().code).toBe('VC_PRESENTATION_INVALID');
    const badInner = await post({ ...presentation, verifiableCredential: [{ ...credential, issuanceDate: '2026-11-25T01:00:00Z' }] });
    expect([badInner.statusCode, badInner.json().code, badInner.json().property]).toEqual([400, 'VC_V1_TERMS', 'verifiableCredential[0].issuanceDate']);
    expect((await as(null, '/presentations/verify', { verifiablePresentation: presentation, options: {} })).statusCode).toBe(400);
  });
});

describe('the VC 2.0 data model, on issue and on verify', () => {
  // Each case breaks one rule. On issue it is the caller's unsigned credential; on verify a signed one with
  // the same change: both must be refused as malformed (400) with the rule's code, before any proof check.
  const cases: Array<[string, (c: Doc) => void, string]> = [
    ['@context missing', (c) => delete c['@context'], 'VC_CONTEXT_INVALID'],
    ['@context led by VC 1.1', (c) => (c['@context'] = ['https://www.w3.org/2018/credentials/v1', V2]), 'VC_CONTEXT_INVALID'],
    ['@context with the v2 URL second', (c) => (c['@context'] = ['https://w3id.org/security/data-integrity/v2', V2]), 'VC_CONTEXT_INVALID'],
    ['type without VerifiableCredential', (c) => (c.type = ['MarriageCertificate']), 'VC_TYPE_INVALID'],
    ['type missing', (c) => delete c.type, 'VC_TYPE_INVALID'],
    ['issuer not a URL', (c) => (c.issuer = 'weifang civil affairs'), 'VC_ISSUER_INVALID'],
    ['issuer object without a URL id', (c) => (c.issuer = { name: '潍坊市民政局' }), 'VC_ISSUER_INVALID'],
    ['credentialSubject missing', (c) => delete c.credentialSubject, 'VC_SUBJECT_INVALID'],
    ['credentialSubject empty', (c) => (c.credentialSubject = {}), 'VC_SUBJECT_INVALID'],
    ['credentialSubject an empty array', (c) => (c.credentialSubject = []), 'VC_SUBJECT_INVALID'],
    ['credentialSubject not objects', (c) => (c.credentialSubject = ['王建一']), 'VC_SUBJECT_INVALID'],
    ['credentialSubject.id not a URL', (c) => (c.credentialSubject = { id: '370705199001011234', name: '王建一' }), 'VC_SUBJECT_INVALID'],
    ['validFrom without time zone', (c) => (c.validFrom = '2026-11-25T09:00:00'), 'VC_DATE_INVALID'],
    ['validFrom a date only', (c) => (c.validFrom = '2026-11-25'), 'VC_DATE_INVALID'],
    ['validUntil not a real day', (c) => (c.validUntil = '2027-02-30T00:00:00Z'), 'VC_DATE_INVALID'],
    ['validUntil before validFrom', (c) => ((c.validFrom = '2026-11-25T00:00:00Z'), (c.validUntil = '2026-11-24T23:59:59Z')), 'VC_VALIDITY_RANGE'],
    ['id not a URL', (c) => (c.id = 'JHZ-0001'), 'VC_ID_INVALID'],
    ['issuanceDate (VC 1.1)', (c) => (c.issuanceDate = '2026-11-25T01:00:00Z'), 'VC_V1_TERMS'],
    ['expirationDate (VC 1.1)', (c) => (c.expirationDate = '2027-11-25T01:00:00Z'), 'VC_V1_TERMS'],
    ['evidence without a type', (c) => (c.evidence = [{ id: 'https://example.org/e/1' }]), 'VC_CREDENTIAL_INVALID'],
  ];
  const malformedStatus: Array<[string, unknown]> = [
    ['a string', 'revoked'],
    ['no type', [{ statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://example.org/l' }]],
    ['an integer index', [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: 1, statusListCredential: 'https://example.org/l' }]],
    ['no list URL', [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1' }]],
    ['no purpose', [{ type: 'BitstringStatusListEntry', statusListIndex: '1', statusListCredential: 'https://example.org/l' }]],
    ['an id that is the list', [{ id: 'https://example.org/l', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://example.org/l' }]],
  ];
  let signed: Doc;
  beforeAll(async () => {
    signed = await issue();
  });

  it.each(cases)('refuses %s', async (_name, breakIt, code) => {
    const credential = unsigned();
    breakIt(credential);
    const issued = await as('mz_cdo', '/credentials/issue', { credential });
    expect([issued.statusCode, issued.json().code], issued.body).toEqual([400, code]);
    const copy = structuredClone(signed);
    breakIt(copy);
    const verified = await as(null, '/credentials/verify', { verifiableCredential: copy });
    expect([verified.statusCode, verified.json().code], verified.body).toEqual([400, code]);
  });

  it.each(malformedStatus)('refuses a credentialStatus that is %s', async (_name, credentialStatus) => {
    const verified = await as(null, '/credentials/verify', { verifiableCredential: { ...structuredClone(signed), credentialStatus } });
    expect([verified.statusCode, verified.json().code], verified.body).toEqual([400, 'VC_STATUS_INVALID']);
  });

  it('accepts the variants the model allows: one subject or several, issuer as an object, time zones other than Z', async () => {
    const many = await issue({
      issuer: { id: `${BASE}/api/credentials/issuers/${mzOrg}`, name: '潍坊市民政局' },
      credentialSubject: [{ id: holderDid, name: '王建一' }, { name: '李秀一' }],
      validFrom: '2026-11-25T08:00:00+08:00', validUntil: '2027-11-25T00:00:00.5-05:00',
    });
    expect((await verify(many)).verified).toBe(true);
    expect((await as('mz_cdo', '/credentials/issue', { credential: unsigned({ proof: { type: 'DataIntegrityProof' } }) })).json().code).toBe('VC_PROOF_INVALID');
    expect((await as('mz_cdo', '/credentials/issue', { credential: 'not an object' })).statusCode).toBe(400);
  });
});
