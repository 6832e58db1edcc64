// A compact, lossless QR payload for SD-JWT presentations (亮证码). A presentation is base64url segments
// joined by '.' and '~'; carried as text it spends 8 bits of a QR byte-mode symbol on every 6 bits of
// data. Carried as the decoded bytes it needs a quarter less room: an elderly-card scene presentation drops
// from QR version 27 to 23 at level L. Pure (Uint8Array only): the wallet encodes it in the browser, the
// verifier page decodes it, the server and benchmark use the same code.

/** 'C', 'S', format 1. A text presentation never starts with these bytes (it starts with a base64url JWS header). */
const MAGIC = [0x43, 0x53, 0x01] as const;
const SEPARATOR = { start: 0, '.': 1, '~': 2 } as const;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_VALUE = new Map([...B64URL].map((c, i) => [c, i]));

function fromBase64url(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of s) {
    const v = B64URL_VALUE.get(c);
    if (v === undefined) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  // Non-canonical text (left-over bits set) would not come back the same: refuse rather than change it.
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[v >> 18]! + B64URL[(v >> 12) & 63]! + B64URL[(v >> 6) & 63]! + B64URL[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    out += B64URL[v >> 18]! + B64URL[(v >> 12) & 63]!;
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[v >> 18]! + B64URL[(v >> 12) & 63]! + B64URL[(v >> 6) & 63]!;
  }
  return out;
}

/** The presentation as compact bytes, or null when it is not made of canonical base64url segments (show it as text then). */
export function encodePresentation(presentation: string): Uint8Array | null {
  const out: number[] = [...MAGIC];
  const pieces = presentation.split(/([.~])/);
  for (let k = 0; k < pieces.length; k += 2) {
    const bytes = fromBase64url(pieces[k]!);
    if (!bytes) return null;
    out.push(k === 0 ? SEPARATOR.start : SEPARATOR[pieces[k - 1] as '.' | '~']);
    // Length as an unsigned LEB128 varint: disclosures and signatures fit one byte, payloads two.
    let len = bytes.length;
    do {
      out.push((len & 0x7f) | (len > 0x7f ? 0x80 : 0));
      len >>>= 7;
    } while (len > 0);
    for (const b of bytes) out.push(b);
  }
  return Uint8Array.from(out);
}

/** True when the bytes are an encoded presentation (otherwise they are the presentation's text). */
export const isEncodedPresentation = (bytes: ArrayLike<number>): boolean => bytes.length >= 3 && MAGIC.every((m, i) => bytes[i] === m);

/** The presentation's text from encoded bytes; throws RangeError on bytes that are not an encoded presentation. */
export function decodePresentation(bytes: ArrayLike<number>): string {
  if (!isEncodedPresentation(bytes)) throw new RangeError('not an encoded presentation');
  let text = '';
  let i = MAGIC.length;
  while (i < bytes.length) {
    const sep = bytes[i++];
    if (sep === SEPARATOR['.']) text += '.';
    else if (sep === SEPARATOR['~']) text += '~';
    else if (sep !== SEPARATOR.start || i !== MAGIC.length + 1) throw new RangeError('bad separator');
    let len = 0;
    let shift = 0;
    for (;;) {
      if (i >= bytes.length || shift > 21) throw new RangeError('bad length');
      const b = bytes[i++]!;
      len |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (i + len > bytes.length) throw new RangeError('truncated');
    text += toBase64url(Uint8Array.from({ length: len }, (_, k) => bytes[i + k]!));
    i += len;
  }
  return text;
}

/**
 * The QR version to draw a symbol of natural version `version` at. jsQR (the verify page's decoder) reads
 * every version but 23 — a defect in its version-23 tables — so a version-23 symbol is drawn as version 24,
 * four modules wider. Phone scanners read both.
 */
export const readableQrVersion = (version: number): number => (version === 23 ? 24 : version);
