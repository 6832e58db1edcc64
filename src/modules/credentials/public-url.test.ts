// With CITYSTACK_PUBLIC_URL set, what outlives a request names the platform's public address, whatever
// host a request came in on: the issuer's controller document and the status-list token's subject.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { findOrgByCode } from '../directory/index.ts';
import { DEMO_PASSWORD, DEPARTMENTS } from '../../../demo/weifang.ts';
import { ensureIssuerKey } from './issuer-keys.ts';
import { statusLists } from './repository.ts';

const PUBLIC = 'https://zwfw.weifang.gov.cn';
let p: TestPlatform;
let orgId: string;
beforeAll(async () => {
  p = await startTestPlatform({ config: { publicUrl: PUBLIC } });
  orgId = (await findOrgByCode(p.ctx.db, DEPARTMENTS.find((d) => d.key === 'wj')!.uscc))!.id;
  await ensureIssuerKey(p.ctx, p.ctx.db, orgId, 'EdDSA');
});
afterAll(() => p.close());

it('refuses to sign a credential for an address a request\'s Host header chose, when no public URL is set', async () => {
  const bare = await startTestPlatform();
  try {
    const login = await bare.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } };
    const issue = (host: string) => bare.app.inject({ method: 'POST', url: '/credentials/issue', headers: { cookie, host }, payload: { credential, options: { issuerOrgId: orgId } } });
    const foreign = await issue('evil.example');
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().code).toBe('CRED_PUBLIC_URL_REQUIRED');
    // A loopback address (someone trying the platform on their machine) may stand in.
    expect((await issue('127.0.0.1:8370')).json().code).not.toBe('CRED_PUBLIC_URL_REQUIRED');
  } finally {
    await bare.close();
  }
});

it('writes the public URL into the issuer id and the status list token, not the request host', async () => {
  const doc = (await p.app.inject({ url: `/api/credentials/issuers/${orgId}`, headers: { host: '10.1.2.3:8370' } })).json();
  expect(doc.id).toBe(`${PUBLIC}/api/credentials/issuers/${orgId}`);
  const [slot] = await p.ctx.db.transaction((tx) => statusLists.allocate(tx, orgId, 1, 2, 131_072, new Date()));
  const token = (await p.app.inject({ url: `/api/credentials/status-lists/${slot!.listId}`, headers: { host: '10.1.2.3:8370' } })).body;
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(payload.sub).toBe(`${PUBLIC}/api/credentials/status-lists/${slot!.listId}`);
});
