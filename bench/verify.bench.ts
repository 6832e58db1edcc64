// verify: what checking a licence presentation costs next to the signatures it rests on.
//
// Ours: `verifySdJwtVcPresentation` on an 老年人优待证 presentation for the 景区老年人优待 scene (only age_over_60
// and name disclosed): parse, issuer signature (Ed25519), disclosures against their digests, validity, holder
// binding (KB-JWT signed with the wallet's P-256 key, sd_hash, audience, nonce, freshness) and status in a
// 2-bit Token Status List of 100,000 entries that the verifier has cached (decoded once, as a verifier keeps it).
// Baseline: the two raw signature verifications of the very same bytes with the same key types (Ed25519 over
// the issuer-signed JWT's signing input, ECDSA P-256 over the KB-JWT's), through node:crypto with the keys
// already imported. Same process, one after the other, several rounds; the ratio is verifications per second.
// Also printed: the QR code version of every scene preset's presentation (error correction L and M).
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import QRCode from 'qrcode';
import type { JWK } from 'jose';
import { decodePresentation, encodePresentation, readableQrVersion } from '../src/modules/credentials/qr-codec.ts';
import { issueSdJwtVc, presentSdJwtVc, verifySdJwtVcPresentation, type JwsSigner } from '../src/modules/credentials/sd-jwt.ts';
import { StatusList, TokenStatus } from '../src/modules/credentials/status-list.ts';
import { ageClaims, LICENCE_TYPES, type LicenceField } from '../src/modules/credentials/licence-types.ts';
import type { TableResult } from './lib.ts';

export const name = 'verify';

const TARGET = 0.5;
const ISS = 'https://zwfw.weifang.gov.cn/api/credentials/issuers/0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';
const KID = 'kJp3Q0vXW2v5dL9c7m1Rz8a4Hn6TqY0eFgBsUjKoPiM'; // a key thumbprint, as the platform's kids are
const STATUS_URI = 'https://zwfw.weifang.gov.cn/api/credentials/status-lists/0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6c';
const AUD = 'scene:scenic_elderly';
const NOW = Date.parse('2026-11-25T09:00:00+08:00') / 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_DURATION ?? 3);

const progress = (msg: string): void => {
  process.stderr.write(`[${name}] ${msg}\n`);
};

function key(alg: 'EdDSA' | 'ES256'): JwsSigner & { jwk: JWK; publicKey: KeyObject } {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signBytes = alg === 'EdDSA' ? (d: Uint8Array) => sign(null, d, privateKey) : (d: Uint8Array) => sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { alg, sign: signBytes, jwk: publicKey.export({ format: 'jwk' }) as JWK, publicKey };
}

/** Plausible values for a field, long enough to size the QR codes honestly. */
function sample(field: LicenceField): unknown {
  const values: Record<string, unknown> = {
    name: '王秀兰', holder_name: '王建军', spouse_name: '李秀英', owner: '刘海燕', sex: '女', ethnicity: '汉',
    id_number: '370705195811253024', holder_id_number: '370705199001011234', spouse_id_number: '370705199203033446', owner_id_number: '370702198507074321',
    address: '山东省潍坊市奎文区东关街道和平路 268 号 3 号楼 2 单元 501 室', residence_address: '山东省潍坊市高新区清池街道健康东街 6888 号',
    issuing_authority: '潍坊市公安局奎文分局', card_number: 'WF370705202600012345', certificate_number: '鲁（2026）潍坊市不动产权第 0012345 号',
    licence_class: 'C1', plate_number: '鲁G·A1234', vehicle_type: '小型普通客车', use_character: '非营运', model: '比亚迪牌BYD7152WT6HEVC2',
    vin: 'LGXC74C40R0123456', practice_place: '潍坊市人民医院', practice_category: '临床', practice_scope: '内科专业',
    uscc: '91370700MA3C5LXX1Q', entity_name: '潍坊市奎文区和平路便民超市有限公司', entity_type: '有限责任公司（自然人投资或控股）',
    legal_representative: '张伟', registration_authority: '潍坊市奎文区市场监督管理局', co_ownership: '共同共有', location: '潍坊市奎文区东关街道和平路 268 号 3 号楼 2 单元 501 室',
    unit_number: '370705003001GB00012F00010501', right_type: '国有建设用地使用权/房屋所有权', use: '城镇住宅用地/住宅', area: '126.35',
  };
  if (field.code in values) return values[field.code];
  switch (field.type) {
    case 'date':
      return '1958-11-25';
    case 'boolean':
      return true;
    case 'integer':
      return 1;
    case 'decimal':
      return '1.00';
    default:
      return '示例';
  }
}

