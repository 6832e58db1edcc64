// Non-repudiation: an answer verifies with the procedure of docs/data-services.md — written here with
// node:crypto only, independent of the platform's code — and fails once a single byte is changed.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.ts';
import { useSharingPlatform } from './test-fixtures.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

interface Archived {
  method: string;
  target: string;
  endUser: string;
  headers: Record<string, string>;
  body: Buffer;
  publicKeyPem: string;
}

/** The documented procedure, step by step. */
function verifyAnswer(a: Archived): boolean {
  const requestHash = sha256(`${a.method}\n${a.target}\n${a.endUser}\n${a.headers['x-request-id']}`);
  if (requestHash !== a.headers['x-cs-request-hash']) return false;
  const binding = ['CITYSTACK-DS-1', a.headers['x-cs-call-id'], a.headers['x-cs-timestamp'], requestHash, sha256(a.body)].join('\n');
  if (sha256(binding) !== a.headers['x-cs-response-hash']) return false;
  if (!a.headers['x-cs-signature']) return true;
  return verify(null, Buffer.from(binding), createPublicKey(a.publicKeyPem), Buffer.from(a.headers['x-cs-signature'], 'base64'));
}

describe('signed answers', () => {
  const s = useSharingPlatform(new ManualClock('2026-11-25T09:00:00+08:00'));
  let answer: Archived;

  it('are signed on request by the platform key published at /api/services/signing-key', async () => {
    const filed = await s.submit();
    await s.as('mz_cdo', 'POST', `/api/sharing/requests/${filed.id}/approve`, {});
    const key = await s.p.app.inject({ method: 'GET', url: '/api/services/signing-key' });
    expect(key.json()).toMatchObject({ algorithm: 'Ed25519', bindingVersion: 'CITYSTACK-DS-1' });

    const target = `/api/services/${s.serviceCode}/lookup/nfsfzh/370705199001011234`;
    const res = await s.p.app.inject({
      method: 'GET',
      url: target,
      headers: { authorization: `Bearer ${s.apiKey}`, 'x-end-user': 'ga_lisi', 'x-request-id': 'hj-20261125-000731', 'x-cs-sign': '1' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('hj-20261125-000731');
    expect(res.headers['x-cs-key-id']).toBe(key.json().keyId);
    answer = { method: 'GET', target, endUser: 'ga_lisi', headers: res.headers as Record<string, string>, body: res.rawPayload, publicKeyPem: key.json().publicKeyPem };
    expect(verifyAnswer(answer)).toBe(true);

    // The platform's call log keeps the same binding hash, marked signed.
    const logged = await s.p.ctx.db.query<{ response_hash: string; signed: boolean }>('select response_hash, signed from shr_calls where id = $1', [res.headers['x-cs-call-id']]);
    expect(logged.rows[0]).toEqual({ response_hash: res.headers['x-cs-response-hash'], signed: true });
  });

  it('fail verification after any one byte of the body is changed', () => {
    for (const at of [0, Math.floor(answer.body.length / 2), answer.body.length - 1]) {
      const body = Buffer.from(answer.body);
      body[at] = body[at]! ^ 0x01;
      expect(verifyAnswer({ ...answer, body }), `byte ${at}`).toBe(false);
    }
  });

  it('fail verification for another request, another time or another key', () => {
    expect(verifyAnswer({ ...answer, target: answer.target.replace('1234', '1235') })).toBe(false);
    expect(verifyAnswer({ ...answer, endUser: 'ga_wangwu' })).toBe(false);
    expect(verifyAnswer({ ...answer, headers: { ...answer.headers, 'x-cs-timestamp': '2026-11-25T01:00:00.001Z' } })).toBe(false);
    const signature = Buffer.from(answer.headers['x-cs-signature']!, 'base64');
    signature[5] = signature[5]! ^ 0x80;
    expect(verifyAnswer({ ...answer, headers: { ...answer.headers, 'x-cs-signature': signature.toString('base64') } })).toBe(false);
  });

  it('are bound but not signed unless asked', async () => {
    const res = await s.call('/lookup/djzh/J370705-2026-000101');
    expect(res.headers['x-cs-signature']).toBeUndefined();
    expect(res.headers['x-cs-response-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAnswer({ method: 'GET', target: `/api/services/${s.serviceCode}/lookup/djzh/J370705-2026-000101`, endUser: 'ga_zhangsan', headers: res.headers as Record<string, string>, body: res.rawPayload, publicKeyPem: answer.publicKeyPem })).toBe(true);
  });
});

describe('a Chinese end user in the header', () => {
  it('is read as the UTF-8 the caller sent, so the request hash matches the documented formula', async () => {
    const { utf8Header } = await import('./routes.ts');
    // What Node's HTTP parser hands over for the UTF-8 bytes of 张三: one Latin-1 character per byte.
    const asReceived = Buffer.from('张三', 'utf8').toString('latin1');
    expect(utf8Header(asReceived)).toBe('张三');
    expect(utf8Header('ga_zhangsan')).toBe('ga_zhangsan');
    // Latin-1 text that is not valid UTF-8 stays as it came.
    expect(utf8Header('Jos\u00e9')).toBe('Jos\u00e9');
  });
});
