// Building an SD-JWT VC presentation in the browser (亮证码): keep only the disclosures a scene needs and
// append a KB-JWT signed by the wallet's key. Pure (no DOM, no Node APIs beyond the web platform's
// TextEncoder, btoa/atob and crypto), so Node's tests can check it against the server's verifier
// (src/modules/credentials/sd-jwt.ts verifySdJwtVcPresentation).

/** Signs the JWS signing input; ES256 must return the 64-byte r‖s form (WebCrypto's ECDSA output). */
export type RawSigner = (data: Uint8Array) => Promise<ArrayBuffer | Uint8Array>;

export function base64urlEncode(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** base64url of a string's UTF-8 bytes (JSON headers, payloads and disclosures). */
export const base64urlEncodeText = (text: string): string => base64urlEncode(new TextEncoder().encode(text));
export const base64urlDecodeText = (text: string): string => new TextDecoder().decode(base64urlDecode(text));

/** SHA-256 of the ASCII bytes of a string (an SD-JWT is ASCII), base64url. */
export async function sha256Base64url(ascii: string): Promise<string> {
  const bytes = new Uint8Array(ascii.length);
  for (let i = 0; i < ascii.length; i++) bytes[i] = ascii.charCodeAt(i) & 0xff;
  return base64urlEncode(await crypto.subtle.digest('SHA-256', bytes));
}

export function randomNonce(bytes = 16): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

export interface Disclosure {
  /** The disclosure as it appears in the SD-JWT (base64url of [salt, name, value]). */
  encoded: string;
  name: string;
  value: unknown;
}

/** Splits `<issuerJwt>~<disc1>~...~<discN>~` (a trailing KB-JWT, if any, is dropped). */
export function parseSdJwt(sdJwt: string): { issuerJwt: string; disclosures: Disclosure[] } {
  const parts = sdJwt.trim().split('~');
  const issuerJwt = parts[0] ?? '';
  if (parts.length < 2 || issuerJwt.split('.').length !== 3) throw new Error('not an SD-JWT');
  const disclosures: Disclosure[] = [];
  for (const encoded of parts.slice(1, -1)) {
    if (!encoded) continue;
    const decoded: unknown = JSON.parse(base64urlDecodeText(encoded));
    if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[1] !== 'string') continue; // array-element disclosures: not used by licences
    disclosures.push({ encoded, name: decoded[1], value: decoded[2] });
  }
  return { issuerJwt, disclosures };
}

/** The issuer JWT's payload (not verified: the wallet only reads its own credential's exp, vct ...). */
export function issuerPayload(sdJwt: string): Record<string, unknown> {
  const { issuerJwt } = parseSdJwt(sdJwt);
  return JSON.parse(base64urlDecodeText(issuerJwt.split('.')[1]!)) as Record<string, unknown>;
}

/** `<issuerJwt>~<kept1>~...~<keptK>~`: only the disclosures whose claim name is in `names`, in the credential's order. */
export function selectDisclosures(sdJwt: string, names: readonly string[]): string {
  const { issuerJwt, disclosures } = parseSdJwt(sdJwt);
  const wanted = new Set(names);
  const kept = disclosures.filter((d) => wanted.has(d.name)).map((d) => d.encoded);
  return `${[issuerJwt, ...kept].join('~')}~`;
}

export interface PresentInput {
  /** The credential as minted: `<issuerJwt>~<disc1>~...~<discN>~`. */
  credential: string;
  /** Claim names to disclose (the scene's `disclose` list). */
  disclose: readonly string[];
  /** KB-JWT audience: `scene:<sceneCode>` for a QR shown at a counter. */
  aud: string;
  sign: RawSigner;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Default 16 random bytes, base64url. */
  nonce?: string;
}

export const sceneAudience = (sceneCode: string): string => `scene:${sceneCode}`;

/** The presentation: selected disclosures plus an ES256 KB-JWT over their sd_hash. */
export async function buildPresentation(input: PresentInput): Promise<string> {
  const presented = selectDisclosures(input.credential, input.disclose);
  const header = { alg: 'ES256', typ: 'kb+jwt' };
  const payload = {
    iat: input.iat ?? Math.floor(Date.now() / 1000),
    aud: input.aud,
    nonce: input.nonce ?? randomNonce(),
    sd_hash: await sha256Base64url(presented),
  };
  const signingInput = `${base64urlEncodeText(JSON.stringify(header))}.${base64urlEncodeText(JSON.stringify(payload))}`;
  const signature = await input.sign(new TextEncoder().encode(signingInput));
  return `${presented}${signingInput}.${base64urlEncode(signature)}`;
}

/** A raw signer from a WebCrypto ECDSA P-256 private key. */
export type SigningKey = Parameters<typeof crypto.subtle.sign>[1];
export const webCryptoSigner = (privateKey: SigningKey): RawSigner => (data) =>
  crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data as Uint8Array<ArrayBuffer>);