function throughput(work: () => unknown, seconds: number): number {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) for (let i = 0; i < 50; i++, n++) work();
  return n / seconds;
}

async function asyncThroughput(work: () => Promise<unknown>, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) for (let i = 0; i < 50; i++, n++) await work();
  return n / seconds;
}

export async function run(): Promise<TableResult> {
  const issuer = key('EdDSA');
  const holder = key('ES256');
  const list = StatusList.create(100_000, 2);
  for (let i = 0; i < 100_000; i += 97) list.set(i, TokenStatus.INVALID);
  const elderly = LICENCE_TYPES.find((t) => t.code === 'LNRYDZ')!;
  const claims: Record<string, unknown> = Object.fromEntries(elderly.fields.map((f) => [f.code, sample(f)]));
  Object.assign(claims, ageClaims(String(claims.birth_date), '2026-11-25'));
  const credential = await issueSdJwtVc({
    issuer: { ...issuer, iss: ISS, kid: KID }, vct: `urn:citystack:licence:${elderly.code}`, claims, disclosable: Object.keys(claims),
    holderJwk: holder.jwk, iat: NOW - 86_400, exp: NOW + 365 * 86_400, status: { idx: 4242, uri: STATUS_URI },
  });
  const scene = elderly.scenes.find((s) => s.code === 'scenic_elderly')!;
  const presentation = await presentSdJwtVc(credential, { disclose: scene.disclose, holder, aud: AUD, nonce: 'gate-7-0001', iat: NOW - 5 });
  const options = {
    issuerKeys: (iss: string, kid: string | undefined) => (iss === ISS && kid === KID ? issuer.jwk : undefined),
    expectedAud: AUD, expectedNonce: 'gate-7-0001', now: NOW, maxKbAgeSeconds: 120,
    statusCheck: async (uri: string, idx: number) => (uri === STATUS_URI ? list.get(idx) : Promise.reject(new Error('unknown list'))),
  };
  const check = await verifySdJwtVcPresentation(presentation, options);
  if (!check.ok || Object.keys(check.claims).sort().join() !== [...scene.disclose].sort().join()) throw new Error(`the presentation does not verify as expected: ${JSON.stringify(check)}`);

  // The baseline's bytes: exactly what the two signatures cover.
  const [issuerJwt, ...rest] = presentation.split('~');
  const kbJwt = rest[rest.length - 1]!;
  const parts = (jws: string) => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    return { input: Buffer.from(`${h}.${p}`, 'ascii'), signature: Buffer.from(s, 'base64url') };
  };
  const a = parts(issuerJwt!);
  const b = parts(kbJwt);
  const issuerPublic = createPublicKey({ key: issuer.jwk as never, format: 'jwk' });
  const holderPublic = createPublicKey({ key: holder.jwk as never, format: 'jwk' });
  const raw = () => verify(null, a.input, issuerPublic, a.signature) && verify('sha256', b.input, { key: holderPublic, dsaEncoding: 'ieee-p1363' }, b.signature);
  if (!raw()) throw new Error('the raw signatures do not verify');

  const rows: Array<{ round: number; ours: number; baseline: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const baseline = throughput(raw, SECONDS);
    const ours = await asyncThroughput(async () => {
      const r = await verifySdJwtVcPresentation(presentation, options);
      if (!r.ok) throw new Error(r.reason);
    }, SECONDS);
    rows.push({ round, ours, baseline });
    progress(`round ${round}: baseline ${baseline.toFixed(0)}/s  ours ${ours.toFixed(0)}/s  ratio ${(ours / baseline).toFixed(2)}`);
  }
  const best = (k: 'ours' | 'baseline') => Math.max(...rows.map((r) => r[k]));
  const ratio = Math.round((best('ours') / best('baseline')) * 100) / 100;

  // QR versions: one presentation per scene preset of every licence type, as the wallet shows it (a
  // credential minted for the scene, carried as compact bytes) and, for comparison, the text of a
  // presentation from a credential holding every field.
  const qr: string[] = [];
  let largest = 0;
  for (const t of LICENCE_TYPES) {
    const c: Record<string, unknown> = Object.fromEntries(t.fields.map((f) => [f.code, sample(f)]));
    const full = await issueSdJwtVc({ issuer: { ...issuer, iss: ISS, kid: KID }, vct: `urn:citystack:licence:${t.code}`, claims: c, disclosable: Object.keys(c), holderJwk: holder.jwk, iat: NOW, exp: NOW + 365 * 86_400, status: { idx: 4242, uri: STATUS_URI } });
    for (const s of t.scenes) {
      const scoped = Object.fromEntries(Object.entries(c).filter(([k]) => s.disclose.includes(k)));
      const vc = await issueSdJwtVc({ issuer: { ...issuer, iss: ISS, kid: KID }, vct: `urn:citystack:licence:${t.code}`, claims: scoped, disclosable: Object.keys(scoped), holderJwk: holder.jwk, iat: NOW, exp: NOW + 30 * 86_400, status: { idx: 4242, uri: STATUS_URI } });
      const p = await presentSdJwtVc(vc, { disclose: s.disclose, holder, aud: `scene:${s.code}`, nonce: 'gate-7-0001-abcdefgh', iat: NOW });
      const bytes = encodePresentation(p);
      if (!bytes || decodePresentation(bytes) !== p) throw new Error(`QR codec failed for ${t.code}/${s.code}`);
      const fullText = await presentSdJwtVc(full, { disclose: s.disclose, holder, aud: `scene:${s.code}`, nonce: 'gate-7-0001-abcdefgh', iat: NOW });
      // As the wallet draws it: version 23 goes out as 24, which the verify page's decoder reads (qr-codec.ts).
      const l = readableQrVersion(QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'L' }).version);
      const m = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' }).version;
      const before = QRCode.create(fullText, { errorCorrectionLevel: 'L' }).version;
      largest = Math.max(largest, l);
      qr.push(`  ${`${t.name} · ${s.name}`.padEnd(24, '　')} ${String(bytes.length).padStart(5)} bytes   QR version ${String(l).padStart(2)} (L) ${String(m).padStart(2)} (M)   [all-field credential as text: ${fullText.length} chars, version ${before} (L)]`);
    }
  }

  const table = [
    `verify: SD-JWT VC presentation (Ed25519 issuer, P-256 holder, 2-bit status list of 100,000 cached), ${ROUNDS} round(s) × ${SECONDS} s`,
    'round      ours/s   baseline/s   ratio',
    ...rows.map((r) => `${String(r.round).padEnd(6)} ${r.ours.toFixed(0).padStart(10)} ${r.baseline.toFixed(0).padStart(12)} ${(r.ours / r.baseline).toFixed(2).padStart(7)}`),
    `ratio ours/baseline (best of rounds): ${ratio} (target ${TARGET})`,
    'QR code per scene preset (scene credential + KB-JWT as compact bytes, byte mode):',
    ...qr,
  ];
  return {
    bench: name,
    ratio,
    target: TARGET,
    ours: { verificationsPerSecond: Math.round(best('ours')) },
    baseline: { verificationsPerSecond: Math.round(best('baseline')) },
    table,
    checks: [{ what: `every scene preset fits a QR code (largest version ${largest} at level L ≤ 40)`, ok: largest <= 40 }],
  };
}
