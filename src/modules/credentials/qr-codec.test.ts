import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { decodePresentation, encodePresentation, isEncodedPresentation, readableQrVersion } from './qr-codec.ts';

// jsqr is CommonJS and its types declare an ES default export that Node's loader does not give: take the function as Node loads it.
const jsQR = createRequire(import.meta.url)('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => { binaryData: number[] } | null;
import { issueSdJwtVc, presentSdJwtVc } from './sd-jwt.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('the compact QR payload', () => {
  it('round-trips any presentation made of base64url segments, byte for byte', () => {
    const segment = fc.uint8Array({ maxLength: 300 }).map(b64);
    const presentation = fc.array(fc.tuple(segment, fc.constantFrom('.', '~')), { minLength: 1, maxLength: 12 }).chain((parts) =>
      segment.map((last) => parts.map(([s, sep]) => s + sep).join('') + last),
    );
    fc.assert(fc.property(presentation, (p) => {
      const bytes = encodePresentation(p)!;
      expect(isEncodedPresentation(bytes)).toBe(true);
      expect(decodePresentation(bytes)).toBe(p);
    }));
  });

  it('refuses text it cannot carry losslessly, and bytes that are not its own', () => {
    expect(encodePresentation('eyJ+.x')).toBeNull(); // not base64url
    expect(encodePresentation('eR')).toBeNull(); // left-over bits set: not canonical
    expect(() => decodePresentation(new TextEncoder().encode('eyJhbGciOi'))).toThrow(RangeError);
    expect(() => decodePresentation(Uint8Array.from([0x43, 0x53, 0x01, 0, 5, 1, 2]))).toThrow(RangeError);
  });

  it('shrinks a real SD-JWT presentation by about a quarter, and its QR code by several versions', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const holder = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { kty, crv, x, y } = holder.publicKey.export({ format: 'jwk' });
    const vc = await issueSdJwtVc({
      issuer: { alg: 'EdDSA', iss: 'https://zwfw.weifang.gov.cn/api/credentials/issuers/0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b', kid: 'k'.repeat(43), sign: (d) => sign(null, d, privateKey) },
      vct: 'urn:citystack:licence:LNRYDZ', claims: { name: '王秀兰', age_over_60: true }, disclosable: ['name', 'age_over_60'],
      holderJwk: { kty, crv, x, y }, iat: 1_795_600_000, exp: 1_798_600_000, status: { idx: 4242, uri: 'https://zwfw.weifang.gov.cn/api/credentials/status-lists/0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6c' },
    });
    const p = await presentSdJwtVc(vc, { disclose: ['name', 'age_over_60'], holder: { alg: 'ES256', sign: (d) => sign('sha256', d, { key: holder.privateKey, dsaEncoding: 'ieee-p1363' }) }, aud: 'scene:scenic_elderly', nonce: 'n'.repeat(22), iat: 1_795_600_000 });
    const bytes = encodePresentation(p)!;
    expect(decodePresentation(bytes)).toBe(p);
    expect(bytes.length / p.length).toBeLessThan(0.78);
    const asText = QRCode.create(p, { errorCorrectionLevel: 'L' }).version;
    const asBytes = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'L' }).version;
    expect(asText - asBytes).toBeGreaterThanOrEqual(3);
  });

  it('draws every version the verify page\'s decoder (jsQR) can read back, byte for byte', async () => {
    for (let natural = 15; natural <= 30; natural++) {
      const data = Uint8Array.from({ length: 40 }, (_, i) => (i * 53 + natural) & 255);
      const version = readableQrVersion(natural);
      const png = PNG.sync.read(await QRCode.toBuffer([{ data, mode: 'byte' }], { errorCorrectionLevel: 'L', version, margin: 4, scale: 3 }));
      const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(read?.binaryData, `version ${natural} drawn as ${version}`).toEqual([...data]);
    }
  });
});
